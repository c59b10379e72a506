import { RefObject, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'react-aria-components';
import { Link } from 'react-router';
import { Submitted } from './applyApi';

/** After submitting: the number and tracking code to keep (copy, print), the secret warning, the way to tracking. */
export function ResultScreen({
  result,
  documents,
  headingRef,
  onAnother,
}: {
  result: Submitted;
  documents: string[];
  headingRef: RefObject<HTMLHeadingElement | null>;
  onAnother: () => void;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<string | undefined>();
  const copy = async (what: string, value: string) => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(t('apply.result.copied', { what }));
    } catch {
      setCopied(t('apply.result.copyFailed'));
    }
  };
  const number = t('apply.result.applicationNumber');
  const code = t('apply.result.trackingCode');
  return (
    <section className="result" aria-labelledby="result-title">
      <h1 id="result-title" ref={headingRef} tabIndex={-1}>
        {t('apply.result.title')}
      </h1>
      <p>{t('apply.result.intro')}</p>
      <div className="card receipt">
        <dl>
          <dt>{number}</dt>
          <dd>
            <span className="code" data-testid="application-number">
              {result.applicationNumber}
            </span>
            <Button className="react-aria-Button secondary no-print" onPress={() => void copy(number, result.applicationNumber)}>
              {t('apply.result.copy', { what: number.toLowerCase() })}
            </Button>
          </dd>
          <dt>{code}</dt>
          <dd>
            <span className="code" data-testid="tracking-code">
              {result.trackingCode}
            </span>
            <Button className="react-aria-Button secondary no-print" onPress={() => void copy(code, result.trackingCode)}>
              {t('apply.result.copy', { what: code.toLowerCase() })}
            </Button>
          </dd>
        </dl>
        <p className="secret" role="note">
          <strong>{t('apply.result.secret')}</strong>
        </p>
        <p>{documents.length > 0 ? t('apply.result.nextDocuments', { documents: documents.map((d) => t(`apply.documents.${d}`, { defaultValue: d })).join(', ') }) : t('apply.result.nextNone')}</p>
      </div>
      <p role="status" className="copied">
        {copied ?? ''}
      </p>
      <div className="actions no-print">
        <Button onPress={() => window.print()}>{t('apply.result.print')}</Button>
        <Link className="button-link" to="/lacak" state={{ applicationNumber: result.applicationNumber, trackingCode: result.trackingCode }}>
          {t('apply.result.track')}
        </Link>
        <Button className="react-aria-Button secondary" onPress={onAnother}>
          {t('apply.result.another')}
        </Button>
      </div>
    </section>
  );
}
