import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { useTitle } from '../pages/useTitle';
import { Officer, useOfficer } from '../session/session';
import { ApprovalsPage } from './ApprovalsPage';
import { AuditPage } from './AuditPage';
import { CasePage } from './CasePage';
import { CounterPage } from './CounterPage';
import { OfficesPage } from './OfficesPage';
import { PermitsPage } from './PermitsPage';
import { QueuePage } from './QueuePage';
import { Section, sectionsFor } from './sections';
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
        <p className="officer-who">
          <span className="officer-name">{officer.name}</span>
          <br />
          {officer.roles.map((role) => t(`officer.role.${role}`, { defaultValue: role })).join(', ')}
          {officer.office && (
            <>
              <br />
              {t('officer.office', { code: officer.office })}
            </>
          )}
        </p>
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
          <Route index element={sections.length > 0 ? <Navigate to={sections[0].path} replace /> : <NoSection />} />
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

function NoSection() {
  const { t } = useTranslation();
  useTitle(t('officer.title'));
  return (
    <>
      <h1>{t('officer.title')}</h1>
      <p>{t('officer.noSection')}</p>
    </>
  );
}

function NotAllowed() {
  const { t } = useTranslation();
  useTitle(t('officer.notAllowedTitle'));
  return (
    <>
      <h1>{t('officer.notAllowedTitle')}</h1>
      <p>{t('officer.notAllowed')}</p>
    </>
  );
}
