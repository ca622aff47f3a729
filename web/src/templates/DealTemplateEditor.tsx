import { ROLES, type Role } from '../../../domain/shared/roles';
import { SUPPORT_TYPES, type SupportType } from '../../../domain/deal/types';
import { Field } from '../components/ui';
import { useI18n } from '../lib/i18n';
import { asNumbers, DaysField, ListField, UnitField, type DayUnit } from './form-parts';
import { problemsAsError, type TemplateProblem } from './validation';

interface ServiceLevel {
  responseSla: { days: number; unit: DayUnit };
  responseRemindersBefore: number[];
  escalationRole: Role;
}

/** A deal-support template as the editor holds it (domain/deal/template.ts); the API's dry run is its judge. */
export interface DealTemplateDraft {
  key: string;
  name: string;
  description?: string;
  playbook: 'deal-support';
  serviceLevels: Record<SupportType, ServiceLevel>;
  rules: {
    triageRole: Role;
    pricingApproverRole: Role;
    lessonRemindersDaysAfterClose: number[];
    lessonDeadlineDays: number;
  };
}

/**
 * The deal-support template's form (issue 20): per support type how fast HQ answers, when the triage
 * role is reminded and whom a missed answer escalates to; then who triages, who approves pricing and
 * when the lesson is due. Read-only for the version on show; the API's problems appear next to the
 * field they name, in the reader's language.
 */
export function DealTemplateEditor({
  draft,
  onChange,
  problems = [],
  readOnly = false,
}: {
  draft: DealTemplateDraft;
  onChange?: (next: DealTemplateDraft) => void;
  problems?: TemplateProblem[];
  readOnly?: boolean;
}) {
  const { t, label, language } = useI18n();
  const error = problemsAsError(problems, language);
  const set = (next: Partial<DealTemplateDraft>) => onChange?.({ ...draft, ...next });
  const setLevel = (type: SupportType, next: Partial<ServiceLevel>) =>
    set({ serviceLevels: { ...draft.serviceLevels, [type]: { ...draft.serviceLevels[type], ...next } } });
  const setRules = (next: Partial<DealTemplateDraft['rules']>) => set({ rules: { ...draft.rules, ...next } });
  const roleOptions = ROLES.map((role) => (
    <option key={role} value={role}>
      {label('role', role)}
    </option>
  ));

  return (
    <fieldset className="template-editor" disabled={readOnly} data-testid="deal-template-editor">
      <legend>{t('templates.deal.serviceLevels')}</legend>
      <Field label={t('templates.poc.name')} name="name" error={error}>
        {(props) => <input {...props} value={draft.name} onChange={(event) => set({ name: event.target.value })} />}
      </Field>
      {SUPPORT_TYPES.map((type) => {
        const level = draft.serviceLevels[type];
        const path = `serviceLevels.${type}`;
        return (
          <div key={type} className="service-level-row" data-testid={`service-level-${type}`}>
            <strong>{label('support', type)}</strong>
            <DaysField
              label={t('templates.deal.responseSla')}
              name={`${path}.responseSla.days`}
              error={error}
              value={level.responseSla.days}
              onChange={(days) => setLevel(type, { responseSla: { ...level.responseSla, days } })}
            />
            <UnitField
              name={`${path}.responseSla.unit`}
              error={error}
              value={level.responseSla.unit}
              onChange={(unit) => setLevel(type, { responseSla: { ...level.responseSla, unit } })}
            />
            <ListField
              label={t('templates.deal.reminders')}
              name={`${path}.responseRemindersBefore`}
              error={error}
              value={level.responseRemindersBefore}
              onChange={(value) => setLevel(type, { responseRemindersBefore: asNumbers(value) })}
            />
            <Field label={t('templates.deal.escalateTo')} name={`${path}.escalationRole`} error={error}>
              {(props) => (
                <select
                  {...props}
                  value={level.escalationRole}
                  onChange={(event) => setLevel(type, { escalationRole: event.target.value as Role })}
                >
                  {roleOptions}
                </select>
              )}
            </Field>
          </div>
        );
      })}
      <h3>{t('templates.deal.caseRules')}</h3>
      <div className="form-grid">
        <Field label={t('templates.deal.triageRole')} name="rules.triageRole" error={error}>
          {(props) => (
            <select
              {...props}
              value={draft.rules.triageRole}
              onChange={(event) => setRules({ triageRole: event.target.value as Role })}
            >
              {roleOptions}
            </select>
          )}
        </Field>
        <Field label={t('templates.deal.pricingApprover')} name="rules.pricingApproverRole" error={error}>
          {(props) => (
            <select
              {...props}
              value={draft.rules.pricingApproverRole}
              onChange={(event) => setRules({ pricingApproverRole: event.target.value as Role })}
            >
              {roleOptions}
            </select>
          )}
        </Field>
        <DaysField
          label={t('templates.deal.lessonDeadline')}
          name="rules.lessonDeadlineDays"
          error={error}
          value={draft.rules.lessonDeadlineDays}
          onChange={(lessonDeadlineDays) => setRules({ lessonDeadlineDays })}
        />
        <ListField
          label={t('templates.deal.lessonReminders')}
          name="rules.lessonRemindersDaysAfterClose"
          error={error}
          value={draft.rules.lessonRemindersDaysAfterClose}
          onChange={(value) => setRules({ lessonRemindersDaysAfterClose: asNumbers(value) })}
        />
      </div>
    </fieldset>
  );
}
