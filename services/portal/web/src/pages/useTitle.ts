import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the document title (what a screen reader announces on navigation) to the page's heading. */
export function useTitle(heading: string) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${heading} — ${t('app.name')}`;
  }, [heading, t]);
}
