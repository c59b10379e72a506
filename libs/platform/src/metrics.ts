import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, register } from 'prom-client';
import { ApiAnonymous } from './openapi';

/**
 * The Prometheus scrape endpoint (`/metrics`), as the library serves it, documented: an infrastructure
 * route, which the AuthGuard lets through (DEFAULT_PUBLIC_PATHS of @mpp/auth).
 */
@ApiTags('metrics')
@ApiAnonymous()
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  @ApiOperation({ summary: 'Prometheus metrics of the process, its HTTP traffic and its messaging' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  override index(@Res({ passthrough: true }) response: unknown): Promise<string> {
    return super.index(response);
  }
}

function histogram(name: string, help: string, labelNames: string[], buckets: number[]): Histogram<string> {
  return (register.getSingleMetric(name) as Histogram<string>) ?? new Histogram({ name, help, labelNames, buckets });
}

/** The process's counter of that name, registered on first use (modules loaded twice in tests share it). */
export function counterMetric(name: string, help: string, labelNames: string[]): Counter<string> {
  return (register.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames });
}

/**
 * Service-level deadlines, counted by the service whose stage it is (document verification: `VERIFICATION`;
 * permit issuance: `APPROVAL`), once the transaction that announces them has committed.
 */
export const serviceLevelMetrics = {
  breached: counterMetric('mpp_sla_breaches_total', 'Missed service-level due dates announced (SlaBreached, ApprovalOverdue), by office and stage', ['office', 'stage']),
  deemed: counterMetric('mpp_deemed_approvals_total', 'Deemed approvals (fiktif positif) recorded after a lapsed due date, by office and stage', ['office', 'stage']),
  dueSoon: counterMetric('mpp_sla_due_soon_total', 'Due-within-one-working-day warnings given (SlaDueSoon, ApprovalDueSoon), by office and stage', ['office', 'stage']),
};

/** The `route` label of requests that matched no route template (404s, static files, body errors before routing). */
export const UNMATCHED_ROUTE = '(unmatched)';
/** `res.locals` key by which middleware that serves a request itself names its route template (the portal's forwarding). */
export const METRICS_ROUTE_LOCAL = 'metricsRoute';

export const httpMetrics = {
  requestSeconds: histogram(
    'mpp_http_request_duration_seconds',
    'HTTP requests by method, route template and status code: time until the response was sent',
    ['method', 'route', 'status'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  ),
};

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Times every request into `mpp_http_request_duration_seconds`. The route is the Express route template
 * that served it (`/api/v1/applications/:applicationNumber`), never the raw URL, so the label set stays
 * bounded; requests without one count as `(unmatched)`, methods outside the usual ones as `OTHER`.
 */
export function httpMetricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const stop = httpMetrics.requestSeconds.startTimer();
  res.once('finish', () => {
    // NestJS registers each route with its full path on the application itself (no mounted routers). A
    // middleware that answers itself names its route; otherwise req.route would be the middleware's pattern.
    const template = res.locals[METRICS_ROUTE_LOCAL] ?? (req.route as { path?: unknown } | undefined)?.path;
    const route = typeof template === 'string' ? template : UNMATCHED_ROUTE;
    stop({ method: METHODS.has(req.method) ? req.method : 'OTHER', route, status: String(res.statusCode) });
  });
  next();
}

/** Something that says whether the process is ready (the readiness check of /health/ready). */
export type ReadinessCheck = () => Promise<boolean>;

const readinessChecks = new Set<ReadinessCheck>();

/** Makes `mpp_ready` run this check on every scrape; returns the way to stop. */
export function watchReadiness(check: ReadinessCheck): () => void {
  readinessChecks.add(check);
  return () => readinessChecks.delete(check);
}

/** Collected on scrape: 1 when every watched readiness check passes, 0 when one fails; none watched, no value. */
async function collectReady(this: Gauge<string>): Promise<void> {
  if (readinessChecks.size === 0) return;
  const results = await Promise.all([...readinessChecks].map((check) => check().catch(() => false)));
  this.set(results.every(Boolean) ? 1 : 0);
}

export const readinessGauge =
  (register.getSingleMetric('mpp_ready') as Gauge<string>) ??
  new Gauge({ name: 'mpp_ready', help: 'Whether the readiness check (/health/ready) passes: 1 ready, 0 not (checked when scraped)', collect: collectReady });
