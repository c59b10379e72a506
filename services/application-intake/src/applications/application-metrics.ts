import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge, Histogram, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { ApplicationEntity } from './application.entities';

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * Submission to permit, by risk level: from the application's recorded `submittedAt` to the `issuedAt`
 * of its permits (the event's own timestamps, not the time the event was consumed). Buckets from seconds
 * (automatic issuance of low risks) to weeks (a head of office's approval of high risks, in working days).
 */
export const submissionToPermitSeconds =
  (register.getSingleMetric('mpp_submission_to_permit_seconds') as Histogram<string>) ??
  new Histogram({
    name: 'mpp_submission_to_permit_seconds',
    help: 'Time from submission to the issued permits, by risk level (from the recorded timestamps)',
    labelNames: ['risk'],
    buckets: [1, 5, 15, 60, 5 * 60, 15 * 60, HOUR, 4 * HOUR, DAY, 2 * DAY, 3 * DAY, 5 * DAY, 7 * DAY, 10 * DAY, 14 * DAY, 21 * DAY, 30 * DAY],
  });

/** What `mpp_applications` reads on a scrape: the application count of each status and office. */
export interface ApplicationCountSource {
  counts(): Promise<{ status: string; office: string; count: number }[]>;
}

const sources = new Set<ApplicationCountSource>();
/** The (status, office) pairs reported so far: a pair that drops out of the counts goes to 0, not away. */
const reported = new Set<string>();

async function collectApplications(this: Gauge<string>): Promise<void> {
  const [source] = sources;
  if (!source) return;
  let rows: Awaited<ReturnType<ApplicationCountSource['counts']>>;
  try {
    rows = await source.counts();
  } catch {
    return; // keep the last values rather than lie with 0
  }
  const seen = new Set<string>();
  for (const { status, office, count } of rows) {
    seen.add(JSON.stringify([status, office]));
    this.set({ status, office }, count);
  }
  for (const pair of reported) {
    if (seen.has(pair)) continue;
    const [status, office] = JSON.parse(pair) as [string, string];
    this.set({ status, office }, 0);
  }
  for (const pair of seen) reported.add(pair);
}

export const applicationsGauge =
  (register.getSingleMetric('mpp_applications') as Gauge<string>) ??
  new Gauge({
    name: 'mpp_applications',
    help: 'Applications by status and office (counted when scraped)',
    labelNames: ['status', 'office'],
    collect: collectApplications,
  });

/**
 * Counts the applications by status and office for `mpp_applications` on every scrape: one GROUP BY over
 * the (office_code, status) index, bounded by a statement timeout (the gauge keeps its last values when
 * the count fails or is too slow). Offices are those of the office registry, statuses the lifecycle's: the
 * label set is bounded.
 */
@Injectable()
export class ApplicationCounts implements ApplicationCountSource, OnModuleInit, OnApplicationShutdown {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    sources.add(this);
  }

  onApplicationShutdown(): void {
    sources.delete(this);
  }

  counts(): Promise<{ status: string; office: string; count: number }[]> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL statement_timeout = 1000`);
      return manager
        .getRepository(ApplicationEntity)
        .createQueryBuilder('a')
        .select('a.status', 'status')
        .addSelect('a.officeCode', 'office')
        .addSelect('count(*)::int', 'count')
        .groupBy('a.officeCode')
        .addGroupBy('a.status')
        .getRawMany();
    });
  }
}
