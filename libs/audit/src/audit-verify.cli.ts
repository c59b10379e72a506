/**
 * Verifies a service's audit hash chain (platform team). Every service's build contains this tool:
 *   DATABASE_URL=postgres://intake_svc:…@host:5432/mpp npm run --silent audit-verify -- intake [--noted intake:<id>:<hash> ...]
 * (in an image: node -r ./scripts/register-paths.js dist/libs/audit/src/audit-verify.cli.js <schema>)
 * <schema>: intake | verification | issuance | notification. DATABASE_URL: any role that may SELECT the audit table (the
 * service's runtime role will do). `--noted`: a head printed by an earlier run, which must still be there
 * with that hash (a chain recomputed after a change holds in itself, but not against a head noted before).
 * Prints one line per schema; exits 0 when every chain holds, 1 at the first broken row (its id and why), 2 on
 * a usage or connection error. docs/operations.md says what to do then.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { describeAuditChain, verifyAuditChain } from './audit-chain';

const SCHEMAS = ['intake', 'verification', 'issuance', 'notification'];
const USAGE = `usage: audit-verify <schema> [...] [--noted <schema>:<id>:<hash> ...]; <schema>: ${SCHEMAS.join('|')}; DATABASE_URL must be set`;

/** `--noted intake:41:<64 hex>` → schema → (id → hash). */
function notedHeads(args: string[]): Map<string, Map<string, string>> {
  const heads = new Map<string, Map<string, string>>();
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--noted') continue;
    const m = /^([a-z]+):(\d+):([0-9a-f]{64})$/.exec(args[i + 1] ?? '');
    if (!m || !SCHEMAS.includes(m[1])) throw new Error(`${USAGE}\n--noted takes <schema>:<id>:<hash>, as a run printed them`);
    heads.set(m[1], (heads.get(m[1]) ?? new Map()).set(m[2], m[3]));
  }
  return heads;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const schemas = args.filter((a, i) => a !== '--noted' && args[i - 1] !== '--noted');
  const noted = notedHeads(args);
  const url = process.env.DATABASE_URL;
  if (!url || schemas.length === 0 || schemas.some((s) => !SCHEMAS.includes(s))) throw new Error(USAGE);
  const unverified = [...noted.keys()].filter((s) => !schemas.includes(s));
  if (unverified.length) throw new Error(`${USAGE}\n--noted names ${unverified.join(', ')}, which is not verified in this run`);
  const dataSource = new DataSource({ type: 'postgres', url, applicationName: 'audit-verify', poolSize: 1 });
  await dataSource.initialize();
  try {
    let broken = false;
    for (const schema of schemas) {
      const report = await verifyAuditChain((sql, params) => dataSource.query(sql, params), schema, 1000, noted.get(schema));
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
