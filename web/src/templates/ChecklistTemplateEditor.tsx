import { useState } from 'react';
import { ApiError, call, get, segment } from '../api/client';
import { JsonField } from '../components/json-field';
import { Loading, ProblemNote, Section, TableHead } from '../components/ui';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import { LaunchTemplateForm, type LaunchTemplateDraft } from './LaunchTemplateForm';
import type { TemplateProblem } from './validation';

interface ChecklistItem {
  key: string;
  title: string;
  phase: string;
  ownerRole: string;
  dependsOn?: string[];
  due: { days: number; unit?: string };
  evidence?: string;
  signOffBy?: string;
  rollToBusinessDay?: boolean;
}

interface Preview {
  items: { key: string; title: string; date: string; approximate: boolean; phase: string }[];
  gates: { key: string; title: string; date: string; approximate: boolean }[];
  earliestLaunchDate: { date: string } | null;
}

/**
 * A launch-shaped template (phases, items, owners, dependencies, due offsets, evidence, sign-offs,
 * reminders, escalations, gates): its items as an indented list of what each waits for, the template as
 * JSON to edit, and a schedule preview of the draft against a sample date and calendar.
 */
export function ChecklistTemplateEditor({
  definition,
  templateKey,
  onChange,
  readOnly = false,
  valid = true,
  problems = [],
}: {
  definition: Record<string, unknown>;
  templateKey: string;
  onChange?: (definition: Record<string, unknown>) => void;
  readOnly?: boolean;
  valid?: boolean;
  /** The dry run's problems, which the launch form shows next to their fields. */
  problems?: TemplateProblem[];
}) {
  const { t } = useI18n();
  const [typed, setTyped] = useState(() => JSON.stringify(definition, null, 2));
  const [syntax, setSyntax] = useState<string>();
  // Launch templates are edited in a form by default; JSON stays for everything else and as the alternative.
  const hasForm = definition.playbook === 'launch-readiness';
  const formFits = hasForm && fitsLaunchForm(definition);
  const [view, setView] = useState<'form' | 'json'>(hasForm ? 'form' : 'json');
  const phases = (definition.phases as { key: string; title: string }[] | undefined) ?? [];
  const items = (definition.items as ChecklistItem[] | undefined) ?? [];
  const titleOf = new Map(items.map((item) => [item.key, item.title]));

  return (
    <>
      <Section title={t('templates.launch.items')}>
        <ul className="template-tree" data-testid="template-tree">
          {phases.map((phase) => (
            <li key={phase.key}>
              <strong>{phase.title}</strong>
              <ul>
                {items
                  .filter((item) => item.phase === phase.key)
                  .map((item) => (
                    <li key={item.key}>
                      {item.title} <code>{item.ownerRole}</code> ·{' '}
                      {t('templates.launch.due', {
                        days: item.due.days,
                        unit: t(
                          item.due.unit === 'business-days'
                            ? 'templates.poc.unit.business-days'
                            : 'templates.poc.unit.calendar-days',
                        ),
                      })}
                      {item.evidence && item.evidence !== 'none' ? ` · ${item.evidence}` : ''}
                      {item.signOffBy ? ` · ✍ ${item.signOffBy}` : ''}
                      {item.dependsOn?.length ? (
                        <ul>
                          {item.dependsOn.map((dependency) => (
                            <li key={dependency}>↳ {titleOf.get(dependency) ?? dependency}</li>
                          ))}
                        </ul>
                      ) : null}
                    </li>
                  ))}
              </ul>
            </li>
          ))}
        </ul>
      </Section>
      {readOnly || !hasForm ? null : (
        <div className="form-row" role="group" aria-label={t('templates.form.view')}>
          {(['form', 'json'] as const).map((option) => (
            <button
              key={option}
              type="button"
              className={`button small ${view === option ? 'primary' : 'secondary'}`}
              aria-pressed={view === option}
              onClick={() => {
                // The JSON shows what the form made of the draft so far.
                if (option === 'json') setTyped(JSON.stringify(definition, null, 2));
                setSyntax(undefined);
                setView(option);
              }}
            >
              {t(option === 'form' ? 'templates.form.formView' : 'templates.form.jsonView')}
            </button>
          ))}
        </div>
      )}
      {readOnly || view !== 'form' || !hasForm ? null : formFits ? (
        <LaunchTemplateForm
          draft={definition as LaunchTemplateDraft}
          onChange={(next) => onChange?.(next)}
          problems={problems}
        />
      ) : (
        <p className="problem" role="note">
          {t('templates.form.doesNotFit')}
        </p>
      )}
      {readOnly || view !== 'json' ? null : (
        <JsonField
          label={t('templates.definition')}
          value={typed}
          onChange={(text) => {
            setTyped(text);
            try {
              onChange?.(JSON.parse(text) as Record<string, unknown>);
              setSyntax(undefined);
            } catch (error) {
              setSyntax(error instanceof Error ? error.message : String(error));
            }
          }}
          hint={t('templates.definitionHint')}
          error={syntax ? t('templates.notJson', { error: syntax }) : undefined}
          rows={20}
        />
      )}
      {definition.playbook === 'launch-readiness' ? (
        <SchedulePreview templateKey={templateKey} definition={readOnly ? undefined : definition} enabled={valid} />
      ) : null}
    </>
  );
}

function SchedulePreview({
  templateKey,
  definition,
  enabled,
}: {
  templateKey: string;
  definition?: Record<string, unknown>;
  enabled: boolean;
}) {
  const { t } = useI18n();
  const calendars = useLive(
    'calendars',
    (signal) => get<{ items: { key: string; name: string }[] }>('/api/calendars', signal),
    60,
  );
  const [launchDate, setLaunchDate] = useState(() => new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10));
  const [calendar, setCalendar] = useState('mon-fri');
  const [preview, setPreview] = useState<Preview>();
  const [error, setError] = useState<ApiError>();

  async function run() {
    try {
      const { data } = await call<Preview>('POST', `/api/templates/${segment(templateKey)}/schedule-preview`, {
        body: { launchDate, calendar, ...(definition ? { definition } : {}) },
      });
      setPreview(data);
      setError(undefined);
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    }
  }

  return (
    <Section title={t('templates.preview')}>
      <div className="form-row">
        <label>
          {t('templates.previewDate')}{' '}
          <input type="date" value={launchDate} onChange={(event) => setLaunchDate(event.target.value)} />
        </label>{' '}
        <label>
          {t('templates.previewCalendar')}{' '}
          {calendars.data ? (
            <select value={calendar} onChange={(event) => setCalendar(event.target.value)}>
              {calendars.data.items.map((item) => (
                <option key={item.key} value={item.key}>
                  {item.name}
                </option>
              ))}
            </select>
          ) : (
            <Loading />
          )}
        </label>{' '}
        <button type="button" className="button secondary" disabled={!enabled} onClick={() => void run()}>
          {t('templates.previewRun')}
        </button>
      </div>
      {error ? <ProblemNote error={error} /> : null}
      {preview ? (
        <>
          <table data-testid="schedule-preview">
            <TableHead columns={[t('templates.previewItem'), t('templates.previewDue')]} />
            <tbody>
              {[...preview.items, ...preview.gates].map((entry) => (
                <tr key={entry.key}>
                  <td>{entry.title}</td>
                  <td>
                    {entry.date}
                    {entry.approximate ? ` (${t('templates.previewApproximate')})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.earliestLaunchDate ? (
            <p>{t('templates.previewEarliest', { date: preview.earliestLaunchDate.date })}</p>
          ) : null}
        </>
      ) : null}
    </Section>
  );
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Whether a draft edited as JSON still has the shape the form reads (lists of phases and items with offsets). */
function fitsLaunchForm(definition: Record<string, unknown>): boolean {
  const { phases, items, gates = [], reminders = [], escalations = [] } = definition;
  const offset = (value: unknown) => isObject(value) && ['undefined', 'number'].includes(typeof value.days);
  return (
    Array.isArray(phases) &&
    phases.every(isObject) &&
    Array.isArray(items) &&
    items.every((item) => isObject(item) && offset(item.due)) &&
    Array.isArray(gates) &&
    gates.every((gate) => isObject(gate) && offset(gate.due) && Array.isArray(gate.requiredItems)) &&
    Array.isArray(reminders) &&
    reminders.every((reminder) => isObject(reminder) && offset(reminder.before)) &&
    Array.isArray(escalations) &&
    escalations.every((escalation) => isObject(escalation) && offset(escalation.after))
  );
}
