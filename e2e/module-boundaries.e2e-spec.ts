import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '@mpp/testing';

/**
 * The lint rule that keeps services apart really fires: a service importing another service's code, or
 * a shared library reaching into a service, fails lint.
 */
describe('module boundaries', () => {
  beforeAll(() => {
    // The rule reads Nx's cached project graph; make sure it exists.
    spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/nx'), ['show', 'projects'], { cwd: REPO_ROOT, env: { ...process.env, NX_DAEMON: 'false' } });
  });

  /**
   * Lints `code` saved for the moment at `file`, with the repository's ESLint configuration (on disk, not
   * stdin: the type-aware rules need the file in the TypeScript project).
   */
  async function boundaryErrors(file: string, code: string): Promise<string[]> {
    const absolute = path.join(REPO_ROOT, file);
    writeFileSync(absolute, code);
    try {
      const run = spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/eslint'), [file, '--format', 'json'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, NX_DAEMON: 'false' },
      });
      const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string; fatal?: boolean }[] }[];
      const fatal = result.messages.filter((m) => m.fatal);
      if (fatal.length > 0) throw new Error(`lint could not parse ${file}: ${fatal.map((m) => m.message).join('; ')}`);
      return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
    } finally {
      rmSync(absolute, { force: true });
    }
  }

  it('fails lint when a service imports another service', async () => {
    const errors = await boundaryErrors(
      'services/application-intake/src/forbidden.ts',
      "import { IssuePermitsService } from '../../permit-issuance/src/permits/issue-permits/issue-permits.service';\nexport const leak = IssuePermitsService;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('fails lint when a shared library imports a service', async () => {
    const errors = await boundaryErrors(
      'libs/messaging/src/forbidden.ts',
      "import { AppModule } from '../../../services/document-verification/src/app.module';\nexport const leak = AppModule;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('fails lint when the contracts library imports a framework', async () => {
    const errors = await boundaryErrors('libs/contracts/src/forbidden.ts', "import { DataSource } from 'typeorm';\nexport const leak = DataSource;\n");
    expect(errors.length).toBeGreaterThan(0);
  });

  it('lets a service use the shared libraries', async () => {
    const errors = await boundaryErrors(
      'services/application-intake/src/allowed.ts',
      "import { TOPICS } from '@mpp/contracts';\nimport { findKbli } from '@mpp/domain';\nexport const ok = [TOPICS, findKbli];\n",
    );
    expect(errors).toEqual([]);
  });
});
