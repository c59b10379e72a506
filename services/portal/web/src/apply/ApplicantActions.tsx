import { useMutation } from '@tanstack/react-query';
import { FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { ApiError, ApplicationView, errorKey, request } from '../api/client';
import { formatDate } from '../format';
import { formatBytes } from './fields';
import { DOCUMENT_ACCEPT, DOCUMENT_MAX_BYTES, refusalOf } from './files';
import './apply.css';

/** What GET /api/v1/applications/{n} answers beyond the fields the tracking page always showed. */
export interface TrackedApplication extends ApplicationView {
  checklist: string[];
  documents: Array<{ type: string; contentType: string; sizeBytes: number; sha256: string; uploadedAt: string }>;
}

const DOCUMENTS_OPEN = ['SUBMITTED', 'UNDER_VERIFICATION', 'REVISION_REQUESTED'];
const UNDECIDED = ['SUBMITTED', 'UNDER_VERIFICATION', 'REVISION_REQUESTED', 'AWAITING_APPROVAL'];

const path = (applicationNumber: string, action: string) => `/api/v1/applications/${encodeURIComponent(applicationNumber)}/${action}`;

/**
 * What the entrepreneur does with a tracked application (tracking code in `X-Tracking-Code`): upload the
 * checklist's documents (camera on a phone; refused before upload when too large or of another type),
 * resubmit after a revision request, withdraw with a confirmation.
 */
export function ApplicantActions({ application, trackingCode, refresh }: { application: TrackedApplication; trackingCode: string; refresh: () => void }) {
  const { t } = useTranslation();
  const [done, setDone] = useState<string | undefined>();
  const after = (message: string) => {
    setDone(message);
    refresh();
  };
  const checklist = application.checklist ?? [];
  const open = DOCUMENTS_OPEN.includes(application.status);
  return (
    <>
      {checklist.length > 0 && (
        <section aria-labelledby="documents-title" className="documents">
          <h3 id="documents-title">{open && (application.nextStep.missingDocuments?.length ?? 0) > 0 ? t('apply.track.uploadsNeeded') : t('apply.track.documentsTitle')}</h3>
          <ul className="document-list">
            {checklist.map((type) => (
              <DocumentItem key={type} application={application} type={type} trackingCode={trackingCode} open={open} onUploaded={after} />
            ))}
          </ul>
        </section>
      )}
      {application.status === 'REVISION_REQUESTED' && <Resubmit application={application} trackingCode={trackingCode} onDone={after} />}
      <p role="status" className="success">
        {done ?? ''}
      </p>
      {UNDECIDED.includes(application.status) && <Withdraw application={application} trackingCode={trackingCode} onDone={after} />}
    </>
  );
}

function actionFailure(t: (key: string, options?: Record<string, unknown>) => string, error: unknown): string {
  if (error instanceof ApiError && error.status === 409) return t('apply.track.actionFailed', { reason: t('apply.track.conflict') });
  return t('apply.track.actionFailed', { reason: t(errorKey(error)) });
}

function DocumentItem({
  application,
  type,
  trackingCode,
  open,
  onUploaded,
}: {
  application: TrackedApplication;
  type: string;
  trackingCode: string;
  open: boolean;
  onUploaded: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const name = t(`apply.documents.${type}`, { defaultValue: type });
  const uploaded = application.documents?.find((d) => d.type === type);
  const input = useRef<HTMLInputElement>(null);
  const [refusal, setRefusal] = useState<string | undefined>();
  const id = `upload-${type}`;

  const upload = useMutation({
    mutationFn: (file: File) => {
      const body = new FormData();
      body.append('type', type);
      body.append('file', file, file.name);
      return request('POST', path(application.applicationNumber, 'documents'), { body, headers: { 'x-tracking-code': trackingCode } });
    },
    onSuccess: () => {
      if (input.current) input.current.value = '';
      onUploaded(t('apply.track.uploadedOk', { document: name }));
    },
    onError: (error) => {
      const rule = error instanceof ApiError ? error.details[0]?.rule : undefined;
      const known = ['allowedContent', 'onChecklist', 'maxVersionsPerApplication', 'maxBytesPerApplication'];
      const reason =
        error instanceof ApiError && error.status === 413
          ? 'tooLarge'
          : rule && known.includes(rule)
            ? rule
            : error instanceof ApiError && error.status === 409
              ? 'status'
              : undefined;
      setRefusal(reason ? t('apply.track.uploadRefused', { reason: t(`apply.track.uploadReasons.${reason}`) }) : t('apply.track.actionFailed', { reason: t(errorKey(error)) }));
    },
  });

  /** Checked when chosen and again when sent: a refused file never leaves the phone. */
  const check = async (file: File | undefined): Promise<File | undefined> => {
    if (!file) {
      setRefusal(t('apply.track.noFile'));
      return undefined;
    }
    const refused = await refusalOf(file, DOCUMENT_MAX_BYTES, ['application/pdf', 'image/jpeg', 'image/png']);
    if (!refused) {
      setRefusal(undefined);
      return file;
    }
    const size = formatBytes(refused.size, lang);
    const max = formatBytes(DOCUMENT_MAX_BYTES, lang);
    setRefusal(
      refused.reason === 'tooLarge'
        ? t('apply.track.tooLarge', { name: file.name, size, max })
        : refused.reason === 'empty'
          ? t('apply.track.emptyFile', { name: file.name })
          : t('apply.track.wrongType', { name: file.name }),
    );
    return undefined;
  };

  const send = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = await check(input.current?.files?.[0]);
    if (file) upload.mutate(file);
  };

  return (
    <li data-document={type}>
      <strong>{name}</strong>: {uploaded ? t('apply.track.uploaded', { date: formatDate(uploaded.uploadedAt, lang) }) : t('apply.track.notUploaded')}
      {open && (
        <form className="upload" onSubmit={(e) => void send(e)} aria-label={t('apply.track.upload', { document: name })}>
          <label htmlFor={id}>{t('apply.track.chooseFile', { document: name })}</label>
          <input
            ref={input}
            id={id}
            type="file"
            accept={DOCUMENT_ACCEPT}
            capture="environment"
            aria-describedby={`${id}-help${refusal ? ` ${id}-error` : ''}`}
            aria-invalid={refusal ? true : undefined}
            onChange={(e) => void check(e.target.files?.[0])}
          />
          <p id={`${id}-help`} className="help">
            {t('apply.track.fileHelp', { size: formatBytes(DOCUMENT_MAX_BYTES, lang) })}
          </p>
          {refusal && (
            <p id={`${id}-error`} className="field-error" role="alert">
              {refusal}
            </p>
          )}
          <Button type="submit" isDisabled={upload.isPending}>
            {upload.isPending ? t('apply.track.uploading') : t('apply.track.upload', { document: name })}
          </Button>
        </form>
      )}
    </li>
  );
}

function Resubmit({ application, trackingCode, onDone }: { application: TrackedApplication; trackingCode: string; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const resubmit = useMutation({
    mutationFn: () => request('POST', path(application.applicationNumber, 'resubmit'), { json: note.trim() ? { note: note.trim() } : {}, headers: { 'x-tracking-code': trackingCode } }),
    onSuccess: () => onDone(t('apply.track.resubmitted')),
  });
  return (
    <section aria-labelledby="resubmit-title" className="resubmit">
      <h3 id="resubmit-title">{t('apply.track.resubmitTitle')}</h3>
      {application.nextStep.reasons && application.nextStep.reasons.length > 0 && (
        <ul aria-label={t('track.reasons')}>
          {application.nextStep.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          resubmit.mutate();
        }}
      >
        <label htmlFor="resubmit-note">{t('apply.track.resubmitNote')} {t('apply.optional')}</label>
        <textarea id="resubmit-note" value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} rows={3} />
        {resubmit.error && (
          <p role="alert" className="field-error">
            {actionFailure(t, resubmit.error)}
          </p>
        )}
        <Button type="submit" isDisabled={resubmit.isPending}>
          {t('apply.track.resubmit')}
        </Button>
      </form>
    </section>
  );
}

function Withdraw({ application, trackingCode, onDone }: { application: TrackedApplication; trackingCode: string; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const withdraw = useMutation({
    mutationFn: () => request('POST', path(application.applicationNumber, 'withdraw'), { json: reason.trim() ? { reason: reason.trim() } : {}, headers: { 'x-tracking-code': trackingCode } }),
    onSuccess: () => {
      setConfirming(false);
      onDone(t('apply.track.withdrawn'));
    },
    onError: () => setConfirming(false),
  });
  return (
    <section aria-labelledby="withdraw-title" className="withdraw">
      <h3 id="withdraw-title">{t('apply.track.withdrawTitle')}</h3>
      <p>{t('apply.track.withdrawText')}</p>
      <label htmlFor="withdraw-reason">{t('apply.track.withdrawReason')} {t('apply.optional')}</label>
      <textarea id="withdraw-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} rows={2} />
      {withdraw.error && (
        <p role="alert" className="field-error">
          {actionFailure(t, withdraw.error)}
        </p>
      )}
      <Button className="react-aria-Button danger" onPress={() => setConfirming(true)}>
        {t('apply.track.withdraw')}
      </Button>
      <ModalOverlay isOpen={confirming} onOpenChange={setConfirming} isDismissable className="dialog-backdrop">
        <Modal className="dialog-modal">
          <Dialog role="alertdialog" className="dialog">
            <Heading slot="title">{t('apply.track.withdrawConfirmTitle', { number: application.applicationNumber })}</Heading>
            <p>{t('apply.track.withdrawConfirmText')}</p>
            <div className="actions">
              <Button className="react-aria-Button danger" onPress={() => withdraw.mutate()} isDisabled={withdraw.isPending}>
                {t('apply.track.withdrawConfirm')}
              </Button>
              {/* An alert dialog for a destructive action opens on its least destructive choice (WAI-ARIA APG). */}
              {/* eslint-disable-next-line jsx-a11y/no-autofocus */}
              <Button className="react-aria-Button secondary" onPress={() => setConfirming(false)} autoFocus>
                {t('apply.track.withdrawCancel')}
              </Button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </section>
  );
}
