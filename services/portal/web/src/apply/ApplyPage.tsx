import { useTranslation } from 'react-i18next';
import { useTitle } from '../pages/useTitle';

/** The application wizard at /ajukan. */
export function ApplyPage() {
  const { t } = useTranslation();
  useTitle(t('app.apply'));
  return <h1>{t('app.apply')}</h1>;
}
