import { useTranslation } from 'react-i18next';
import { useTitle } from '../pages/useTitle';

/** The officers' screens under /petugas (queue, case, counter, approvals, permits, settings, audit). */
export function OfficerApp() {
  const { t } = useTranslation();
  useTitle(t('app.officers'));
  return <h1>{t('app.officers')}</h1>;
}
