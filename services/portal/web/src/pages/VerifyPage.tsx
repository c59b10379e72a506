import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError, errorKey, PermitVerification } from '../api/client';
import { CertificateCheck } from '../apply/CertificateCheck';
import { formatDate } from '../format';
import { useTitle } from './useTitle';

/** The public verification page a certificate's QR code opens: valid, revoked or expired, and for whom. */
export function VerifyPage() {
  const { t } = useTranslation();
  const permitNumber = useParams().permitNumber ?? '';
  useTitle(t('verify.title', { number: permitNumber }));
  const query = useQuery({ queryKey: ['verification', permitNumber], queryFn: () => api.verification(permitNumber), enabled: permitNumber !== '' });

  return (
    <>
      <h1>{t('verify.title', { number: permitNumber })}</h1>
      {query.isPending && <p role="status">{t('verify.loading')}</p>}
      {query.error && (
        <p role="alert" className="error">
          {query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400)
            ? t('verify.notFound', { number: permitNumber })
            : t(errorKey(query.error))}
        </p>
      )}
      {query.data && <Verification permit={query.data} />}
      {query.data && <CertificateCheck permitNumber={query.data.permitNumber} />}
    </>
  );
}

function Verification({ permit }: { permit: PermitVerification }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const signature = !permit.signature ? 'NONE' : permit.signature.status === 'PENDING' ? 'PENDING' : permit.signature.verified ? 'VERIFIED' : 'UNVERIFIED';
  return (
    <section aria-labelledby="verification-result" className={`card verdict verdict-${permit.status.toLowerCase()}`}>
      <h2 id="verification-result" data-status={permit.status}>
        {t(`verify.status.${permit.status}`)}
      </h2>
      <dl>
        <dt>{t('verify.holder')}</dt>
        <dd>{permit.holderName}</dd>
        <dt>{t('verify.type')}</dt>
        <dd>{t(`permitType.${permit.type}`)}</dd>
        <dt>{t('verify.activities')}</dt>
        <dd>
          <ul>
            {permit.activities.map((a) => (
              <li key={a.kbli}>
                {a.businessName}: {a.kbli} — {a.title}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('verify.office')}</dt>
        <dd>{permit.office.name}</dd>
        <dt>{t('verify.issuedAt')}</dt>
        <dd>{formatDate(permit.issuedAt, lang)}</dd>
        <dt>{t('verify.validUntil')}</dt>
        <dd>{permit.validUntil ? formatDate(permit.validUntil, lang) : t('verify.noExpiry')}</dd>
        {permit.revokedAt && (
          <>
            <dt>{t('verify.revokedAt')}</dt>
            <dd>{formatDate(permit.revokedAt, lang)}</dd>
          </>
        )}
        <dt>{t('verify.signature')}</dt>
        <dd data-signature={signature}>{t(`verify.signatureStatus.${signature}`)}</dd>
      </dl>
    </section>
  );
}
