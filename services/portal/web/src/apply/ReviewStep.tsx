import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button } from 'react-aria-components';
import { applyApi, parseRupiah } from './applyApi';
import { dotted } from './BusinessStep';
import { Draft, Step } from './draft';
import { formatRupiah } from './fields';

/** Step 3: everything as it will be sent, each part with a way back to change it. */
export function ReviewStep({ draft, edit }: { draft: Draft; edit: (step: Step) => void }) {
  const { t, i18n } = useTranslation();
  const offices = useQuery({ queryKey: ['offices'], queryFn: applyApi.offices, staleTime: 5 * 60_000 });
  const districts = useQuery({ queryKey: ['regions', draft.officeCode], queryFn: () => applyApi.regions(draft.officeCode), enabled: draft.officeCode !== '', staleTime: Infinity });
  const office = offices.data?.find((o) => o.code === draft.officeCode)?.name ?? draft.officeCode;
  const district = districts.data?.items.find((d) => d.code === draft.districtCode)?.name ?? draft.districtCode;
  const none = t('apply.review.none');
  const capital = parseRupiah(draft.capital);
  const sales = parseRupiah(draft.annualSales);
  const row = (label: string, value: string) => (
    <>
      <dt>{label}</dt>
      <dd>{value.trim() === '' ? none : value}</dd>
    </>
  );
  const section = (title: string, step: Step, rows: React.ReactNode) => (
    <section className="review-section" aria-labelledby={`review-${step}-${title.length}`}>
      <h3 id={`review-${step}-${title.length}`}>{title}</h3>
      <dl>{rows}</dl>
      <Button className="react-aria-Button secondary" onPress={() => edit(step)}>
        {t('apply.review.change', { section: title.toLowerCase() })}
      </Button>
    </section>
  );
  return (
    <>
      <p>{t('apply.review.intro')}</p>
      {section(
        t('apply.review.applicant'),
        1,
        <>
          {row(t('apply.applicant.nik'), draft.nik)}
          {row(t('apply.applicant.name'), draft.name)}
          {row(t('apply.applicant.phone'), draft.phone)}
          {row(t('apply.applicant.email'), draft.email)}
          {row(t('apply.applicant.npwp'), draft.npwp)}
          {row(t('apply.applicant.kind'), t(`apply.applicant.kinds.${draft.kind}`))}
          {draft.kind === 'ENTITY' && (
            <>
              {row(t('apply.applicant.entityForm'), draft.entityForm ? t(`apply.applicant.forms.${draft.entityForm}`) : '')}
              {row(t('apply.applicant.entityName'), draft.entityName)}
              {row(t('apply.applicant.entityNpwp'), draft.entityNpwp)}
              {row(t('apply.applicant.deedNumber'), draft.deedNumber)}
              {row(t('apply.applicant.deedDate'), draft.deedDate)}
            </>
          )}
        </>,
      )}
      {section(
        t('apply.review.business'),
        2,
        <>
          {row(t('apply.business.name'), draft.businessName)}
          {row(t('apply.business.activityTitle'), `${draft.kbli} — ${draft.kbliTitle}`)}
          {row(t('apply.business.capital'), capital !== undefined ? formatRupiah(capital, i18n.language) : draft.capital)}
          {row(t('apply.business.annualSales'), sales !== undefined && draft.annualSales.trim() ? formatRupiah(sales, i18n.language) : '')}
        </>,
      )}
      {section(
        t('apply.review.place'),
        2,
        <>
          {row(t('apply.business.office'), office)}
          {row(t('apply.business.district'), district)}
          {row(t('apply.business.village'), dotted(draft.regionCode))}
          {row(t('apply.business.street'), draft.street)}
        </>,
      )}
    </>
  );
}
