import { lazy, Suspense, type ReactNode } from 'react';
import { Link, Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { useAuth } from './lib/auth';
import { userTimeZone } from './lib/format';
import { useI18n } from './lib/i18n';
import { POLL_SECONDS } from './lib/live';
import { DealDetailPage } from './deal/DealDetail';
import { DealsPage } from './deal/Deals';
import { HandoffDetailPage } from './handoff/HandoffDetail';
import { HandoffsPage } from './handoff/Handoffs';
import { LaunchDetailPage } from './launch/LaunchDetail';
import { LaunchesPage } from './launch/Launches';
import { LoginPage } from './shared/Login';
import { PocDetailPage } from './poc/PocDetail';
import { RenewalDetailPage } from './renewal/RenewalDetail';
import { StartDealPage } from './deal/StartDeal';
import { StartHandoffPage } from './handoff/StartHandoff';
import { StartRenewalPage } from './renewal/StartRenewal';
import { StartLaunchPage } from './launch/StartLaunch';
import { StartPocPage } from './poc/StartPoc';
import { TasksPage } from './shared/Tasks';
import { LanguageToggle, Loading } from './components/ui';
import { CaughtMailPage } from './people/CaughtMail';
import { InboxPage } from './people/Inbox';
import { InboxLink } from './people/InboxLink';
import { PeoplePage } from './people/People';
import { SettingsPage } from './people/Settings';
import { UnsubscribePage } from './people/Unsubscribe';
import { PortalPage } from './portal/PortalPage';
import { CalendarsPage } from './calendars/Calendars';
import { TemplateDetailPage } from './templates/TemplateDetail';
import { TemplatesPage } from './templates/Templates';
import { ReferenceListsPage } from './insights/ReferenceListsPage';
import { InsightsPage } from './insights/InsightsPage';
import { useCan } from './lib/auth';
import { IntegrationsPage } from './integrations/Integrations';
import { MappingEditorPage } from './integrations/MappingEditor';
import { DeadLettersPage } from './integrations/DeadLetters';
import { SubscriptionsPage } from './integrations/Subscriptions';
import { SubscriptionDeliveriesPage } from './integrations/SubscriptionDeliveries';

// The charting library is the bulk of the bundle: it loads with the one page that draws charts.
const PocsPage = lazy(() => import('./poc/Pocs').then((module) => ({ default: module.PocsPage })));
const RenewalsPage = lazy(() => import('./renewal/Renewals').then((module) => ({ default: module.RenewalsPage })));

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/unsubscribe" element={<UnsubscribePage />} />
      <Route path="/portal" element={<PortalPage />} />
      {(
        [
          ['/inbox', <InboxPage key="inbox" />],
          ['/settings', <SettingsPage key="settings" />],
          ['/mail', <CaughtMailPage key="mail" />],
          ['/people', <PeoplePage key="people" />],
          ['/calendars', <CalendarsPage key="calendars" />],
          ['/templates', <TemplatesPage key="templates" />],
          ['/templates/:key', <TemplateDetailPage key="template" />],
          ['/lists', <ReferenceListsPage key="lists" />],
          ['/insights', <InsightsPage key="insights" />],
          ['/integrations', <IntegrationsPage key="integrations" />],
          ['/integrations/mappings/:source', <MappingEditorPage key="integration-mapping" />],
          ['/integrations/dead-letters', <DeadLettersPage key="dead-letters" />],
          ['/integrations/subscriptions', <SubscriptionsPage key="subscriptions" />],
          ['/integrations/subscriptions/:id', <SubscriptionDeliveriesPage key="subscription-deliveries" />],
        ] as const
      ).map(([path, page]) => (
        <Route key={path} path={path} element={<Shell>{page}</Shell>} />
      ))}
      <Route path="/" element={<Navigate to="/tasks" replace />} />
      <Route
        path="/tasks"
        element={
          <Shell>
            <TasksPage />
          </Shell>
        }
      />
      <Route
        path="/launches"
        element={
          <Shell>
            <LaunchesPage />
          </Shell>
        }
      />
      <Route
        path="/launches/new"
        element={
          <Shell>
            <StartLaunchPage />
          </Shell>
        }
      />
      <Route
        path="/launches/:id"
        element={
          <Shell>
            <LaunchDetailPage />
          </Shell>
        }
      />
      <Route
        path="/pocs"
        element={
          <Shell>
            <PocsPage />
          </Shell>
        }
      />
      <Route
        path="/pocs/new"
        element={
          <Shell>
            <StartPocPage />
          </Shell>
        }
      />
      <Route
        path="/pocs/:id"
        element={
          <Shell>
            <PocDetailPage />
          </Shell>
        }
      />
      <Route
        path="/deals"
        element={
          <Shell>
            <DealsPage />
          </Shell>
        }
      />
      <Route
        path="/deals/new"
        element={
          <Shell>
            <StartDealPage />
          </Shell>
        }
      />
      <Route
        path="/deals/:id"
        element={
          <Shell>
            <DealDetailPage />
          </Shell>
        }
      />
      <Route
        path="/handoffs"
        element={
          <Shell>
            <HandoffsPage />
          </Shell>
        }
      />
      <Route
        path="/handoffs/new"
        element={
          <Shell>
            <StartHandoffPage />
          </Shell>
        }
      />
      <Route
        path="/handoffs/:id"
        element={
          <Shell>
            <HandoffDetailPage />
          </Shell>
        }
      />
      <Route
        path="/renewals/new"
        element={
          <Shell>
            <StartRenewalPage />
          </Shell>
        }
      />
      <Route
        path="/renewals"
        element={
          <Shell>
            <RenewalsPage />
          </Shell>
        }
      />
      <Route
        path="/renewals/:id"
        element={
          <Shell>
            <RenewalDetailPage />
          </Shell>
        }
      />
      <Route
        path="*"
        element={
          <Shell>
            <NotFound />
          </Shell>
        }
      />
    </Routes>
  );
}

/** The signed-in frame: navigation, who you are, language, and the page. */
function Shell({ children }: { children: ReactNode }) {
  const { identity, signOut } = useAuth();
  const { t, label } = useI18n();
  const location = useLocation();
  const canManagePeople = useCan().may('people:manage');
  const canManageCalendars = useCan().may('calendar:manage');
  const canManageTemplates = useCan().may('template:manage');
  const canKeepLists = useCan().may('lists:manage');
  const canManageIntegrations = useCan().may('integration:manage');
  if (!identity)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  const nav: Array<[string, string]> = [
    ['/tasks', t('nav.tasks')],
    ['/launches', t('nav.launches')],
    ['/pocs', t('nav.pocs')],
    ['/deals', t('nav.deals')],
    ['/handoffs', t('nav.handoffs')],
    ['/renewals', t('nav.renewals')],
    ['/insights', t('nav.insights')],
  ];
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <Link to="/tasks" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.main')}>
          <ul>
            {nav.map(([to, text]) => (
              <li key={to}>
                <NavLink to={to}>{text}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <InboxLink />
          <Link to="/settings" className="button secondary small">
            {t('nav.settings')}
          </Link>
          {canManagePeople ? (
            <Link to="/people" className="button secondary small">
              {t('nav.people')}
            </Link>
          ) : null}
          {canManageCalendars ? (
            <Link to="/calendars" className="button secondary small">
              {t('nav.calendars')}
            </Link>
          ) : null}
          {canManageTemplates ? (
            <Link to="/templates" className="button secondary small">
              {t('nav.templates')}
            </Link>
          ) : null}
          {canManageIntegrations ? (
            <Link to="/integrations" className="button secondary small">
              {t('nav.integrations')}
            </Link>
          ) : null}
          {canKeepLists ? (
            <Link to="/lists" className="button secondary small">
              {t('nav.lists')}
            </Link>
          ) : null}
          <span className="who-name" title={identity.roles.map((role) => label('role', role)).join(', ')}>
            {identity.via === 'api-token' ? t('app.apiToken') : identity.subject}
            {identity.roles.length ? (
              <span className="who-roles"> · {identity.roles.map((role) => label('role', role)).join(', ')}</span>
            ) : null}
            {identity.regions.length ? <span className="who-roles"> · {identity.regions.join(', ')}</span> : null}
          </span>
          <LanguageToggle />
          <button type="button" className="button secondary small" onClick={() => signOut()}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>{children}</Suspense>
      </main>
      <footer className="footer muted">
        {t('app.timezone', { zone: userTimeZone() })} · {t('app.live', { seconds: POLL_SECONDS })}
      </footer>
    </div>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="empty">
      <p>{t('app.notFound')}</p>
      <Link to="/tasks">{t('app.notFoundLink')}</Link>
    </div>
  );
}
