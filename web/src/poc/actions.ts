import type { ReactNode } from 'react';
import { LOSS_REASONS, NEXT_STEPS } from '../../../domain/poc/types';
import { caseActionParts, lossReasonField, type ActionSpec } from '../components/actions';
import type { useCan } from '../lib/auth';
import type { useI18n } from '../lib/i18n';

type I18n = ReturnType<typeof useI18n>;

const OPEN_STAGES = new Set(['requested', 'approved', 'provisioning', 'provisioning_failed', 'ready', 'active']);

/** What may be done to a trial in its stage (domain/poc/actions.ts ALLOWED_IN), by whom the API permits. */
export function pocActions(
  trialId: string,
  trial: {
    stage: string;
    pendingExtension: boolean;
    provisioningByHand?: boolean;
    /** What the approver weighs, shown in the approve and reject dialogs. */
    approvalContext?: ReactNode;
  },
  { t, label }: I18n,
  can: ReturnType<typeof useCan>,
  seq?: number,
): ActionSpec[] {
  const { send, reason, note } = caseActionParts('pocs', trialId, t, seq);
  const decide = can.may('poc:decide');
  const act = can.may('poc:act');
  const actions: ActionSpec[] = [];
  const { stage } = trial;
  if (stage === 'requested' && decide) {
    const intro = trial.approvalContext;
    actions.push({
      key: 'approve',
      label: t('poc.approve'),
      tone: 'primary',
      intro,
      fields: [note],
      submit: send('approve'),
    });
    actions.push({
      key: 'reject',
      label: t('poc.reject'),
      tone: 'danger',
      intro,
      fields: [reason],
      submit: send('reject'),
    });
  }
  const byHand = {
    key: 'manual',
    label: t('poc.manual'),
    fields: [{ name: 'environmentUrl', label: t('poc.environmentUrl'), kind: 'url' as const }, note],
    submit: send('provisioning/manual'),
  };
  if (stage === 'provisioning_failed' && decide) {
    actions.push({
      key: 'retry',
      label: t('poc.retry'),
      tone: 'primary',
      fields: [note],
      submit: send('provisioning/retry'),
    });
    actions.push(byHand);
  }
  // Without a provisioner, recording the environment is the trial's next step, not a repair.
  if (stage === 'provisioning' && trial.provisioningByHand && decide) actions.push({ ...byHand, tone: 'primary' });
  if (stage === 'ready' && act)
    actions.push({ key: 'kickoff', label: t('poc.kickoff'), tone: 'primary', fields: [note], submit: send('kickoff') });
  if (stage === 'active' && act) {
    actions.push({
      key: 'check-in',
      label: t('poc.checkIn'),
      tone: 'primary',
      fields: [
        { name: 'summary', label: t('poc.summary'), kind: 'textarea', required: true },
        {
          name: 'health',
          label: t('poc.health'),
          kind: 'select',
          required: true,
          options: ['green', 'amber', 'red'].map((value) => ({ value, label: label('health', value) })),
        },
      ],
      submit: send('check-ins'),
    });
    if (trial.pendingExtension && decide) {
      actions.push({
        key: 'approve-extension',
        label: t('poc.approveExtension'),
        fields: [note],
        submit: send('extensions/approve'),
      });
      actions.push({
        key: 'reject-extension',
        label: t('poc.rejectExtension'),
        tone: 'danger',
        fields: [reason],
        submit: send('extensions/reject'),
      });
    } else if (!trial.pendingExtension) {
      actions.push({
        key: 'extend',
        label: t('poc.extend'),
        fields: [{ name: 'days', label: t('poc.days'), kind: 'number', required: true }, reason],
        submit: send('extensions'),
      });
    }
    actions.push({
      key: 'convert',
      label: t('poc.convert'),
      fields: [
        {
          name: 'nextStep',
          label: t('poc.nextStep'),
          kind: 'select',
          options: NEXT_STEPS.map((value) => ({ value, label: label('next', value) })),
        },
        note,
      ],
      submit: send('convert'),
    });
  }
  if (act && ['provisioning', 'provisioning_failed', 'ready', 'active'].includes(stage)) {
    actions.push({
      key: 'lose',
      label: t('poc.lose'),
      tone: 'danger',
      fields: [lossReasonField(LOSS_REASONS, { t, label }), note],
      submit: send('lose'),
    });
  }
  if (act && OPEN_STAGES.has(stage))
    actions.push({
      key: 'withdraw',
      label: t('poc.withdraw'),
      tone: 'danger',
      fields: [reason],
      submit: send('withdraw'),
    });
  return actions;
}
