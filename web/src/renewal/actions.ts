import { CHURN_REASONS, RENEWAL_OUTCOMES } from '../../../domain/renewal/types';
import type { RenewalState } from '../api/types';
import { caseActionParts, type ActionSpec } from '../components/actions';
import type { useCan } from '../lib/auth';
import type { useI18n } from '../lib/i18n';

type I18n = ReturnType<typeof useI18n>;

/**
 * What may be done to a renewal (domain/renewal/actions.ts renewalActionRejection): anything
 * until it churns; customer success (and whoever may act) post health figures, ask for a health
 * check unless one is running, send the proposal and note the negotiation once a proposal is out;
 * those who may decide record the outcome and hand the renewal to another owner. Each action
 * carries the state's seq as If-Match.
 */
export function renewalActions(
  renewal: RenewalState,
  { t, label }: I18n,
  can: ReturnType<typeof useCan>,
): ActionSpec[] {
  if (renewal.stage === 'churned' || renewal.endedAt) return [];
  const { send, note } = caseActionParts('renewals', renewal.renewalId, t, renewal.seq);
  const { term } = renewal;
  const actions: ActionSpec[] = [];
  if (can.may('renewal:act')) {
    const figures = term.health?.figures;
    const initial = (value: number | undefined) => (value === undefined ? undefined : String(value));
    actions.push({
      key: 'health',
      label: t('renewal.recordHealth'),
      tone: term.steps.some((step) => step.key === 'health_review' && step.status === 'open') ? 'primary' : 'secondary',
      fields: [
        {
          name: 'seatsPurchased',
          label: t('renewal.seatsPurchased'),
          kind: 'number',
          required: true,
          initial: initial(figures?.seatsPurchased),
        },
        { name: 'activeUsers', label: t('renewal.activeUsers'), kind: 'number', required: true },
        { name: 'activationRate', label: t('renewal.activationRate'), kind: 'number' },
        { name: 'usageTrend', label: t('renewal.usageTrend'), kind: 'number' },
        { name: 'openCriticalTickets', label: t('renewal.openCriticalTickets'), kind: 'number', required: true },
        { name: 'nps', label: t('renewal.nps'), kind: 'number' },
        { name: 'asOf', label: t('renewal.asOf'), kind: 'date' },
      ],
      submit: send('health'),
    });
    // Without a health source (by-hand) a check would only ask people again.
    if (renewal.healthCheck.status !== 'requested' && renewal.healthCheck.status !== 'by-hand') {
      actions.push({
        key: 'health-check',
        label: t('renewal.requestHealthCheck'),
        fields: [note],
        submit: send('health-check'),
      });
    }
    actions.push({
      key: 'proposal',
      label: term.proposal ? t('renewal.reviseProposal') : t('renewal.sendProposal'),
      fields: [
        {
          name: 'value',
          label: t('renewal.proposalValue'),
          kind: 'number',
          required: true,
          initial: String(term.proposal?.value ?? term.value),
        },
        { name: 'link', label: t('renewal.proposalLink'), kind: 'url' },
        note,
      ],
      submit: send('proposal'),
    });
    if (term.proposal) {
      actions.push({
        key: 'negotiation',
        label: t('renewal.noteNegotiation'),
        fields: [
          { name: 'note', label: t('common.note'), kind: 'textarea', required: true },
          { name: 'expectedValue', label: t('renewal.expectedValue'), kind: 'number' },
        ],
        submit: send('negotiation'),
      });
    }
  }
  if (can.may('renewal:decide')) {
    actions.push({
      key: 'outcome',
      label: t('renewal.decide'),
      tone: 'primary',
      fields: [
        {
          name: 'outcome',
          label: t('renewal.outcomeField'),
          kind: 'select',
          required: true,
          initial: 'renewed',
          options: RENEWAL_OUTCOMES.map((value) => ({ value, label: label('renewalOutcome', value) })),
        },
        { name: 'newValue', label: t('renewal.newValue'), kind: 'number' },
        { name: 'nextContractEnd', label: t('renewal.nextContractEnd'), kind: 'date' },
        {
          name: 'churnReason',
          label: t('renewal.churnReason'),
          kind: 'select',
          options: CHURN_REASONS.map((value) => ({ value, label: label('churn', value) })),
        },
        { name: 'note', label: t('renewal.outcomeNote'), kind: 'textarea' },
      ],
      submit: send('outcome'),
    });
    actions.push({
      key: 'assign',
      label: t('renewal.assign'),
      fields: [
        { name: 'customerSuccessOwner', label: t('handoff.customerSuccessOwner'), kind: 'email', required: true },
        note,
      ],
      submit: send('assign'),
    });
  }
  return actions;
}
