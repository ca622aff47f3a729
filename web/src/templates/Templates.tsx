import { Link } from 'react-router';
import { get, segment } from '../api/client';
import { Instant, Loading, PageHeader, ProblemNote, Section, TableHead } from '../components/ui';
import { useCan } from '../lib/auth';
import { useI18n, type MessageKey } from '../lib/i18n';
import { useLive } from '../lib/live';
import { RenewalTiers } from './RenewalTiers';

interface TemplateSummary {
  key: string;
  name: string;
  playbook: string;
  latestVersion: number;
  updatedAt: string;
}

export const playbookLabel = (playbook: string): MessageKey => `templates.playbook.${playbook}` as MessageKey;

/** Every playbook's templates, by playbook: the way into the editor (issue 20). */
export function TemplatesPage() {
  const { t } = useI18n();
  const manage = useCan().may('template:manage');
  const list = useLive('templates', (signal) => get<{ items: TemplateSummary[] }>('/api/templates', signal), 30);
  const playbooks = [...new Set(list.data?.items.map((item) => item.playbook))].sort();
  return (
    <>
      <PageHeader title={t('templates.title')} intro={t('templates.intro')} />
      {!list.data ? (
        list.error ? (
          <ProblemNote error={list.error} onRetry={() => void list.reload()} />
        ) : (
          <Loading />
        )
      ) : (
        playbooks.map((playbook) => (
          <Section key={playbook} title={t(playbookLabel(playbook))}>
            <table data-testid={`templates-${playbook}`}>
              <TableHead
                columns={[t('templates.name'), t('templates.key'), t('templates.latest'), t('templates.updated')]}
              />
              <tbody>
                {list
                  .data!.items.filter((item) => item.playbook === playbook)
                  .map((item) => (
                    <tr key={item.key}>
                      <td>
                        <Link to={`/templates/${segment(item.key)}`}>{item.name}</Link>
                      </td>
                      <td>
                        <code>{item.key}</code>
                      </td>
                      <td>{t('templates.version', { version: item.latestVersion })}</td>
                      <td>
                        <Instant value={item.updatedAt} />
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </Section>
        ))
      )}
      {list.data ? (
        <RenewalTiers templates={list.data.items.filter((item) => item.playbook === 'renewal')} manage={manage} />
      ) : null}
    </>
  );
}
