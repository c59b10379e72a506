import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EventActor } from '@mpp/contracts';
import { currentCorrelationId, currentSourceIp } from '@mpp/platform';

export interface AuditEntry {
  /** What happened, e.g. `application.submitted`, `case.approved`, `office.updated`. */
  action: string;
  subjectType: string;
  subjectId: string;
  /** The office the subject belongs to (absent for platform-wide actions). */
  office?: string | null;
  /** Who acted; the system (a service reacting to an event) when absent. */
  actor?: EventActor;
  details?: Record<string, unknown>;
}

export interface AuditRecord {
  id: string;
  at: string;
  office: string | null;
  actor: { kind: string; id: string; role: string | null };
  action: string;
  subject: { type: string; id: string };
  sourceIp: string | null;
  correlationId: string | null;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  office?: string;
  from?: Date;
  to?: Date;
  action?: string;
  actorId?: string;
  subjectId?: string;
  /** Only records with a smaller id (next page). */
  before?: string;
  limit: number;
}

/**
 * One INSERT of an audit record, to run alone or inside another statement (a data-modifying WITH): its
 * text numbers its parameters from `first`.
 */
export interface AuditInsert {
  text(first: number): string;
  params: unknown[];
}

/** Writes audit records in the caller's transaction, and reads them back for office admins. */
@Injectable()
export class AuditTrail {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get table(): string {
    const schema = (this.dataSource.options as { schema?: string }).schema ?? 'public';
    return `"${schema}"."audit_log"`;
  }

  async record(manager: EntityManager, entry: AuditEntry, systemId = 'system'): Promise<void> {
    const insert = this.insert(manager, entry, systemId);
    await manager.query(insert.text(1), insert.params);
  }

  /**
   * The INSERT that `record` runs, for a caller that sends it in one statement with its own change (one
   * round trip less); the same rule holds: only inside the transaction of the change it records.
   */
  insert(manager: EntityManager, entry: AuditEntry, systemId = 'system'): AuditInsert {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditTrail.record must run inside the transaction of the change it records');
    }
    const actor = entry.actor ?? { kind: 'system' as const, id: systemId };
    const table = this.table;
    return {
      text: (first) =>
        `INSERT INTO ${table} ("office_code", "actor_kind", "actor_id", "actor_role", "action", "subject_type", "subject_id", "source_ip", "correlation_id", "details")
         VALUES (${Array.from({ length: 10 }, (_, i) => `$${first + i}`).join(', ')})`,
      params: [
        entry.office ?? null,
        actor.kind,
        actor.id,
        actor.role ?? null,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        currentSourceIp() ?? null,
        currentCorrelationId() ?? null,
        JSON.stringify(entry.details ?? {}),
      ],
    };
  }

  async find(query: AuditQuery): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.office) add('"office_code" = ?', query.office);
    if (query.from) add('"at" >= ?', query.from);
    if (query.to) add('"at" < ?', query.to);
    if (query.action) add('"action" = ?', query.action);
    if (query.actorId) add('"actor_id" = ?', query.actorId);
    if (query.subjectId) add('"subject_id" = ?', query.subjectId);
    if (query.before) add('"id" < ?', query.before);
    params.push(query.limit);
    const rows = await this.dataSource.query(
      `SELECT * FROM ${this.table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY "id" DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: String(r.id),
      at: (r.at as Date).toISOString(),
      office: (r.office_code as string | null) ?? null,
      actor: { kind: r.actor_kind as string, id: r.actor_id as string, role: (r.actor_role as string | null) ?? null },
      action: r.action as string,
      subject: { type: r.subject_type as string, id: r.subject_id as string },
      sourceIp: (r.source_ip as string | null) ?? null,
      correlationId: (r.correlation_id as string | null) ?? null,
      details: r.details as Record<string, unknown>,
    }));
  }
}
