/**
 * The dev issuer and the Keycloak realm export (deploy/keycloak/mpp-realm.json) know the same demo
 * officers: same ids (`sub`), usernames, names, realm roles and office. The realm's roles and mappers are
 * checked against libs/auth in libs/auth/src/keycloak-realm.spec.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_OFFICERS } from './demo-officers';

interface RealmUser {
  id: string;
  username: string;
  firstName?: string;
  lastName?: string;
  attributes?: Record<string, string[]>;
  realmRoles?: string[];
}

const REALM_FILE = path.resolve(__dirname, '../../../deploy/keycloak/mpp-realm.json');
const users = (JSON.parse(fs.readFileSync(REALM_FILE, 'utf8')) as { users: RealmUser[] }).users;

const fromRealm = (u: RealmUser) => ({
  id: u.id,
  username: u.username,
  firstName: u.firstName,
  lastName: u.lastName,
  roles: [...(u.realmRoles ?? [])].sort(),
  office: u.attributes?.office?.[0],
});

const fromDemo = (o: (typeof DEMO_OFFICERS)[number]) => ({
  id: o.id,
  username: o.username,
  firstName: o.firstName,
  lastName: o.lastName,
  roles: [...o.roles].sort(),
  office: o.office,
});

describe('demo officers in the Keycloak realm export', () => {
  it('has the same usernames as DEMO_OFFICERS, each once', () => {
    const realmNames = users.map((u) => u.username);
    expect(new Set(realmNames).size).toBe(realmNames.length);
    expect([...realmNames].sort()).toEqual(DEMO_OFFICERS.map((o) => o.username).sort());
  });

  it.each(DEMO_OFFICERS.map((o) => [o.username, o] as const))('%s: same id, name, roles and office in both', (username, officer) => {
    const user = users.find((u) => u.username === username);
    expect(user).toBeDefined();
    expect(fromRealm(user as RealmUser)).toEqual(fromDemo(officer));
  });

  it('covers four offices with one officer per office role, plus one platform admin', () => {
    const offices = new Set(DEMO_OFFICERS.map((o) => o.office).filter(Boolean));
    expect([...offices].sort()).toEqual(['3314', '3373', '6571', '7371']);
    expect(DEMO_OFFICERS.filter((o) => !o.office).map((o) => o.username)).toEqual(['platform.admin']);
    expect(new Set(DEMO_OFFICERS.map((o) => o.id)).size).toBe(DEMO_OFFICERS.length);
  });
});
