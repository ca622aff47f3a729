import { type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { call, get, segment } from '../api/client';
import type { CalendarSummary, LaunchState } from '../api/types';
import { bodyOf, SpecField, type FieldSpec } from '../components/actions';
import { PageHeader, ProblemNote } from '../components/ui';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import { useSubmission } from '../lib/submit';

/** The roles a launch names a person for (the shipped template's owners and signers). */
const OWNER_ROLES = ['product_manager', 'presales', 'ops_manager', 'customer_service', 'customer_success'] as const;

export function StartLaunchPage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const { error, busy, run } = useSubmission();
  const calendars = useLive('calendars', (signal) => get<{ items: CalendarSummary[] }>('/api/calendars', signal), 300);

  const fields: FieldSpec[] = [
    { name: 'launchId', label: t('startLaunch.launchId'), required: true, hint: t('startLaunch.launchIdHint') },
    { name: 'productName', label: t('startLaunch.productName'), required: true },
    { name: 'launchDate', label: t('launches.launchDate'), kind: 'date', required: true },
    { name: 'regions', label: t('common.regions'), kind: 'list', hint: t('startLaunch.regionsHint') },
  ];
  const ownerFields: FieldSpec[] = OWNER_ROLES.map((role) => ({ name: `owners.${role}`, label: label('role', role), kind: 'email' }));
  const calendarField: FieldSpec = {
    name: 'calendar',
    label: t('startLaunch.calendar'),
    kind: 'select',
    required: true,
    initial: 'mon-fri',
    options: (calendars.data?.items ?? [{ key: 'mon-fri' }]).map((calendar) => ({ value: calendar.key, label: calendar.name ? `${calendar.name} (${calendar.key})` : calendar.key })),
  };
  const all = [...fields, ...ownerFields, calendarField];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = bodyOf(all, new FormData(event.currentTarget));
    void run(async () => {
      const { data } = await call<LaunchState>('POST', '/api/launches', { body });
      navigate(`/launches/${segment(data.launchId)}`);
    });
  }

  return (
    <>
      <PageHeader title={t('startLaunch.title')} intro={t('startLaunch.intro')} />
      <form className="card form" onSubmit={submit} noValidate>
        {error ? <ProblemNote error={error} fields={all.map((field) => field.name).concat('owners')} /> : null}
        {fields.map((field) => (
          <SpecField key={field.name} field={field} error={error} />
        ))}
        <fieldset>
          <legend>{t('startLaunch.owners')}</legend>
          <div className="field-grid">
            {ownerFields.map((field) => (
              <SpecField key={field.name} field={field} error={error} />
            ))}
          </div>
        </fieldset>
        {/* The calendar list arrives after the first render; the select is keyed so its default applies. */}
        <SpecField key={calendars.data ? 'loaded' : 'loading'} field={calendarField} error={error} />
        <button type="submit" className="button primary" disabled={busy}>
          {t('startLaunch.submit')}
        </button>
      </form>
    </>
  );
}
