import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTitle } from '../pages/useTitle';
import type { Officer } from '../session/session';
import { officerApi } from './api';
import { OfficeForm } from './OfficeForm';
import { ActionError } from './refusal';

/** The office admin's settings of their own office: calendar, holidays, number template, service levels. */
export function SettingsPage({ officer }: { officer: Officer }) {
  const { t } = useTranslation();
  useTitle(t('officer.settings.title'));
  const code = officer.office ?? '';
  const office = useQuery({ queryKey: ['office', code], queryFn: () => officerApi.office(code), enabled: code !== '' });
  return (
    <>
      <h1>{t('officer.settings.title')}</h1>
      <ActionError error={office.error} />
      {office.isPending && <p role="status">{t('officer.loading')}</p>}
      {office.data && (
        <>
          <p>{t('officer.settings.intro', { name: office.data.name, code: office.data.code })}</p>
          <OfficeForm key={office.data.code} office={office.data} showActive={false} />
        </>
      )}
    </>
  );
}
