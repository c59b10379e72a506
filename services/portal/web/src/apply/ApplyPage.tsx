import { useMutation } from '@tanstack/react-query';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Form } from 'react-aria-components';
import { useSearchParams } from 'react-router';
import { ApiError, errorKey } from '../api/client';
import { useTitle } from '../pages/useTitle';
import { ApplicantStep, useNikCheck } from './ApplicantStep';
import { applyApi, parseRupiah, Submitted } from './applyApi';
import { BusinessStep } from './BusinessStep';
import { bodyOf, Draft, EMPTY_DRAFT, FieldKey, missingFields, ServerFieldError, serverErrorsOf, Step, STEPS } from './draft';
import { ResultScreen } from './ResultScreen';
import { ReviewStep } from './ReviewStep';
import './apply.css';

export type FieldErrors = Partial<Record<FieldKey, string>>;

/**
 * The application wizard at /ajukan, phone first, no account: (1) the applicant, (2) the business, its
 * office and address, with the scale, risk, permits and documents previewed live, (3) review and submit;
 * then the result with the application number and tracking code. The step is in the URL (`?langkah=2`), so
 * the phone's back button goes back a step.
 */
export function ApplyPage() {
  const { t } = useTranslation();
  useTitle(t('apply.title'));
  const [params, setParams] = useSearchParams();
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [reached, setReached] = useState<Step>(1);
  const [missing, setMissing] = useState<Partial<Record<FieldKey, boolean>>>({});
  const [server, setServer] = useState<Partial<Record<FieldKey, ServerFieldError>>>({});
  const [submitted, setSubmitted] = useState<{ result: Submitted; documents: string[] } | undefined>();
  const [documents, setDocuments] = useState<string[]>([]);
  const idempotency = useRef<{ key: string; body: string } | undefined>(undefined);
  const heading = useRef<HTMLHeadingElement>(null);

  const asked = Number(params.get('langkah') ?? '1');
  // A step not reached yet (a reload, a typed URL) shows the first one not done.
  const step: Step = STEPS.includes(asked as Step) && asked <= reached ? (asked as Step) : 1;
  const nik = useNikCheck(draft.nik);

  const goTo = (next: Step) => {
    setReached((r) => (next > r ? next : r));
    setParams(next === 1 ? {} : { langkah: String(next) });
  };

  // Focus the step's heading when the step changes (a screen reader hears where it is).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step, submitted]);

  const change = (field: FieldKey, value: string) => {
    setDraft((d) => {
      const next = { ...d, [field]: value };
      // The address hangs on the office: another office, another kecamatan and village.
      if (field === 'officeCode' && value !== d.officeCode) Object.assign(next, { districtCode: '', regionCode: '' });
      if (field === 'districtCode' && value !== d.districtCode) next.regionCode = '';
      return next;
    });
    setMissing((m) => ({ ...m, [field]: false }));
    setServer((s) => {
      if (!s[field] && !(field === 'officeCode' && s.regionCode)) return s;
      const next = { ...s };
      delete next[field];
      if (field === 'officeCode' || field === 'districtCode') delete next.regionCode;
      return next;
    });
  };

  /** Client-side checks of a step: required fields, the NIK rules, readable amounts. */
  const problemsOf = (at: Step): FieldErrors => {
    const errors: FieldErrors = {};
    for (const field of missingFields(draft, at)) errors[field] = t('apply.required');
    if (at === 1 && !errors.nik && nik.result && !nik.result.valid) errors.nik = nik.message ?? t('apply.nikRule.other');
    if (at === 2) {
      if (!errors.capital && parseRupiah(draft.capital) === undefined) errors.capital = t('apply.business.rupiah');
      if (draft.annualSales.trim() && parseRupiah(draft.annualSales) === undefined) errors.annualSales = t('apply.business.rupiah');
    }
    return errors;
  };

  const [shown, setShown] = useState<Partial<Record<Step, boolean>>>({});
  const clientErrors = shown[step] ? problemsOf(step) : {};
  const errorOf = (field: FieldKey): string | undefined => {
    const serverError = server[field];
    if (serverError) return t([`apply.serverErrors.${field}.${serverError.rule}`, `apply.serverErrors.${serverError.rule}`, 'apply.serverErrors.generic']);
    if (missing[field]) return t('apply.required');
    return clientErrors[field];
  };

  const submit = useMutation({
    mutationFn: () => {
      const body = bodyOf(draft);
      const json = JSON.stringify(body);
      // One key per request body: a retry after a lost answer is answered once; a corrected body is new.
      if (!idempotency.current || idempotency.current.body !== json) idempotency.current = { key: crypto.randomUUID(), body: json };
      return applyApi.submit(body, idempotency.current.key);
    },
    onSuccess: (result) => {
      setSubmitted({ result, documents });
      setDraft(EMPTY_DRAFT);
      idempotency.current = undefined;
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400 && error.details.length > 0) {
        const { errors, step: back } = serverErrorsOf(error.details);
        setServer(errors);
        if (back) goTo(back);
        // After the step's heading took the focus: to the first field the API named.
        setTimeout(focusFirstInvalid, 50);
      }
    },
  });

  const forward = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (step === 3) {
      submit.mutate();
      return;
    }
    setShown((s) => ({ ...s, [step]: true }));
    const errors = { ...problemsOf(step) };
    const serverLeft = (Object.keys(server) as FieldKey[]).some((f) => errors[f] === undefined && stepHas(step, f));
    if (Object.keys(errors).length > 0 || serverLeft || (step === 1 && nik.pending)) {
      focusFirstInvalid();
      return;
    }
    goTo((step + 1) as Step);
  };

  if (submitted) {
    return (
      <ResultScreen
        result={submitted.result}
        documents={submitted.documents}
        headingRef={heading}
        onAnother={() => {
          setSubmitted(undefined);
          setReached(1);
          setShown({});
          setParams({});
        }}
      />
    );
  }

  const invalidCount = Object.keys(clientErrors).length + (Object.keys(server) as FieldKey[]).filter((f) => stepHas(step, f)).length;
  const submitError = submit.error && !(submit.error instanceof ApiError && submit.error.status === 400 && submit.error.details.length > 0) ? t(errorKey(submit.error)) : undefined;

  return (
    <>
      <h1>{t('apply.title')}</h1>
      {step === 1 && <p>{t('apply.intro')}</p>}
      <ol className="wizard-steps" aria-label={t('apply.progress')}>
        {STEPS.map((s) => (
          <li key={s} aria-current={s === step ? 'step' : undefined} className={s === step ? 'current' : s < step ? 'done' : undefined}>
            <span className="visually-hidden">{t('apply.stepOf', { step: s, total: STEPS.length })}: </span>
            <span aria-hidden="true">{s}. </span>
            {t(`apply.steps.${s}`)}
          </li>
        ))}
      </ol>
      <Form onSubmit={forward} validationBehavior="aria" aria-labelledby="wizard-step-title" className="card wizard">
        <h2 id="wizard-step-title" ref={heading} tabIndex={-1}>
          <span className="step-count">{t('apply.stepOf', { step, total: STEPS.length })}</span> {t(`apply.steps.${step}`)}
        </h2>
        {invalidCount > 0 && (
          <p role="alert" className="error">
            {t('apply.fixBelow')}
          </p>
        )}
        {step === 1 && <ApplicantStep draft={draft} change={change} errorOf={errorOf} nik={nik} />}
        {step === 2 && <BusinessStep draft={draft} change={change} errorOf={errorOf} onDocuments={setDocuments} />}
        {step === 3 && <ReviewStep draft={draft} edit={goTo} />}
        {submitError && (
          <p role="alert" className="error">
            {t('apply.submitFailed')} {submitError}
          </p>
        )}
        <div className="wizard-buttons">
          {step > 1 && (
            <Button className="react-aria-Button secondary" onPress={() => goTo((step - 1) as Step)}>
              {t('apply.back')}
            </Button>
          )}
          <Button type="submit" isDisabled={submit.isPending}>
            {step === 3 ? (submit.isPending ? t('apply.review.submitting') : t('apply.review.submit')) : t('apply.next')}
          </Button>
        </div>
      </Form>
    </>
  );
}

function stepHas(step: Step, field: FieldKey): boolean {
  return (step === 1 && /^(nik|name|email|phone|npwp|kind|entity|deed)/.test(field)) || (step === 2 && !/^(nik|name|email|phone|npwp|kind|entity|deed)/.test(field));
}

/** Moves focus to the first field marked invalid (after the DOM has updated). */
function focusFirstInvalid() {
  setTimeout(() => {
    const invalid = document.querySelector<HTMLElement>('.wizard [aria-invalid="true"]');
    invalid?.focus();
  }, 0);
}
