import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyApi, Assessment, parseRupiah, SCALES } from './applyApi';
import { Draft, FieldKey } from './draft';
import { formatRupiah, SelectInput, TextInput, useDebounced } from './fields';

interface StepProps {
  draft: Draft;
  change: (field: FieldKey, value: string) => void;
  errorOf: (field: FieldKey) => string | undefined;
  /** The documents the preview says will be asked for (the result screen repeats them). */
  onDocuments: (documents: string[]) => void;
}

/** Step 2: the activity (KBLI search), capital and sales with the live preview, the office and the address. */
export function BusinessStep(props: StepProps) {
  const { t } = useTranslation();
  const { draft, change, errorOf } = props;
  return (
    <>
      <fieldset className="group">
        <legend>{t('apply.business.activityTitle')}</legend>
        <TextInput name="businessName" label={t('apply.business.name')} value={draft.businessName} onChange={(v) => change('businessName', v)} isRequired error={errorOf('businessName')} maxLength={200} />
        <KbliPicker {...props} />
      </fieldset>
      <fieldset className="group">
        <legend>{t('apply.business.moneyTitle')}</legend>
        <RupiahInput name="capital" label={t('apply.business.capital')} value={draft.capital} onChange={(v) => change('capital', v)} error={errorOf('capital')} description={t('apply.business.capitalHelp')} isRequired />
        <RupiahInput name="annualSales" label={`${t('apply.business.annualSales')} ${t('apply.optional')}`} value={draft.annualSales} onChange={(v) => change('annualSales', v)} error={errorOf('annualSales')} />
        <Preview {...props} />
      </fieldset>
      <Place {...props} />
    </>
  );
}

function RupiahInput(props: { name: string; label: string; value: string; onChange: (v: string) => void; error?: string; description?: string; isRequired?: boolean }) {
  const { i18n } = useTranslation();
  const amount = parseRupiah(props.value);
  return (
    <TextInput
      name={props.name}
      label={props.label}
      value={props.value}
      onChange={props.onChange}
      inputMode="numeric"
      isRequired={props.isRequired}
      error={props.error}
      description={props.description}
      status={amount !== undefined && props.value.trim() !== '' ? formatRupiah(amount, i18n.language) : undefined}
      maxLength={24}
    />
  );
}

/** The KBLI search: each activity found shows its risk for every business scale; the applicant picks one. */
function KbliPicker({ draft, change, errorOf }: StepProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  // The search a choice was made from: its list folds away (a shorter page on a phone) until the search changes.
  const [pickedFrom, setPickedFrom] = useState<string | undefined>();
  const q = useDebounced(search.trim(), 250);
  const results = useQuery({ queryKey: ['kbli', q], queryFn: () => applyApi.kbli(q), enabled: q.length >= 2, staleTime: Infinity });
  const shown = (q.length >= 2 && pickedFrom !== search.trim() ? (results.data ?? []) : []).slice(0, 8);
  const error = errorOf('kbli');
  return (
    <>
      <TextInput
        name="kbliSearch"
        label={t('apply.business.kbliSearch')}
        value={search}
        onChange={setSearch}
        description={t('apply.business.kbliSearchHelp')}
        error={error && !draft.kbli ? error : undefined}
      />
      {q.length >= 2 && pickedFrom !== search.trim() && results.isSuccess && shown.length === 0 && <p role="status">{t('apply.business.kbliNone')}</p>}
      {shown.length > 0 && (
        <fieldset className="kbli-results" aria-describedby={error ? 'kbli-error' : undefined}>
          <legend>{t('apply.business.kbliResults')}</legend>
          {shown.map((k) => (
            <label key={k.code} className="kbli-option">
              <input
                type="radio"
                name="kbli"
                value={k.code}
                checked={draft.kbli === k.code}
                onChange={() => {
                  change('kbli', k.code);
                  change('kbliTitle', k.title);
                  setPickedFrom(search.trim());
                }}
              />
              <span>
                <strong>{k.code}</strong> {k.title}
                <span className="risk-per-scale">
                  <span className="visually-hidden">{t('apply.business.riskPerScale')}: </span>
                  {SCALES.map((s) => (
                    <span key={s} className={`risk risk-${k.risk[s].toLowerCase()}`}>
                      {t(`apply.scales.${s}`)}: {t(`apply.risks.${k.risk[s]}`)}
                    </span>
                  ))}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {draft.kbli && (
        <p className="chosen" data-kbli={draft.kbli}>
          {t('apply.business.kbliChosen', { code: draft.kbli, title: draft.kbliTitle })}
        </p>
      )}
      {error && draft.kbli && (
        <p id="kbli-error" className="field-error">
          {error}
        </p>
      )}
      {error && !draft.kbli && <span id="kbli-error" hidden />}
    </>
  );
}

/** Scale, risk, permits and documents as the submission will decide them, live as the applicant types. */
function Preview({ draft, onDocuments }: StepProps) {
  const { t } = useTranslation();
  const capital = useDebounced(parseRupiah(draft.capital), 300);
  const sales = useDebounced(draft.annualSales.trim() === '' ? undefined : parseRupiah(draft.annualSales), 300);
  const enabled = draft.kbli !== '' && capital !== undefined;
  const query = useQuery({
    queryKey: ['assessment', draft.kbli, capital, sales, draft.kind],
    queryFn: () => applyApi.assessment(draft.kbli, capital as number, sales, draft.kind),
    enabled,
    staleTime: Infinity,
    placeholderData: (previous) => previous,
  });
  const data: Assessment | undefined = enabled ? query.data : undefined;
  useEffect(() => onDocuments(data?.documents ?? []), [data, onDocuments]);
  return (
    <section className="preview" aria-labelledby="preview-title" aria-live="polite">
      <h3 id="preview-title">{t('apply.business.previewTitle')}</h3>
      {!data ? (
        <p>{t('apply.business.previewWaiting')}</p>
      ) : (
        <dl data-risk={data.riskLevel} data-scale={data.businessScale}>
          <dt>{t('apply.business.scale')}</dt>
          <dd>
            {t(`apply.scales.${data.businessScale}`)}
            {data.salesScale && data.salesScale !== data.businessScale && (
              <>
                <br />
                <small>{t('apply.business.scaleNote', { scale: t(`apply.scales.${data.salesScale}`) })}</small>
              </>
            )}
          </dd>
          <dt>{t('apply.business.risk')}</dt>
          <dd className={`risk risk-${data.riskLevel.toLowerCase()}`}>{t(`apply.risks.${data.riskLevel}`)}</dd>
          <dt>{t('apply.business.permits')}</dt>
          <dd>{data.permits.map((p) => t(`permitType.${p}`)).join(', ')}</dd>
          <dt>{t('apply.business.documents')}</dt>
          <dd>{data.documents.length === 0 ? t('apply.business.noDocuments') : data.documents.map((d) => t(`apply.documents.${d}`, { defaultValue: d })).join(', ')}</dd>
          <dt>{t('apply.business.reviewBy')}</dt>
          <dd>{data.headOfOfficeApproval ? t('apply.business.reviewHead') : data.officerReview ? t('apply.business.reviewOfficer') : t('apply.business.reviewAuto')}</dd>
        </dl>
      )}
    </section>
  );
}

/**
 * The office, then the address: the province and kabupaten/kota are the office's (the API takes only a
 * village in the office's regency), the applicant picks the kecamatan and the kelurahan/desa from the
 * Kemendagri tree.
 */
function Place({ draft, change, errorOf }: StepProps) {
  const { t } = useTranslation();
  const offices = useQuery({ queryKey: ['offices'], queryFn: applyApi.offices, staleTime: 5 * 60_000 });
  const office = draft.officeCode;
  const province = office.slice(0, 2);
  const regencies = useQuery({ queryKey: ['regions', province], queryFn: () => applyApi.regions(province), enabled: office !== '', staleTime: Infinity });
  const provinces = useQuery({ queryKey: ['regions', ''], queryFn: () => applyApi.regions(), enabled: office !== '', staleTime: Infinity });
  const districts = useQuery({ queryKey: ['regions', office], queryFn: () => applyApi.regions(office), enabled: office !== '', staleTime: Infinity });
  const villages = useQuery({ queryKey: ['regions', draft.districtCode], queryFn: () => applyApi.regions(draft.districtCode), enabled: draft.districtCode !== '', staleTime: Infinity });
  const provinceName = provinces.data?.items.find((p) => p.code === province)?.name;
  const regencyName = regencies.data?.items.find((r) => r.code === office)?.name;
  return (
    <fieldset className="group">
      <legend>{t('apply.business.placeTitle')}</legend>
      <SelectInput
        id="officeCode"
        label={t('apply.business.office')}
        value={office}
        onChange={(v) => change('officeCode', v)}
        placeholder={offices.isPending ? t('apply.business.loading') : t('apply.business.chooseOffice')}
        options={(offices.data ?? []).map((o) => ({ value: o.code, label: o.name }))}
        error={errorOf('officeCode')}
        isRequired
      />
      {office !== '' && (
        <>
          <p className="help">{t('apply.business.placeHelp')}</p>
          <dl className="region-fixed">
            <dt>{t('apply.business.province')}</dt>
            <dd>{provinceName ?? '…'}</dd>
            <dt>{t('apply.business.regency')}</dt>
            <dd>{regencyName ?? '…'}</dd>
          </dl>
          <SelectInput
            id="districtCode"
            label={t('apply.business.district')}
            value={draft.districtCode}
            onChange={(v) => change('districtCode', v)}
            placeholder={districts.isPending ? t('apply.business.loading') : t('apply.business.chooseDistrict')}
            options={(districts.data?.items ?? []).map((d) => ({ value: d.code, label: d.name ?? d.code }))}
            error={errorOf('districtCode')}
            isRequired
          />
          <SelectInput
            id="regionCode"
            label={t('apply.business.village')}
            value={draft.regionCode}
            onChange={(v) => change('regionCode', v)}
            placeholder={draft.districtCode && villages.isPending ? t('apply.business.loading') : t('apply.business.chooseVillage')}
            options={(villages.data?.items ?? []).map((v) => ({
              value: v.code,
              label: t('apply.business.villageOption', { kind: t(`apply.business.villageKinds.${v.kind ?? 'DESA'}`), code: dotted(v.code) }),
            }))}
            error={errorOf('regionCode')}
            description={t('apply.business.villageHelp')}
            isDisabled={draft.districtCode === ''}
            isRequired
          />
        </>
      )}
      <TextInput name="street" label={t('apply.business.street')} value={draft.street} onChange={(v) => change('street', v)} autoComplete="street-address" isRequired error={errorOf('street')} maxLength={300} />
      {districts.data && <p className="attribution">{districts.data.attribution}</p>}
    </fieldset>
  );
}

/** `3373011001` → `33.73.01.1001`. */
export function dotted(code: string): string {
  return code.length === 10 ? `${code.slice(0, 2)}.${code.slice(2, 4)}.${code.slice(4, 6)}.${code.slice(6)}` : code;
}
