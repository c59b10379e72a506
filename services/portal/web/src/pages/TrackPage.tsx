import { useQuery } from '@tanstack/react-query';
import { FormEvent, ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, FieldError, Form, Input, Label, TextField } from 'react-aria-components';
import { Link, useLocation } from 'react-router';
import { api, ApiError, ApplicationView, errorKey } from '../api/client';
import { ApplicantActions, TrackedApplication } from '../apply/ApplicantActions';
import { formatDate, formatDateTime } from '../format';
import { useTitle } from './useTitle';

type Field = 'applicationNumber' | 'trackingCode';

/** Which form field an API error's `details[].field` names (the tracking code travels as a header). */
function fieldOf(name: string): Field | undefined {
  if (/tracking/i.test(name)) return 'trackingCode';
  if (/applicationNumber/i.test(name)) return 'applicationNumber';
  return undefined;
}

/** Track an application with its number and tracking code: status in plain words, timeline, permits. */
export function TrackPage() {
  const { t } = useTranslation();
  useTitle(t('track.title'));
  // Straight from the wizard's result: the number and code come in the history state (never in the URL).
  const handed = handedOver(useLocation().state);
  const [values, setValues] = useState(handed ?? { applicationNumber: '', trackingCode: '' });
  const [missing, setMissing] = useState<Partial<Record<Field, boolean>>>({});
  const [asked, setAsked] = useState<{ applicationNumber: string; trackingCode: string } | undefined>(handed);
  // Once, on arrival: the code leaves the history entry after it has been read.
  const arrivedWithCode = useRef(handed !== undefined);
  useEffect(() => {
    if (arrivedWithCode.current) window.history.replaceState({ ...window.history.state, usr: undefined }, '');
  }, []);

  const query = useQuery({
    queryKey: ['application', asked?.applicationNumber, asked?.trackingCode],
    queryFn: () => (asked ? (api.application(asked.applicationNumber, asked.trackingCode) as Promise<TrackedApplication>) : Promise.reject(new Error('nothing asked'))),
    enabled: asked !== undefined,
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const applicationNumber = values.applicationNumber.trim();
    const trackingCode = values.trackingCode.trim();
    const empty = { applicationNumber: !applicationNumber, trackingCode: !trackingCode };
    setMissing(empty);
    if (empty.applicationNumber || empty.trackingCode) return;
    // The same number and code again: ask again (the status may have moved on).
    if (asked && asked.applicationNumber === applicationNumber && asked.trackingCode === trackingCode) void query.refetch();
    else setAsked({ applicationNumber, trackingCode });
  };

  const error = query.error;
  // A wrong tracking code and an unknown number read the same (the API answers both with 404).
  const notFound = error instanceof ApiError && error.status === 404;
  const fieldErrors: Partial<Record<Field, string>> = {};
  if (error instanceof ApiError) for (const d of error.details) {
    const field = fieldOf(d.field);
    if (field) fieldErrors[field] = t('errors.invalid');
  }
  const formError = error && !notFound && Object.keys(fieldErrors).length === 0 ? t(errorKey(error)) : undefined;
  const messageFor = (field: Field) => (missing[field] ? t('track.required') : fieldErrors[field]);

  const change = (field: Field) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setMissing((m) => ({ ...m, [field]: false }));
  };

  return (
    <>
      <h1>{t('track.title')}</h1>
      <p>{t('track.intro')}</p>
      <Form onSubmit={submit} validationBehavior="aria" aria-labelledby="track-form-title" className="card">
        <h2 id="track-form-title" className="visually-hidden">{t('track.title')}</h2>
        <TextField name="applicationNumber" value={values.applicationNumber} onChange={change('applicationNumber')} isInvalid={!!messageFor('applicationNumber') || notFound} isRequired>
          <Label>{t('track.applicationNumber')}</Label>
          <Input autoComplete="off" autoCapitalize="characters" spellCheck={false} />
          <FieldError>{messageFor('applicationNumber') ?? ''}</FieldError>
        </TextField>
        <TextField name="trackingCode" value={values.trackingCode} onChange={change('trackingCode')} isInvalid={!!messageFor('trackingCode') || notFound} isRequired>
          <Label>{t('track.trackingCode')}</Label>
          <Input autoComplete="off" autoCapitalize="characters" spellCheck={false} />
          <FieldError>{messageFor('trackingCode') ?? ''}</FieldError>
        </TextField>
        {notFound && (
          <p role="alert" className="error">
            {t('track.notFound')}
          </p>
        )}
        {formError && (
          <p role="alert" className="error">
            {formError}
          </p>
        )}
        <Button type="submit" isDisabled={query.isFetching}>
          {t('track.submit')}
        </Button>
        {query.isFetching && <p role="status">{t('track.loading')}</p>}
      </Form>
      {query.data && asked && (
        <ApplicationDetails application={query.data}>
          <ApplicantActions application={query.data} trackingCode={asked.trackingCode} refresh={() => void query.refetch()} />
        </ApplicationDetails>
      )}
    </>
  );
}

/** The application number and tracking code the wizard's result handed over in the history state. */
function handedOver(state: unknown): { applicationNumber: string; trackingCode: string } | undefined {
  const s = state as { applicationNumber?: unknown; trackingCode?: unknown } | null;
  return s && typeof s.applicationNumber === 'string' && typeof s.trackingCode === 'string'
    ? { applicationNumber: s.applicationNumber, trackingCode: s.trackingCode }
    : undefined;
}

function ApplicationDetails({ application, children }: { application: ApplicationView; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const next = application.nextStep;
  return (
    <section aria-labelledby="application-title" className="card">
      <h2 id="application-title">{t('track.resultTitle', { number: application.applicationNumber })}</h2>
      <dl>
        <dt>{t('track.status')}</dt>
        <dd>
          <strong data-status={application.status}>{t(`status.${application.status}`)}</strong>
        </dd>
        <dt>{t('track.business')}</dt>
        <dd>
          {application.business.name} — {application.business.kbli} {application.business.kbliTitle}
        </dd>
        {application.ruleSet && (
          <>
            <dt>{t('track.ruleSet')}</dt>
            <dd data-rule-set={application.ruleSet.id}>
              <a href={application.ruleSet.url} rel="noopener noreferrer" target="_blank" title={application.ruleSet.title}>
                {application.ruleSet.regulation}
              </a>{' '}
              — {application.ruleSet.title}
            </dd>
          </>
        )}
        <dt>{t('track.submittedAt')}</dt>
        <dd>{formatDateTime(application.submittedAt, lang)}</dd>
        {application.dueAt && (
          <>
            <dt>{t('track.dueAt')}</dt>
            <dd>{formatDate(application.dueAt, lang)}</dd>
          </>
        )}
        <dt>{t('track.nextStep')}</dt>
        <dd data-next-by={next.by}>
          {next.by === 'APPLICANT' && application.status !== 'REVISION_REQUESTED'
            ? t('apply.track.nextUpload')
            : t(`apply.track.nextDescription.${application.status}`)}
          <br />
          {t(`track.nextBy.${next.by}`)}
          {next.missingDocuments && next.missingDocuments.length > 0 && (
            <>
              <br />
              {t('track.missingDocuments')}: {next.missingDocuments.map((d) => t(`apply.documents.${d}`, { defaultValue: d })).join(', ')}
            </>
          )}
          {next.reasons && next.reasons.length > 0 && (
            <>
              <br />
              {t('track.reasons')}: {next.reasons.join('; ')}
            </>
          )}
        </dd>
      </dl>

      {children}

      <h3 id="timeline-title">{t('track.timeline')}</h3>
      <ol aria-labelledby="timeline-title" className="timeline">
        {application.timeline.map((step, i) => (
          <li key={`${step.status}-${step.at}-${i}`}>
            <strong>{t(`status.${step.status}`)}</strong> — <time dateTime={step.at}>{formatDateTime(step.at, lang)}</time>
            {step.reasons && step.reasons.length > 0 && <p>{step.reasons.join('; ')}</p>}
          </li>
        ))}
      </ol>

      {application.notifications && application.notifications.length > 0 && (
        <>
          <h3 id="notifications-title">{t('track.notifications')}</h3>
          <ul aria-labelledby="notifications-title" className="notifications">
            {application.notifications.map((n, i) => (
              <li key={`${n.kind}-${n.channel}-${n.sentAt}-${i}`}>
                {t(`track.notificationKind.${n.kind}`)} — {t(`track.channel.${n.channel}`)}, <time dateTime={n.sentAt}>{formatDateTime(n.sentAt, lang)}</time>
              </li>
            ))}
          </ul>
        </>
      )}

      <h3 id="permits-title">{t('track.permits')}</h3>
      {application.permits.length === 0 ? (
        <p>{t('track.noPermits')}</p>
      ) : (
        <ul aria-labelledby="permits-title" className="permits">
          {application.permits.map((permit) => (
            <li key={permit.number}>
              <p>
                <strong>{t(`permitType.${permit.type}`)}</strong>
                <br />
                {t('track.permitNumber')}: <span className="permit-number">{permit.number}</span>
                <br />
                {t('track.issuedAt')}: {formatDate(permit.issuedAt, lang)}
                {permit.validUntil && (
                  <>
                    <br />
                    {t('track.validUntil')}: {formatDate(permit.validUntil, lang)}
                  </>
                )}
                {permit.deemedBasis && (
                  <>
                    <br />
                    <span data-deemed={permit.deemedBasis}>{t('track.deemed', { basis: permit.deemedBasis })}</span>
                  </>
                )}
              </p>
              <p className="actions">
                <a href={api.certificateUrl(permit.number)} download>
                  {t('track.downloadCertificate', { number: permit.number })}
                </a>
                <Link to={`/verifikasi/${encodeURIComponent(permit.number)}`}>{t('track.verifyPermit', { number: permit.number })}</Link>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
