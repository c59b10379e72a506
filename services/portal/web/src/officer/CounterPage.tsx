import { useMutation, useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, FieldError, Form, Input, Label, Text, TextField } from 'react-aria-components';
import { formatDateTime } from '../format';
import { useTitle } from '../pages/useTitle';
import type { Officer } from '../session/session';
import { officerApi } from './api';
import { ActionError, allPlaced, fieldErrors } from './refusal';

const FIELDS = ['nik', 'name', 'email', 'phone', 'npwp', 'businessName', 'kbli', 'capital', 'annualSales', 'regionCode', 'street'] as const;
type Field = (typeof FIELDS)[number];
const REQUIRED: readonly Field[] = ['nik', 'name', 'businessName', 'kbli', 'capital', 'regionCode', 'street'];

/** The form field an API field path names (`applicant.nik`, `business.address.street`, ...). */
function fieldOf(apiField: string): Field | undefined {
  const map: Record<string, Field> = {
    'applicant.nik': 'nik',
    'applicant.name': 'name',
    'applicant.email': 'email',
    'applicant.phone': 'phone',
    'applicant.npwp': 'npwp',
    'business.name': 'businessName',
    'business.kbli': 'kbli',
    'business.capital': 'capital',
    'business.annualSales': 'annualSales',
    'business.address.regionCode': 'regionCode',
    'business.address.street': 'street',
  };
  return map[apiField];
}

/** Rupiah as typed at a counter ("50.000.000", "50 000 000") to a whole number; NaN when not one. */
function rupiah(text: string): number {
  const digits = text.replace(/[.\s]/g, '');
  return /^\d{1,16}$/.test(digits) ? Number(digits) : Number.NaN;
}

/** A retry-safe key for one submission (getRandomValues works outside secure contexts too, unlike randomUUID). */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `counter-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

interface Receipt {
  kind: 'submitted' | 'reissued';
  applicationNumber: string;
  trackingCode: string;
  businessName?: string;
  applicantName?: string;
  at: string;
}

/** The front desk: submits for a walk-in entrepreneur, re-issues a lost tracking code, prints a receipt. */
export function CounterPage({ officer }: { officer: Officer }) {
  const { t } = useTranslation();
  useTitle(t('officer.counter.title'));
  const [receipt, setReceipt] = useState<Receipt>();
  return (
    <>
      <h1>{t('officer.counter.title')}</h1>
      {receipt && <ReceiptView receipt={receipt} officer={officer} onClose={() => setReceipt(undefined)} />}
      <div className={receipt ? 'no-print' : undefined}>
        <SubmitForm officer={officer} onSubmitted={setReceipt} />
        <ReissueForm onReissued={setReceipt} />
      </div>
    </>
  );
}

function SubmitForm({ officer, onSubmitted }: { officer: Officer; onSubmitted: (receipt: Receipt) => void }) {
  const { t } = useTranslation();
  const empty = Object.fromEntries(FIELDS.map((f) => [f, ''])) as Record<Field, string>;
  const [values, setValues] = useState(empty);
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const submit = useMutation({
    mutationFn: () =>
      officerApi.submit(
        {
          officeCode: officer.office ?? '',
          applicant: {
            nik: values.nik.trim(),
            name: values.name.trim(),
            ...(values.email.trim() ? { email: values.email.trim() } : {}),
            ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
            ...(values.npwp.trim() ? { npwp: values.npwp.trim() } : {}),
          },
          business: {
            name: values.businessName.trim(),
            kbli: values.kbli.trim(),
            capital: rupiah(values.capital),
            ...(values.annualSales.trim() ? { annualSales: rupiah(values.annualSales) } : {}),
            address: { regionCode: values.regionCode.trim(), street: values.street.trim() },
          },
        },
        idempotencyKey,
      ),
    onSuccess: (result) => {
      onSubmitted({
        kind: 'submitted',
        applicationNumber: result.applicationNumber,
        trackingCode: result.trackingCode,
        businessName: values.businessName.trim(),
        applicantName: values.name.trim(),
        at: new Date().toISOString(),
      });
      setValues(empty);
      setIdempotencyKey(newIdempotencyKey());
    },
  });
  // The activity a complete KBLI code names, from the platform's catalogue, as the officer types.
  const kbliCode = values.kbli.trim();
  const kbli = useQuery({
    queryKey: ['kbli', kbliCode],
    queryFn: () => officerApi.kbli(kbliCode),
    enabled: /^\d{5}$/.test(kbliCode),
    staleTime: Infinity,
  });
  const kbliTitle = kbli.data?.find((k) => k.code === kbliCode)?.title;
  const kbliHint = /^\d{5}$/.test(kbliCode) && kbli.isSuccess ? (kbliTitle ?? t('officer.counter.kbliUnknown')) : undefined;
  const serverErrors = fieldErrors(t, submit.error, fieldOf);
  const messageOf = (field: Field) => local[field] ?? serverErrors[field];
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems: Partial<Record<Field, string>> = {};
    for (const field of REQUIRED) if (!values[field].trim()) problems[field] = t('officer.required');
    for (const field of ['capital', 'annualSales'] as const) {
      if (values[field].trim() && Number.isNaN(rupiah(values[field]))) problems[field] = t('officer.counter.amount');
    }
    setLocal(problems);
    if (Object.keys(problems).length === 0) submit.mutate();
  };
  const field = (name: Field, options: { type?: string; inputMode?: 'numeric' | 'email' | 'tel'; description?: string } = {}) => (
    <TextField
      name={name}
      value={values[name]}
      onChange={(v) => {
        setValues((old) => ({ ...old, [name]: v }));
        setLocal((old) => ({ ...old, [name]: undefined }));
      }}
      isInvalid={!!messageOf(name)}
      isRequired={REQUIRED.includes(name)}
      type={options.type}
      inputMode={options.inputMode}
    >
      <Label>{t(`officer.counter.field.${name}`)}</Label>
      <Input autoComplete="off" spellCheck={false} />
      {options.description && (
        <Text slot="description" className="hint" data-hint={name}>
          {options.description}
        </Text>
      )}
      <FieldError>{messageOf(name) ?? ''}</FieldError>
    </TextField>
  );
  return (
    <Form onSubmit={onSubmit} validationBehavior="aria" className="card counter-form" aria-labelledby="counter-submit">
      <h2 id="counter-submit">{t('officer.counter.submitTitle')}</h2>
      <p className="muted">{t('officer.counter.submitIntro', { office: officer.office ?? '' })}</p>
      <fieldset>
        <legend>{t('officer.counter.applicant')}</legend>
        <div className="form-grid">
          {field('nik', { inputMode: 'numeric' })}
          {field('name')}
          {field('email', { type: 'email', inputMode: 'email' })}
          {field('phone', { type: 'tel', inputMode: 'tel' })}
          {field('npwp')}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('officer.counter.business')}</legend>
        <div className="form-grid">
          {field('businessName')}
          {field('kbli', { inputMode: 'numeric', description: kbliHint })}
          {field('capital', { inputMode: 'numeric' })}
          {field('annualSales', { inputMode: 'numeric' })}
          {field('regionCode')}
          {field('street')}
        </div>
      </fieldset>
      <div className="action-row">
        <Button type="submit" isDisabled={submit.isPending}>
          {t('officer.counter.submit')}
        </Button>
        {submit.error && !allPlaced(submit.error, fieldOf) ? <ActionError error={submit.error} /> : null}
      </div>
    </Form>
  );
}

function ReissueForm({ onReissued }: { onReissued: (receipt: Receipt) => void }) {
  const { t } = useTranslation();
  const [number, setNumber] = useState('');
  const [missing, setMissing] = useState(false);
  const reissue = useMutation({
    mutationFn: () => officerApi.reissueTrackingCode(number.trim()),
    onSuccess: (result) => {
      onReissued({ kind: 'reissued', applicationNumber: number.trim(), trackingCode: result.trackingCode, at: new Date().toISOString() });
      setNumber('');
    },
  });
  return (
    <Form
      className="card"
      aria-labelledby="counter-reissue"
      validationBehavior="aria"
      onSubmit={(event) => {
        event.preventDefault();
        const empty = number.trim() === '';
        setMissing(empty);
        if (!empty) reissue.mutate();
      }}
    >
      <h2 id="counter-reissue">{t('officer.counter.reissueTitle')}</h2>
      <p className="muted">{t('officer.counter.reissueIntro')}</p>
      <TextField value={number} onChange={(v) => { setNumber(v); setMissing(false); }} isInvalid={missing} isRequired>
        <Label>{t('officer.applicationNumber')}</Label>
        <Input autoComplete="off" spellCheck={false} />
        <FieldError>{missing ? t('officer.required') : ''}</FieldError>
      </TextField>
      <div className="action-row">
        <Button type="submit" isDisabled={reissue.isPending}>
          {t('officer.counter.reissue')}
        </Button>
        <ActionError error={reissue.error} />
      </div>
    </Form>
  );
}

/** The receipt for the entrepreneur: on screen, and alone on paper (the print stylesheet hides the rest). */
function ReceiptView({ receipt, officer, onClose }: { receipt: Receipt; officer: Officer; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="receipt-title" className="card counter-receipt" data-receipt={receipt.applicationNumber}>
      <h2 id="receipt-title">{t(receipt.kind === 'submitted' ? 'officer.counter.receiptTitle' : 'officer.counter.reissuedTitle')}</h2>
      <p className="receipt-office">{t('app.name')} — {t('officer.office', { code: officer.office ?? '' })}</p>
      <dl>
        <dt>{t('officer.applicationNumber')}</dt>
        <dd className="mono" data-receipt-number>
          {receipt.applicationNumber}
        </dd>
        <dt>{t('track.trackingCode')}</dt>
        <dd className="mono receipt-code" data-receipt-code>
          {receipt.trackingCode}
        </dd>
        {receipt.applicantName && (
          <>
            <dt>{t('officer.case.applicant')}</dt>
            <dd>{receipt.applicantName}</dd>
          </>
        )}
        {receipt.businessName && (
          <>
            <dt>{t('officer.business')}</dt>
            <dd>{receipt.businessName}</dd>
          </>
        )}
        <dt>{t('officer.counter.at')}</dt>
        <dd>{formatDateTime(receipt.at, i18n.language)}</dd>
        <dt>{t('officer.counter.servedBy')}</dt>
        <dd>{officer.name}</dd>
      </dl>
      <p>
        <strong>{t('officer.counter.keepSecret')}</strong> {t('officer.counter.trackAt')}
      </p>
      <div className="action-row no-print">
        <Button onPress={() => window.print()}>{t('officer.counter.print')}</Button>
        <Button onPress={onClose} className="react-aria-Button secondary">
          {t('officer.counter.next')}
        </Button>
      </div>
    </section>
  );
}
