import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, call, get, segment } from '../api/client';
import { Instant, Loading, PageHeader, ProblemNote, Section, TableHead } from '../components/ui';
import { useCan } from '../lib/auth';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import { ChecklistTemplateEditor } from './ChecklistTemplateEditor';
import { hasPlaybookForm, PlaybookForm } from './PlaybookForm';
import { diffTemplates } from './diff';
import { playbookLabel } from './Templates';
import { problemText, useDryRun } from './validation';

interface StoredVersion {
  key: string;
  version: number;
  name: string;
  playbook: string;
  createdBy: string;
  createdAt: string;
  reason: string | null;
  basedOn: number | null;
  definition: Record<string, unknown>;
}

interface VersionEntry {
  version: number;
  createdBy: string;
  createdAt: string;
  reason: string | null;
  basedOn: number | null;
}

/** A draft and the version it was copied from (what the diff compares against and publish names). */
interface Draft {
  basedOn: StoredVersion;
  definition: Record<string, unknown>;
}

/**
 * One template (issue 20): its latest version, who published each version and why, and for ops
 * managers and admins a draft copied from the latest, checked as they type, compared with the version it
 * came from, and published with a reason.
 */
export function TemplateDetailPage() {
  const { key = '' } = useParams();
  const { t } = useI18n();
  const manage = useCan().may('template:manage');
  const path = `/api/templates/${segment(key)}`;
  const latest = useLive(path, (signal) => get<StoredVersion>(path, signal), 30);
  const history = useLive(
    `${path}/versions`,
    (signal) => get<{ items: VersionEntry[] }>(`${path}/versions`, signal),
    30,
  );
  const [draft, setDraft] = useState<Draft>();
  const [published, setPublished] = useState<number>();

  if (!latest.data) return latest.error ? <ProblemNote error={latest.error} /> : <Loading />;
  const current = latest.data;

  return (
    <>
      <PageHeader
        title={`${current.name} · ${t('templates.version', { version: current.version })}`}
        intro={
          <>
            {t(playbookLabel(current.playbook))} · <code>{current.key}</code> ·{' '}
            <Link to="/templates">{t('templates.back')}</Link>
          </>
        }
        actions={
          manage && !draft ? (
            <button
              type="button"
              className="button primary"
              onClick={() => {
                setPublished(undefined);
                setDraft({ basedOn: current, definition: structuredClone(current.definition) });
              }}
            >
              {t('templates.copy', { version: current.version })}
            </button>
          ) : null
        }
      />
      {published ? (
        <p className="banner good" role="status" data-testid="published">
          {t('templates.published', { version: published })}
        </p>
      ) : null}
      {!manage ? <p className="muted">{t('templates.readOnly')}</p> : null}
      {draft ? (
        <DraftEditor
          draft={draft}
          onChange={(definition) => setDraft({ ...draft, definition })}
          onDiscard={() => setDraft(undefined)}
          onPublished={async (version) => {
            setDraft(undefined);
            setPublished(version);
            await Promise.all([latest.reload(), history.reload()]);
          }}
        />
      ) : hasPlaybookForm(current.playbook) ? (
        <PlaybookForm playbook={current.playbook} definition={current.definition} readOnly />
      ) : (
        <ChecklistTemplateEditor definition={current.definition} templateKey={current.key} readOnly />
      )}
      <Section title={t('templates.history')}>
        {history.data ? (
          <table data-testid="template-history">
            <TableHead
              columns={[
                t('templates.versionColumn'),
                t('templates.publishedBy'),
                t('templates.updated'),
                t('templates.reason'),
                t('templates.basedOn'),
              ]}
            />
            <tbody>
              {history.data.items.map((entry) => (
                <tr key={entry.version}>
                  <td>{t('templates.version', { version: entry.version })}</td>
                  <td>{entry.createdBy === 'baton' ? t('templates.shipped') : entry.createdBy}</td>
                  <td>
                    <Instant value={entry.createdAt} />
                  </td>
                  <td>{entry.reason ?? <span className="muted">{t('templates.noReason')}</span>}</td>
                  <td>{entry.basedOn ? t('templates.version', { version: entry.basedOn }) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : history.error ? (
          <ProblemNote error={history.error} />
        ) : (
          <Loading />
        )}
      </Section>
    </>
  );
}

function DraftEditor({
  draft,
  onChange,
  onDiscard,
  onPublished,
}: {
  draft: Draft;
  onChange: (definition: Record<string, unknown>) => void;
  onDiscard: () => void;
  onPublished: (version: number) => Promise<void>;
}) {
  const { t, language } = useI18n();
  const validation = useDryRun(draft.definition);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError>();
  const changes = diffTemplates(draft.basedOn.definition, draft.definition);
  const { basedOn } = draft;

  async function publish() {
    try {
      const { data } = await call<{ version: number }>('POST', `/api/templates/${segment(basedOn.key)}/publish`, {
        body: { definition: draft.definition, reason: reason.trim(), basedOn: basedOn.version },
      });
      setError(undefined);
      await onPublished(data.version);
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    }
  }

  return (
    <>
      <Section
        title={t('templates.draft', { version: basedOn.version })}
        actions={
          <button type="button" className="button secondary small" onClick={onDiscard}>
            {t('templates.discard')}
          </button>
        }
      >
        {hasPlaybookForm(basedOn.playbook) ? (
          <PlaybookForm
            playbook={basedOn.playbook}
            definition={draft.definition}
            onChange={onChange}
            problems={validation?.errors ?? []}
          />
        ) : (
          <ChecklistTemplateEditor
            definition={draft.definition}
            templateKey={basedOn.key}
            onChange={onChange}
            valid={validation?.valid === true}
            problems={validation?.errors ?? []}
          />
        )}
        <div className="template-validation" aria-live="polite" data-testid="template-validation">
          {!validation ? (
            <p className="muted">{t('templates.checking')}</p>
          ) : validation.valid ? (
            <p className="good">{t('templates.valid')}</p>
          ) : (
            <div className="problem">
              <strong>{t('templates.invalid')}</strong>
              <ul>
                {validation.errors.map((problem) => (
                  <li key={`${problem.path}:${problem.message}`}>
                    {problem.path ? <code>{problem.path}</code> : null} {problemText(problem, language)}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      </Section>
      <Section title={t('templates.diff', { version: basedOn.version })}>
        {changes.length === 0 ? (
          <p className="muted">{t('templates.noChanges')}</p>
        ) : (
          <table data-testid="template-diff">
            <TableHead columns={[t('templates.diff.field'), t('templates.diff.before'), t('templates.diff.after')]} />
            <tbody>
              {changes.map((change) => (
                <tr key={change.path}>
                  <td>
                    <code>{change.path}</code>
                  </td>
                  <td className="diff-before">{change.before ?? ''}</td>
                  <td className="diff-after">{change.after ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <label className="field">
          {t('templates.publishReason')}
          <textarea value={reason} maxLength={2000} rows={2} onChange={(event) => setReason(event.target.value)} />
        </label>
        {error ? <ProblemNote error={error} /> : null}
        <button
          type="button"
          className="button primary"
          disabled={validation?.valid !== true || changes.length === 0 || reason.trim() === ''}
          onClick={() => void publish()}
        >
          {t('templates.publish', { version: basedOn.version + 1 })}
        </button>
      </Section>
    </>
  );
}
