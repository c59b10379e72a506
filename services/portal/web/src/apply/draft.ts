import { FieldViolation } from '../api/client';
import { ApplicantKind, EntityForm, FORMS_REQUIRING_DEED, parseRupiah, SubmitApplicationBody } from './applyApi';

/** The wizard's form, as typed (strings), before it becomes the API's body. */
export interface Draft {
  nik: string;
  name: string;
  email: string;
  phone: string;
  npwp: string;
  kind: ApplicantKind;
  entityForm: EntityForm | '';
  entityName: string;
  entityNpwp: string;
  deedNumber: string;
  deedDate: string;
  deedNotary: string;
  deedApproval: string;
  businessName: string;
  kbli: string;
  kbliTitle: string;
  capital: string;
  annualSales: string;
  officeCode: string;
  districtCode: string;
  regionCode: string;
  street: string;
}

export type FieldKey = keyof Draft;
export type Step = 1 | 2 | 3;
/** The steps of the wizard: applicant; business, office and address; review and submit. */
export const STEPS: Step[] = [1, 2, 3];

export const EMPTY_DRAFT: Draft = {
  nik: '',
  name: '',
  email: '',
  phone: '',
  npwp: '',
  kind: 'INDIVIDUAL',
  entityForm: '',
  entityName: '',
  entityNpwp: '',
  deedNumber: '',
  deedDate: '',
  deedNotary: '',
  deedApproval: '',
  businessName: '',
  kbli: '',
  kbliTitle: '',
  capital: '',
  annualSales: '',
  officeCode: '',
  districtCode: '',
  regionCode: '',
  street: '',
};

/** Which step holds each field, and the API's name for it (`details[].field` of a 400). */
export const FIELDS: Record<FieldKey, { step: Step; path: string }> = {
  nik: { step: 1, path: 'applicant.nik' },
  name: { step: 1, path: 'applicant.name' },
  email: { step: 1, path: 'applicant.email' },
  phone: { step: 1, path: 'applicant.phone' },
  npwp: { step: 1, path: 'applicant.npwp' },
  kind: { step: 1, path: 'applicant.kind' },
  entityForm: { step: 1, path: 'applicant.entity.form' },
  entityName: { step: 1, path: 'applicant.entity.name' },
  entityNpwp: { step: 1, path: 'applicant.entity.npwp' },
  deedNumber: { step: 1, path: 'applicant.entity.deed.number' },
  deedDate: { step: 1, path: 'applicant.entity.deed.date' },
  deedNotary: { step: 1, path: 'applicant.entity.deed.notary' },
  deedApproval: { step: 1, path: 'applicant.entity.deed.ministryApproval' },
  businessName: { step: 2, path: 'business.name' },
  kbli: { step: 2, path: 'business.kbli' },
  kbliTitle: { step: 2, path: 'business.kbliTitle' },
  capital: { step: 2, path: 'business.capital' },
  annualSales: { step: 2, path: 'business.annualSales' },
  officeCode: { step: 2, path: 'officeCode' },
  districtCode: { step: 2, path: 'business.address.districtCode' },
  regionCode: { step: 2, path: 'business.address.regionCode' },
  street: { step: 2, path: 'business.address.street' },
};

/** Where a field the API names lands when it is no field of ours: the nearest one holding it. */
const CONTAINERS: Array<[string, FieldKey]> = [
  ['applicant.entity.deed', 'deedNumber'],
  ['applicant.entity', 'entityForm'],
  ['applicant', 'nik'],
  ['business.address', 'regionCode'],
  ['business', 'businessName'],
];

/** The wizard field a `details[].field` of the API names (`business.address.regionCode` → regionCode), if any. */
export function fieldForPath(path: string): FieldKey | undefined {
  const exact = (Object.keys(FIELDS) as FieldKey[]).find((key) => FIELDS[key].path === path);
  if (exact) return exact;
  return CONTAINERS.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`))?.[1];
}

/** A server error beside its field: the rule it broke, to be said in the chosen language. */
export interface ServerFieldError {
  rule: string;
}

/** The API's 400 details as errors per wizard field, and the first step holding one. */
export function serverErrorsOf(details: FieldViolation[]): { errors: Partial<Record<FieldKey, ServerFieldError>>; step?: Step } {
  const errors: Partial<Record<FieldKey, ServerFieldError>> = {};
  let step: Step | undefined;
  for (const d of details) {
    const field = fieldForPath(d.field);
    if (!field || errors[field]) continue;
    errors[field] = { rule: d.rule ?? 'invalid' };
    const at = FIELDS[field].step;
    if (step === undefined || at < step) step = at;
  }
  return { errors, step };
}

const trimmed = (value: string) => value.trim();
const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

/** The fields of a step that are required and still empty. */
export function missingFields(draft: Draft, step: Step): FieldKey[] {
  const required: FieldKey[] =
    step === 1
      ? ['nik', 'name', ...(draft.kind === 'ENTITY' ? (['entityForm', 'entityName', 'entityNpwp'] as FieldKey[]) : [])]
      : step === 2
        ? ['businessName', 'kbli', 'capital', 'officeCode', 'districtCode', 'regionCode', 'street']
        : [];
  if (step === 1 && draft.kind === 'ENTITY' && draft.entityForm && FORMS_REQUIRING_DEED.includes(draft.entityForm)) required.push('deedNumber', 'deedDate');
  return required.filter((key) => String(draft[key]).trim() === '');
}

/** The request body of POST /api/v1/applications, from the draft. */
export function bodyOf(draft: Draft): SubmitApplicationBody {
  const entity =
    draft.kind === 'ENTITY' && draft.entityForm
      ? {
          form: draft.entityForm,
          name: trimmed(draft.entityName),
          npwp: trimmed(draft.entityNpwp),
          ...(draft.deedNumber.trim() || draft.deedDate
            ? {
                deed: {
                  number: trimmed(draft.deedNumber),
                  date: draft.deedDate,
                  ...(optional(draft.deedNotary) ? { notary: optional(draft.deedNotary) } : {}),
                  ...(optional(draft.deedApproval) ? { ministryApproval: optional(draft.deedApproval) } : {}),
                },
              }
            : {}),
        }
      : undefined;
  const phone = optional(draft.phone)?.replace(/[\s-]/g, '');
  const annualSales = draft.annualSales.trim() === '' ? undefined : parseRupiah(draft.annualSales);
  return {
    officeCode: draft.officeCode,
    applicant: {
      nik: trimmed(draft.nik),
      name: trimmed(draft.name),
      ...(optional(draft.email) ? { email: optional(draft.email) } : {}),
      ...(phone ? { phone } : {}),
      ...(optional(draft.npwp) ? { npwp: optional(draft.npwp) } : {}),
      ...(entity ? { kind: 'ENTITY' as const, entity } : {}),
    },
    business: {
      name: trimmed(draft.businessName),
      kbli: draft.kbli,
      // An unreadable amount goes as it is typed: the API names the field (never a silent 0).
      capital: parseRupiah(draft.capital) ?? (draft.capital as unknown as number),
      ...(annualSales !== undefined ? { annualSales } : draft.annualSales.trim() ? { annualSales: draft.annualSales as unknown as number } : {}),
      address: { regionCode: draft.regionCode, street: trimmed(draft.street) },
    },
  };
}
