import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, FieldError, Form, Input, Label, TextArea, TextField } from 'react-aria-components';
import { Link } from 'react-router';
import { formatDate } from '../format';
import { useTitle } from '../pages/useTitle';
import type { Officer } from '../session/session';
import { officerApi, PermitSummary } from './api';
import { ActionError, fieldErrors } from './refusal';
import { mayAct } from './sections';

/** Permits of the office by permit number, NIB, NIK or name; the head of office revokes with a reason. */
export function PermitsPage({ officer }: { officer: Officer }) {
  const { t } = useTranslation();
  useTitle(t('officer.permits.title'));
  const [text, setText] = useState('');
  const [asked, setAsked] = useState<string>();
  const [tooShort, setTooShort] = useState(false);
  // Before a search: the office's latest permits.
  const found = useQuery({ queryKey: ['permits', asked ?? ''], queryFn: () => officerApi.permits(asked ?? '') });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = text.trim();
    setTooShort(q.length < 2);
    if (q.length >= 2) setAsked(q);
  };
  const queryError = tooShort ? t('officer.permits.tooShort') : fieldErrors(t, found.error, (f) => (f === 'q' ? 'q' : undefined)).q;
  const canRevoke = mayAct(officer.roles, 'revokePermits');
  return (
    <>
      <h1>{t('officer.permits.title')}</h1>
      <Form onSubmit={submit} className="card search-form" validationBehavior="aria" aria-label={t('officer.permits.search')}>
        <TextField value={text} onChange={(v) => { setText(v); setTooShort(false); }} isInvalid={!!queryError}>
          <Label>{t('officer.permits.query')}</Label>
          <Input autoComplete="off" spellCheck={false} />
          <FieldError>{queryError ?? ''}</FieldError>
        </TextField>
        <Button type="submit" isDisabled={found.isFetching}>
          {t('officer.permits.search')}
        </Button>
      </Form>
      {!queryError && <ActionError error={found.error} />}
      {found.isFetching && <p role="status">{t('officer.loading')}</p>}
      {found.data?.length === 0 && <p>{asked === undefined ? t('officer.permits.noneYet') : t('officer.permits.none', { q: asked })}</p>}
      {found.data && found.data.length > 0 && (
        <ul className="plain-list" aria-label={asked === undefined ? t('officer.permits.latest') : t('officer.permits.results', { count: found.data.length })}>
          {found.data.map((permit) => (
            <PermitItem key={`${permit.number}-${permit.applicationNumber}`} permit={permit} canRevoke={canRevoke} />
          ))}
        </ul>
      )}
    </>
  );
}

function PermitItem({ permit, canRevoke }: { permit: PermitSummary; canRevoke: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const revoke = useMutation({
    mutationFn: () => officerApi.revoke(permit.number, reason.trim()),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['permits'] }),
  });
  const reasonError = missing ? t('officer.permits.reasonRequired') : fieldErrors(t, revoke.error, (f) => (f === 'reason' ? 'reason' : undefined)).reason;
  const headingId = `permit-${permit.number}-${permit.applicationNumber}`.replace(/[^A-Za-z0-9-]/g, '-');
  return (
    <li className="card" data-permit={permit.number}>
      <h2 id={headingId}>
        {t(`permitType.${permit.type}`)} <span className="mono">{permit.number}</span>
      </h2>
      <dl>
        <dt>{t('officer.queue.status')}</dt>
        <dd data-permit-status={permit.status}>{t(`officer.permitStatus.${permit.status}`)}</dd>
        <dt>{t('officer.permits.holder')}</dt>
        <dd>
          {permit.holderName} · NIB <span className="mono">{permit.nib}</span>
        </dd>
        <dt>{t('officer.business')}</dt>
        <dd>
          {permit.businessName} · KBLI {permit.kbli} {permit.kbliTitle}
        </dd>
        <dt>{t('officer.applicationNumber')}</dt>
        <dd>{permit.applicationNumber}</dd>
        <dt>{t('officer.permits.issued')}</dt>
        <dd>
          {formatDate(permit.issuedAt, lang)}
          {permit.validUntil && ` — ${formatDate(permit.validUntil, lang)}`}
        </dd>
        {permit.revokedAt && (
          <>
            <dt>{t('officer.permits.revokedAt')}</dt>
            <dd>
              {formatDate(permit.revokedAt, lang)}
              {permit.revocationReason && ` — ${permit.revocationReason}`}
            </dd>
          </>
        )}
      </dl>
      <p>
        <Link to={`/verifikasi/${encodeURIComponent(permit.number)}`}>{t('track.verifyPermit', { number: permit.number })}</Link>
      </p>
      {canRevoke && permit.status === 'ACTIVE' && (
        <div className="decision">
          <TextField value={reason} onChange={(v) => { setReason(v); setMissing(false); }} isInvalid={!!reasonError}>
            <Label>{t('officer.permits.reasonLabel', { number: permit.number })}</Label>
            <TextArea rows={2} className="react-aria-TextArea" />
            <FieldError>{reasonError ?? ''}</FieldError>
          </TextField>
          <div className="action-row">
            <Button
              className="react-aria-Button danger"
              isDisabled={revoke.isPending}
              onPress={() => {
                const empty = reason.trim() === '';
                setMissing(empty);
                if (!empty) revoke.mutate();
              }}
            >
              {t('officer.permits.revoke', { number: permit.number })}
            </Button>
            {!reasonError && <ActionError error={revoke.error} />}
          </div>
        </div>
      )}
    </li>
  );
}
