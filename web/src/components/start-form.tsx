import { useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { call, get, segment } from '../api/client';
import type { CalendarSummary } from '../api/types';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import { useSubmission } from '../lib/submit';
import { bodyOf, SpecField, type FieldSpec } from './actions';
import { PageHeader, ProblemNote } from './ui';

/**
 * The working-day calendars a playbook may count on, as a select field. It starts on the region's
 * default, which sends no calendar: the API pins the one mapped to the region, else mon-fri.
 */
export function useCalendarField(): FieldSpec {
  const { t } = useI18n();
  const calendars = useLive('calendars', (signal) => get<{ items: CalendarSummary[] }>('/api/calendars', signal), 300);
  return {
    name: 'calendar',
    label: t('startLaunch.calendar'),
    kind: 'select',
    required: true,
    initial: '',
    options: [
      { value: '', label: t('startForm.regionCalendar') },
      ...(calendars.data?.items ?? [{ key: 'mon-fri' }]).map((calendar) => ({
        value: calendar.key,
        label: calendar.name ? `${calendar.name} (${calendar.key})` : calendar.key,
      })),
    ],
  };
}

/**
 * A playbook's start form from field specs: it posts what was typed, shows the API's problem and
 * each field's message, and opens the started case (`idOf` names it in the answer).
 */
export function StartForm({
  title,
  intro,
  endpoint,
  fields,
  submitLabel,
  detailPath,
  preview,
  shape = (body) => body,
}: {
  title: string;
  intro: string;
  endpoint: string;
  fields: readonly FieldSpec[];
  submitLabel: string;
  detailPath: (answer: Record<string, unknown>) => string;
  /** What the form would start, shown before starting it, from what is typed so far. */
  preview?: (body: Record<string, unknown>) => ReactNode;
  /** The body as the API takes it, where a form's fields do not map one to one (a list of one contact, say). */
  shape?: (body: Record<string, unknown>) => Record<string, unknown>;
}) {
  const navigate = useNavigate();
  const { error, busy, run } = useSubmission();
  const [typed, setTyped] = useState<Record<string, unknown>>({});
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = shape(bodyOf(fields, new FormData(event.currentTarget)));
    void run(async () => {
      const { data } = await call<Record<string, unknown>>('POST', endpoint, { body });
      navigate(detailPath(data));
    });
  }
  return (
    <>
      <PageHeader title={title} intro={intro} />
      <form
        className="card form"
        onSubmit={submit}
        onChange={preview ? (event) => setTyped(bodyOf(fields, new FormData(event.currentTarget))) : undefined}
        noValidate
      >
        {error ? <ProblemNote error={error} fields={fields.map((field) => field.name)} /> : null}
        <div className="field-grid">
          {fields.map((field) => (
            // Options arrive after the first render (calendars): keyed by them so the default applies.
            <SpecField key={`${field.name}:${field.options?.length ?? 0}`} field={field} error={error} />
          ))}
        </div>
        {preview ? preview(typed) : null}
        <button type="submit" className="button primary" disabled={busy}>
          {submitLabel}
        </button>
      </form>
    </>
  );
}

export const detailOf = (base: string, key: string) => (answer: Record<string, unknown>) =>
  `${base}/${segment(String(answer[key]))}`;
