import { Link } from 'react-router';
import { get, segment } from '../api/client';
import { Loading, PageHeader, ProblemNote, Section, TableHead } from '../components/ui';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import type { SourceSummary } from './integrations-api';

/** The way into the integration pages (issue 18): each CRM source and its mapping, dead letters, subscriptions. */
export function IntegrationsPage() {
  const { t } = useI18n();
  const sources = useLive('integration-sources', (signal) =>
    get<{ sources: SourceSummary[] }>('/api/integrations/sources', signal),
  );
  return (
    <>
      <PageHeader
        title={t('integrations.title')}
        intro={t('integrations.intro')}
        actions={
          <>
            <Link className="button secondary" to="/integrations/dead-letters">
              {t('integrations.deadLettersLink')}
            </Link>{' '}
            <Link className="button secondary" to="/integrations/subscriptions">
              {t('integrations.subscriptionsLink')}
            </Link>
          </>
        }
      />
      <Section title={t('integrations.sources')}>
        {!sources.data ? (
          sources.error ? (
            <ProblemNote error={sources.error} onRetry={() => void sources.reload()} />
          ) : (
            <Loading />
          )
        ) : (
          <table data-testid="integration-sources">
            <TableHead
              columns={[
                t('integrations.source'),
                t('integrations.configured'),
                t('integrations.mappingVersion'),
                t('integrations.openDeadLetters'),
              ]}
            />
            <tbody>
              {sources.data.sources.map((source) => (
                <tr key={source.source}>
                  <td>
                    <Link to={`/integrations/mappings/${segment(source.source)}`}>
                      {t('integrations.editMapping', { source: source.source })}
                    </Link>
                  </td>
                  <td>{source.configured ? t('integrations.yes') : t('integrations.no')}</td>
                  <td>
                    {source.latestVersion === null
                      ? t('integrations.noMapping')
                      : source.latestVersion === 0
                        ? t('integrations.shippedVersion')
                        : t('integrations.version', { version: source.latestVersion })}
                  </td>
                  <td>
                    {source.openDeadLetters > 0 ? (
                      <Link to="/integrations/dead-letters">{source.openDeadLetters}</Link>
                    ) : (
                      0
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
