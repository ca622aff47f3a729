import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, call } from '../api/client';
import { ProblemNote } from '../components/ui';
import { useI18n } from '../lib/i18n';

/** Where the one-click link in every mail lands: it needs no sign-in, the link's token is the proof. */
export function UnsubscribePage() {
  const { t, label } = useI18n();
  const [params] = useSearchParams();
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiError>();
  const person = params.get('person') ?? '';
  const kind = params.get('kind') ?? '';
  async function confirm() {
    try {
      await call('POST', '/api/notices/unsubscribe', {
        body: { person, kind, token: params.get('token') ?? '' },
        token: null,
      });
      setDone(true);
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    }
  }
  return (
    <main id="main" className="narrow">
      <h1>{t('unsubscribe.title')}</h1>
      {done ? (
        <p role="status">{t('unsubscribe.done', { kind: label('notice', kind) })}</p>
      ) : (
        <>
          <p>{t('unsubscribe.confirm', { kind: label('notice', kind), person })}</p>
          {error ? <ProblemNote error={error} /> : null}
          <button type="button" className="button" onClick={() => void confirm()}>
            {t('unsubscribe.button')}
          </button>
        </>
      )}
    </main>
  );
}
