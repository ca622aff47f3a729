import { Field } from '../components/ui';
import { useI18n, type MessageKey } from '../lib/i18n';
import { asList, asNumber, asNumbers, ListField, shownNumber } from './form-parts';
import { problemsAsError, type TemplateProblem } from './validation';

/** A POC template as the editor holds it (domain/poc/template.ts); the API's dry run is its judge. */
export interface PocTemplateDraft {
  key: string;
  name: string;
  description?: string;
  playbook: 'poc';
  appliesTo: { regions: string[]; products: string[] };
  rules: {
    autoApproveBelowAmount?: number;
    approvalSla: { days: number; unit: 'business-days' | 'calendar-days' };
    approvalRemindersBefore: number[];
    checkInEveryDays: number;
    checkInGraceDays: number;
    maxExtensions: number;
    maxExtensionDays: number;
    expiryGraceDays: number;
    expiryRemindersDaysBefore: number[];
    criteriaAtRiskDaysBeforeEnd: number;
  };
  defaultCriteria: { key: string; description: string; measuredBy: string }[];
}

type Rules = PocTemplateDraft['rules'];
type NumberRule = {
  [K in keyof Rules]-?: Rules[K] extends number ? K : never;
}[keyof Rules];

const NUMBER_RULES: [NumberRule, MessageKey][] = [
  ['checkInEveryDays', 'templates.poc.checkInEvery'],
  ['checkInGraceDays', 'templates.poc.checkInGrace'],
  ['maxExtensions', 'templates.poc.maxExtensions'],
  ['maxExtensionDays', 'templates.poc.maxExtensionDays'],
  ['expiryGraceDays', 'templates.poc.expiryGrace'],
  ['criteriaAtRiskDaysBeforeEnd', 'templates.poc.atRisk'],
];

/**
 * The POC template's form (issue 20): the approval SLA and its reminders, the check-in cadence and grace,
 * extension limits, expiry, the at-risk rule, the auto-approval threshold, the default success criteria
 * and where the template is the default. Read-only for the version on show; the API's problems appear
 * next to the field they name, in the reader's language.
 */
export function PocTemplateEditor({
  draft,
  onChange,
  problems = [],
  readOnly = false,
}: {
  draft: PocTemplateDraft;
  onChange?: (next: PocTemplateDraft) => void;
  problems?: TemplateProblem[];
  readOnly?: boolean;
}) {
  const { t, language } = useI18n();
  const error = problemsAsError(problems, language);
  const set = (next: Partial<PocTemplateDraft>) => onChange?.({ ...draft, ...next });
  const setRules = (next: Partial<Rules>) => set({ rules: { ...draft.rules, ...next } });
  const { rules } = draft;
  const numbers = asNumbers;

  return (
    <fieldset className="template-editor" disabled={readOnly} data-testid="poc-template-editor">
      <legend>{t('templates.poc.rules')}</legend>
      <Field label={t('templates.poc.name')} name="name" error={error}>
        {(props) => <input {...props} value={draft.name} onChange={(event) => set({ name: event.target.value })} />}
      </Field>
      <div className="form-row">
        <Field label={t('templates.poc.approvalSla')} name="rules.approvalSla" error={error}>
          {(props) => (
            <input
              {...props}
              type="number"
              value={shownNumber(rules.approvalSla.days)}
              onChange={(event) =>
                setRules({ approvalSla: { ...rules.approvalSla, days: asNumber(event.target.value) } })
              }
            />
          )}
        </Field>
        <Field label={t('templates.poc.approvalUnit')} name="rules.approvalSla.unit" error={error}>
          {(props) => (
            <select
              {...props}
              value={rules.approvalSla.unit}
              onChange={(event) =>
                setRules({
                  approvalSla: { ...rules.approvalSla, unit: event.target.value as Rules['approvalSla']['unit'] },
                })
              }
            >
              {(['business-days', 'calendar-days'] as const).map((unit) => (
                <option key={unit} value={unit}>
                  {t(`templates.poc.unit.${unit}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <ListField
        label={t('templates.poc.approvalReminders')}
        name="rules.approvalRemindersBefore"
        error={error}
        value={rules.approvalRemindersBefore}
        onChange={(value) => setRules({ approvalRemindersBefore: numbers(value) })}
      />
      <div className="form-grid">
        {NUMBER_RULES.map(([rule, label]) => (
          <Field key={rule} label={t(label)} name={`rules.${rule}`} error={error}>
            {(props) => (
              <input
                {...props}
                type="number"
                value={shownNumber(rules[rule])}
                onChange={(event) => setRules({ [rule]: asNumber(event.target.value) })}
              />
            )}
          </Field>
        ))}
      </div>
      <ListField
        label={t('templates.poc.expiryReminders')}
        name="rules.expiryRemindersDaysBefore"
        error={error}
        value={rules.expiryRemindersDaysBefore}
        onChange={(value) => setRules({ expiryRemindersDaysBefore: numbers(value) })}
      />
      <Field label={t('templates.poc.autoApprove')} name="rules.autoApproveBelowAmount" error={error}>
        {(props) => (
          <input
            {...props}
            type="number"
            value={shownNumber(rules.autoApproveBelowAmount)}
            onChange={(event) => {
              const { autoApproveBelowAmount: _unset, ...rest } = rules;
              const typed = event.target.value.trim();
              onChange?.({
                ...draft,
                rules: typed === '' ? rest : { ...rest, autoApproveBelowAmount: asNumber(typed) },
              });
            }}
          />
        )}
      </Field>

      <h3>{t('templates.poc.criteria')}</h3>
      <p className="hint">{t('templates.poc.criteriaHint')}</p>
      <ol className="template-criteria" data-testid="template-criteria">
        {draft.defaultCriteria.map((criterion, index) => {
          const edit = (next: Partial<typeof criterion>) =>
            set({
              defaultCriteria: draft.defaultCriteria.map((entry, at) => (at === index ? { ...entry, ...next } : entry)),
            });
          return (
            <li key={index} className="form-row">
              <Field label={t('templates.poc.criterionKey')} name={`defaultCriteria.${index}.key`} error={error}>
                {(props) => (
                  <input {...props} value={criterion.key} onChange={(event) => edit({ key: event.target.value })} />
                )}
              </Field>
              <Field
                label={t('templates.poc.criterionDescription')}
                name={`defaultCriteria.${index}.description`}
                error={error}
              >
                {(props) => (
                  <input
                    {...props}
                    value={criterion.description}
                    onChange={(event) => edit({ description: event.target.value })}
                  />
                )}
              </Field>
              <Field
                label={t('templates.poc.criterionMeasuredBy')}
                name={`defaultCriteria.${index}.measuredBy`}
                error={error}
              >
                {(props) => (
                  <input
                    {...props}
                    value={criterion.measuredBy}
                    onChange={(event) => edit({ measuredBy: event.target.value })}
                  />
                )}
              </Field>
              {readOnly ? null : (
                <button
                  type="button"
                  className="button secondary small"
                  onClick={() => set({ defaultCriteria: draft.defaultCriteria.filter((_, at) => at !== index) })}
                >
                  {t('templates.poc.removeCriterion')}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {readOnly ? null : (
        <button
          type="button"
          className="button secondary"
          onClick={() =>
            set({ defaultCriteria: [...draft.defaultCriteria, { key: '', description: '', measuredBy: '' }] })
          }
        >
          {t('templates.poc.addCriterion')}
        </button>
      )}
      <div className="form-row">
        <ListField
          label={t('templates.poc.regions')}
          name="appliesTo.regions"
          error={error}
          value={draft.appliesTo.regions}
          onChange={(value) => set({ appliesTo: { ...draft.appliesTo, regions: asList(value) } })}
        />
        <ListField
          label={t('templates.poc.products')}
          name="appliesTo.products"
          error={error}
          value={draft.appliesTo.products}
          onChange={(value) => set({ appliesTo: { ...draft.appliesTo, products: asList(value) } })}
        />
      </div>
    </fieldset>
  );
}
