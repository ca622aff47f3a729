import { SUPPORT_TYPES } from '../../../domain/deal/types';
import { detailOf, StartForm, useCalendarField } from '../components/start-form';
import { useAuth } from '../lib/auth';
import { useI18n } from '../lib/i18n';
import { listedField, useReferenceLists } from '../insights/reference-lists';
import { useTemplateField } from '../templates/template-field';

export function StartDealPage() {
  const { t, label, language } = useI18n();
  const lists = useReferenceLists();
  const { identity } = useAuth();
  const calendar = useCalendarField();
  // Templates (issue 20): left empty, the case runs on the latest deal-support template.
  const template = useTemplateField('deal-support', 'startDeal.templateDefault');
  return (
    <StartForm
      title={t('startDeal.title')}
      intro={t('startDeal.intro')}
      endpoint="/api/deals"
      submitLabel={t('startDeal.submit')}
      detailPath={detailOf('/deals', 'dealId')}
      fields={[
        { name: 'account', label: t('common.account'), required: true },
        listedField(
          { name: 'region', label: t('common.region'), required: true, initial: identity?.regions[0] },
          lists?.get('regions'),
          language,
        ),
        listedField({ name: 'channel', label: t('insights.channel') }, lists?.get('lead-channels'), language),
        listedField({ name: 'industry', label: t('insights.industry') }, lists?.get('industries'), language),
        listedField(
          { name: 'products', label: t('insights.products.field'), kind: 'list' },
          lists?.get('products'),
          language,
          {
            several: true,
          },
        ),
        { name: 'opportunity.id', label: t('startPoc.opportunityId'), required: true },
        { name: 'opportunity.amount', label: t('common.amount'), kind: 'number', required: true },
        { name: 'opportunity.currency', label: t('startPoc.currency'), initial: 'CNY' },
        { name: 'dealStage', label: t('startDeal.dealStage'), required: true },
        { name: 'competitors', label: t('startDeal.competitors'), kind: 'list' },
        { name: 'dueDate', label: t('startDeal.dueDate'), kind: 'date', required: true },
        {
          name: 'salesOwner',
          label: t('startPoc.salesOwner'),
          kind: 'email',
          required: true,
          initial: identity?.roles.includes('sales') ? identity.subject : undefined,
        },
        { name: 'note', label: t('common.note'), kind: 'textarea' },
        calendar,
        template,
        {
          name: 'supportTypes',
          label: t('deals.supportTypes'),
          kind: 'checkboxes',
          required: true,
          options: SUPPORT_TYPES.map((type) => ({ value: type, label: label('support', type) })),
        },
      ]}
    />
  );
}
