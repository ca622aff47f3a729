import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, call, get, query, segment } from '../api/client';
import { linkedCase } from '../components/case-chain';
import { Empty, Instant, Loading, PageHeader, ProblemNote, Section, StaleNote, TableHead } from '../components/ui';
import { formatInstant } from '../lib/format';
import { useI18n, type MessageKey } from '../lib/i18n';
import { useLive } from '../lib/live';
import type { DeadLetter, EventApplied } from './integrations-api';

type Result = { id: string; applied?: EventApplied; error?: ApiError };

const replayable = (letter: DeadLetter) =>
  letter.verified && letter.eventId !== null && !(letter.replayedAt && letter.replayOutcome === 'applied');

/**
 * CRM events Baton could not apply (issue 18): read them (source, when, why, the payload), replay one
 * or all after the mapping was fixed, and see what each replay did.
 */
export function DeadLettersPage() {
  const { t, language } = useI18n();
  const [openOnly, setOpenOnly] = useState(true);
  const [shown, setShown] = useState<string>();
  const [results, setResults] = useState<Result[]>([]);
  const [busy, setBusy] = useState(false);
  // The API words each letter's problem in the board's language: a switch asks again at once.
  const letters = useLive(`dead-letters:${openOnly}:${language}`, (signal) =>
    get<{ deadLetters: DeadLetter[] }>(
      `/api/integrations/dead-letters${query({ open: openOnly ? 'true' : undefined, limit: 200 })}`,
      signal,
    ),
  );
  const waiting = letters.data?.deadLetters.filter(replayable) ?? [];

  async function replay(batch: DeadLetter[]) {
    setBusy(true);
    const done: Result[] = [];
    // One at a time, oldest first: the CRM's order is the order the cases see them in.
    for (const letter of [...batch].reverse()) {
      try {
        const { data } = await call<EventApplied>(
          'POST',
          `/api/integrations/dead-letters/${segment(letter.id)}/replay`,
        );
        done.push({ id: letter.id, applied: data });
      } catch (error) {
        done.push({
          id: letter.id,
          error: error instanceof ApiError ? error : new ApiError(0, 'Error', String(error)),
        });
      }
    }
    setResults(done);
    setBusy(false);
    await letters.reload();
  }

  return (
    <>
      <p>
        <Link to="/integrations">{t('integrations.back')}</Link>
      </p>
      <PageHeader
        title={t('deadLetters.title')}
        intro={t('deadLetters.intro')}
        actions={
          <button
            type="button"
            className="button"
            disabled={busy || waiting.length === 0}
            onClick={() => void replay(waiting)}
          >
            {t('deadLetters.replayAll', { count: waiting.length })}
          </button>
        }
      />
      {results.length > 0 ? <ReplayResults results={results} /> : null}
      <label className="checkbox">
        <input type="checkbox" checked={openOnly} onChange={(event) => setOpenOnly(event.target.checked)} />{' '}
        {t('deadLetters.openOnly')}
      </label>
      <StaleNote error={letters.data ? letters.error : undefined} />
      {!letters.data ? (
        letters.error ? (
          <ProblemNote error={letters.error} onRetry={() => void letters.reload()} />
        ) : (
          <Loading />
        )
      ) : letters.data.deadLetters.length === 0 ? (
        <Empty>{t('deadLetters.none')}</Empty>
      ) : (
        <table data-testid="dead-letters">
          <TableHead
            columns={[
              t('deadLetters.when'),
              t('integrations.source'),
              t('deadLetters.reason'),
              t('deadLetters.problem'),
              t('deadLetters.state'),
              '',
            ]}
          />
          <tbody>
            {letters.data.deadLetters.map((letter) => (
              <Fragment key={letter.id}>
                <tr>
                  <td>
                    <Instant value={letter.receivedAt} />
                  </td>
                  <td>
                    <Link to={`/integrations/mappings/${segment(letter.source)}`}>{letter.source}</Link>
                  </td>
                  <td>{t(`deadLetters.reason.${letter.reason}` as MessageKey)}</td>
                  <td className="wrap">{letter.problem}</td>
                  <td>
                    <LetterState letter={letter} />
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button secondary small"
                      aria-expanded={shown === letter.id}
                      onClick={() => setShown(shown === letter.id ? undefined : letter.id)}
                    >
                      {shown === letter.id ? t('deadLetters.hide') : t('deadLetters.show')}
                    </button>{' '}
                    {replayable(letter) ? (
                      <button
                        type="button"
                        className="button small"
                        disabled={busy}
                        onClick={() => void replay([letter])}
                      >
                        {t('deadLetters.replay')}
                      </button>
                    ) : null}
                  </td>
                </tr>
                {shown === letter.id ? (
                  <tr>
                    <td colSpan={6}>
                      <p>
                        {t('deadLetters.event')}: <code>{letter.eventId ?? '—'}</code> · <code>{letter.id}</code>
                      </p>
                      <p>{t('deadLetters.payload')}</p>
                      <pre className="json-block" data-testid="dead-letter-payload">
                        {readable(letter.payload)}
                      </pre>
                      <Link to={`/integrations/mappings/${segment(letter.source)}`}>{t('deadLetters.fixMapping')}</Link>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function readable(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

function LetterState({ letter }: { letter: DeadLetter }) {
  const { t, locale } = useI18n();
  if (!letter.verified) return <>{t('deadLetters.never')}</>;
  if (!letter.replayedAt) return <>{t('deadLetters.open')}</>;
  const when = formatInstant(letter.replayedAt, locale);
  return letter.replayOutcome === 'applied' ? (
    <>{t('deadLetters.applied', { when })}</>
  ) : (
    <>{t('deadLetters.failedAgain', { when, outcome: letter.replayOutcome ?? '' })}</>
  );
}

/** What each replay did: the cases it started or changed, or why it is still refused. */
function ReplayResults({ results }: { results: Result[] }) {
  const { t } = useI18n();
  return (
    <Section title={t('deadLetters.result')}>
      <ul data-testid="replay-results">
        {results.map((result) => (
          <li key={result.id}>
            {result.applied ? (
              <>
                {t('deadLetters.resultApplied', { id: result.id })}:{' '}
                {result.applied.outcomes.map((outcome) => {
                  const linked = linkedCase(outcome.workflowId);
                  const word = t(`deadLetters.outcome.${outcome.outcome}` as MessageKey);
                  return (
                    <span key={`${outcome.command}:${outcome.workflowId}`}>
                      {linked ? <Link to={linked.href}>{outcome.workflowId}</Link> : outcome.workflowId} ({word}){' '}
                    </span>
                  );
                })}
              </>
            ) : (
              t('deadLetters.resultFailed', {
                id: result.id,
                detail: result.error?.detail ?? result.error?.title ?? '',
              })
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}
