import { StartForm, detailOf, useCalendarField } from '../components/start-form';
import { useAuth } from '../lib/auth';
import { useI18n } from '../lib/i18n';
import { listedField, useReferenceLists } from '../insights/reference-lists';
import { useTemplateField } from '../templates/template-field';

/** A handoff of a deal won outside deal support (a won deal's case starts its own). */
export function StartHandoffPage() {
  const { t, label, language } = useI18n();
  const lists = useReferenceLists();
  const { identity } = useAuth();
  const calendar = useCalendarField();
  // Templates (issue 20): left empty, the handoff runs on the latest delivery-handoff template.
  const template = useTemplateField('delivery-handoff', 'startHandoff.templateDefault');
  return (
    <StartForm
      title={t('startHandoff.title')}
      intro={t('startHandoff.intro')}
      endpoint="/api/handoffs"
      submitLabel={t('startHandoff.submit')}
      detailPath={detailOf('/handoffs', 'handoffId')}
      fields={[
        { name: 'account', label: t('common.account'), required: true },
        { name: 'opportunity', label: t('startPoc.opportunityId'), required: true },
        listedField(
          { name: 'region', label: t('common.region'), required: true, initial: identity?.regions[0] },
          lists?.get('regions'),
          language,
        ),
        { name: 'amount', label: t('common.amount'), kind: 'number', required: true },
        { name: 'currency', label: t('startPoc.currency'), initial: 'CNY' },
        {
          name: 'salesOwner',
          label: t('startPoc.salesOwner'),
          kind: 'email',
          required: true,
          initial: identity?.roles.includes('sales') ? identity.subject : undefined,
        },
        { name: 'projectManager', label: t('handoff.projectManager'), kind: 'email' },
        { name: 'prefill.requirements', label: label('package', 'requirements'), kind: 'textarea' },
        { name: 'prefill.commitments', label: label('package', 'commitments'), kind: 'textarea' },
        { name: 'prefill.knownRisks', label: label('package', 'known-risks'), kind: 'textarea' },
        { name: 'prefill.targetGoLive', label: t('handoff.targetGoLive'), kind: 'date' },
        calendar,
        template,
      ]}
    />
  );
}
