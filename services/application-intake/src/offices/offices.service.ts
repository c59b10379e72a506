import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { actorOf, Officer, OfficerRole } from '@mpp/auth';
import { EVENTS, EventActor, OfficeConfiguredV1 } from '@mpp/contracts';
import { DEFAULT_PERMIT_NUMBER_TEMPLATE, isProvinceCode, permitNumberTemplateRuleViolations } from '@mpp/domain';
import { ChangeRecorder } from '@mpp/messaging';
import { FieldViolation, RequestValidationException } from '@mpp/platform';
import { CreateOfficeRequest, OfficeSummaryView, OfficeView, UpdateOfficeRequest } from './office.dto';
import { OfficeEntity } from './office.entity';

/**
 * Defaults of a new office. Service levels are placeholders for the office admin to set from the
 * office's published standar pelayanan; only fixed-date national holidays are pre-filled: Islamic,
 * Chinese, Hindu and Buddhist holidays and cuti bersama move every year (SKB 3 Menteri) and are entered
 * by the office admin.
 */
export function defaultOfficeSettings(year = new Date().getFullYear()) {
  return {
    permitNumberTemplate: DEFAULT_PERMIT_NUMBER_TEMPLATE,
    serviceLevels: { verificationDays: 5, approvalDays: 5 },
    calendar: {
      weekendDays: [0, 6],
      holidays: ['01-01', '05-01', '06-01', '08-17', '12-25'].map((d) => `${year}-${d}`),
    },
  };
}

/** The offices (tenants): created by platform admins, configured by their office admins, announced by event. */
@Injectable()
export class OfficesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: ChangeRecorder,
  ) {}

  async listActive(): Promise<OfficeSummaryView[]> {
    const offices = await this.dataSource.getRepository(OfficeEntity).find({ where: { active: true }, order: { code: 'ASC' } });
    return offices.map(({ code, name, address, timezone }) => ({ code, name, address, timezone }));
  }

  async findActive(code: string): Promise<OfficeEntity | null> {
    return this.dataSource.getRepository(OfficeEntity).findOneBy({ code, active: true });
  }

  /** An office admin sees only their own office; another office's code answers 404. */
  async get(code: string, officer: Officer): Promise<OfficeView> {
    const office = await this.dataSource.getRepository(OfficeEntity).findOneBy({ code });
    if (!office || !mayManage(officer, code)) throw new NotFoundException('Office not found');
    return view(office);
  }

  async create(request: CreateOfficeRequest, officer: Officer): Promise<OfficeView> {
    const violations: FieldViolation[] = [];
    if (!isProvinceCode(request.code.slice(0, 2)) || request.code.slice(2) === '00') {
      violations.push({ field: 'code', rule: 'kemendagriRegency', message: 'code must be a Kemendagri regency/city code of a known province' });
    }
    violations.push(...templateViolations(request.permitNumberTemplate));
    if (violations.length) throw new RequestValidationException(violations);
    const defaults = defaultOfficeSettings();
    const now = new Date();
    const conflict = () => new ConflictException(`Office ${request.code} already exists`);
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(OfficeEntity, { code: request.code });
      if (existing) throw conflict();
      const office = manager.create(OfficeEntity, {
        id: randomUUID(),
        code: request.code,
        name: request.name.trim(),
        address: request.address?.trim() ?? '',
        timezone: request.timezone ?? 'Asia/Jakarta',
        permitNumberTemplate: request.permitNumberTemplate ?? defaults.permitNumberTemplate,
        serviceLevels: request.serviceLevels ?? defaults.serviceLevels,
        calendar: request.calendar ?? defaults.calendar,
        active: request.active ?? true,
        revision: 1,
        createdAt: now,
        updatedAt: now,
      });
      // Two creations of one code at once: the unique constraint decides, and the loser gets the same 409.
      await manager.insert(OfficeEntity, office).catch((err: unknown) => {
        throw isUniqueViolation(err) ? conflict() : err;
      });
      await this.announce(manager, office, 'office.created', actorOf(officer));
      return view(office);
    });
  }

  async update(code: string, request: UpdateOfficeRequest, officer: Officer): Promise<OfficeView> {
    const violations = templateViolations(request.permitNumberTemplate);
    if (violations.length) throw new RequestValidationException(violations);
    return this.dataSource.transaction(async (manager) => {
      const office = await manager.findOne(OfficeEntity, { where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!office || !mayManage(officer, code)) throw new NotFoundException('Office not found');
      const changed = Object.keys(request).filter((k) => request[k as keyof UpdateOfficeRequest] !== undefined);
      Object.assign(office, {
        ...(request.name !== undefined ? { name: request.name.trim() } : {}),
        ...(request.address !== undefined ? { address: request.address.trim() } : {}),
        ...(request.timezone !== undefined ? { timezone: request.timezone } : {}),
        ...(request.permitNumberTemplate !== undefined ? { permitNumberTemplate: request.permitNumberTemplate } : {}),
        ...(request.serviceLevels !== undefined ? { serviceLevels: request.serviceLevels } : {}),
        ...(request.calendar !== undefined ? { calendar: { ...request.calendar, holidays: [...new Set(request.calendar.holidays)].sort() } } : {}),
        ...(request.active !== undefined ? { active: request.active } : {}),
        revision: office.revision + 1,
        updatedAt: new Date(),
      });
      await manager.save(OfficeEntity, office);
      await this.announce(manager, office, 'office.updated', actorOf(officer), { changed });
      return view(office);
    });
  }

  /** Creates the seeded offices that do not exist yet (first start of a new installation). */
  async seed(seeds: { code: string; name: string; timezone: string }[]): Promise<string[]> {
    const created: string[] = [];
    for (const seed of seeds) {
      await this.dataSource.transaction(async (manager) => {
        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(OfficeEntity)
          .values({ id: randomUUID(), ...seed, address: '', ...defaultOfficeSettings(), active: true, revision: 1, createdAt: new Date(), updatedAt: new Date() })
          .orIgnore()
          .returning('*')
          .execute();
        if (inserted.raw.length === 0) return;
        const office = await manager.findOneByOrFail(OfficeEntity, { code: seed.code });
        await this.announce(manager, office, 'office.seeded');
        created.push(seed.code);
      });
    }
    return created;
  }

  /** Publishes the office's settings (OfficeConfigured) and records who changed them. */
  private async announce(manager: EntityManager, office: OfficeEntity, action: string, actor?: EventActor, details?: Record<string, unknown>): Promise<void> {
    await this.changes.record(
      manager,
      { event: EVENTS.OfficeConfigured, aggregateType: 'office', aggregateId: office.id, tenant: office.code, payload: officeConfiguredPayload(office), actor },
      { action, subjectType: 'office', subjectId: office.code, details },
    );
  }
}

function mayManage(officer: Officer, code: string): boolean {
  return officer.roles.includes(OfficerRole.PLATFORM_ADMIN) || (officer.roles.includes(OfficerRole.OFFICE_ADMIN) && officer.office === code);
}

/** The template rules again for callers that bypass the request pipe (the DTO checks them over HTTP). */
function templateViolations(template?: string): FieldViolation[] {
  if (template === undefined) return [];
  return permitNumberTemplateRuleViolations(template).map(({ rule, message }) => ({
    field: 'permitNumberTemplate',
    rule,
    message: `permitNumberTemplate ${message}`,
  }));
}

/** OfficeConfigured: every setting of the office, with its revision. */
function officeConfiguredPayload(office: OfficeEntity): OfficeConfiguredV1 {
  const { code, name, address, timezone, permitNumberTemplate, serviceLevels, calendar, active, revision } = office;
  return { officeId: office.id, code, name, address, timezone, permitNumberTemplate, serviceLevels, calendar, active, revision };
}

function view(office: OfficeEntity): OfficeView {
  const { code, name, address, timezone, permitNumberTemplate, serviceLevels, calendar, active, revision } = office;
  return { code, name, address, timezone, permitNumberTemplate, serviceLevels, calendar, active, revision, updatedAt: office.updatedAt.toISOString() };
}

/** PostgreSQL's unique_violation (SQLSTATE 23505), as TypeORM wraps it. */
function isUniqueViolation(err: unknown): boolean {
  return (err as { driverError?: { code?: string } } | undefined)?.driverError?.code === '23505';
}
