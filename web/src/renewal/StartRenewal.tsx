import { StartForm, useCalendarField } from '../components/start-form';
import { useAuth } from '../lib/auth';
import { useI18n } from '../lib/i18n';
import { listedField, useReferenceLists } from '../insights/reference-lists';
import { firstContactFields, withFirstContact } from '../portal/first-contact';
import { useTemplateField } from '../templates/template-field';

/** Renewal follow-up of a contract that did not come through a handoff (a handover starts its own). */
export function StartRenewalPage() {
  const { t, language } = useI18n();
  const lists = useReferenceLists();
  const { identity } = useAuth();
  const calendar = useCalendarField();
  // Templates (issue 20): left empty, the renewal runs on its tier's template, else the latest renewal template.
  const template = useTemplateField('renewal', 'startRenewal.templateDefault');
  return (
    <StartForm
      title={t('startRenewal.title')}
      intro={t('startRenewal.intro')}
      endpoint="/api/renewals"
      submitLabel={t('startRenewal.submit')}
      detailPath={() => '/renewals'}
      shape={withFirstContact}
      fields={[
        { name: 'account', label: t('common.account'), required: true },
        listedField(
          { name: 'region', label: t('common.region'), required: true, initial: identity?.regions[0] },
          lists?.get('regions'),
          language,
        ),
        { name: 'contractId', label: t('startRenewal.contractId'), required: true },
        { name: 'termStart', label: t('handoff.termStart'), kind: 'date', required: true },
        { name: 'contractEnd', label: t('handoff.contractEnd'), kind: 'date', required: true },
        { name: 'value', label: t('handoff.annualValue'), kind: 'number', required: true },
        { name: 'currency', label: t('startPoc.currency'), initial: 'CNY' },
        { name: 'tier', label: t('handoff.tier') },
        {
          name: 'customerSuccessOwner',
          label: t('handoff.customerSuccessOwner'),
          kind: 'email',
          initial: identity?.roles.includes('customer_success') ? identity.subject : undefined,
        },
        calendar,
        template,
        // Customer portal (issue 16): the customer's first contact, optional.
        ...firstContactFields(t, { titled: true }),
      ]}
    />
  );
}
