import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, FieldError, Label, TextArea, TextField } from 'react-aria-components';
import { Link, useParams } from 'react-router';
import { formatDate, formatDateTime } from '../format';
import { useTitle } from '../pages/useTitle';
import type { Officer } from '../session/session';
import { CaseDocument, CaseView, officerApi } from './api';
import { ActionError, fieldErrors } from './refusal';
import { mayAct } from './sections';

const rupiah = (value: number, language: string) =>
  new Intl.NumberFormat(language === 'en' ? 'en-ID' : 'id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }).format(value);

/** One case: the applicant's and business's data, the documents inline (decided one by one), and the decision. */
export function CasePage({ officer }: { officer: Officer }) {
  const { t, i18n } = useTranslation();
  const { caseId = '' } = useParams();
  const found = useQuery({ queryKey: ['case', caseId], queryFn: () => officerApi.case(caseId) });
  const documents = useQuery({ queryKey: ['case', caseId, 'documents'], queryFn: () => officerApi.documents(caseId) });
  useTitle(found.data ? t('officer.case.title', { number: found.data.applicationNumber }) : t('officer.case.loadingTitle'));

  if (found.isPending) return <p role="status">{t('officer.loading')}</p>;
  if (!found.data) {
    return (
      <>
        <h1>{t('officer.case.loadingTitle')}</h1>
        <ActionError error={found.error} />
        <p>
          <Link to="/petugas/antrean">{t('officer.case.back')}</Link>
        </p>
      </>
    );
  }
  const item = found.data;
  const canDecide = mayAct(officer.roles, 'decideCases') && item.status === 'AWAITING_OFFICER';
  const lang = i18n.language;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/petugas/antrean">{t('officer.case.back')}</Link>
      </p>
      <h1>{t('officer.case.title', { number: item.applicationNumber })}</h1>
      <div className="case-layout">
        <section aria-labelledby="case-data" className="card">
          <h2 id="case-data">{t('officer.case.data')}</h2>
          <dl>
            <dt>{t('officer.queue.status')}</dt>
            <dd data-case-status={item.status}>{t(`officer.caseStatus.${item.status}`)}</dd>
            <dt>{t('officer.queue.risk')}</dt>
            <dd>
              {t(`officer.risk.${item.riskLevel}`)} · {t(`officer.scale.${item.businessScale}`, { defaultValue: item.businessScale })}
            </dd>
            <dt>{t('officer.queue.due')}</dt>
            <dd>
              {item.dueAt ? formatDate(item.dueAt, lang) : t('officer.case.clockStopped')}
              {item.overdue && <strong className="badge-overdue"> {t('officer.queue.overdueBadge')}</strong>}
            </dd>
            <dt>{t('officer.case.holder')}</dt>
            <dd>{item.assignedTo ? t('officer.case.held') : t('officer.case.notHeld')}</dd>
            {item.applicant && (
              <>
                <dt>{t('officer.case.applicant')}</dt>
                <dd>
                  {item.applicant.name}
                  <br />
                  NIK <span className="mono">{item.applicant.nik}</span>
                  {item.applicant.npwp && (
                    <>
                      <br />
                      NPWP <span className="mono">{item.applicant.npwp}</span>
                    </>
                  )}
                  {item.applicant.entity && (
                    <>
                      <br />
                      {item.applicant.entity.form} {item.applicant.entity.name} (NPWP <span className="mono">{item.applicant.entity.npwp}</span>)
                    </>
                  )}
                </dd>
              </>
            )}
            <dt>{t('officer.business')}</dt>
            <dd>
              {item.businessName}
              <br />
              KBLI {item.kbli}
              {item.business && ` ${item.business.kbliTitle}`}
            </dd>
            {item.business && (
              <>
                <dt>{t('officer.case.capital')}</dt>
                <dd>
                  {rupiah(item.business.capital, lang)}
                  {item.business.annualSales !== undefined && ` · ${t('officer.case.sales')} ${rupiah(item.business.annualSales, lang)}`}
                </dd>
                <dt>{t('officer.case.address')}</dt>
                <dd>
                  {item.business.address.street}
                  <br />
                  <span className="muted">{t('officer.case.region', { code: item.business.address.regionCode })}</span>
                </dd>
              </>
            )}
            <dt>{t('officer.case.opened')}</dt>
            <dd>{formatDateTime(item.openedAt, lang)}</dd>
            {item.revisionRound > 0 && (
              <>
                <dt>{t('officer.case.revisionRound')}</dt>
                <dd>{item.revisionRound}</dd>
              </>
            )}
            {item.reasons.length > 0 && (
              <>
                <dt>{t('officer.case.reasons')}</dt>
                <dd>
                  <ul>
                    {item.reasons.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
          </dl>
          {item.automaticChecks.length > 0 && (
            <>
              <h3>{t('officer.case.checks')}</h3>
              <ul className="checks">
                {item.automaticChecks.map((check) => (
                  <li key={check.name}>
                    <strong>{check.passed ? t('officer.case.checkPassed') : t('officer.case.checkFailed')}</strong> {t(`officer.check.${check.name}`, { defaultValue: check.name })}
                    {!check.passed && check.detail && <span className="muted"> — {check.detail}</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        {canDecide && <CaseActions item={item} documents={documents.data ?? []} />}
      </div>

      <section aria-labelledby="case-documents">
        <h2 id="case-documents">{t('officer.case.documents')}</h2>
        <ActionError error={documents.error} />
        {documents.data && documents.data.length === 0 && <p>{t('officer.case.noDocuments')}</p>}
        {item.checklist.filter((type) => !documents.data?.some((d) => d.type === type)).length > 0 && documents.data && (
          <p>
            {t('officer.case.missing')}: {item.checklist.filter((type) => !documents.data?.some((d) => d.type === type)).join(', ')}
          </p>
        )}
        {documents.data?.map((document) => (
          <DocumentCard key={document.id} caseId={item.id} document={document} canDecide={canDecide} />
        ))}
      </section>
    </>
  );
}

/** Claim or release, approve, ask for a revision, reject: each refusal shown beside its button. */
function CaseActions({ item, documents }: { item: CaseView; documents: CaseDocument[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reasons, setReasons] = useState('');
  const [missingReasons, setMissingReasons] = useState(false);
  const done = (view: CaseView) => {
    queryClient.setQueryData(['case', item.id], view);
    void queryClient.invalidateQueries({ queryKey: ['cases'] });
  };
  const holding = useMutation({ mutationFn: (action: 'claim' | 'release') => officerApi.caseAction(item.id, action), onSuccess: done });
  const approve = useMutation({ mutationFn: () => officerApi.caseAction(item.id, 'approve'), onSuccess: done });
  const withReasons = useMutation({
    mutationFn: (action: 'request-revision' | 'reject') =>
      officerApi.caseReasons(
        item.id,
        action,
        reasons
          .split('\n')
          .map((r) => r.trim())
          .filter(Boolean),
      ),
    onSuccess: (view) => {
      setReasons('');
      done(view);
    },
  });
  const askWithReasons = (action: 'request-revision' | 'reject') => {
    const empty = reasons.trim() === '';
    setMissingReasons(empty);
    if (!empty) withReasons.mutate(action);
  };
  const reasonsError = missingReasons ? t('officer.case.reasonsRequired') : fieldErrors(t, withReasons.error, (f) => (f.startsWith('reasons') ? 'reasons' : undefined)).reasons;
  const allAccepted = item.checklist.every((type) => documents.some((d) => d.type === type && d.decision === 'ACCEPTED'));

  return (
    <section aria-labelledby="case-decision" className="card decision">
      <h2 id="case-decision">{t('officer.case.decision')}</h2>
      <div className="action-row">
        {item.assignedTo ? (
          <Button onPress={() => holding.mutate('release')} isDisabled={holding.isPending} className="react-aria-Button secondary">
            {t('officer.case.release')}
          </Button>
        ) : (
          <Button onPress={() => holding.mutate('claim')} isDisabled={holding.isPending}>
            {t('officer.case.claim')}
          </Button>
        )}
        <ActionError error={holding.error} />
      </div>
      <div className="action-row">
        <Button onPress={() => approve.mutate()} isDisabled={approve.isPending} aria-describedby="approve-hint">
          {t('officer.case.approve')}
        </Button>
        <p id="approve-hint" className="muted">
          {allAccepted ? t('officer.case.approveReady') : t('officer.case.approveHint')}
        </p>
        <ActionError error={approve.error} />
      </div>
      <TextField value={reasons} onChange={(v) => { setReasons(v); setMissingReasons(false); }} isInvalid={!!reasonsError} className="react-aria-TextField">
        <Label>{t('officer.case.reasonsLabel')}</Label>
        <TextArea rows={4} className="react-aria-TextArea" />
        <FieldError>{reasonsError ?? ''}</FieldError>
      </TextField>
      <div className="action-row">
        <Button onPress={() => askWithReasons('request-revision')} isDisabled={withReasons.isPending}>
          {t('officer.case.requestRevision')}
        </Button>
        <Button onPress={() => askWithReasons('reject')} isDisabled={withReasons.isPending} className="react-aria-Button danger">
          {t('officer.case.reject')}
        </Button>
      </div>
      {!reasonsError && <ActionError error={withReasons.error} />}
    </section>
  );
}

/** One document shown inline (image, or PDF in a frame) with its decision. */
function DocumentCard({ caseId, document, canDecide }: { caseId: string; document: CaseDocument; canDecide: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: (decision: 'ACCEPTED' | 'REJECTED') => officerApi.decideDocument(caseId, document.id, decision, note.trim() || undefined),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['case', caseId, 'documents'] }),
  });
  const noteError = fieldErrors(t, decide.error, (f) => (f === 'note' ? 'note' : undefined)).note;
  const headingId = `document-${document.id}`;
  return (
    <article aria-labelledby={headingId} className="card document" data-document={document.type}>
      <h3 id={headingId}>{t(`officer.documentType.${document.type}`, { defaultValue: document.type })}</h3>
      <p className="muted">
        {formatDateTime(document.uploadedAt, i18n.language)} · {Math.max(1, Math.round(document.sizeBytes / 1024))} KB ·{' '}
        {document.decision ? (
          <strong data-decision={document.decision}>{t(`officer.case.decided.${document.decision}`)}</strong>
        ) : (
          <span data-decision="NONE">{t('officer.case.undecided')}</span>
        )}
        {document.decisionNote && ` — ${document.decisionNote}`}
      </p>
      <DocumentView caseId={caseId} document={document} />
      {canDecide && (
        <div className="document-decision">
          <TextField value={note} onChange={setNote} isInvalid={!!noteError} className="react-aria-TextField">
            <Label>{t('officer.case.note')}</Label>
            <TextArea rows={2} className="react-aria-TextArea" />
            <FieldError>{noteError ?? ''}</FieldError>
          </TextField>
          <div className="action-row">
            <Button onPress={() => decide.mutate('ACCEPTED')} isDisabled={decide.isPending}>
              {t('officer.case.accept', { document: t(`officer.documentType.${document.type}`, { defaultValue: document.type }) })}
            </Button>
            <Button onPress={() => decide.mutate('REJECTED')} isDisabled={decide.isPending} className="react-aria-Button danger">
              {t('officer.case.refuse', { document: t(`officer.documentType.${document.type}`, { defaultValue: document.type }) })}
            </Button>
            {!noteError && <ActionError error={decide.error} />}
          </div>
        </div>
      )}
    </article>
  );
}

/**
 * The document's content inline. The service sends it as an attachment (never rendered by itself), so it is
 * fetched with the session and shown from a blob of its checked type: an image in <img>, a PDF in a frame.
 */
function DocumentView({ caseId, document }: { caseId: string; document: CaseDocument }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string>();
  const [failed, setFailed] = useState(false);
  const type = ['application/pdf', 'image/jpeg', 'image/png'].includes(document.contentType) ? document.contentType : undefined;
  const label = t(`officer.documentType.${document.type}`, { defaultValue: document.type });
  useEffect(() => {
    if (!type) return;
    let objectUrl: string | undefined;
    let cancelled = false;
    fetch(officerApi.documentUrl(caseId, document.id), { credentials: 'same-origin' })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        const blob = new Blob([await res.arrayBuffer()], { type });
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [caseId, document.id, type]);

  if (!type || failed) return <p className="error">{t('officer.case.documentUnavailable')}</p>;
  // The box keeps its height while the document loads: nothing below it moves.
  return (
    <div className="document-view">
      <div className="document-box">
        {!url ? (
          <p role="status">{t('officer.loading')}</p>
        ) : type === 'application/pdf' ? (
          <iframe src={url} title={t('officer.case.documentFrame', { document: label })} className="document-frame" />
        ) : (
          <img src={url} alt={t('officer.case.documentImage', { document: label })} className="document-image" />
        )}
      </div>
      <p>
        {url && (
          <a href={url} download={`${document.type.toLowerCase()}.${type === 'application/pdf' ? 'pdf' : type === 'image/png' ? 'png' : 'jpg'}`}>
            {t('officer.case.download', { document: label })}
          </a>
        )}
      </p>
    </div>
  );
}
