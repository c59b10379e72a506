import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError, errorKey, FieldViolation, NetworkError } from '../api/client';

/**
 * A refusal of the services, in the officer's language: the services answer in English for integrators,
 * so known refusals are recognised by status and message and named here; anything else by its status.
 */
export function refusalMessage(t: TFunction, error: unknown): string {
  if (error instanceof NetworkError || !(error instanceof ApiError)) return t(errorKey(error));
  const message = error.serverMessage;
  switch (error.status) {
    case 400:
      return t('officer.refusal.invalid');
    case 401:
      return t('officer.refusal.session');
    case 403:
      if (/verified the documents cannot also approve/i.test(message)) return t('officer.refusal.fourEyes');
      return t('officer.refusal.forbidden');
    case 404:
      return t('officer.refusal.notFound');
    case 409:
      if (/held by another verifier/i.test(message)) return t('officer.refusal.heldByOther');
      if (/not every checklist document is accepted/i.test(message)) return t('officer.refusal.documentsNotAccepted');
      if (/already revoked/i.test(message)) return t('officer.refusal.alreadyRevoked');
      if (/already exists/i.test(message)) return t('officer.refusal.officeExists');
      if (/not (awaiting|PENDING)|already (decided|issued)/i.test(message)) return t('officer.refusal.alreadyDecided');
      if (/cannot be re-?issued|tracking code/i.test(message)) return t('officer.refusal.trackingCodeClosed');
      return t('officer.refusal.conflict');
    default:
      return t(errorKey(error));
  }
}

/** The rule a field broke, in the officer's language (the service's own text is English). */
export function violationMessage(t: TFunction, violation: FieldViolation): string {
  const rule = violation.rule ?? '';
  const known = t(`officer.rule.${rule}`, { defaultValue: '' });
  return known || t('officer.rule.default');
}

/**
 * The field messages of a 400, keyed by the form field they belong to: `fieldOf` maps the API's field
 * path (e.g. `applicant.nik`, `calendar.holidays.0`) to a form field, or undefined for none.
 */
export function fieldErrors<F extends string>(t: TFunction, error: unknown, fieldOf: (apiField: string) => F | undefined): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  if (!(error instanceof ApiError) || error.status !== 400) return out;
  for (const violation of error.details) {
    const field = fieldOf(violation.field);
    if (field && !out[field]) out[field] = violationMessage(t, violation);
  }
  return out;
}

/** Whether every violation of a 400 was placed beside a field (then no general message is needed). */
export function allPlaced(error: unknown, fieldOf: (apiField: string) => string | undefined): boolean {
  return error instanceof ApiError && error.status === 400 && error.details.length > 0 && error.details.every((d) => fieldOf(d.field) !== undefined);
}

/** A refusal shown beside the action that caused it (announced to screen readers). */
export function ActionError({ error, id }: { error: unknown; id?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p role="alert" className="error action-error" id={id}>
      {refusalMessage(t, error)}
    </p>
  );
}
