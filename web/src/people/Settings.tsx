import { useState, type FormEvent } from 'react';
import { ApiError, call, get } from '../api/client';
import { Field, Loading, PageHeader, ProblemNote } from '../components/ui';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import type { Person } from './types';
import { NOTICE_KINDS as KINDS } from '../../../activities/shared/notices/kinds';

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** How Baton reaches me: language, time zone, email per kind, a daily digest and quiet hours. */
export function SettingsPage() {
  const { t } = useI18n();
  const me = useLive('me', (signal) => get<Person>('/api/me', signal), 300);
  return (
    <>
      <PageHeader title={t('settings.title')} intro={t('settings.intro')} />
      {me.data ? <SettingsForm person={me.data} /> : me.error ? <ProblemNote error={me.error} /> : <Loading />}
    </>
  );
}

function SettingsForm({ person }: { person: Person }) {
  const { t, label } = useI18n();
  const [language, setLanguage] = useState(person.language);
  const [timeZone, setTimeZone] = useState(person.timeZone);
  const [email, setEmail] = useState(
    () => new Set(KINDS.filter((kind) => (person.preferences.channels[kind] ?? ['email']).includes('email'))),
  );
  const [digest, setDigest] = useState(person.preferences.digest);
  const [quiet, setQuiet] = useState(person.preferences.quietHours);
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const channels = Object.fromEntries(KINDS.map((kind) => [kind, email.has(kind) ? ['inbox', 'email'] : ['inbox']]));
    try {
      await call('PUT', '/api/me', {
        body: { language, timeZone, preferences: { channels, digest, quietHours: quiet } },
      });
      setError(undefined);
      setSaved(true);
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    }
  }
  return (
    <form className="form" onSubmit={(event) => void save(event)}>
      {error ? <ProblemNote error={error} /> : null}
      <Field label={t('settings.language')} name="language" error={error}>
        {(props) => (
          <select {...props} value={language} onChange={(event) => setLanguage(event.target.value as 'en' | 'zh')}>
            <option value="en">English</option>
            <option value="zh">中文</option>
          </select>
        )}
      </Field>
      <Field label={t('settings.timeZone')} name="timeZone" error={error}>
        {(props) => <input {...props} value={timeZone} onChange={(event) => setTimeZone(event.target.value)} />}
      </Field>
      <fieldset>
        <legend>{t('settings.emailKinds')}</legend>
        {KINDS.map((kind) => (
          <label key={kind} className="inline-check">
            <input
              type="checkbox"
              checked={email.has(kind)}
              onChange={(event) => {
                const next = new Set(email);
                if (event.target.checked) next.add(kind);
                else next.delete(kind);
                setEmail(next);
              }}
            />{' '}
            {label('notice', kind)}
          </label>
        ))}
      </fieldset>
      <label className="inline-check">
        <input
          type="checkbox"
          checked={digest.enabled}
          onChange={(event) => setDigest({ ...digest, enabled: event.target.checked })}
        />{' '}
        {t('settings.digest')}
      </label>
      <Field label={t('settings.digestHour')} name="digestHour" error={error}>
        {(props) => (
          <select
            {...props}
            value={digest.hour}
            onChange={(event) => setDigest({ ...digest, hour: Number(event.target.value) })}
          >
            {HOURS.map((hour) => (
              <option key={hour} value={hour}>{`${hour}:00`}</option>
            ))}
          </select>
        )}
      </Field>
      <fieldset>
        <legend>
          <label className="inline-check">
            <input
              type="checkbox"
              checked={quiet !== null}
              onChange={(event) => setQuiet(event.target.checked ? { from: 20, to: 8 } : null)}
            />{' '}
            {t('settings.quiet')}
          </label>
        </legend>
        {quiet ? (
          <>
            <label>
              {t('settings.quietFrom')}{' '}
              <select value={quiet.from} onChange={(event) => setQuiet({ ...quiet, from: Number(event.target.value) })}>
                {HOURS.map((hour) => (
                  <option key={hour} value={hour}>{`${hour}:00`}</option>
                ))}
              </select>
            </label>{' '}
            <label>
              {t('settings.quietTo')}{' '}
              <select value={quiet.to} onChange={(event) => setQuiet({ ...quiet, to: Number(event.target.value) })}>
                {HOURS.map((hour) => (
                  <option key={hour} value={hour}>{`${hour}:00`}</option>
                ))}
              </select>
            </label>
          </>
        ) : null}
      </fieldset>
      <button type="submit" className="button">
        {t('common.save')}
      </button>
      {saved ? <p role="status">{t('settings.saved')}</p> : null}
    </form>
  );
}
