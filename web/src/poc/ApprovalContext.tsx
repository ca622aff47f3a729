import { Day } from '../components/ui';
import { formatMoney } from '../lib/format';
import { useI18n } from '../lib/i18n';

/** What an approver weighs, shown in the approve and reject dialogs: the deal, who asks, when, and what must be shown. */
export function ApprovalContext({
  amount,
  currency,
  requestedBy,
  salesOwner,
  plannedStart,
  criteria,
}: {
  amount: number;
  currency: string | null | undefined;
  /** Known on the trial's page; the task list's summaries name the sales owner only. */
  requestedBy?: string;
  salesOwner: string;
  plannedStart: string;
  /** The criteria themselves on the trial's page; their number where only a summary is at hand. */
  criteria: readonly { description: string }[] | number;
}) {
  const { t, locale } = useI18n();
  return (
    <dl className="facts">
      <dt>{t('poc.approvalAmount')}</dt>
      <dd>{formatMoney(amount, currency, locale)}</dd>
      {requestedBy ? (
        <>
          <dt>{t('poc.approvalRequestedBy')}</dt>
          <dd>{requestedBy}</dd>
        </>
      ) : null}
      <dt>{t('startPoc.salesOwner')}</dt>
      <dd>{salesOwner}</dd>
      <dt>{t('startPoc.plannedStart')}</dt>
      <dd>
        <Day value={plannedStart} />
      </dd>
      <dt>{t('pocs.criteria')}</dt>
      <dd>
        {typeof criteria === 'number' ? (
          t('poc.approvalCriteriaCount', { count: criteria })
        ) : (
          <ul className="plain">
            {criteria.map((criterion) => (
              <li key={criterion.description}>{criterion.description}</li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  );
}
