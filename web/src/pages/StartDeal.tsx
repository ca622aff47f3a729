import { type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { SUPPORT_TYPES } from '../../../domain/deal/types';
import { call, get, segment } from '../api/client';
import type { CalendarSummary, DealState } from '../api/types';
import { bodyOf, SpecField, type FieldSpec } from '../components/actions';
import { fieldErrors, PageHeader, ProblemNote } from '../components/ui';
import { useAuth } from '../lib/auth';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import { useSubmission } from '../lib/submit';

export function StartDealPage() {
  const { t, label } = useI18n();
  const { identity } = useAuth();
  const navigate = useNavigate();
  const { error, busy, run } = useSubmission();
  const calendars = useLive('calendars', (signal) => get<{ items: CalendarSummary[] }>('/api/calendars', signal), 300);

  const fields: FieldSpec[] = [
    { name: 'account', label: t('common.account'), required: true },
    { name: 'region', label: t('common.region'), required: true, initial: identity?.regions[0] },
    { name: 'opportunity.id', label: t('startPoc.opportunityId'), required: true },
    { name: 'opportunity.amount', label: t('common.amount'), kind: 'number', required: true },
    { name: 'opportunity.currency', label: t('startPoc.currency'), initial: 'CNY' },
    { name: 'dealStage', label: t('startDeal.dealStage'), required: true },
    { name: 'competitors', label: t('startDeal.competitors'), kind: 'list' },
    { name: 'dueDate', label: t('startDeal.dueDate'), kind: 'date', required: true },
    { name: 'salesOwner', label: t('startPoc.salesOwner'), kind: 'email', required: true, initial: identity?.roles.includes('sales') ? identity.subject : undefined },
    { name: 'note', label: t('common.note'), kind: 'textarea' },
  ];
  const calendarField: FieldSpec = {
    name: 'calendar',
    label: t('startLaunch.calendar'),
    kind: 'select',
    required: true,
    initial: 'mon-fri',
    options: (calendars.data?.items ?? [{ key: 'mon-fri' }]).map((calendar) => ({ value: calendar.key, label: calendar.name ? `${calendar.name} (${calendar.key})` : calendar.key })),
  };
  const typeErrors = fieldErrors(error, 'supportTypes');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = { ...bodyOf([...fields, calendarField], form), supportTypes: form.getAll('supportTypes').map(String) };
    void run(async () => {
      const { data } = await call<DealState>('POST', '/api/deals', { body });
      navigate(`/deals/${segment(data.dealId)}`);
    });
  }

  return (
    <>
      <PageHeader title={t('startDeal.title')} intro={t('startDeal.intro')} />
      <form className="card form" onSubmit={submit} noValidate>
        {error ? <ProblemNote error={error} fields={[...fields.map((field) => field.name), 'calendar', 'supportTypes', 'opportunity']} /> : null}
        <div className="field-grid">
          {fields.map((field) => (
            <SpecField key={field.name} field={field} error={error} />
          ))}
          <SpecField key={calendars.data ? 'calendar-loaded' : 'calendar'} field={calendarField} error={error} />
        </div>
        <fieldset className={`field checkboxes${typeErrors.length ? ' invalid' : ''}`} aria-describedby={typeErrors.length ? 'support-types-error' : undefined}>
          <legend>
            {t('deals.supportTypes')}
            <span className="required-mark"> *</span>
          </legend>
          {SUPPORT_TYPES.map((type) => (
            <label key={type} className="checkbox">
              <input type="checkbox" name="supportTypes" value={type} /> {label('support', type)}
            </label>
          ))}
          {typeErrors.length ? (
            <p className="field-error" id="support-types-error">
              {typeErrors.join('; ')}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className="button primary" disabled={busy}>
          {t('startDeal.submit')}
        </button>
      </form>
    </>
  );
}
