#!/usr/bin/env node
// Writes the realm `mpp` for a production Keycloak to stdout: the development export (mpp-realm.json) without
// its demo officers, with TLS required for every address, without the password grant (tokens only through
// the browser login with PKCE) and with the portal's addresses at the public origin.
//
//   node deploy/keycloak/production-realm.mjs https://perizinan.example.go.id > /etc/mpp/mpp-realm.json
//
// The production Compose overlay imports the file named by KEYCLOAK_REALM_FILE (docs/operations.md).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The production realm derived from the development export, for the portal at `origin` (https only). */
export function productionRealm(realm, origin) {
  const url = new URL(origin);
  if (url.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash) {
    throw new Error(`the public origin must be an https:// origin without a path (got ${origin})`);
  }
  const base = url.origin;
  const { users: _demoOfficers, ...rest } = realm;
  return {
    ...rest,
    sslRequired: 'all',
    clients: rest.clients.map((client) => ({
      ...client,
      description: 'Public client of the portal: authorization code flow with PKCE only',
      directAccessGrantsEnabled: false,
      rootUrl: base,
      // The portal's login callback and, after the end-session page, its home page: nothing else.
      redirectUris: [`${base}/auth/callback`],
      webOrigins: [base],
      attributes: { ...client.attributes, 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': `${base}/` },
    })),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const origin = process.argv[2];
  if (!origin) {
    console.error('usage: node deploy/keycloak/production-realm.mjs https://<public host>');
    process.exit(2);
  }
  const source = path.join(path.dirname(fileURLToPath(import.meta.url)), 'mpp-realm.json');
  try {
    process.stdout.write(`${JSON.stringify(productionRealm(JSON.parse(fs.readFileSync(source, 'utf8')), origin), null, 2)}\n`);
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
}
