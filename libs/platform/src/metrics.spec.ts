import type { AddressInfo } from 'node:net';
import express from 'express';
import { register } from 'prom-client';
import { httpMetrics, httpMetricsMiddleware, METRICS_ROUTE_LOCAL, readinessGauge, UNMATCHED_ROUTE, watchReadiness } from './metrics';

/** The request counts of mpp_http_request_duration_seconds, by "method route status". */
async function requestCounts(): Promise<Record<string, number>> {
  const metric = await httpMetrics.requestSeconds.get();
  return Object.fromEntries(
    metric.values
      .filter((v) => v.metricName === 'mpp_http_request_duration_seconds_count')
      .map((v) => [`${v.labels.method} ${v.labels.route} ${v.labels.status}`, v.value]),
  );
}

describe('HTTP metrics', () => {
  it('labels requests by route template and status code, never by the raw URL', async () => {
    httpMetrics.requestSeconds.reset();
    const app = express();
    app.use(httpMetricsMiddleware);
    app.get('/api/v1/things/:id', (_req, res) => void res.status(200).json({}));
    app.post('/api/v1/things', (_req, res) => void res.status(500).json({}));
    // Middleware that answers itself names its route.
    app.use('/forwarded', (_req, res) => {
      res.locals[METRICS_ROUTE_LOCAL] = '(forwarded to intake)';
      res.status(502).end();
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await fetch(`${base}/api/v1/things/MPP-3373-2026-000001`);
      await fetch(`${base}/api/v1/things/MPP-3373-2026-000002`);
      await fetch(`${base}/api/v1/things`, { method: 'POST' });
      await fetch(`${base}/no/such/path/42`);
      await fetch(`${base}/forwarded/anything/at/all`);
      await fetch(`${base}/api/v1/things/x`, { method: 'PROPFIND' });
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(await requestCounts()).toEqual({
      'GET /api/v1/things/:id 200': 2,
      'POST /api/v1/things 500': 1,
      [`GET ${UNMATCHED_ROUTE} 404`]: 1,
      'GET (forwarded to intake) 502': 1,
      [`OTHER ${UNMATCHED_ROUTE} 404`]: 1,
    });
  });
});

describe('readiness gauge', () => {
  it('is 1 when every watched check passes and 0 when one fails or throws, checked at each scrape', async () => {
    let ready = true;
    const stopA = watchReadiness(async () => ready);
    const stopB = watchReadiness(async () => true);
    try {
      expect(await register.getSingleMetricAsString('mpp_ready')).toMatch(/^mpp_ready 1$/m);
      ready = false;
      expect(await register.getSingleMetricAsString('mpp_ready')).toMatch(/^mpp_ready 0$/m);
      const stopC = watchReadiness(() => Promise.reject(new Error('database down')));
      ready = true;
      expect(await register.getSingleMetricAsString('mpp_ready')).toMatch(/^mpp_ready 0$/m);
      stopC();
      expect((await readinessGauge.get()).values[0].value).toBe(1);
    } finally {
      stopA();
      stopB();
    }
  });
});
