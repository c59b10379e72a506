import { useInfiniteQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Form, Input, Label, TextField } from 'react-aria-components';
import { formatDateTime } from '../format';
import { useTitle } from '../pages/useTitle';
import type { Officer } from '../session/session';
import { AUDIT_SOURCES, AuditSource, officerApi } from './api';
import { ActionError } from './refusal';

const PAGE = 50;

/** Each service's audit trail, newest first: the office admin's own office, any office for the platform admin. */
export function AuditPage({ officer }: { officer: Officer }) {
  const { t, i18n } = useTranslation();
  useTitle(t('officer.audit.title'));
  const platformAdmin = officer.roles.includes('platform-admin');
  const [source, setSource] = useState<AuditSource>('intake');
  const [form, setForm] = useState({ action: '', office: '' });
  const [filter, setFilter] = useState({ action: '', office: '' });
  const records = useInfiniteQuery({
    queryKey: ['audit', source, filter],
    queryFn: ({ pageParam }) =>
      officerApi.audit(source, { action: filter.action || undefined, office: platformAdmin ? filter.office || undefined : undefined, before: pageParam, limit: PAGE }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.length === PAGE ? last[last.length - 1].id : undefined),
  });
  const rows = records.data?.pages.flat() ?? [];
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFilter({ action: form.action.trim(), office: form.office.trim() });
  };
  return (
    <>
      <h1>{t('officer.audit.title')}</h1>
      <Form onSubmit={onSubmit} className="filters" aria-label={t('officer.queue.filters')}>
        <label className="officer-select">
          <span>{t('officer.audit.source')}</span>
          <select value={source} onChange={(e) => setSource(e.target.value as AuditSource)}>
            {AUDIT_SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`officer.audit.sources.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <TextField value={form.action} onChange={(v) => setForm((f) => ({ ...f, action: v }))}>
          <Label>{t('officer.audit.action')}</Label>
          <Input placeholder="application.submitted" autoComplete="off" />
        </TextField>
        {platformAdmin && (
          <TextField value={form.office} onChange={(v) => setForm((f) => ({ ...f, office: v }))}>
            <Label>{t('officer.offices.code')}</Label>
            <Input inputMode="numeric" autoComplete="off" />
          </TextField>
        )}
        <Button type="submit">{t('officer.audit.filter')}</Button>
      </Form>
      <ActionError error={records.error} />
      {records.isPending && <p role="status">{t('officer.loading')}</p>}
      {records.data && rows.length === 0 && <p>{t('officer.audit.empty')}</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">{t('officer.audit.caption', { source: t(`officer.audit.sources.${source}`) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('officer.audit.at')}</th>
                <th scope="col">{t('officer.audit.action')}</th>
                <th scope="col">{t('officer.audit.subject')}</th>
                <th scope="col">{t('officer.audit.actor')}</th>
                <th scope="col">{t('officer.offices.code')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((record) => (
                <tr key={record.id} data-audit-action={record.action}>
                  <td>{formatDateTime(record.at, i18n.language)}</td>
                  <td className="mono">{record.action}</td>
                  <td>
                    {record.subject.type} <span className="mono">{record.subject.id}</span>
                  </td>
                  <td>
                    {record.actor.role ? t(`officer.role.${record.actor.role}`, { defaultValue: record.actor.role }) : t(`officer.audit.actorKind.${record.actor.kind}`, { defaultValue: record.actor.kind })}
                  </td>
                  <td>{record.office ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {records.hasNextPage && (
        <Button onPress={() => void records.fetchNextPage()} isDisabled={records.isFetchingNextPage} className="react-aria-Button secondary">
          {t('officer.audit.more')}
        </Button>
      )}
    </>
  );
}
