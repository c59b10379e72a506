/**
 * The Keycloak realm export (deploy/keycloak/mpp-realm.json) gives tokens the claims this library reads.
 * The demo users are compared with the dev issuer's DEMO_OFFICERS in
 * tools/dev-issuer/src/keycloak-realm.spec.ts (this library may not import the tool: the dependency goes
 * the other way).
 */
import fs from 'node:fs';
import path from 'node:path';
import { officerFromClaims } from './claims';
import { isOfficeScoped, OfficerRole } from './roles';
import { DEFAULT_OIDC_AUDIENCE } from './token-verifier';

interface ProtocolMapper {
  name: string;
  protocol: string;
  protocolMapper: string;
  config: Record<string, string>;
}

interface RealmUser {
  id: string;
  username: string;
  enabled: boolean;
  firstName?: string;
  lastName?: string;
  attributes?: Record<string, string[]>;
  credentials?: { type: string; value?: string; temporary?: boolean }[];
  realmRoles?: string[];
  requiredActions?: string[];
}

interface RealmExport {
  realm: string;
  enabled: boolean;
  sslRequired: string;
  bruteForceProtected: boolean;
  accessTokenLifespan: number;
  roles: { realm: { name: string }[]; client?: Record<string, unknown> };
  clients: {
    clientId: string;
    publicClient: boolean;
    standardFlowEnabled: boolean;
    directAccessGrantsEnabled: boolean;
    implicitFlowEnabled: boolean;
    serviceAccountsEnabled: boolean;
    fullScopeAllowed: boolean;
    defaultClientScopes?: string[];
    protocolMappers: ProtocolMapper[];
  }[];
  clientScopes?: unknown[];
  components: Record<string, { providerId: string; config: Record<string, string[]> }[]>;
  users: RealmUser[];
}

const REALM_FILE = path.resolve(__dirname, '../../../deploy/keycloak/mpp-realm.json');
const realm = JSON.parse(fs.readFileSync(REALM_FILE, 'utf8')) as RealmExport;
const portal = realm.clients.find((c) => c.clientId === 'mpp-portal');
const mappers = portal?.protocolMappers ?? [];

describe('Keycloak realm export', () => {
  it('is the enabled realm "mpp", with external SSL, brute-force protection and 15-minute access tokens', () => {
    expect(realm).toMatchObject({ realm: 'mpp', enabled: true, sslRequired: 'external', bruteForceProtected: true, accessTokenLifespan: 900 });
  });

  it('defines exactly the OfficerRole values as realm roles (and no client roles)', () => {
    expect(realm.roles.realm.map((r) => r.name).sort()).toEqual(Object.values(OfficerRole).sort());
    expect(realm.roles.client ?? {}).toEqual({});
  });

  it('has the public client mpp-portal: standard flow and direct access grants, nothing else', () => {
    expect(portal).toMatchObject({
      publicClient: true,
      standardFlowEnabled: true,
      directAccessGrantsEnabled: true,
      implicitFlowEnabled: false,
      serviceAccountsEnabled: false,
      // realm_access.roles (the built-in "roles" scope) carries every realm role of the user.
      fullScopeAllowed: true,
    });
    // Keycloak creates its built-in client scopes (profile, roles, basic: preferred_username, name,
    // realm_access, sub) only when the export defines none.
    expect(realm.clientScopes).toBeUndefined();
    expect(portal?.defaultClientScopes).toEqual(expect.arrayContaining(['profile', 'roles', 'basic']));
  });

  it(`adds the audience ${DEFAULT_OIDC_AUDIENCE} to access tokens`, () => {
    const audience = mappers.filter((m) => m.protocolMapper === 'oidc-audience-mapper');
    expect(audience).toHaveLength(1);
    expect(audience[0]).toMatchObject({
      protocol: 'openid-connect',
      config: { 'included.custom.audience': DEFAULT_OIDC_AUDIENCE, 'access.token.claim': 'true' },
    });
  });

  it('maps the user attribute office to the access-token claim office, as a single string', () => {
    const office = mappers.filter((m) => m.protocolMapper === 'oidc-usermodel-attribute-mapper' && m.config['user.attribute'] === 'office');
    expect(office).toHaveLength(1);
    expect(office[0]).toMatchObject({
      protocol: 'openid-connect',
      config: { 'claim.name': 'office', 'jsonType.label': 'String', 'access.token.claim': 'true', multivalued: 'false' },
    });
  });

  it('declares office in the user profile: 4 digits, editable by admins only', () => {
    const [provider] = realm.components['org.keycloak.userprofile.UserProfileProvider'] ?? [];
    expect(provider?.providerId).toBe('declarative-user-profile');
    const profile = JSON.parse(provider.config['kc.user.profile.config'][0]) as {
      attributes: { name: string; permissions: { edit: string[] }; validations: Record<string, { pattern?: string }>; multivalued?: boolean }[];
    };
    const office = profile.attributes.find((a) => a.name === 'office');
    expect(office?.permissions.edit).toEqual(['admin']);
    expect(office?.validations.pattern?.pattern).toBe('^\\d{4}$');
    expect(office?.multivalued).toBe(false);
    // Keycloak's own attributes stay declared (the profile replaces the default one).
    expect(profile.attributes.map((a) => a.name)).toEqual(expect.arrayContaining(['username', 'email', 'firstName', 'lastName']));
  });

  describe.each(realm.users.map((u) => [u.username, u] as const))('user %s', (_username, user) => {
    it('holds officer roles only, has an office exactly when a role needs one, and a non-temporary password', () => {
      expect(user.enabled).toBe(true);
      const roles = user.realmRoles ?? [];
      expect(roles.length).toBeGreaterThan(0);
      for (const role of roles) expect(Object.values(OfficerRole)).toContain(role);
      const office = user.attributes?.office;
      if (roles.some((r) => isOfficeScoped(r as OfficerRole))) expect(office).toEqual([expect.stringMatching(/^\d{4}$/)]);
      else expect(office).toBeUndefined();
      expect(user.credentials).toEqual([expect.objectContaining({ type: 'password', temporary: false })]);
      expect(user.requiredActions ?? []).toEqual([]);
    });

    it('gets a token the platform maps to an officer', () => {
      const officer = officerFromClaims({
        sub: user.id,
        preferred_username: user.username,
        name: `${user.firstName} ${user.lastName}`,
        realm_access: { roles: user.realmRoles },
        ...(user.attributes?.office ? { office: user.attributes.office[0] } : {}),
        typ: 'Bearer',
      });
      expect(officer).toMatchObject({ id: user.id, username: user.username, roles: user.realmRoles });
    });
  });
});
