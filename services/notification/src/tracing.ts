// Imported first by main.ts: tracing (when configured by OTEL_* variables) must start before http, express and pg load.
import { startTracing } from '@mpp/telemetry';

startTracing('notification');
