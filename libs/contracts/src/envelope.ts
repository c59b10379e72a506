import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/** Who acted, when an officer (or the applicant) caused the event. */
export class EventActor {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  id: string;

  @IsIn(['applicant', 'officer', 'system'])
  kind: 'applicant' | 'officer' | 'system';

  @IsOptional()
  @IsString()
  @MaxLength(100)
  role?: string;

  @IsOptional()
  @Matches(/^\d{4}$/)
  office?: string;
}

/**
 * Every event on the platform travels in this envelope (JSON value of the Kafka record, keyed by the
 * application id so that one application's events stay ordered on one partition).
 */
export class EventEnvelope<T = unknown> {
  /** Unique per event; consumers deduplicate on it (inbox). */
  @IsUUID()
  eventId: string;

  /** Event name, e.g. `ApplicationSubmitted`. */
  @IsString()
  @IsNotEmpty()
  type: string;

  /** Major version of the payload schema; equals the `.vN` suffix of the topic. */
  @IsInt()
  @Min(1)
  version: number;

  @IsISO8601({ strict: true })
  occurredAt: string;

  /** Follows one user request through every service and event. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  correlationId: string;

  /** The eventId of the event that caused this one, when there is one. */
  @IsOptional()
  @IsUUID()
  causationId?: string;

  /** Office (tenant): 4-digit Kemendagri regency/city code. */
  @Matches(/^\d{4}$/)
  tenant: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => EventActor)
  actor?: EventActor;

  /** Aggregate the event belongs to (the application id); also the Kafka key. */
  @IsUUID()
  aggregateId: string;

  @IsObject()
  payload: T;
}

/** Kafka header names set on every published event (the same values as in the envelope). */
export const EVENT_HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  tenant: 'tenant',
} as const;

/** Headers added to a record moved to a dead-letter topic. */
export const DEAD_LETTER_HEADERS = {
  originalTopic: 'dlt-original-topic',
  originalPartition: 'dlt-original-partition',
  originalOffset: 'dlt-original-offset',
  consumerGroup: 'dlt-consumer-group',
  reason: 'dlt-reason',
  error: 'dlt-error',
  attempts: 'dlt-attempts',
  failedAt: 'dlt-failed-at',
} as const;

/**
 * Set on a dead letter whose record was too large to carry whole (only poison is: events are a few kB): what
 * was cut, e.g. `value 1047900 bytes (sha256 …) cut to 262144`. Such a letter is for reading, not replay.
 */
export const DEAD_LETTER_TRUNCATED_HEADER = 'dlt-truncated';
