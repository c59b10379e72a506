import { tracingSettings } from './settings';

/**
 * Turns tracing on when the environment configures an OTLP endpoint (see `tracingSettings`); otherwise loads
 * nothing and returns false. Call it before anything loads `http`, `express` or `pg`: from a module that the
 * service's main.ts imports first (`import './tracing'`), since imports run before the importing file's code.
 */
export function startTracing(defaultServiceName: string, env: Record<string, string | undefined> = process.env): boolean {
  const settings = tracingSettings(env, defaultServiceName);
  if (!settings) return false;
  for (const warning of settings.warnings) process.emitWarning(warning, 'OpenTelemetryConfiguration');
  // Loaded only when tracing is on: the SDK and its instrumentations cost start-up time and memory.
  const { startSdk } = require('./sdk') as typeof import('./sdk');
  startSdk(settings);
  return true;
}
