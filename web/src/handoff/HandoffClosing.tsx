import type { HandoffState } from '../api/types';
import { Day, Section } from '../components/ui';
import { formatMoney } from '../lib/format';
import { useI18n } from '../lib/i18n';

/** The end of a handoff: who signed the customer's acceptance and when, and what customer success took over. */
export function HandoffClosing({ handoff }: { handoff: HandoffState }) {
  const { t, locale } = useI18n();
  const { customerAcceptance: acceptance, handover } = handoff;
  if (!acceptance && !handover) return null;
  return (
    <Section title={t('handoff.closing')}>
      <dl className="facts">
        {acceptance ? (
          <>
            <dt>{t('handoff.signedBy')}</dt>
            <dd>
              {acceptance.signedBy}
              {typeof acceptance.signedByTitle === 'string' ? `, ${acceptance.signedByTitle}` : ''}
            </dd>
            <dt>{t('handoff.signedOn')}</dt>
            <dd>
              <Day value={acceptance.signedOn} />
            </dd>
            <dt>{t('handoff.recordedBy')}</dt>
            <dd>{acceptance.recordedBy}</dd>
          </>
        ) : null}
        {handover ? (
          <>
            <dt>{t('handoff.customerSuccessOwner')}</dt>
            <dd>{handover.customerSuccessOwner}</dd>
            <dt>{t('handoff.termStart')}</dt>
            <dd>
              <Day value={handover.termStart} />
            </dd>
            <dt>{t('handoff.contractEnd')}</dt>
            <dd>
              <Day value={handover.contractEnd} />
            </dd>
            <dt>{t('handoff.annualValue')}</dt>
            <dd>
              {formatMoney(
                handover.annualValue,
                typeof handover.currency === 'string' ? handover.currency : handoff.currency,
                locale,
              )}
            </dd>
          </>
        ) : null}
      </dl>
    </Section>
  );
}
