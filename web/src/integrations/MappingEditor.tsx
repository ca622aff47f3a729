import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { call, get, query, segment } from '../api/client';
import { linkedCase } from '../components/case-chain';
import { JsonField } from '../components/json-field';
import { Instant, Loading, PageHeader, ProblemNote, Section, TableHead } from '../components/ui';
import { formatInstant } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import { useSubmission } from '../lib/submit';
import { culpritLine, linesOfPaths } from './culprit';
import { useMappingDryRun, type DryRunAnswer } from './dry-run';
import type { DeadLetter, MappingVersion } from './integrations-api';
import { samplesOf } from './samples';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

function parseObject(text: string): { value?: Record<string, unknown>; error?: string } {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? { value: value as Record<string, unknown> }
      : { error: 'not an object' };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * One CRM source's mapping (issue 18): the current version, a JSON editor tried against a payload as
 * the admin types (each problem beside the line it is about), publishing a new version, and the versions.
 */
export function MappingEditorPage() {
  const { source = '' } = useParams();
  const { t } = useI18n();
  const versions = useLive(
    `mapping-versions:${source}`,
    (signal) => get<{ versions: MappingVersion[] }>(`/api/integrations/${segment(source)}/mapping/versions`, signal),
    30,
  );
  const letters = useLive(
    `mapping-letters:${source}`,
    (signal) =>
      get<{ deadLetters: DeadLetter[] }>(`/api/integrations/dead-letters${query({ source, open: 'true' })}`, signal),
    30,
  );
  const latest = versions.data?.versions[0];
  // Kept here: publishing remounts the editor on the new version, and the word that it worked stays.
  const [published, setPublished] = useState<number>();
  return (
    <>
      <p>
        <Link to="/integrations">{t('integrations.back')}</Link>
      </p>
      {!latest || !letters.data ? (
        versions.error ? (
          <ProblemNote error={versions.error} onRetry={() => void versions.reload()} />
        ) : (
          <Loading />
        )
      ) : (
        <Editor
          key={latest.version}
          source={source}
          latest={latest}
          versions={versions.data!.versions}
          deadLetters={letters.data.deadLetters.filter((letter) => letter.verified)}
          published={published}
          onPublished={(version) => {
            setPublished(version);
            void versions.reload();
          }}
        />
      )}
    </>
  );
}

function Editor({
  source,
  latest,
  versions,
  deadLetters,
  published,
  onPublished,
}: {
  source: string;
  latest: MappingVersion;
  versions: MappingVersion[];
  deadLetters: DeadLetter[];
  published: number | undefined;
  onPublished: (version: number) => void;
}) {
  const { t, locale } = useI18n();
  const [typed, setTyped] = useState(() => pretty(latest.mapping));
  const samples = useMemo(() => samplesOf(source), [source]);
  const choices = useMemo(
    () => [
      ...deadLetters.map((letter) => ({
        key: letter.id,
        label: t('mapping.deadLetter', { when: formatInstant(letter.receivedAt, locale), problem: letter.problem }),
        payload: letter.payload,
      })),
      ...samples.map((sample) => ({
        key: sample.name,
        label: t('mapping.sample', { name: sample.name }),
        payload: pretty(sample.payload),
      })),
    ],
    [deadLetters, samples, t, locale],
  );
  const [choice, setChoice] = useState(choices[0]?.key ?? '');
  const [payloadText, setPayloadText] = useState(() => prettyPayload(choices[0]?.payload ?? '{}'));
  const submission = useSubmission();

  const mapping = useMemo(() => parseObject(typed), [typed]);
  const payload = useMemo(() => parseObject(payloadText), [payloadText]);
  const answer = useMappingDryRun(source, mapping.value, payload.value);
  const schemaValid = answer !== undefined && answer.kind === 'read';
  const next = (versions[0]?.version ?? 0) + 1;

  async function publish() {
    await submission.run(async () => {
      const { data } = await call<{ version: number }>('PUT', `/api/integrations/${segment(source)}/mapping`, {
        body: { mapping: mapping.value },
      });
      onPublished(data.version);
    });
  }

  return (
    <>
      <PageHeader title={t('mapping.title', { source, version: latest.version })} intro={t('mapping.intro')} />
      {published !== undefined ? (
        <p className="banner good" role="status" data-testid="mapping-published">
          {t('mapping.published', { version: published })}
        </p>
      ) : null}
      <Section title={t('mapping.draft')}>
        <div className="mapping-editor">
          <JsonField
            label={t('mapping.editor')}
            value={typed}
            onChange={setTyped}
            hint={t('mapping.editorHint')}
            error={mapping.error ? t('mapping.notJson', { error: mapping.error }) : undefined}
            rows={24}
            testId="mapping-json"
          />
          <div>
            <label className="field">
              {t('mapping.payload')}
              <select
                value={choice}
                onChange={(event) => {
                  setChoice(event.target.value);
                  const chosen = choices.find((entry) => entry.key === event.target.value);
                  if (chosen) setPayloadText(prettyPayload(chosen.payload));
                }}
              >
                {choices.map((entry) => (
                  <option key={entry.key} value={entry.key}>
                    {entry.label}
                  </option>
                ))}
              </select>
            </label>
            <JsonField
              label={`${t('mapping.payload')} (JSON)`}
              value={payloadText}
              onChange={setPayloadText}
              hint={t('mapping.payloadHint')}
              error={payload.error ? t('mapping.payloadNotJson') : undefined}
              rows={12}
              testId="mapping-payload"
            />
          </div>
        </div>
        <DryRunNote answer={answer} typed={typed} mapping={mapping.value} pending={!mapping.error && !payload.error} />
        {submission.error ? <ProblemNote error={submission.error} /> : null}
        <button
          type="button"
          className="button"
          disabled={!schemaValid || submission.busy || typed === pretty(latest.mapping)}
          onClick={() => void publish()}
        >
          {t('mapping.publish', { version: next })}
        </button>
      </Section>
      <Section title={t('mapping.history')}>
        <table data-testid="mapping-history">
          <TableHead columns={[t('mapping.versionColumn'), t('mapping.by'), t('mapping.when'), '']} />
          <tbody>
            {versions.map((version) => (
              <tr key={version.version}>
                <td>
                  {t('integrations.version', { version: version.version })}
                  {version.version === latest.version ? ` (${t('mapping.current')})` : ''}
                </td>
                <td>{version.version === 0 ? t('mapping.shipped') : version.createdBy}</td>
                <td>{version.createdAt ? <Instant value={version.createdAt} /> : '—'}</td>
                <td>
                  <details>
                    <summary>{t('mapping.show')}</summary>
                    <pre className="json-block">{pretty(version.mapping)}</pre>
                    <button
                      type="button"
                      className="button secondary small"
                      onClick={() => setTyped(pretty(version.mapping))}
                    >
                      {t('mapping.load')}
                    </button>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </>
  );
}

/** A dead letter's body as received, laid out for reading when it is JSON. */
function prettyPayload(raw: string): string {
  const parsed = parseObject(raw);
  return parsed.value ? pretty(parsed.value) : raw;
}

/** The dry run's verdict: what the mapping reads and would do, or each problem beside the line it is about. */
function DryRunNote({
  answer,
  typed,
  mapping,
  pending,
}: {
  answer: DryRunAnswer | undefined;
  typed: string;
  mapping: unknown;
  pending: boolean;
}) {
  const { t } = useI18n();
  const lines = useMemo(() => linesOfPaths(typed), [typed]);
  const textLines = typed.split('\n');
  if (!answer)
    return pending ? (
      <p className="muted" data-testid="mapping-dry-run">
        {t('mapping.checking')}
      </p>
    ) : null;
  const problems =
    answer.kind === 'invalid'
      ? answer.errors.map((error) => ({
          path: error.path,
          message: error.path ? `${error.path}: ${error.message}` : error.message,
        }))
      : answer.result.problems.map((message) => ({ path: undefined, message }));
  if (problems.length === 0 && answer.kind === 'read') {
    const linked = answer.result.workflowId ? linkedCase(answer.result.workflowId) : undefined;
    return (
      <div className="banner good" data-testid="mapping-dry-run">
        <p>{t('mapping.reads')}</p>
        <p>{t('mapping.commands', { commands: answer.result.commands.join(', ') || '—' })}</p>
        {answer.result.workflowId ? (
          <p>
            {linked ? (
              <Link to={linked.href}>{t('mapping.case', { id: answer.result.workflowId })}</Link>
            ) : (
              t('mapping.case', { id: answer.result.workflowId })
            )}
          </p>
        ) : null}
        <details>
          <summary>{t('mapping.facts')}</summary>
          <pre className="json-block">{pretty(answer.result.facts)}</pre>
        </details>
      </div>
    );
  }
  return (
    <div className="problem" role="alert" data-testid="mapping-dry-run">
      <strong>{t('mapping.problems')}</strong>
      <ul>
        {problems.map((problem) => {
          const line = culpritLine(problem, lines, mapping);
          return (
            <li key={problem.message}>
              {line !== undefined ? (
                <>
                  <code className="culprit">
                    {t('mapping.line', { line })}: {textLines[line - 1]?.trim()}
                  </code>{' '}
                  ←{' '}
                </>
              ) : null}
              {problem.message}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
