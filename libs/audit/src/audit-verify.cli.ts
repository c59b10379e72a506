/**
 * Verifies a service's audit hash chain (platform team). Every service's build contains this tool:
 *   DATABASE_URL=postgres://intake_svc:…@host:5432/mpp npm run --silent audit-verify -- intake
 * (in an image: node -r ./scripts/register-paths.js dist/libs/audit/src/audit-verify.cli.js <schema>)
 * <schema>: intake | verification | issuance. DATABASE_URL: any role that may SELECT the audit table (the
 * service's runtime role will do). Prints one line per schema; exits 0 when every chain holds, 1 at the first
 * broken row (its id and why), 2 on a usage or connection error. docs/operations.md says what to do then.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { describeAuditChain, verifyAuditChain } from './audit-chain';

const SCHEMAS = ['intake', 'verification', 'issuance'];
const USAGE = `usage: audit-verify <schema> [...]; <schema>: ${SCHEMAS.join('|')}; DATABASE_URL must be set`;

async function main(): Promise<number> {
  const schemas = process.argv.slice(2);
  const url = process.env.DATABASE_URL;
  if (!url || schemas.length === 0 || schemas.some((s) => !SCHEMAS.includes(s))) throw new Error(USAGE);
  const dataSource = new DataSource({ type: 'postgres', url, applicationName: 'audit-verify', poolSize: 1 });
  await dataSource.initialize();
  try {
    let broken = false;
    for (const schema of schemas) {
      const report = await verifyAuditChain((sql, params) => dataSource.query(sql, params), schema);
      console.log(describeAuditChain(report));
      broken ||= report.broken !== null;
    }
    return broken ? 1 : 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
