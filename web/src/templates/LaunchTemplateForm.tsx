import { useState, type ReactNode } from 'react';
import { Field } from '../components/ui';
import { useI18n, type MessageKey } from '../lib/i18n';
import { ROLES } from '../../../domain/shared/roles';
import { problemsAsError, problemText, type TemplateProblem } from './validation';

/** A distance from the launch date as the form holds it (domain/launch/template.ts `offsetSchema`). */
interface Offset {
  days: number;
  unit?: 'calendar-days' | 'business-days';
}

interface Phase {
  key: string;
  title: string;
  opensAfterGate?: string;
}

interface Item {
  key: string;
  title: string;
  description?: string;
  phase: string;
  ownerRole: string;
  dependsOn?: string[];
  due: Offset;
  required?: boolean;
  evidence?: 'none' | 'link' | 'note';
  signOffBy?: string;
  repeatEveryDays?: number;
  rollToBusinessDay?: boolean;
}

interface Gate {
  key: string;
  title: string;
  due: Offset;
  requiredItems: string[];
  signOffs?: string[];
}

/** A launch-readiness template as the form edits it; whatever else it holds is kept untouched. */
export interface LaunchTemplateDraft {
  name: string;
  phases: Phase[];
  items: Item[];
  reminders?: { before: Offset }[];
  escalations?: { after: Offset; notify: string }[];
  gates?: Gate[];
  [other: string]: unknown;
}

const UNITS = ['calendar-days', 'business-days'] as const;
const EVIDENCE = ['none', 'link', 'note'] as const;

/** A number as typed: an empty or half-typed field reaches the dry run as not-a-number, which it names. */
const asNumber = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));
const shownNumber = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '' : String(value));
const replaceAt = <T,>(list: readonly T[], index: number, next: T): T[] =>
  list.map((entry, at) => (at === index ? next : entry));
const removeAt = <T,>(list: readonly T[], index: number): T[] => list.filter((_, at) => at !== index);
const toggled = (list: readonly string[], value: string, on: boolean) =>
  on ? [...list.filter((entry) => entry !== value), value] : list.filter((entry) => entry !== value);

/**
 * The launch template field by field (issue 20): phases, items (title, phase, owner role, due offset in
 * business or calendar days, roll to the next business day, evidence, sign-off, dependencies), reminder
 * and escalation rules, and gates. Each problem of the API's dry run appears next to the field it names;
 * the JSON view stays as the alternative for what the form does not show.
 */
export function LaunchTemplateForm({
  draft,
  onChange,
  problems = [],
}: {
  draft: LaunchTemplateDraft;
  onChange: (next: LaunchTemplateDraft) => void;
  problems?: TemplateProblem[];
}) {
  const { t, label, language } = useI18n();
  const error = problemsAsError(problems, language);
  const at = (path: string) =>
    problems.filter((problem) => problem.path === path).map((problem) => problemText(problem, language));
  const below = (path: string) =>
    problems.filter((problem) => problem.path.startsWith(path)).map((problem) => problemText(problem, language));
  const set = (next: Partial<LaunchTemplateDraft>) => onChange({ ...draft, ...next });
  const gates = draft.gates ?? [];
  const reminders = draft.reminders ?? [];
  const escalations = draft.escalations ?? [];
  const roleOptions = ROLES.map((role) => (
    <option key={role} value={role}>
      {label('role', role)}
    </option>
  ));

  const textField = (labelKey: MessageKey, name: string, value: string, change: (next: string) => void) => (
    <Field label={t(labelKey)} name={name} error={error}>
      {(props) => <input {...props} value={value} onChange={(event) => change(event.target.value)} />}
    </Field>
  );
  const offsetFields = (
    path: string,
    offset: Offset,
    change: (next: Offset) => void,
    daysLabel: MessageKey = 'templates.form.days',
  ) => (
    <>
      <Field label={t(daysLabel)} name={`${path}.days`} error={error}>
        {(props) => (
          <input
            {...props}
            type="number"
            value={shownNumber(offset.days)}
            onChange={(event) => change({ ...offset, days: asNumber(event.target.value) })}
          />
        )}
      </Field>
      <Field label={t('templates.form.unit')} name={`${path}.unit`} error={error}>
        {(props) => (
          <select
            {...props}
            value={offset.unit ?? 'calendar-days'}
            onChange={(event) => change({ ...offset, unit: event.target.value as Offset['unit'] })}
          >
            {UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {t(`templates.poc.unit.${unit}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );

  return (
    <div className="template-editor" data-testid="launch-template-form">
      {textField('templates.poc.name', 'name', draft.name, (name) => set({ name }))}

      <FormPart
        title={t('templates.form.phases')}
        problems={at('phases')}
        addLabel={t('templates.form.addPhase')}
        onAdd={() => set({ phases: [...draft.phases, { key: '', title: '' }] })}
      >
        {draft.phases.map((phase, index) => {
          const edit = (next: Partial<Phase>) => set({ phases: replaceAt(draft.phases, index, { ...phase, ...next }) });
          return (
            <div key={index} className="form-row" data-testid={`phase-${index}`}>
              {textField('templates.form.key', `phases.${index}.key`, phase.key, (key) => edit({ key }))}
              {textField('templates.form.title', `phases.${index}.title`, phase.title, (title) => edit({ title }))}
              <Field label={t('templates.form.opensAfterGate')} name={`phases.${index}.opensAfterGate`} error={error}>
                {(props) => (
                  <select
                    {...props}
                    value={phase.opensAfterGate ?? ''}
                    onChange={(event) => {
                      const { opensAfterGate: _unset, ...rest } = phase;
                      const gate = event.target.value;
                      set({ phases: replaceAt(draft.phases, index, gate ? { ...rest, opensAfterGate: gate } : rest) });
                    }}
                  >
                    <option value="">{t('templates.form.fromStart')}</option>
                    {gates.map((gate) => (
                      <option key={gate.key} value={gate.key}>
                        {gate.title}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <RemoveButton onClick={() => set({ phases: removeAt(draft.phases, index) })} />
            </div>
          );
        })}
      </FormPart>

      <FormPart
        title={t('templates.form.items')}
        problems={at('items')}
        addLabel={t('templates.form.addItem')}
        onAdd={() =>
          set({
            items: [
              ...draft.items,
              {
                key: '',
                title: '',
                phase: draft.phases[0]?.key ?? '',
                ownerRole: 'ops_manager',
                dependsOn: [],
                due: { days: 0, unit: 'calendar-days' },
              },
            ],
          })
        }
      >
        {draft.items.map((item, index) => {
          const path = `items.${index}`;
          const replace = (next: Item) => set({ items: replaceAt(draft.items, index, next) });
          const edit = (next: Partial<Item>) => replace({ ...item, ...next });
          const invalid = problems.some((problem) => problem.path.startsWith(`${path}.`));
          const others = draft.items.filter((other, otherIndex) => otherIndex !== index && other.key);
          return (
            <Collapsible key={index} openWhen={invalid || !item.key}>
              <summary data-testid={`item-summary-${index}`}>
                {item.title || t('templates.form.newItem')} · {label('role', item.ownerRole)} ·{' '}
                {t('templates.launch.due', {
                  days: shownNumber(item.due.days),
                  unit: t(`templates.poc.unit.${item.due.unit ?? 'calendar-days'}`),
                })}
                {invalid ? ` · ⚠ ${t('templates.form.hasProblems')}` : ''}
              </summary>
              <div className="form-grid">
                {textField('templates.form.key', `${path}.key`, item.key, (key) => edit({ key }))}
                {textField('templates.form.title', `${path}.title`, item.title, (title) => edit({ title }))}
                <Field label={t('templates.form.phase')} name={`${path}.phase`} error={error}>
                  {(props) => (
                    <select {...props} value={item.phase} onChange={(event) => edit({ phase: event.target.value })}>
                      {draft.phases.some((phase) => phase.key === item.phase) ? null : (
                        <option value={item.phase}>{item.phase || '–'}</option>
                      )}
                      {draft.phases.map((phase) => (
                        <option key={phase.key} value={phase.key}>
                          {phase.title || phase.key}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={t('templates.form.ownerRole')} name={`${path}.ownerRole`} error={error}>
                  {(props) => (
                    <select
                      {...props}
                      value={item.ownerRole}
                      onChange={(event) => edit({ ownerRole: event.target.value })}
                    >
                      {roleOptions}
                    </select>
                  )}
                </Field>
                {offsetFields(`${path}.due`, item.due, (due) => edit({ due }))}
                <Field label={t('templates.form.roll')} name={`${path}.rollToBusinessDay`} error={error}>
                  {(props) => (
                    <input
                      {...props}
                      type="checkbox"
                      checked={item.rollToBusinessDay === true}
                      onChange={(event) => {
                        const { rollToBusinessDay: _unset, ...rest } = item;
                        // Absent rather than false: templates pinned before the flag existed leave it out.
                        replace(event.target.checked ? { ...rest, rollToBusinessDay: true } : rest);
                      }}
                    />
                  )}
                </Field>
                <Field label={t('templates.form.evidence')} name={`${path}.evidence`} error={error}>
                  {(props) => (
                    <select
                      {...props}
                      value={item.evidence ?? 'none'}
                      onChange={(event) => edit({ evidence: event.target.value as Item['evidence'] })}
                    >
                      {EVIDENCE.map((evidence) => (
                        <option key={evidence} value={evidence}>
                          {t(`templates.form.evidence.${evidence}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={t('templates.form.signOffBy')} name={`${path}.signOffBy`} error={error}>
                  {(props) => (
                    <select
                      {...props}
                      value={item.signOffBy ?? ''}
                      onChange={(event) => {
                        const { signOffBy: _unset, ...rest } = item;
                        replace(event.target.value ? { ...rest, signOffBy: event.target.value } : rest);
                      }}
                    >
                      <option value="">{t('templates.form.noSignOff')}</option>
                      {roleOptions}
                    </select>
                  )}
                </Field>
                <Field label={t('templates.form.required')} name={`${path}.required`} error={error}>
                  {(props) => (
                    <input
                      {...props}
                      type="checkbox"
                      checked={item.required !== false}
                      onChange={(event) => edit({ required: event.target.checked })}
                    />
                  )}
                </Field>
                <Field label={t('templates.form.repeatEvery')} name={`${path}.repeatEveryDays`} error={error}>
                  {(props) => (
                    <input
                      {...props}
                      type="number"
                      value={shownNumber(item.repeatEveryDays)}
                      onChange={(event) => {
                        const { repeatEveryDays: _unset, ...rest } = item;
                        const typed = event.target.value.trim();
                        replace(typed === '' ? rest : { ...rest, repeatEveryDays: asNumber(typed) });
                      }}
                    />
                  )}
                </Field>
              </div>
              <Field label={t('templates.form.description')} name={`${path}.description`} error={error}>
                {(props) => (
                  <textarea
                    {...props}
                    rows={2}
                    value={item.description ?? ''}
                    onChange={(event) => {
                      const { description: _unset, ...rest } = item;
                      replace(event.target.value === '' ? rest : { ...rest, description: event.target.value });
                    }}
                  />
                )}
              </Field>
              <Choices
                legend={t('templates.form.dependsOn')}
                options={others.map((other) => ({ value: other.key, label: other.title || other.key }))}
                chosen={item.dependsOn ?? []}
                onChange={(dependsOn) => edit({ dependsOn })}
                problems={below(`${path}.dependsOn`)}
              />
              <RemoveButton onClick={() => set({ items: removeAt(draft.items, index) })} />
            </Collapsible>
          );
        })}
      </FormPart>

      <FormPart
        title={t('templates.form.reminders')}
        problems={at('reminders')}
        addLabel={t('templates.form.addReminder')}
        onAdd={() => set({ reminders: [...reminders, { before: { days: 3, unit: 'business-days' } }] })}
      >
        {reminders.map((reminder, index) => (
          <div key={index} className="form-row" data-testid={`reminder-${index}`}>
            {offsetFields(
              `reminders.${index}.before`,
              reminder.before,
              (before) => set({ reminders: replaceAt(reminders, index, { before }) }),
              'templates.form.remindBefore',
            )}
            <RemoveButton onClick={() => set({ reminders: removeAt(reminders, index) })} />
          </div>
        ))}
      </FormPart>

      <FormPart
        title={t('templates.form.escalations')}
        problems={at('escalations')}
        addLabel={t('templates.form.addEscalation')}
        onAdd={() =>
          set({
            escalations: [...escalations, { after: { days: 1, unit: 'business-days' }, notify: 'owner-manager' }],
          })
        }
      >
        {escalations.map((escalation, index) => (
          <div key={index} className="form-row" data-testid={`escalation-${index}`}>
            {offsetFields(
              `escalations.${index}.after`,
              escalation.after,
              (after) => set({ escalations: replaceAt(escalations, index, { ...escalation, after }) }),
              'templates.form.escalateAfter',
            )}
            <Field label={t('templates.form.notify')} name={`escalations.${index}.notify`} error={error}>
              {(props) => (
                <select
                  {...props}
                  value={escalation.notify}
                  onChange={(event) =>
                    set({ escalations: replaceAt(escalations, index, { ...escalation, notify: event.target.value }) })
                  }
                >
                  <option value="owner-manager">{t('templates.form.ownerManager')}</option>
                  {roleOptions}
                </select>
              )}
            </Field>
            <RemoveButton onClick={() => set({ escalations: removeAt(escalations, index) })} />
          </div>
        ))}
      </FormPart>

      <FormPart
        title={t('templates.form.gates')}
        problems={at('gates')}
        addLabel={t('templates.form.addGate')}
        onAdd={() =>
          set({
            gates: [...gates, { key: '', title: '', due: { days: 0, unit: 'calendar-days' }, requiredItems: [] }],
          })
        }
      >
        {gates.map((gate, index) => {
          const path = `gates.${index}`;
          const edit = (next: Partial<Gate>) => set({ gates: replaceAt(gates, index, { ...gate, ...next }) });
          return (
            <div key={index} className="template-gate" data-testid={`gate-${index}`}>
              <div className="form-row">
                {textField('templates.form.key', `${path}.key`, gate.key, (key) => edit({ key }))}
                {textField('templates.form.title', `${path}.title`, gate.title, (title) => edit({ title }))}
                {offsetFields(`${path}.due`, gate.due, (due) => edit({ due }))}
                <RemoveButton onClick={() => set({ gates: removeAt(gates, index) })} />
              </div>
              <Choices
                legend={t('templates.form.requiredItems')}
                options={draft.items
                  .filter((item) => item.key)
                  .map((item) => ({ value: item.key, label: item.title || item.key }))}
                chosen={gate.requiredItems}
                onChange={(requiredItems) => edit({ requiredItems })}
                problems={below(`${path}.requiredItems`)}
              />
              <Choices
                legend={t('templates.form.signOffs')}
                options={ROLES.map((role) => ({ value: role, label: label('role', role) }))}
                chosen={gate.signOffs ?? []}
                onChange={(signOffs) => edit({ signOffs })}
                problems={below(`${path}.signOffs`)}
              />
            </div>
          );
        })}
      </FormPart>
    </div>
  );
}

/** One part of the template (phases, items, …): the dry run's problems about the part as a whole, its entries, and adding one. */
function FormPart({
  title,
  problems,
  addLabel,
  onAdd,
  children,
}: {
  title: string;
  problems: string[];
  addLabel: string;
  onAdd: () => void;
  children: ReactNode;
}) {
  return (
    <fieldset className="template-part">
      <legend>{title}</legend>
      <FieldProblems messages={problems} />
      {children}
      <button type="button" className="button secondary small" onClick={onAdd}>
        {addLabel}
      </button>
    </fieldset>
  );
}

/** A set of keys chosen by checkboxes (what an item waits for, a gate's items or sign-offs), with its problems. */
function Choices({
  legend,
  options,
  chosen,
  onChange,
  problems,
}: {
  legend: string;
  options: { value: string; label: string }[];
  chosen: readonly string[];
  onChange: (next: string[]) => void;
  problems: string[];
}) {
  return (
    <fieldset className="template-choices">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="checkbox">
          <input
            type="checkbox"
            checked={chosen.includes(option.value)}
            onChange={(event) => onChange(toggled(chosen, option.value, event.target.checked))}
          />{' '}
          {option.label}
        </label>
      ))}
      <FieldProblems messages={problems} />
    </fieldset>
  );
}

function FieldProblems({ messages }: { messages: string[] }) {
  return messages.length ? <p className="field-error">{messages.join('; ')}</p> : null;
}

function RemoveButton({ onClick }: { onClick: () => void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="button secondary small" onClick={onClick}>
      {t('templates.poc.removeCriterion')}
    </button>
  );
}

/** An item's block: closed until opened, and opened by itself when the dry run finds a problem in it (never closed under the typist). */
function Collapsible({ openWhen, children }: { openWhen: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(openWhen);
  // Adjusted while rendering (React's pattern for state that follows a prop), not in an effect.
  const [asked, setAsked] = useState(openWhen);
  if (openWhen !== asked) {
    setAsked(openWhen);
    if (openWhen) setOpen(true);
  }
  return (
    <details className="template-item" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      {children}
    </details>
  );
}
