import { ROLES, type Role } from '../../../domain/shared/roles';
import { RENEWAL_STEP_KEYS, RENEWAL_STEP_TITLES, type RenewalRules } from '../../../domain/renewal/types';
import { Field } from '../components/ui';
import { useI18n } from '../lib/i18n';
import { asNumbers, DaysField, ListField } from './form-parts';
import { problemsAsError, type TemplateProblem } from './validation';

/** A renewal template as the editor holds it (domain/renewal/template.ts); the API's dry run is its judge. */
export interface RenewalTemplateDraft {
  key: string;
  name: string;
  description?: string;
  playbook: 'renewal';
  rules: RenewalRules;
}

/** The rule holding each step's days before the contract end (domain/renewal/transitions.ts STEP_OFFSET_RULE). */
const OFFSET_RULE = {
  health_review: 'healthReviewDaysBefore',
  proposal: 'proposalDaysBefore',
  negotiation: 'negotiationDaysBefore',
  outcome: 'outcomeDaysBefore',
} as const;

/**
 * The renewal template's form (issue 20): each step's days before the contract end and its owner, the
 * last call, the reminders before a step and the escalation after it, and the health bands. Read-only
 * for the version on show; the API's problems appear next to the field they name, in the reader's language.
 */
export function RenewalTemplateEditor({
  draft,
  onChange,
  problems = [],
  readOnly = false,
}: {
  draft: RenewalTemplateDraft;
  onChange?: (next: RenewalTemplateDraft) => void;
  problems?: TemplateProblem[];
  readOnly?: boolean;
}) {
  const { t, label, language } = useI18n();
  const error = problemsAsError(problems, language);
  const { rules } = draft;
  const set = (next: Partial<RenewalTemplateDraft>) => onChange?.({ ...draft, ...next });
  const setRules = (next: Partial<RenewalRules>) => set({ rules: { ...rules, ...next } });

  return (
    <fieldset className="template-editor" disabled={readOnly} data-testid="renewal-template-editor">
      <legend>{t('templates.renewal.steps')}</legend>
      <Field label={t('templates.poc.name')} name="name" error={error}>
        {(props) => <input {...props} value={draft.name} onChange={(event) => set({ name: event.target.value })} />}
      </Field>
      {RENEWAL_STEP_KEYS.map((key) => (
        <div key={key} className="service-level-row" data-testid={`renewal-step-${key}`}>
          <strong>{label('renewal', key, RENEWAL_STEP_TITLES[key])}</strong>
          <DaysField
            label={t('templates.renewal.daysBefore')}
            name={`rules.${OFFSET_RULE[key]}`}
            error={error}
            value={rules[OFFSET_RULE[key]]}
            onChange={(days) => setRules({ [OFFSET_RULE[key]]: days })}
          />
          <Field label={t('templates.renewal.owner')} name={`rules.stepOwners.${key}`} error={error}>
            {(props) => (
              <select
                {...props}
                value={rules.stepOwners[key]}
                onChange={(event) =>
                  setRules({ stepOwners: { ...rules.stepOwners, [key]: event.target.value as Role } })
                }
              >
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {label('role', role)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      ))}
      <div className="service-level-row" data-testid="renewal-step-last-call">
        <strong>{t('templates.renewal.lastCall')}</strong>
        <DaysField
          label={t('templates.renewal.daysBefore')}
          name="rules.lastCallDaysBefore"
          error={error}
          value={rules.lastCallDaysBefore}
          onChange={(lastCallDaysBefore) => setRules({ lastCallDaysBefore })}
        />
      </div>
      <div className="form-grid">
        <ListField
          label={t('templates.renewal.reminders')}
          name="rules.stepRemindersBefore"
          error={error}
          value={rules.stepRemindersBefore}
          onChange={(value) => setRules({ stepRemindersBefore: asNumbers(value) })}
        />
        <DaysField
          label={t('templates.renewal.escalation')}
          name="rules.stepEscalationDaysAfter"
          error={error}
          value={rules.stepEscalationDaysAfter}
          onChange={(stepEscalationDaysAfter) => setRules({ stepEscalationDaysAfter })}
        />
      </div>
      <h3>{t('templates.renewal.health')}</h3>
      <div className="form-grid">
        <DaysField
          label={t('templates.renewal.watchBelow')}
          name="rules.watchBelow"
          error={error}
          value={rules.watchBelow}
          onChange={(watchBelow) => setRules({ watchBelow })}
        />
        <DaysField
          label={t('templates.renewal.atRiskBelow')}
          name="rules.atRiskBelow"
          error={error}
          value={rules.atRiskBelow}
          onChange={(atRiskBelow) => setRules({ atRiskBelow })}
        />
      </div>
    </fieldset>
  );
}
