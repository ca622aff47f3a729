import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { call, get, segment } from '../api/client';
import type { PocState } from '../api/types';
import { bodyOf, SpecField, type FieldSpec } from '../components/actions';
import { useCalendarField } from '../components/start-form';
import { PageHeader, ProblemNote } from '../components/ui';
import { useAuth } from '../lib/auth';
import { today } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { listedField, useReferenceLists } from '../insights/reference-lists';
import { useLive } from '../lib/live';
import { useSubmission } from '../lib/submit';
import { firstContactFields, withFirstContact } from '../portal/first-contact';
import { useTemplateField } from '../templates/template-field';

export function StartPocPage() {
  const { t, language } = useI18n();
  const lists = useReferenceLists();
  const { identity } = useAuth();
  const navigate = useNavigate();
  const { error, busy, run } = useSubmission();
  // Each row keeps a stable id, so removing one keeps the others' typing.
  const [criteria, setCriteria] = useState<number[]>([1]);
  const [nextId, setNextId] = useState(2);

  const inUse = useLive(
    'poc-field-values',
    (signal) => get<{ regions: string[]; industries: string[]; products: string[] }>('/api/pocs/field-values', signal),
    300,
  ).data;
  const fields: FieldSpec[] = [
    { name: 'account', label: t('common.account'), required: true },
    listedField(
      { name: 'region', label: t('common.region'), required: true, initial: identity?.regions[0] },
      lists?.get('regions'),
      language,
      { inUse: inUse?.regions },
    ),
    listedField(
      { name: 'industry', label: t('startPoc.industry'), required: true },
      lists?.get('industries'),
      language,
      {
        inUse: inUse?.industries,
      },
    ),
    listedField({ name: 'product', label: t('pocs.product'), required: true }, lists?.get('products'), language, {
      inUse: inUse?.products,
    }),
    listedField({ name: 'channel', label: t('insights.channel') }, lists?.get('lead-channels'), language),
    { name: 'opportunity.id', label: t('startPoc.opportunityId'), required: true },
    { name: 'opportunity.amount', label: t('common.amount'), kind: 'number', required: true },
    { name: 'opportunity.currency', label: t('startPoc.currency'), initial: 'CNY' },
    {
      name: 'salesOwner',
      label: t('startPoc.salesOwner'),
      kind: 'email',
      required: true,
      initial: identity?.roles.includes('sales') ? identity.subject : undefined,
    },
    { name: 'supporters.presales', label: t('startPoc.presales'), kind: 'list' },
    { name: 'supporters.ops', label: t('startPoc.ops'), kind: 'list' },
    { name: 'plannedStart', label: t('startPoc.plannedStart'), kind: 'date', required: true, initial: today() },
    { name: 'durationDays', label: t('startPoc.durationDays'), kind: 'number', required: true, initial: '30' },
    { name: 'regionalOps', label: t('startPoc.regionalOps'), kind: 'email' },
  ];
  const calendarField = useCalendarField();
  // Templates (issue 20): left empty, the trial runs on the template mapped to its region or product, else poc.
  const templateField = useTemplateField('poc', 'startPoc.templateDefault');
  // Customer portal (issue 16): the customer's first contact, optional; more are added on the trial.
  const contactFields = firstContactFields(t);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = withFirstContact(bodyOf([...fields, calendarField, templateField, ...contactFields], form));
    body.criteria = criteria.map((_id, index) => {
      const part = (name: string) => String(form.get(`criteria.${index}.${name}`) ?? '').trim();
      // Empty parts are left out, so the API names them.
      return Object.fromEntries(
        ['description', 'measuredBy'].map((name) => [name, part(name)]).filter(([, value]) => value !== ''),
      );
    });
    void run(async () => {
      const { data } = await call<PocState>('POST', '/api/pocs', { body });
      navigate(`/pocs/${segment(data.trialId)}`);
    });
  }

  return (
    <>
      <PageHeader title={t('startPoc.title')} intro={t('startPoc.intro')} />
      <form className="card form" onSubmit={submit} noValidate>
        {error ? (
          <ProblemNote
            error={error}
            fields={[
              ...fields.map((field) => field.name),
              'calendar',
              'template',
              'criteria',
              'opportunity',
              'supporters',
              'customerContacts',
            ]}
          />
        ) : null}
        <div className="field-grid">
          {fields.map((field) => (
            <SpecField key={field.name} field={field} error={error} />
          ))}
          <SpecField key={`calendar:${calendarField.options?.length ?? 0}`} field={calendarField} error={error} />
          <SpecField key={`template:${templateField.options?.length ?? 0}`} field={templateField} error={error} />
        </div>
        <fieldset>
          <legend>{t('pocs.criteria')}</legend>
          {criteria.map((id, index) => (
            <div key={id} className="criterion-row">
              <SpecField
                field={{
                  name: `criteria.${index}.description`,
                  label: `${t('startPoc.criterion', { n: index + 1 })}: ${t('startPoc.description')}`,
                  required: true,
                }}
                error={error}
              />
              <SpecField
                field={{ name: `criteria.${index}.measuredBy`, label: t('startPoc.measuredBy'), required: true }}
                error={error}
              />
              {criteria.length > 1 ? (
                <button
                  type="button"
                  className="button secondary small"
                  onClick={() => setCriteria(criteria.filter((other) => other !== id))}
                >
                  {t('startPoc.removeCriterion', { n: index + 1 })}
                </button>
              ) : null}
            </div>
          ))}
          <button
            type="button"
            className="button secondary small"
            onClick={() => {
              setCriteria([...criteria, nextId]);
              setNextId(nextId + 1);
            }}
          >
            {t('startPoc.addCriterion')}
          </button>
        </fieldset>
        <fieldset>
          <legend>{t('contacts.title')}</legend>
          <div className="field-grid">
            {contactFields.map((field) => (
              <SpecField key={field.name} field={field} error={error} />
            ))}
          </div>
        </fieldset>
        <button type="submit" className="button primary" disabled={busy}>
          {t('startPoc.submit')}
        </button>
      </form>
    </>
  );
}
