import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyApi, ENTITY_FORMS, FORMS_REQUIRING_DEED, NikCheck } from './applyApi';
import { Draft, FieldKey } from './draft';
import { SelectInput, TextInput, useDebounced } from './fields';

export interface NikState {
  result?: NikCheck;
  /** The problem in the chosen language, when the NIK breaks a rule. */
  message?: string;
  pending: boolean;
  /** Whether the problem is worth showing yet (16 characters typed, a non-digit, or the field left). */
  ripe: boolean;
}

/**
 * The NIK checked as it is typed (POST /api/v1/reference/nik-check: the body, never the URL, carries it),
 * with the same rules the submission applies; the problem is said in the chosen language from its rule.
 */
export function useNikCheck(nik: string): NikState {
  const { t } = useTranslation();
  const value = useDebounced(nik.trim(), 250);
  const query = useQuery({
    queryKey: ['nik-check', value],
    queryFn: () => applyApi.nikCheck(value),
    enabled: value !== '',
    staleTime: Infinity,
  });
  const result = value === nik.trim() && value !== '' ? query.data : undefined;
  const problem = result?.problems[0];
  const rule = problem?.rule.replace(/^nik\./, '');
  const known = ['digits', 'length', 'province', 'regency', 'birthDate', 'serial'];
  const message = problem ? t(`apply.nikRule.${rule && known.includes(rule) ? rule : 'other'}`, { count: value.length }) : undefined;
  const ripe = value.length >= 16 || /\D/.test(value);
  return { result, message, pending: nik.trim() !== '' && (value !== nik.trim() || query.isFetching), ripe };
}

export function ApplicantStep({
  draft,
  change,
  errorOf,
  nik,
}: {
  draft: Draft;
  change: (field: FieldKey, value: string) => void;
  errorOf: (field: FieldKey) => string | undefined;
  nik: NikState;
}) {
  const { t } = useTranslation();
  const [nikLeft, setNikLeft] = useState(false);
  const nikError = errorOf('nik') ?? ((nik.ripe || nikLeft) && nik.message ? nik.message : undefined);
  const nikStatus = nik.result?.valid
    ? nik.result.regencyName
      ? t('apply.applicant.nikValid', { regency: nik.result.regencyName })
      : t('apply.applicant.nikValidNoRegency')
    : undefined;
  const deedRequired = draft.entityForm !== '' && FORMS_REQUIRING_DEED.includes(draft.entityForm);

  return (
    <>
      <TextInput
        name="nik"
        label={t('apply.applicant.nik')}
        value={draft.nik}
        onChange={(v) => change('nik', v)}
        onBlur={() => setNikLeft(true)}
        inputMode="numeric"
        maxLength={20}
        isRequired
        description={t('apply.applicant.nikHelp')}
        error={nikError}
        status={nikStatus ? <span role="status">✓ {nikStatus}</span> : undefined}
      />
      <TextInput name="name" label={t('apply.applicant.name')} value={draft.name} onChange={(v) => change('name', v)} autoComplete="name" isRequired error={errorOf('name')} maxLength={200} />
      <TextInput
        name="phone"
        label={`${t('apply.applicant.phone')} ${t('apply.optional')}`}
        value={draft.phone}
        onChange={(v) => change('phone', v)}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        description={t('apply.applicant.phoneHelp')}
        error={errorOf('phone')}
      />
      <TextInput
        name="email"
        label={`${t('apply.applicant.email')} ${t('apply.optional')}`}
        value={draft.email}
        onChange={(v) => change('email', v)}
        type="email"
        inputMode="email"
        autoComplete="email"
        error={errorOf('email')}
      />
      <TextInput
        name="npwp"
        label={`${t('apply.applicant.npwp')} ${t('apply.optional')}`}
        value={draft.npwp}
        onChange={(v) => change('npwp', v)}
        inputMode="numeric"
        description={t('apply.applicant.npwpHelp')}
        error={errorOf('npwp')}
      />
      <fieldset className="choice">
        <legend>{t('apply.applicant.kind')}</legend>
        {(['INDIVIDUAL', 'ENTITY'] as const).map((kind) => (
          <label key={kind} className="radio">
            <input type="radio" name="kind" value={kind} checked={draft.kind === kind} onChange={() => change('kind', kind)} />
            {t(`apply.applicant.kinds.${kind}`)}
          </label>
        ))}
      </fieldset>
      {draft.kind === 'ENTITY' && (
        <fieldset className="group">
          <legend>{t('apply.applicant.entityTitle')}</legend>
          <p className="help">{t('apply.applicant.entityHelp')}</p>
          <SelectInput
            id="entityForm"
            label={t('apply.applicant.entityForm')}
            value={draft.entityForm}
            onChange={(v) => change('entityForm', v)}
            placeholder={t('apply.applicant.chooseForm')}
            options={ENTITY_FORMS.map((f) => ({ value: f, label: t(`apply.applicant.forms.${f}`) }))}
            error={errorOf('entityForm')}
            isRequired
          />
          <TextInput name="entityName" label={t('apply.applicant.entityName')} value={draft.entityName} onChange={(v) => change('entityName', v)} isRequired error={errorOf('entityName')} />
          <TextInput name="entityNpwp" label={t('apply.applicant.entityNpwp')} value={draft.entityNpwp} onChange={(v) => change('entityNpwp', v)} inputMode="numeric" isRequired error={errorOf('entityNpwp')} />
          {draft.entityForm !== '' && (
            <fieldset className="group">
              <legend>{t('apply.applicant.deedTitle')}</legend>
              {!deedRequired && <p className="help">{t('apply.applicant.deedOptional')}</p>}
              <TextInput name="deedNumber" label={t('apply.applicant.deedNumber')} value={draft.deedNumber} onChange={(v) => change('deedNumber', v)} isRequired={deedRequired} error={errorOf('deedNumber')} />
              <TextInput name="deedDate" label={t('apply.applicant.deedDate')} value={draft.deedDate} onChange={(v) => change('deedDate', v)} type="date" isRequired={deedRequired} error={errorOf('deedDate')} />
              <TextInput name="deedNotary" label={`${t('apply.applicant.deedNotary')} ${t('apply.optional')}`} value={draft.deedNotary} onChange={(v) => change('deedNotary', v)} error={errorOf('deedNotary')} />
              <TextInput name="deedApproval" label={`${t('apply.applicant.deedApproval')} ${t('apply.optional')}`} value={draft.deedApproval} onChange={(v) => change('deedApproval', v)} error={errorOf('deedApproval')} />
            </fieldset>
          )}
        </fieldset>
      )}
    </>
  );
}
