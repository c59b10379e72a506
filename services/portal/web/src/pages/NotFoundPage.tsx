import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTitle } from './useTitle';

export function NotFoundPage() {
  const { t } = useTranslation();
  useTitle(t('app.notFoundTitle'));
  return (
    <>
      <h1>{t('app.notFoundTitle')}</h1>
      <p>{t('app.notFoundText')}</p>
      <p>
        <Link to="/">{t('app.backHome')}</Link>
      </p>
    </>
  );
}
