import { useMutation } from '@tanstack/react-query';
import { FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'react-aria-components';
import { errorKey, request } from '../api/client';
import { formatBytes } from './fields';
import { CERTIFICATE_MAX_BYTES, refusalOf } from './files';
import './apply.css';

/** What POST /api/v1/permits/{n}/verification answers for a presented PDF. */
interface DocumentCheck {
  permitNumber: string;
  sha256: string;
  matches: boolean;
  current: boolean;
  version?: number;
  valid: boolean;
  status: 'ACTIVE' | 'REVOKED' | 'EXPIRED';
}

/** The check of a certificate PDF against the hash recorded at issue (the file is sent, its SHA-256 compared). */
export function CertificateCheck({ permitNumber }: { permitNumber: string }) {
  const { t, i18n } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [refusal, setRefusal] = useState<string | undefined>();
  const check = useMutation({
    mutationFn: (file: File) =>
      request<DocumentCheck>('POST', `/api/v1/permits/${encodeURIComponent(permitNumber)}/verification`, { body: file, headers: { 'content-type': 'application/pdf' } }),
  });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    check.reset();
    const file = input.current?.files?.[0];
    if (!file) return setRefusal(t('apply.track.noFile'));
    const refused = await refusalOf(file, CERTIFICATE_MAX_BYTES, ['application/pdf']);
    if (refused) {
      return setRefusal(
        refused.reason === 'tooLarge'
          ? t('apply.verify.tooLarge', { name: file.name, max: formatBytes(CERTIFICATE_MAX_BYTES, i18n.language) })
          : t('apply.verify.notPdf', { name: file.name }),
      );
    }
    setRefusal(undefined);
    check.mutate(file);
  };

  const result = check.data;
  return (
    <section aria-labelledby="certificate-check-title" className="card certificate-check">
      <h2 id="certificate-check-title">{t('apply.verify.checkTitle')}</h2>
      <p>{t('apply.verify.checkText')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="certificate-file">{t('apply.verify.file')}</label>
        <input
          ref={input}
          id="certificate-file"
          type="file"
          accept="application/pdf,.pdf"
          aria-invalid={refusal ? true : undefined}
          aria-describedby={refusal ? 'certificate-file-error' : undefined}
          onChange={() => (setRefusal(undefined), check.reset())}
        />
        {refusal && (
          <p id="certificate-file-error" className="field-error" role="alert">
            {refusal}
          </p>
        )}
        <Button type="submit" isDisabled={check.isPending}>
          {check.isPending ? t('apply.verify.checking') : t('apply.verify.check')}
        </Button>
      </form>
      <div role="status" aria-live="polite">
        {result && (
          <p className={result.matches ? 'match' : 'mismatch'} data-matches={String(result.matches)}>
            {!result.matches
              ? t('apply.verify.mismatch', { number: permitNumber })
              : result.current
                ? t('apply.verify.match', { number: permitNumber })
                : t('apply.verify.matchOld', { number: permitNumber, version: result.version })}
            {result.matches && !result.valid && (
              <>
                <br />
                {t('apply.verify.permitInvalid')}
              </>
            )}
          </p>
        )}
        {check.error && <p className="field-error">{t(errorKey(check.error))}</p>}
      </div>
    </section>
  );
}
