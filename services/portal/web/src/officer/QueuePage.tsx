import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Checkbox } from 'react-aria-components';
import { Link } from 'react-router';
import { formatDate } from '../format';
import { useTitle } from '../pages/useTitle';
import type { Officer } from '../session/session';
import { CASE_STATUSES, CaseStatus, CaseView, officerApi, RISK_LEVELS, RiskLevel } from './api';
import { ActionError } from './refusal';

/** The office's verification queue: filters, counts, overdue cases first. */
export function QueuePage(_props: { officer: Officer }) {
  const { t, i18n } = useTranslation();
  useTitle(t('officer.queue.title'));
  const [status, setStatus] = useState<CaseStatus | ''>('AWAITING_OFFICER');
  const [riskLevel, setRiskLevel] = useState<RiskLevel | ''>('');
  const [overdueOnly, setOverdueOnly] = useState(false);

  const filter = { status: status || undefined, riskLevel: riskLevel || undefined, overdue: overdueOnly || undefined, limit: 200 };
  const cases = useQuery({ queryKey: ['cases', filter], queryFn: () => officerApi.cases(filter) });
  // The counts: every case of the office (the newest 200), by status and overdue.
  const all = useQuery({ queryKey: ['cases', 'all'], queryFn: () => officerApi.cases({ limit: 200 }) });

  const counts = (all.data ?? []).reduce<Record<string, number>>((acc, c) => {
    acc[c.status] = (acc[c.status] ?? 0) + 1;
    if (c.overdue && c.status === 'AWAITING_OFFICER') acc.overdue = (acc.overdue ?? 0) + 1;
    return acc;
  }, {});
  // Overdue first, then by due date (the service's order), stable otherwise.
  const rows = [...(cases.data ?? [])].sort((a, b) => Number(b.overdue) - Number(a.overdue));

  return (
    <>
      <h1>{t('officer.queue.title')}</h1>
      <section aria-labelledby="queue-counts" className="counts">
        <h2 id="queue-counts" className="visually-hidden">
          {t('officer.queue.counts')}
        </h2>
        <dl className="count-list">
          <div>
            <dt>{t('officer.caseStatus.AWAITING_OFFICER')}</dt>
            <dd data-count="awaiting">{counts.AWAITING_OFFICER ?? 0}</dd>
          </div>
          <div className={counts.overdue ? 'count-overdue' : undefined}>
            <dt>{t('officer.queue.overdue')}</dt>
            <dd data-count="overdue">{counts.overdue ?? 0}</dd>
          </div>
          <div>
            <dt>{t('officer.caseStatus.REVISION_REQUESTED')}</dt>
            <dd data-count="revision">{counts.REVISION_REQUESTED ?? 0}</dd>
          </div>
          <div>
            <dt>{t('officer.caseStatus.VERIFIED')}</dt>
            <dd data-count="verified">{counts.VERIFIED ?? 0}</dd>
          </div>
        </dl>
      </section>

      <form className="filters" aria-label={t('officer.queue.filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('officer.queue.status')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as CaseStatus | '')}>
            <option value="">{t('officer.all')}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`officer.caseStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('officer.queue.risk')}</span>
          <select value={riskLevel} onChange={(e) => setRiskLevel(e.target.value as RiskLevel | '')}>
            <option value="">{t('officer.all')}</option>
            {RISK_LEVELS.map((r) => (
              <option key={r} value={r}>
                {t(`officer.risk.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <Checkbox isSelected={overdueOnly} onChange={setOverdueOnly} className="checkbox">
          <span className="checkbox-box" aria-hidden="true" />
          {t('officer.queue.overdueOnly')}
        </Checkbox>
      </form>

      <ActionError error={cases.error} />
      {cases.isPending && <p role="status">{t('officer.loading')}</p>}
      {cases.data && rows.length === 0 && <p>{t('officer.queue.empty')}</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">{t('officer.queue.caption', { count: rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('officer.applicationNumber')}</th>
                <th scope="col">{t('officer.business')}</th>
                <th scope="col">{t('officer.queue.risk')}</th>
                <th scope="col">{t('officer.queue.status')}</th>
                <th scope="col">{t('officer.queue.due')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <CaseRow key={c.id} item={c} language={i18n.language} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function CaseRow({ item, language }: { item: CaseView; language: string }) {
  const { t } = useTranslation();
  return (
    <tr className={item.overdue ? 'row-overdue' : undefined} data-case={item.applicationNumber}>
      <th scope="row">
        <Link to={`/petugas/antrean/${item.id}`}>{item.applicationNumber}</Link>
      </th>
      <td>
        {item.businessName}
        <br />
        <span className="muted">KBLI {item.kbli}</span>
      </td>
      <td>{t(`officer.risk.${item.riskLevel}`)}</td>
      <td>
        {t(`officer.caseStatus.${item.status}`)}
        {item.assignedTo && (
          <>
            <br />
            <span className="muted">{t('officer.queue.held')}</span>
          </>
        )}
      </td>
      <td>
        {item.dueAt ? formatDate(item.dueAt, language) : '—'}
        {item.overdue && (
          <>
            <br />
            <strong className="badge-overdue">{t('officer.queue.overdueBadge')}</strong>
          </>
        )}
      </td>
    </tr>
  );
}
