import {
  ArgumentMetadata,
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ValidationPipe,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, throwError } from 'rxjs';
import { DomainRuleError, FieldViolation, flattenValidationErrors } from '@mpp/contracts';
import { prototypeKeyViolation } from './prototype-keys';

// The one implementation lives in @mpp/contracts; re-exported for the HTTP layer's users.
export { flattenValidationErrors };
export type { FieldViolation };

/** The message of an error (or the text of anything thrown that is not an Error), for logs. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The error body of every HTTP error: `{ statusCode, error, message, details? }`. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: FieldViolation[];
}

export class RequestValidationException extends BadRequestException {
  constructor(readonly violations: FieldViolation[]) {
    super({
      statusCode: HttpStatus.BAD_REQUEST,
      error: 'Bad Request',
      message: violations.map((v) => v.message).join('; '),
      details: violations,
    } satisfies ApiErrorBody);
  }
}

/**
 * The platform's validation pipe: before class-transformer sees a body or a query, a prototype key
 * (`__proto__`, `constructor`, `prototype`, `toString`, …) anywhere in it is a 400 naming it
 * (class-transformer would drop it silently, so it escaped `forbidNonWhitelisted`).
 */
class PlatformValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const violation = prototypeKeyViolation(value);
      if (violation) throw new RequestValidationException([violation]);
    }
    return super.transform(value, metadata);
  }
}

/** Validates request bodies and parameters: unknown fields are refused, types converted explicitly. */
export function createValidationPipe(): ValidationPipe {
  return new PlatformValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new RequestValidationException(flattenValidationErrors(errors)),
  });
}

/**
 * Renders every error as `ApiErrorBody`. A broken business rule (`DomainRuleError`) is the client's: 400,
 * naming the field and the rule in `details`. Unexpected errors become a generic 500 (logged with their
 * stack, never sent to the client).
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // Kafka handlers deal with their own failures (retries, dead letters); pass anything else through.
    if (host.getType() !== 'http') return throwError(() => exception);
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const body = this.toBody(exception);
    // Refused before its body was read (an upload whose tracking code is wrong, a body past its limit):
    // close the connection after the answer instead of reading the rest of the body to keep it alive.
    if (request && request.complete === false && !response.headersSent) response.setHeader('Connection', 'close');
    if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE && !(exception instanceof HttpException)) {
      this.logger.warn(`${busyReason(exception)}; answered 503`);
      response.setHeader('Retry-After', '1');
    } else if (!(exception instanceof HttpException) && body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      const error = HttpStatus[status] ? titleCase(HttpStatus[status]) : 'Error';
      if (typeof res === 'string') return { statusCode: status, error, message: res };
      const r = res as Partial<ApiErrorBody> & { message?: string | string[]; status?: string };
      // Health checks answer in the Terminus format ({ status, info, error, details }): keep it.
      if (r.status === 'error' && typeof r.error === 'object') return { statusCode: status, ...(res as object) } as ApiErrorBody;
      const message = Array.isArray(r.message) ? r.message.join('; ') : (r.message ?? exception.message);
      return { statusCode: status, error: r.error ?? error, message, ...(r.details ? { details: r.details } : {}) };
    }
    if (exception instanceof DomainRuleError) {
      const { field, rule, message } = exception;
      return { statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', message, details: [{ field, rule, message }] };
    }
    if (busyReason(exception)) {
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        message: 'Sedang sibuk; tidak ada yang disimpan, coba lagi sebentar lagi. (Busy: nothing was stored; try again in a moment.)',
      };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'An unexpected error occurred' };
  }
}

/**
 * PostgreSQL's answers to contention that roll a transaction back and succeed when tried again: a deadlock
 * (40P01), a serialization failure (40001), a lock not available (55P03). Their SQLSTATE, or undefined.
 */
export function transientDatabaseCode(exception: unknown): string | undefined {
  const e = exception as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && ['40P01', '40001', '55P03'].includes(code) ? code : undefined;
}

/**
 * Why a request failed for a moment without storing anything, or undefined: a transaction the database
 * rolled back under contention, or no connection free in the pool within its wait
 * (`connectionTimeoutMillis`; pg-pool's own message, it has no code), as when submissions queue at a peak.
 */
function busyReason(exception: unknown): string | undefined {
  const code = transientDatabaseCode(exception);
  if (code) return `transaction rolled back by the database (${code})`;
  if (exception instanceof Error && exception.message === 'timeout exceeded when trying to connect') return 'no database connection free in time';
  return undefined;
}

function titleCase(constant: string): string {
  return constant
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}
