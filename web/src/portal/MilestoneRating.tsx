import { useState, type FormEvent } from 'react';
import { ApiError, call, segment } from '../api/client';
import { ProblemNote } from '../components/ui';
import { useI18n } from '../lib/i18n';

const SCORES = [1, 2, 3, 4, 5] as const;

/** A short CSAT of a done milestone in the portal (issue 16): a score from 1 to 5 and an optional comment. */
export function MilestoneRating({
  caseId,
  milestoneKey,
  token,
  onDone,
}: {
  caseId: string;
  milestoneKey: string;
  token: string;
  onDone(): Promise<void>;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const comment = String(form.get('comment') ?? '').trim();
    setBusy(true);
    setError(undefined);
    try {
      const path = `/api/portal/handoffs/${segment(caseId)}/milestones/${segment(milestoneKey)}/rating`;
      await call('POST', path, { body: { score: Number(form.get('score')), ...(comment ? { comment } : {}) }, token });
      await onDone();
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="portal-rating" onSubmit={submit} data-rating={milestoneKey}>
      <fieldset className="field">
        <legend className="small">{t('csat.question')}</legend>
        <span className="small muted">{t('csat.score')}</span>
        <div className="portal-scores">
          {SCORES.map((score) => (
            <label key={score} className="checkbox">
              <input type="radio" name="score" value={score} required /> {score}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="field">
        <span className="small">{t('csat.comment')}</span>
        <input name="comment" maxLength={2000} />
      </label>
      {error ? <ProblemNote error={error} /> : null}
      <button type="submit" className="button secondary small" disabled={busy}>
        {t('csat.send')}
      </button>
    </form>
  );
}
