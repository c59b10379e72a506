import { useTranslation } from 'react-i18next';
import { Link, NavLink, Route, Routes, useLocation } from 'react-router';
import { useTitle } from '../pages/useTitle';
import { Officer, useOfficer } from '../session/session';
import { ApprovalsPage } from './ApprovalsPage';
import { AuditPage } from './AuditPage';
import { CasePage } from './CasePage';
import { CounterPage } from './CounterPage';
import { OfficesPage } from './OfficesPage';
import { PermitsPage } from './PermitsPage';
import { QueuePage } from './QueuePage';
import { Section, SECTIONS, sectionsFor } from './sections';
import { SettingsPage } from './SettingsPage';
import './officer.css';

const PAGES: Record<Section, (props: { officer: Officer }) => React.JSX.Element> = {
  queue: QueuePage,
  counter: CounterPage,
  approvals: ApprovalsPage,
  permits: PermitsPage,
  settings: SettingsPage,
  audit: AuditPage,
  offices: OfficesPage,
};

/**
 * The officers' screens under /petugas: a navigation with only the sections the officer's roles allow,
 * and those sections' pages (a section the roles do not allow is not routed: the page says so).
 */
export function OfficerApp() {
  const { t } = useTranslation();
  const officer = useOfficer();
  if (!officer) {
    return (
      <p role="status" className="officer-app">
        {t('officer.loading')}
      </p>
    );
  }
  const sections = sectionsFor(officer.roles);
  return (
    <div className="officer-app">
      <nav aria-label={t('officer.nav')} className="officer-nav">
        <ul>
          {sections.map((s) => (
            <li key={s.section}>
              <NavLink to={`/petugas/${s.path}`}>{t(`officer.section.${s.section}`)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="officer-content">
        <Routes>
          <Route index element={<OfficerHome sections={sections} />} />
          {sections.map((s) => {
            const Page = PAGES[s.section];
            return <Route key={s.section} path={s.path} element={<Page officer={officer} />} />;
          })}
          {sections.some((s) => s.section === 'queue') && <Route path="antrean/:caseId" element={<CasePage officer={officer} />} />}
          <Route path="*" element={<NotAllowed />} />
        </Routes>
      </div>
    </div>
  );
}

/** /petugas: the sections of the officer's roles, each with what it is for. */
function OfficerHome({ sections }: { sections: typeof SECTIONS }) {
  const { t } = useTranslation();
  useTitle(t('officer.title'));
  return (
    <>
      <h1>{t('officer.title')}</h1>
      {sections.length === 0 ? (
        <p>{t('officer.noSection')}</p>
      ) : (
        <ul className="section-cards">
          {sections.map((s) => (
            <li key={s.section} className="card">
              <h2>
                <Link to={`/petugas/${s.path}`}>{t(`officer.section.${s.section}`)}</Link>
              </h2>
              <p>{t(`officer.sectionText.${s.section}`)}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Any other path: a section of another role, or no page at all. */
function NotAllowed() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const known = SECTIONS.some((s) => pathname.startsWith(`/petugas/${s.path}`));
  const title = known ? t('officer.notAllowedTitle') : t('app.notFoundTitle');
  useTitle(title);
  return (
    <>
      <h1>{title}</h1>
      <p>{known ? t('officer.notAllowed') : t('app.notFoundText')}</p>
      <p>
        <Link to="/petugas">{t('officer.backHome')}</Link>
      </p>
    </>
  );
}
