import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { ROLES } from '../../../domain/shared/roles';
import { ApiError, call, get } from '../api/client';
import { Field, ProblemNote } from '../components/ui';
import { useAuth } from '../lib/auth';
import { list } from '../lib/format';
import { useI18n } from '../lib/i18n';

interface Preset {
  subject: string;
  roles: string[];
  regions: string[];
}

/** Identities a person trying Baton out reaches for first. */
const PRESETS: Preset[] = [
  { subject: 'olivia@hq.example', roles: ['ops_manager'], regions: [] },
  { subject: 'rita@east.example', roles: ['regional_ops'], regions: ['east-china'] },
  { subject: 'sam@east.example', roles: ['sales'], regions: ['east-china'] },
  { subject: 'pat@hq.example', roles: ['product_manager'], regions: [] },
  { subject: 'petra@hq.example', roles: ['presales'], regions: [] },
  { subject: 'pm@delivery.example', roles: ['project_manager'], regions: [] },
];

export function LoginPage() {
  const { identity, notice, signIn } = useAuth();
  const { t, label, language, setLanguage } = useI18n();
  const [params] = useSearchParams();
  const [devLogin, setDevLogin] = useState<boolean | undefined>(undefined);
  const [subject, setSubject] = useState(PRESETS[0]!.subject);
  const [roles, setRoles] = useState<string[]>(PRESETS[0]!.roles);
  const [regions, setRegions] = useState('');
  const [token, setToken] = useState('');
  const [devError, setDevError] = useState<ApiError>();
  const [tokenError, setTokenError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // The development login exists only in local mode; the API document says whether it is mounted.
    get<{ paths: Record<string, unknown> }>('/api/openapi.json')
      .then((document) => setDevLogin('/api/dev/login' in document.paths))
      .catch(() => setDevLogin(false));
  }, []);

  if (identity) return <Navigate to={params.get('next') ?? '/tasks'} replace />;

  async function devSignIn(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setDevError(undefined);
    try {
      const { data } = await call<{ token: string }>('POST', '/api/dev/login', {
        body: { subject, roles, regions: list(regions) },
        token: null,
      });
      signIn(data.token);
    } catch (error) {
      setDevError(error instanceof ApiError ? error : new ApiError(0, 'Error', String(error)));
    } finally {
      setBusy(false);
    }
  }

  async function tokenSignIn(event: FormEvent) {
    event.preventDefault();
    const candidate = token.trim();
    setBusy(true);
    setTokenError(undefined);
    try {
      // Any authenticated read tells whether the API accepts the token.
      await call('GET', '/api/tasks?limit=1', { token: candidate });
      signIn(candidate);
    } catch (error) {
      const problem = error instanceof ApiError ? error : new ApiError(0, 'Error', String(error));
      setTokenError(problem.status === 401 ? new ApiError(401, t('login.tokenRefused'), problem.detail) : problem);
    } finally {
      setBusy(false);
    }
  }

  const toggleRole = (role: string) =>
    setRoles((current) => (current.includes(role) ? current.filter((r) => r !== role) : [...current, role]));

  return (
    <main id="main" className="login">
      <div className="login-top">
        <h1>{t('login.title')}</h1>
        <button
          type="button"
          className="button secondary small"
          aria-label={t('app.languageLabel')}
          onClick={() => setLanguage(language === 'en' ? 'zh' : 'en')}
        >
          {t('app.language')}
        </button>
      </div>
      {notice ? (
        <p className="problem" role="alert">
          {t('login.expired')}
        </p>
      ) : null}
      <div className="login-panels">
        {devLogin ? (
          <form className="card" onSubmit={devSignIn} noValidate aria-labelledby="dev-login-title">
            <h2 id="dev-login-title">{t('login.devTitle')}</h2>
            <p className="muted">{t('login.devHint')}</p>
            <div className="presets" role="group" aria-label={t('login.presets')}>
              {PRESETS.map((preset) => (
                <button
                  key={preset.subject}
                  type="button"
                  className="button secondary small"
                  onClick={() => {
                    setSubject(preset.subject);
                    setRoles(preset.roles);
                    setRegions(preset.regions.join(', '));
                  }}
                >
                  {preset.roles.map((role) => label('role', role)).join(', ')}
                  {preset.regions.length ? ` (${preset.regions.join(', ')})` : ''}
                </button>
              ))}
            </div>
            <Field label={t('login.subject')} name="subject" error={devError} required>
              {(props) => (
                <input
                  {...props}
                  type="email"
                  autoComplete="username"
                  value={subject}
                  onChange={(event) => setSubject(event.target.value)}
                />
              )}
            </Field>
            <fieldset
              className={`field checkboxes${devError?.errors.some((issue) => issue.path.startsWith('roles')) ? ' invalid' : ''}`}
            >
              <legend>{t('login.roles')}</legend>
              {ROLES.map((role) => (
                <label key={role} className="checkbox">
                  <input
                    type="checkbox"
                    name="roles"
                    value={role}
                    checked={roles.includes(role)}
                    onChange={() => toggleRole(role)}
                  />{' '}
                  {label('role', role)}
                </label>
              ))}
              {devError?.errors
                .filter((issue) => issue.path.startsWith('roles'))
                .map((issue) => (
                  <p key={issue.message} className="field-error">
                    {issue.message}
                  </p>
                ))}
            </fieldset>
            <Field label={t('login.regions')} name="regions" error={devError} hint={t('login.regionsHint')}>
              {(props) => <input {...props} value={regions} onChange={(event) => setRegions(event.target.value)} />}
            </Field>
            {devError ? <ProblemNote error={devError} fields={['subject', 'roles', 'regions']} /> : null}
            <button type="submit" className="button primary" disabled={busy}>
              {t('login.submit')}
            </button>
          </form>
        ) : devLogin === false ? (
          <p className="muted">{t('login.noDevLogin')}</p>
        ) : null}
        <form className="card" onSubmit={tokenSignIn} noValidate aria-labelledby="token-login-title">
          <h2 id="token-login-title">{t('login.tokenTitle')}</h2>
          <p className="muted">{t('login.tokenHint')}</p>
          <Field label={t('login.token')} name="token" error={tokenError} required>
            {(props) => (
              <textarea
                {...props}
                rows={3}
                value={token}
                onChange={(event) => setToken(event.target.value)}
                spellCheck={false}
              />
            )}
          </Field>
          {tokenError ? <ProblemNote error={tokenError} fields={['token']} /> : null}
          <button type="submit" className="button secondary" disabled={busy || token.trim() === ''}>
            {t('login.useToken')}
          </button>
        </form>
      </div>
    </main>
  );
}
