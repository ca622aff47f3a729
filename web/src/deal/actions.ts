import { DEAL_LOSS_REASONS } from '../../../domain/deal/types';
import { caseActionParts, lossReasonField, type ActionSpec } from '../components/actions';
import type { useCan } from '../lib/auth';
import type { useI18n } from '../lib/i18n';

type I18n = ReturnType<typeof useI18n>;

/** What the actions need to know of a case, from its summary or its live state. */
export interface DealLike {
  stage: string;
  supportTypes: readonly string[];
  /** Support types still open. */
  openSupport: readonly string[];
  pricingPending: boolean;
  lessonOpen: boolean;
}

const WORKING = new Set(['triaged', 'in_progress']);

/**
 * What may be done to a deal-support case in its stage (domain/deal/actions.ts ALLOWED_IN).
 * `supportType` narrows the support actions to one type (a person's own task).
 */
export function dealActions(
  dealId: string,
  deal: DealLike,
  { t, label }: I18n,
  can: ReturnType<typeof useCan>,
  supportType?: string,
  seq?: number,
): ActionSpec[] {
  const { send, reason, note } = caseActionParts('deals', dealId, t, seq);
  const act = can.may('deal:act');
  const actions: ActionSpec[] = [];
  if (deal.stage === 'requested' && can.may('deal:triage')) {
    actions.push({
      key: 'accept',
      label: t('deal.accept'),
      tone: 'primary',
      fields: [
        ...deal.supportTypes.map((type) => ({
          name: `assignees.${type}`,
          label: t('deal.assigneesFor', { type: label('support', type) }),
          kind: 'list' as const,
          required: true,
        })),
        note,
      ],
      submit: send('accept'),
    });
    actions.push({
      key: 'decline',
      label: t('deal.decline'),
      tone: 'danger',
      fields: [reason],
      submit: send('decline'),
    });
  }
  if (WORKING.has(deal.stage) && act) {
    const types = (supportType ? [supportType] : deal.openSupport).map((value) => ({
      value,
      label: label('support', value),
    }));
    if (types.length > 0) {
      const typeField = {
        name: 'supportType',
        label: t('deal.supportType'),
        kind: 'select',
        required: true,
        options: types,
        initial: types[0]!.value,
      } as const;
      const suffix = supportType ? `-${supportType}` : '';
      actions.push({
        key: `log-support${suffix}`,
        label: t('deal.logSupport'),
        tone: 'primary',
        fields: [
          typeField,
          { name: 'summary', label: t('deal.summary'), kind: 'textarea', required: true },
          { name: 'outcome', label: t('deal.outcome'), kind: 'textarea', required: true },
        ],
        submit: send('support-log'),
      });
      actions.push({
        key: `support-done${suffix}`,
        label: t('deal.supportDone'),
        fields: [typeField, { name: 'outcome', label: t('deal.outcome'), kind: 'textarea', required: true }],
        submit: send('support-done'),
      });
    }
    if (deal.pricingPending) {
      actions.push({
        key: 'approve-pricing',
        label: t('deal.approvePricing'),
        fields: [note],
        submit: send('pricing/approve'),
      });
      actions.push({
        key: 'reject-pricing',
        label: t('deal.rejectPricing'),
        tone: 'danger',
        fields: [reason],
        submit: send('pricing/reject'),
      });
    }
    actions.push({ key: 'won', label: t('deal.won'), fields: [note], submit: send('won') });
    actions.push({
      key: 'lost',
      label: t('deal.lost'),
      tone: 'danger',
      fields: [lossReasonField(DEAL_LOSS_REASONS, { t, label }), note],
      submit: send('lost'),
    });
  }
  if ((deal.stage === 'closed_won' || deal.stage === 'closed_lost') && deal.lessonOpen && act) {
    actions.push({
      key: 'lesson',
      label: t('deal.lesson'),
      tone: 'primary',
      fields: [{ name: 'text', label: t('deal.lessonText'), kind: 'textarea', required: true }],
      submit: send('lesson'),
    });
  }
  if (['requested', 'triaged', 'in_progress'].includes(deal.stage) && act) {
    actions.push({
      key: 'withdraw',
      label: t('deal.withdraw'),
      tone: 'danger',
      fields: [reason],
      submit: send('withdraw'),
    });
  }
  return actions;
}

/** A case summary (read model) as the actions see it. */
export function dealLikeOfSummary(deal: {
  stage: string;
  supportTypes: string[];
  supportItems: Array<{ supportType: string; status: string }>;
  pricing: { status: string } | null;
  lessonDue: boolean;
  lessonRecorded: boolean;
  lessonMissing: boolean;
}): DealLike {
  return {
    stage: deal.stage,
    supportTypes: deal.supportTypes,
    openSupport: deal.supportItems.filter((item) => item.status === 'open').map((item) => item.supportType),
    pricingPending: deal.pricing?.status === 'pending',
    lessonOpen: !deal.lessonRecorded && !deal.lessonMissing,
  };
}
