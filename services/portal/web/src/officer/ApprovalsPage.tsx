import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, FieldError, Label, TextArea, TextField } from 'react-aria-components';
import { formatDate, formatDateTime } from '../format';
import { useTitle } from '../pages/useTitle';
import type { Officer } from '../session/session';
import { APPROVAL_STATUSES, ApprovalStatus, ApprovalView, officerApi } from './api';
import { ActionError, fieldErrors } from './refusal';

/** The head of office approves or denies the office's high-risk applications (never one they verified). */
export function ApprovalsPage(_props: { officer: Officer }) {
  const { t } = useTranslation();
  useTitle(t('officer.approvals.title'));
  const [status, setStatus] = useState<ApprovalStatus>('PENDING');
  const approvals = useQuery({ queryKey: ['approvals', status], queryFn: () => officerApi.approvals(status) });
  return (
    <>
      <h1>{t('officer.approvals.title')}</h1>
      <p>{t('officer.approvals.intro')}</p>
      <form className="filters" aria-label={t('officer.queue.filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('officer.queue.status')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as ApprovalStatus)}>
            {APPROVAL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`officer.approvalStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ActionError error={approvals.error} />
      {approvals.isPending && <p role="status">{t('officer.loading')}</p>}
      {approvals.data?.length === 0 && <p>{t('officer.approvals.empty')}</p>}
      {approvals.data?.map((approval) => (
        <ApprovalCard key={approval.id} approval={approval} />
      ))}
    </>
  );
}

function ApprovalCard({ approval }: { approval: ApprovalView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['approvals'] });
  const approve = useMutation({ mutationFn: () => officerApi.approve(approval.id), onSuccess: refresh });
  const deny = useMutation({ mutationFn: () => officerApi.deny(approval.id, reason.trim()), onSuccess: refresh });
  const reasonError = reasonMissing ? t('officer.approvals.reasonRequired') : fieldErrors(t, deny.error, (f) => (f === 'reason' ? 'reason' : undefined)).reason;
  const headingId = `approval-${approval.id}`;
  return (
    <article aria-labelledby={headingId} className="card" data-approval={approval.applicationNumber}>
      <h2 id={headingId}>{t('officer.approvals.item', { number: approval.applicationNumber })}</h2>
      <dl>
        <dt>{t('officer.queue.status')}</dt>
        <dd data-approval-status={approval.status}>{t(`officer.approvalStatus.${approval.status}`)}</dd>
        <dt>{t('officer.case.applicant')}</dt>
        <dd>{approval.applicantName}</dd>
        <dt>{t('officer.business')}</dt>
        <dd>
          {approval.business.name}
          <br />
          KBLI {approval.business.kbli} {approval.business.kbliTitle}
        </dd>
        <dt>{t('officer.queue.risk')}</dt>
        <dd>
          {t(`officer.risk.${approval.riskLevel}`)} · {t(`officer.scale.${approval.businessScale}`, { defaultValue: approval.businessScale })}
        </dd>
        <dt>{t('officer.approvals.requested')}</dt>
        <dd>{formatDateTime(approval.requestedAt, lang)}</dd>
        {approval.dueAt && (
          <>
            <dt>{t('officer.queue.due')}</dt>
            <dd>
              {formatDate(approval.dueAt, lang)}
              {approval.overdueSince && approval.status === 'PENDING' && (
                <>
                  <br />
                  <strong className="badge-overdue">{t('officer.queue.overdueBadge')}</strong>
                </>
              )}
            </dd>
          </>
        )}
        {approval.decidedAt && (
          <>
            <dt>{t('officer.approvals.decided')}</dt>
            <dd data-deemed={approval.deemedBasis}>
              {formatDateTime(approval.decidedAt, lang)}
              {approval.decidedByName && ` — ${approval.decidedByName}`}
              {approval.deemedBasis && ` — ${t('officer.approvals.deemed', { basis: approval.deemedBasis })}`}
            </dd>
          </>
        )}
        {approval.reason && (
          <>
            <dt>{t('officer.approvals.reason')}</dt>
            <dd>{approval.reason}</dd>
          </>
        )}
        {approval.permits.length > 0 && (
          <>
            <dt>{t('officer.approvals.permits')}</dt>
            <dd>
              <ul>
                {approval.permits.map((p) => (
                  <li key={p.number}>
                    {t(`permitType.${p.type}`)}: <span className="mono">{p.number}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {approval.status === 'PENDING' && (
        <div className="decision">
          <div className="action-row">
            <Button onPress={() => approve.mutate()} isDisabled={approve.isPending || deny.isPending}>
              {t('officer.approvals.approve')}
            </Button>
            <ActionError error={approve.error} />
          </div>
          <TextField value={reason} onChange={(v) => { setReason(v); setReasonMissing(false); }} isInvalid={!!reasonError} className="react-aria-TextField">
            <Label>{t('officer.approvals.reasonLabel')}</Label>
            <TextArea rows={3} className="react-aria-TextArea" />
            <FieldError>{reasonError ?? ''}</FieldError>
          </TextField>
          <div className="action-row">
            <Button
              className="react-aria-Button danger"
              isDisabled={approve.isPending || deny.isPending}
              onPress={() => {
                const empty = reason.trim() === '';
                setReasonMissing(empty);
                if (!empty) deny.mutate();
              }}
            >
              {t('officer.approvals.deny')}
            </Button>
            {!reasonError && <ActionError error={deny.error} />}
          </div>
        </div>
      )}
    </article>
  );
}
