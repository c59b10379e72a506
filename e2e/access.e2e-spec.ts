import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import { startDevIssuer } from '@mpp/dev-issuer';
import { eventually, REPO_ROOT, serviceDatabaseUrl, superuserClient, TEST_DATABASES } from '@mpp/testing';
import { application, call, documentsAccepted, Json, RunningPlatform, startPlatform } from './support/platform';

/**
 * Who may see and do what: officer tokens (OIDC, RS256 via JWKS), roles, offices as tenants, the
 * entrepreneur's tracking code, and the audit trail.
 */
describe('officers, offices and access', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const token = (username: string) => platform.token(username);

  async function submitted(body: Json, officerToken?: string) {
    const res = await call(`${platform.intake}/api/v1/applications`, { body, token: officerToken });
    expect(res.status).toBe(201);
    return res.body as { applicationNumber: string; trackingCode: string };
  }

  async function status(number: string, code: string, wanted: string) {
    return eventually<Json>(async () => {
      const r = await call(`${platform.intake}/api/v1/applications/${number}`, { headers: { 'x-tracking-code': code } });
      return r.body.status === wanted ? r.body : undefined;
    });
  }

  async function caseOf(applicationNumber: string, verifierToken: string) {
    return eventually<Json>(async () => {
      const r = await call(`${platform.verification}/api/v1/cases?status=AWAITING_OFFICER`, { token: verifierToken });
      return r.body.find((c: Json) => c.applicationNumber === applicationNumber);
    });
  }

  describe('officer tokens', () => {
    const cases = () => `${platform.verification}/api/v1/cases`;

    it('accepts a valid token of the configured issuer', async () => {
      expect((await call(cases(), { token: await token('salatiga.verifier') })).status).toBe(200);
    });

    it('refuses no token, an expired token, another issuer, alg none and HS256 with 401', async () => {
      const expired = await platform.token('salatiga.verifier', { expiresIn: -120 });
      const stranger = await startDevIssuer({ port: 0, host: '127.0.0.1' });
      const foreign = await stranger.tokenFor('salatiga.verifier');
      await stranger.stop();
      const claims = { sub: 'x', preferred_username: 'salatiga.verifier', office: '3373', realm_access: { roles: ['verifier'] } };
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iss: platform.issuerUrl, aud: 'mpp-platform', iat: now, exp: now + 600 })}.`;
      const hs256 = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(platform.issuerUrl)
        .setAudience('mpp-platform')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode('a-shared-secret-that-nobody-should-accept'));

      for (const bad of [undefined, expired, foreign, unsigned, hs256, 'not-a-jwt']) {
        const res = await call(cases(), { token: bad });
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    });
  });

  describe('offices as tenants', () => {
    it('keeps a case of one office invisible to another office, and lets only a verifier decide', async () => {
      const app = await submitted(application({ kbli: '86105', nik: '3373011203850003' }));
      const salatiga = await token('salatiga.verifier');
      const makassar = await token('makassar.verifier');
      const found = await caseOf(app.applicationNumber, salatiga);
      expect(found).toMatchObject({ officeCode: '3373', riskLevel: 'MENENGAH_TINGGI', status: 'AWAITING_OFFICER' });

      const makassarQueue = await call(`${platform.verification}/api/v1/cases`, { token: makassar });
      expect(makassarQueue.status).toBe(200);
      expect(makassarQueue.body.map((c: Json) => c.id)).not.toContain(found.id);
      expect((await call(`${platform.verification}/api/v1/cases/${found.id}`, { token: makassar })).status).toBe(404);
      expect((await call(`${platform.verification}/api/v1/cases/${found.id}/approve`, { method: 'POST', token: makassar })).status).toBe(404);

      const frontDesk = await call(`${platform.verification}/api/v1/cases/${found.id}/approve`, { method: 'POST', token: await token('salatiga.frontdesk') });
      expect(frontDesk.status).toBe(403);
      expect(frontDesk.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });

      const early = await call(`${platform.verification}/api/v1/cases/${found.id}/approve`, { method: 'POST', token: salatiga });
      expect(early.status).toBe(409); // the checklist documents are not accepted yet
      await documentsAccepted(platform, app, found.id, salatiga);
      const approved = await call(`${platform.verification}/api/v1/cases/${found.id}/approve`, { method: 'POST', token: salatiga });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'VERIFIED' });
      const issued = await status(app.applicationNumber, app.trackingCode, 'ISSUED');
      expect(issued.permits.map((p: Json) => p.type).sort()).toEqual(['NIB', 'SERTIFIKAT_STANDAR']);
      expect((await call(`${platform.verification}/api/v1/cases/${found.id}/approve`, { method: 'POST', token: salatiga })).status).toBe(409);

      // Every step is in the audit trail, attributed, with the correlation id; office admins read it.
      const audit = await call(`${platform.verification}/api/v1/audit?subjectId=${found.id}`, { token: await token('salatiga.admin') });
      expect(audit.status).toBe(200);
      const approval = audit.body.find((r: Json) => r.action === 'case.approved');
      expect(approval).toMatchObject({ office: '3373', actor: { kind: 'officer', role: 'verifier' }, subject: { type: 'verification-case' } });
      expect(approval.correlationId).toBeTruthy();
      expect(approval.sourceIp).toBeTruthy();
      const otherAdmin = await call(`${platform.verification}/api/v1/audit?subjectId=${found.id}`, { token: await token('makassar.admin') });
      expect(otherAdmin.body).toEqual([]);
      expect((await call(`${platform.verification}/api/v1/audit`, { token: salatiga })).status).toBe(403);
    });

    it('lists applications of the officer’s own office only', async () => {
      const app = await submitted(application({ nik: '3373011203850004' }));
      const mine = await call(`${platform.intake}/api/v1/applications`, { token: await token('salatiga.frontdesk') });
      const theirs = await call(`${platform.intake}/api/v1/applications`, { token: await token('makassar.frontdesk') });
      expect(mine.body.map((a: Json) => a.applicationNumber)).toContain(app.applicationNumber);
      expect(theirs.body.map((a: Json) => a.applicationNumber)).not.toContain(app.applicationNumber);
      const asOfficer = await call(`${platform.intake}/api/v1/applications/${app.applicationNumber}`, { token: await token('salatiga.verifier') });
      expect(asOfficer.status).toBe(200);
      const asOtherOffice = await call(`${platform.intake}/api/v1/applications/${app.applicationNumber}`, { token: await token('makassar.verifier') });
      expect(asOtherOffice.status).toBe(404);
    });

    it('finds permits of the officer’s own office only, for office roles only', async () => {
      const app = await submitted(application({ nik: '3373011203850009' }));
      const issued = await status(app.applicationNumber, app.trackingCode, 'ISSUED');
      const nib = issued.permits.find((p: Json) => p.type === 'NIB').number;
      const search = (q: string, officerToken?: string) => call(`${platform.issuance}/api/v1/permits?q=${encodeURIComponent(q)}`, { token: officerToken });
      for (const q of [nib, '3373011203850009', app.applicationNumber]) {
        const found = await search(q, await token('salatiga.frontdesk'));
        expect(found.status).toBe(200);
        expect(found.body).toEqual([expect.objectContaining({ number: nib, type: 'NIB', status: 'ACTIVE', applicationNumber: app.applicationNumber, holderName: 'Siti Rahayu' })]);
        expect(JSON.stringify(found.body)).not.toContain('3373011203850009'); // searched by, never shown
      }
      expect((await search(nib, await token('makassar.head-of-office'))).body).toEqual([]);
      expect((await search(nib, await token('platform.admin'))).status).toBe(403);
      expect((await search(nib)).status).toBe(401);
      const tooShort = await search('x', await token('salatiga.verifier'));
      expect(tooShort.status).toBe(400);
      expect(tooShort.body.details[0]).toMatchObject({ field: 'q' });
    });

    it('lets an office admin configure their own office only, and the permit numbers follow', async () => {
      // Sragen, so that other tests keep Salatiga's default numbering.
      const admin = await token('sragen.admin');
      const template = '503/{seq:4}/{type}/DPMPTSP-{office}/{year}';
      const updated = await call(`${platform.intake}/api/v1/offices/3314`, { method: 'PATCH', token: admin, body: { permitNumberTemplate: template } });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ code: '3314', permitNumberTemplate: template });
      expect((await call(`${platform.intake}/api/v1/offices/3314`, { token: await token('makassar.admin') })).status).toBe(404);
      expect(
        (await call(`${platform.intake}/api/v1/offices/3314`, { method: 'PATCH', token: await token('makassar.admin'), body: { name: 'x' } })).status,
      ).toBe(404);
      const bad = await call(`${platform.intake}/api/v1/offices/3314`, { method: 'PATCH', token: admin, body: { permitNumberTemplate: '{type}-{year}' } });
      expect(bad.status).toBe(400);
      expect(bad.body.details[0]).toMatchObject({ field: 'permitNumberTemplate' });
      const withoutOffice = await call(`${platform.intake}/api/v1/offices/3314`, { method: 'PATCH', token: admin, body: { permitNumberTemplate: '503/{seq:4}/{type}/{year}' } });
      expect(withoutOffice.status).toBe(400);
      expect(withoutOffice.body.details).toEqual([expect.objectContaining({ field: 'permitNumberTemplate', message: expect.stringContaining('permitNumberTemplate.office') })]);

      const app = await submitted(application({ officeCode: '3314', regionCode: '33.14.01.2001', kbli: '10710', nik: '3314011203850005' }));
      const issued = await status(app.applicationNumber, app.trackingCode, 'ISSUED');
      const certificate = issued.permits.find((p: Json) => p.type === 'SERTIFIKAT_STANDAR');
      expect(certificate.number).toMatch(/^503\/\d{4}\/SS\/DPMPTSP-3314\/\d{4}$/);
      const page = await call(certificate.verificationUrl);
      expect(page).toMatchObject({ status: 200, body: { permitNumber: certificate.number, valid: true } });
    });

    it('lets only a platform admin create an office, which then takes applications', async () => {
      const body = { code: '3374', name: 'DPMPTSP Kota Semarang', address: 'Jl. Pemuda 148, Semarang' };
      expect((await call(`${platform.intake}/api/v1/offices`, { body, token: await token('salatiga.admin') })).status).toBe(403);
      const created = await call(`${platform.intake}/api/v1/offices`, { body, token: await token('platform.admin') });
      expect(created.status).toBe(201);
      expect((await call(`${platform.intake}/api/v1/offices`, { body, token: await token('platform.admin') })).status).toBe(409);
      const list = await call(`${platform.intake}/api/v1/offices`);
      expect(list.body.map((o: Json) => o.code)).toEqual(expect.arrayContaining(['3373', '3374', '7371']));
      const app = await submitted(application({ officeCode: '3374', regionCode: '33.74.01.1001', nik: '3374011203850006' }));
      await status(app.applicationNumber, app.trackingCode, 'ISSUED');
    });
  });

  describe('at the counter', () => {
    it('lets a front-desk officer file for their own office, and nobody else', async () => {
      const frontDesk = await token('salatiga.frontdesk');
      const filed = await submitted(application({ nik: '3373011203850007' }), frontDesk);
      const list = await call(`${platform.intake}/api/v1/applications`, { token: frontDesk });
      expect(list.body.find((a: Json) => a.applicationNumber === filed.applicationNumber)).toMatchObject({ channel: 'COUNTER' });
      const wrongOffice = await call(`${platform.intake}/api/v1/applications`, { body: application(), token: await token('makassar.frontdesk') });
      expect(wrongOffice.status).toBe(403);
      const notFrontDesk = await call(`${platform.intake}/api/v1/applications`, { body: application(), token: await token('salatiga.verifier') });
      expect(notFrontDesk.status).toBe(403);
    });

    it('re-issues a lost tracking code; the old code stops working', async () => {
      const app = await submitted(application({ nik: '3373011203850008' }));
      const url = `${platform.intake}/api/v1/applications/${app.applicationNumber}/tracking-code`;
      expect((await call(url, { method: 'POST', token: await token('makassar.frontdesk') })).status).toBe(404);
      expect((await call(url, { method: 'POST', token: await token('salatiga.verifier') })).status).toBe(403);
      const reissued = await call(url, { method: 'POST', token: await token('salatiga.frontdesk') });
      expect(reissued.status).toBe(200);
      const track = (code: string) => call(`${platform.intake}/api/v1/applications/${app.applicationNumber}`, { headers: { 'x-tracking-code': code } });
      expect((await track(app.trackingCode)).status).toBe(404);
      expect((await track(reissued.body.trackingCode)).status).toBe(200);
    });
  });

  describe('audit trail', () => {
    it('is append-only for the service role', async () => {
      const intake = new Client({ connectionString: serviceDatabaseUrl('intake_svc', TEST_DATABASES.e2e) });
      await intake.connect();
      try {
        const { rows } = await intake.query('SELECT count(*)::int AS n FROM intake.audit_log');
        expect(rows[0].n).toBeGreaterThan(0);
        await expect(intake.query(`UPDATE intake.audit_log SET action = 'tampered'`)).rejects.toThrow(/permission denied|append-only/);
        await expect(intake.query('DELETE FROM intake.audit_log')).rejects.toThrow(/permission denied|append-only/);
        await expect(intake.query('TRUNCATE intake.audit_log')).rejects.toThrow(/permission denied|append-only/);
      } finally {
        await intake.end();
      }
      const audit = await call(`${platform.intake}/api/v1/audit?action=application.submitted&limit=5`, { token: await token('salatiga.admin') });
      expect(audit.status).toBe(200);
      expect(audit.body.length).toBeGreaterThan(0);
      expect(audit.body.every((r: Json) => r.office === '3373' && r.action === 'application.submitted')).toBe(true);
    });
  });

  describe('audit hash chain', () => {
    /** The built verifier (`npm run audit-verify -- <schema>`), as the platform team runs it. */
    const auditVerify = async (...schemas: string[]): Promise<{ code: number; out: string }> => {
      const cli = path.join(REPO_ROOT, 'dist/services/application-intake/libs/audit/src/audit-verify.cli.js');
      const env = { ...process.env, DATABASE_URL: serviceDatabaseUrl('intake_svc', TEST_DATABASES.e2e) };
      try {
        const { stdout } = await promisify(execFile)(process.execPath, ['-r', path.join(REPO_ROOT, 'scripts/register-paths.js'), cli, ...schemas], { env, cwd: REPO_ROOT });
        return { code: 0, out: stdout };
      } catch (err) {
        const failed = err as { code: number; stdout: string; stderr: string };
        return { code: failed.code, out: `${failed.stdout}${failed.stderr}` };
      }
    };

    it('holds after the flows above, and the verifier names a row changed behind the services\' back', async () => {
      await submitted(application());
      const intact = await auditVerify('intake');
      expect(intact).toEqual({ code: 0, out: expect.stringMatching(/^intake\.audit_log: chain intact, \d+ row\(s\), head id \d+ hash [0-9a-f]{64}\n$/) });

      const pg = await superuserClient(TEST_DATABASES.e2e);
      const tamper = (sql: string, ...params: unknown[]) =>
        pg.query(`BEGIN; ALTER TABLE intake.audit_log DISABLE TRIGGER audit_log_no_update_delete`).then(async () => {
          await pg.query(sql, params);
          await pg.query('ALTER TABLE intake.audit_log ENABLE TRIGGER audit_log_no_update_delete; COMMIT');
        });
      try {
        const { rows } = await pg.query(`SELECT "id"::text AS "id", "actor_id" FROM intake.audit_log ORDER BY "id" LIMIT 1`);
        await tamper(`UPDATE intake.audit_log SET "actor_id" = 'someone-else' WHERE "id" = $1`, rows[0].id);
        const broken = await auditVerify('intake');
        expect(broken.code).toBe(1);
        expect(broken.out).toContain(`intake.audit_log: chain BROKEN at id ${rows[0].id}: its content no longer gives its hash`);
        await tamper(`UPDATE intake.audit_log SET "actor_id" = $2 WHERE "id" = $1`, rows[0].id, rows[0].actor_id);
      } finally {
        await pg.end();
      }
      expect((await auditVerify('intake')).code).toBe(0);
      expect(await auditVerify('payroll')).toEqual({ code: 2, out: expect.stringContaining('usage: audit-verify <schema>') });
      expect(await auditVerify('intake', '--noted', 'intake:1:not-a-hash')).toEqual({ code: 2, out: expect.stringContaining('--noted takes <schema>:<id>:<hash>') });
    });

    it('finds a chain recomputed after a change against a head noted before', async () => {
      const [, headId, headHash] = /head id (\d+) hash ([0-9a-f]{64})/.exec((await auditVerify('intake')).out) ?? [];
      const noted = `intake:${headId}:${headHash}`;
      expect(await auditVerify('intake', '--noted', noted)).toMatchObject({ code: 0 });

      const pg = await superuserClient(TEST_DATABASES.e2e);
      const { rows } = await pg.query(`SELECT "id"::text AS "id", "action" FROM intake.audit_log WHERE "id" <= $1 ORDER BY "id" DESC LIMIT 1 OFFSET 1`, [headId]);
      // What someone with the owner's rights could do: change a row, then recompute every hash from it on.
      const rewrite = (action: string) =>
        pg.query(`
          BEGIN;
          ALTER TABLE intake.audit_log DISABLE TRIGGER audit_log_no_update_delete;
          UPDATE intake.audit_log SET "action" = '${action}' WHERE "id" = ${rows[0].id};
          DO $$
          DECLARE r intake.audit_log%ROWTYPE; previous char(64);
          BEGIN
            SELECT "hash" INTO previous FROM intake.audit_log WHERE "id" < ${rows[0].id} ORDER BY "id" DESC LIMIT 1;
            previous := coalesce(previous, repeat('0', 64));
            FOR r IN SELECT * FROM intake.audit_log WHERE "id" >= ${rows[0].id} ORDER BY "id" LOOP
              r."hash" := encode(sha256(convert_to(previous || '|' || intake.audit_log_canonical(r), 'UTF8')), 'hex');
              UPDATE intake.audit_log SET "prev_hash" = previous, "hash" = r."hash" WHERE "id" = r."id";
              previous := r."hash";
            END LOOP;
          END $$;
          ALTER TABLE intake.audit_log ENABLE TRIGGER audit_log_no_update_delete;
          COMMIT;`);
      try {
        await rewrite('application.tampered');
        expect((await auditVerify('intake')).code).toBe(0); // holds in itself
        const against = await auditVerify('intake', '--noted', noted);
        expect(against.code).toBe(1);
        expect(against.out).toContain(`intake.audit_log: chain REWRITTEN: the noted head id ${headId} had hash ${headHash}, now `);
      } finally {
        await rewrite(rows[0].action);
        await pg.end();
      }
      expect(await auditVerify('intake', '--noted', noted)).toMatchObject({ code: 0 });
    });
  });

  describe('hardening', () => {
    it('sends security headers and no CORS grant to unknown origins', async () => {
      const res = await fetch(`${platform.intake}/api/v1/offices`, { headers: { origin: 'https://evil.example' } });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('never shows a stack trace or SQL in an error', async () => {
      const res = await call(`${platform.verification}/api/v1/cases/not-a-uuid`, { token: await token('salatiga.verifier') });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js|SELECT|stack/i);
    });
  });
});
