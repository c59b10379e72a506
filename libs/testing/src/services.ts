import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './env';

export type ServiceName = 'application-intake' | 'document-verification' | 'permit-issuance' | 'notification';

/** What startService can start: a back-office service, or the portal in front of them (no Kafka, no database). */
export type ProcessName = ServiceName | 'portal';

export interface RunningService {
  name: ProcessName;
  url: string;
  logFile: string;
  process: ChildProcess;
  stop(): Promise<void>;
  /** SIGKILL, as a crash or an OOM kill would end it (no shutdown hooks), and waits until it has exited. */
  kill(): Promise<void>;
}

/** The compiled entry of a service (`nx build <service>`): dist/services/<name>/services/<name>/src/main.js. */
export function serviceEntry(name: ProcessName): string {
  return path.join(REPO_ROOT, 'dist/services', name, 'services', name, 'src/main.js');
}

/**
 * Starts a compiled service (`npm run build` first) as its own Node.js process, the way it runs in
 * production, and waits until /health/ready answers 200 (database and Kafka reachable).
 */
export async function startService(name: ProcessName, env: Record<string, string>, timeoutMs = 90000): Promise<RunningService> {
  const logDir = path.join(REPO_ROOT, 'tmp', 'test-logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(
    process.execPath,
    ['-r', path.join(REPO_ROOT, 'scripts/register-paths.js'), serviceEntry(name)],
    {
      env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: process.env.NODE_OPTIONS ?? '', NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${env.PORT}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(killer);
    }
    log.end();
  };

  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    log.end();
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.status === 200) return { name, url, logFile, process: child, stop, kill };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`${name} was not ready within ${timeoutMs} ms; see ${logFile}`);
}

/** Polls `probe` until it returns a value (not undefined) or the timeout passes. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
