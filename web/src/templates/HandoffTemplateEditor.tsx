import { ROLES, type Role } from '../../../domain/shared/roles';
import { PACKAGE_ITEM_KEYS, type PackageItemKey } from '../../../domain/handoff/types';
import { Field } from '../components/ui';
import { useI18n } from '../lib/i18n';
import { asNumbers, DaysField, ListField, UnitField, type DayUnit } from './form-parts';
import { problemsAsError, type TemplateProblem } from './validation';

interface Offset {
  days: number;
  unit: DayUnit;
}
interface Milestone {
  key: string;
  title: string;
  ownerRole: Role;
  due: { from: 'kickoff' | 'target-go-live'; days: number };
  customerSignOff?: boolean;
}

/** A delivery-handoff template as the editor holds it (domain/handoff/template.ts); the API's dry run is its judge. */
export interface HandoffTemplateDraft {
  key: string;
  name: string;
  description?: string;
  playbook: 'delivery-handoff';
  packageItems: PackageItemKey[];
  rules: {
    packageSla: Offset;
    resubmitSla: Offset;
    packageRemindersBefore: number[];
    reviewSla: Offset;
    reviewRemindersBefore: number[];
    milestoneRemindersBefore: number[];
    milestoneEscalationAfter: number;
    milestones: Milestone[];
  };
}

type Rules = HandoffTemplateDraft['rules'];
const SLAS = [
  ['packageSla', 'templates.handoff.packageSla', 'packageRemindersBefore'],
  ['resubmitSla', 'templates.handoff.resubmitSla', undefined],
  ['reviewSla', 'templates.handoff.reviewSla', 'reviewRemindersBefore'],
] as const;

/**
 * The delivery-handoff template's form (issue 20): the items a package needs, the SLAs for sales to
 * submit and resubmit it and for the project manager to review it, milestone reminders and escalation,
 * and the milestone plan (each milestone waits on the one before; the last is the customer's
 * acceptance). Read-only for the version on show; the API's problems appear next to their fields.
 */
export function HandoffTemplateEditor({
  draft,
  onChange,
  problems = [],
  readOnly = false,
}: {
  draft: HandoffTemplateDraft;
  onChange?: (next: HandoffTemplateDraft) => void;
  problems?: TemplateProblem[];
  readOnly?: boolean;
}) {
  const { t, label, language } = useI18n();
  const error = problemsAsError(problems, language);
  const set = (next: Partial<HandoffTemplateDraft>) => onChange?.({ ...draft, ...next });
  const setRules = (next: Partial<Rules>) => set({ rules: { ...draft.rules, ...next } });
  const { rules } = draft;
  const setMilestone = (index: number, next: Partial<Milestone>) =>
    setRules({ milestones: rules.milestones.map((entry, at) => (at === index ? { ...entry, ...next } : entry)) });

  return (
    <fieldset className="template-editor" disabled={readOnly} data-testid="handoff-template-editor">
      <legend>{t('templates.poc.rules')}</legend>
      <Field label={t('templates.poc.name')} name="name" error={error}>
        {(props) => <input {...props} value={draft.name} onChange={(event) => set({ name: event.target.value })} />}
      </Field>
      <Field label={t('templates.handoff.packageItems')} name="packageItems" error={error}>
        {() => (
          <div className="checkbox-row" data-testid="template-package-items">
            {PACKAGE_ITEM_KEYS.map((key) => (
              <label key={key}>
                <input
                  type="checkbox"
                  checked={draft.packageItems.includes(key)}
                  onChange={(event) =>
                    set({
                      packageItems: event.target.checked
                        ? PACKAGE_ITEM_KEYS.filter((each) => each === key || draft.packageItems.includes(each))
                        : draft.packageItems.filter((each) => each !== key),
                    })
                  }
                />{' '}
                {label('package', key)}
              </label>
            ))}
          </div>
        )}
      </Field>
      {SLAS.map(([rule, title, reminders]) => (
        <div key={rule} className="service-level-row">
          <strong>{t(title)}</strong>
          <DaysField
            label={t('templates.handoff.within')}
            name={`rules.${rule}.days`}
            error={error}
            value={rules[rule].days}
            onChange={(days) => setRules({ [rule]: { ...rules[rule], days } })}
          />
          <UnitField
            name={`rules.${rule}.unit`}
            error={error}
            value={rules[rule].unit}
            onChange={(unit) => setRules({ [rule]: { ...rules[rule], unit } })}
          />
          {reminders ? (
            <ListField
              label={t('templates.deal.reminders')}
              name={`rules.${reminders}`}
              error={error}
              value={rules[reminders]}
              onChange={(value) => setRules({ [reminders]: asNumbers(value) })}
            />
          ) : null}
        </div>
      ))}
      <div className="form-grid">
        <ListField
          label={t('templates.handoff.milestoneReminders')}
          name="rules.milestoneRemindersBefore"
          error={error}
          value={rules.milestoneRemindersBefore}
          onChange={(value) => setRules({ milestoneRemindersBefore: asNumbers(value) })}
        />
        <DaysField
          label={t('templates.handoff.escalationAfter')}
          name="rules.milestoneEscalationAfter"
          error={error}
          value={rules.milestoneEscalationAfter}
          onChange={(milestoneEscalationAfter) => setRules({ milestoneEscalationAfter })}
        />
      </div>

      <h3>{t('templates.handoff.milestones')}</h3>
      <p className="hint">{t('templates.handoff.milestonesHint')}</p>
      <Field label="" name="rules.milestones" error={error}>
        {() => (
          <ol className="template-criteria" data-testid="template-milestones">
            {rules.milestones.map((milestone, index) => {
              const at = `rules.milestones.${index}`;
              return (
                <li key={index} className="milestone-row">
                  <Field label={t('templates.poc.criterionKey')} name={`${at}.key`} error={error}>
                    {(props) => (
                      <input
                        {...props}
                        value={milestone.key}
                        onChange={(event) => setMilestone(index, { key: event.target.value })}
                      />
                    )}
                  </Field>
                  <Field label={t('templates.handoff.milestoneTitle')} name={`${at}.title`} error={error}>
                    {(props) => (
                      <input
                        {...props}
                        value={milestone.title}
                        onChange={(event) => setMilestone(index, { title: event.target.value })}
                      />
                    )}
                  </Field>
                  <Field label={t('templates.handoff.owner')} name={`${at}.ownerRole`} error={error}>
                    {(props) => (
                      <select
                        {...props}
                        value={milestone.ownerRole}
                        onChange={(event) => setMilestone(index, { ownerRole: event.target.value as Role })}
                      >
                        {ROLES.map((role) => (
                          <option key={role} value={role}>
                            {label('role', role)}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <Field label={t('templates.handoff.dueFrom')} name={`${at}.due.from`} error={error}>
                    {(props) => (
                      <select
                        {...props}
                        value={milestone.due.from}
                        onChange={(event) =>
                          setMilestone(index, {
                            due: { ...milestone.due, from: event.target.value as Milestone['due']['from'] },
                          })
                        }
                      >
                        <option value="kickoff">{t('templates.handoff.from.kickoff')}</option>
                        <option value="target-go-live">{t('templates.handoff.from.target-go-live')}</option>
                      </select>
                    )}
                  </Field>
                  <DaysField
                    label={t('templates.handoff.dueDays')}
                    name={`${at}.due.days`}
                    error={error}
                    value={milestone.due.days}
                    onChange={(days) => setMilestone(index, { due: { ...milestone.due, days } })}
                  />
                  <label className="checkbox-inline">
                    <input
                      type="checkbox"
                      checked={milestone.customerSignOff === true}
                      onChange={(event) => {
                        const { customerSignOff: _unset, ...rest } = milestone;
                        const next = event.target.checked ? { ...rest, customerSignOff: true } : rest;
                        setRules({ milestones: rules.milestones.map((entry, at) => (at === index ? next : entry)) });
                      }}
                    />{' '}
                    {t('templates.handoff.signOff')}
                  </label>
                  {readOnly ? null : (
                    <button
                      type="button"
                      className="button secondary small"
                      onClick={() => setRules({ milestones: rules.milestones.filter((_, at) => at !== index) })}
                    >
                      {t('templates.poc.removeCriterion')}
                    </button>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </Field>
      {readOnly ? null : (
        <button
          type="button"
          className="button secondary"
          onClick={() =>
            // A new milestone goes before the acceptance, which stays last.
            setRules({
              milestones: [
                ...rules.milestones.slice(0, -1),
                { key: '', title: '', ownerRole: 'project_manager', due: { from: 'target-go-live', days: 0 } },
                ...rules.milestones.slice(-1),
              ],
            })
          }
        >
          {t('templates.handoff.addMilestone')}
        </button>
      )}
    </fieldset>
  );
}
