import { post, segment } from '../api/client';
import type { PocState } from '../api/types';
import { ActionButton } from '../components/actions';
import { DetailFallback, Badge, Day, Empty, Instant, OverdueBadge, Section, StateBadge } from '../components/ui';
import { CaseDetail } from '../components/case-detail';
import { useCan } from '../lib/auth';
import { formatDay, formatMoney } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { useLiveCase } from '../lib/live';
import { pocActions } from './actions';
import { ApprovalContext } from './ApprovalContext';
import { CustomerContactsSection } from '../portal/CustomerContacts';
import { PortalParticipationSection } from '../portal/PortalParticipation';

export function PocDetailPage() {
  const { id, live } = useLiveCase<PocState>('pocs');
  const i18n = useI18n();
  const { t, label, locale } = i18n;
  const can = useCan();
  const trial = live.data;

  if (!trial) return <DetailFallback live={live} title={id} notFound={t('pocs.notFound', { id })} />;
  const pending = trial.extensions.some((extension) => extension.status === 'pending');
  const actions = pocActions(
    trial.trialId,
    {
      stage: trial.stage,
      pendingExtension: pending,
      provisioningByHand: trial.provisioning.byHand === true,
      approvalContext: (
        <ApprovalContext
          amount={trial.opportunity.amount}
          currency={trial.opportunity.currency}
          requestedBy={trial.requestedBy}
          salesOwner={trial.salesOwner}
          plannedStart={trial.plannedStart}
          criteria={trial.criteria}
        />
      ),
    },
    i18n,
    can,
  );
  return (
    <CaseDetail
      timelinePath={`/api/pocs/${segment(id)}/timeline`}
      title={`${trial.account} · ${trial.product}`}
      chain={{ next: trial.nextPlaybook }}
      intro={
        <>
          <StateBadge kind="poc" value={trial.stage} />{' '}
          {trial.atRisk ? <Badge tone="bad">{t('pocs.atRisk')}</Badge> : null} {trial.region} · {trial.industry} ·{' '}
          {trial.opportunity.id} · {formatMoney(trial.opportunity.amount, trial.opportunity.currency, locale)}
        </>
      }
      live={live}
      actions={actions}
      main={
        <>
          <Section title={t('pocs.criteria')}>
            <ul className="plain criteria">
              {trial.criteria.map((criterion) => (
                <li key={criterion.key}>
                  <StateBadge kind="criterion" value={criterion.status} /> <strong>{criterion.description}</strong>
                  <div className="muted small">{criterion.measuredBy}</div>
                  {criterion.evidence ? <div className="small">{criterion.evidence}</div> : null}
                  {trial.stage === 'active' && can.may('poc:act') ? (
                    <ActionButton
                      small
                      onDone={live.reload}
                      action={{
                        key: `criterion-${criterion.key}`,
                        label: t('poc.markCriterion'),
                        title: criterion.description,
                        fields: [
                          {
                            name: 'status',
                            label: t('common.status'),
                            kind: 'select',
                            required: true,
                            options: ['met', 'unmet'].map((value) => ({ value, label: label('criterion', value) })),
                          },
                          { name: 'evidence', label: t('poc.evidence'), kind: 'textarea', required: true },
                        ],
                        submit: (body) =>
                          post(`/api/pocs/${segment(trial.trialId)}/criteria/${segment(criterion.key)}`, body),
                      }}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          </Section>
          <Section title={t('pocs.checkIns')}>
            <p className="muted small">
              {trial.nextCheckInDue ? t('pocs.nextCheckIn', { date: formatDay(trial.nextCheckInDue, locale) }) : null}
            </p>
            {trial.checkIns.length === 0 ? (
              <Empty>{t('common.none')}</Empty>
            ) : (
              <ul className="plain">
                {[...trial.checkIns].reverse().map((checkIn) => (
                  <li key={checkIn.at}>
                    <StateBadge kind="health" value={checkIn.health} /> <Instant value={checkIn.at} /> · {checkIn.by}
                    <p>{checkIn.summary}</p>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </>
      }
      side={
        <>
          <Section title={t('common.status')}>
            <dl className="facts">
              <dt>{t('startPoc.salesOwner')}</dt>
              <dd>{trial.salesOwner}</dd>
              <dt>{t('startPoc.presales')}</dt>
              <dd>{trial.supporters.presales.join(', ') || '–'}</dd>
              <dt>{t('pocs.approvalDueLabel')}</dt>
              <dd>
                <Day value={trial.approval.dueDate} /> {trial.approval.overdue ? <OverdueBadge /> : null}
              </dd>
              <dt>{t('startPoc.plannedStart')}</dt>
              <dd>
                <Day value={trial.plannedStart} />
              </dd>
              <dt>{t('pocs.endDate')}</dt>
              <dd>
                <Day value={trial.endDate} />
              </dd>
              {trial.template ? (
                <>
                  <dt>{t('pocs.template')}</dt>
                  <dd data-testid="poc-template">
                    {trial.template.name} v{trial.template.version} ·{' '}
                    {t('pocs.checkInEvery', { days: trial.rules.checkInEveryDays as number })}
                  </dd>
                </>
              ) : null}
              <dt>{t('pocs.environment')}</dt>
              <dd>{trial.provisioning.environment?.url ?? trial.provisioning.lastError ?? '–'}</dd>
              {trial.outcome ? (
                <>
                  <dt>{t('pocs.outcome')}</dt>
                  <dd>
                    <StateBadge kind="poc" value={trial.outcome.stage} />{' '}
                    {trial.outcome.lossReason ? label('loss', trial.outcome.lossReason) : null}{' '}
                    {trial.outcome.reason ?? ''}
                  </dd>
                </>
              ) : null}
            </dl>
            {trial.extensions.length ? (
              <>
                <h3>{t('pocs.extensions')}</h3>
                <ul className="plain small">
                  {trial.extensions.map((extension) => (
                    <li key={extension.requestedAt}>
                      <StateBadge kind="pricing" value={extension.status} /> +{extension.days} · {extension.reason}
                      {extension.requestedByCustomer
                        ? ` · ${t('pocs.byCustomer', { name: extension.requestedByCustomer })}`
                        : ''}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </Section>
          <PocCustomerSide trial={trial} onDone={live.reload} />
        </>
      }
      timeline={trial.timeline}
    />
  );
}

/** The customer's side of a trial (issue 16): their contacts, what they confirmed and told us, the portal. */
function PocCustomerSide({ trial, onDone }: { trial: PocState; onDone(): void }) {
  const { t, locale } = useI18n();
  const can = useCan();
  const open = !['rejected', 'converted', 'lost', 'expired', 'cancelled'].includes(trial.stage);
  const confirmation = trial.criteriaConfirmation;
  return (
    <>
      <CustomerContactsSection
        collection="pocs"
        caseId={trial.trialId}
        contacts={trial.customerContacts ?? []}
        canEdit={open && can.may('poc:act')}
        canInvite={open && can.may('poc:act')}
        onDone={onDone}
      />
      <Section title={t('pocs.customerSide')}>
        <p className="small" data-testid="criteria-confirmation">
          {confirmation
            ? t('pocs.criteriaConfirmed', {
                name: confirmation.name,
                date: formatDay(confirmation.at.slice(0, 10), locale),
              })
            : t('pocs.criteriaUnconfirmed')}
        </p>
        {trial.customerFeedback?.length ? (
          <ul className="plain small" data-testid="customer-feedback">
            {trial.customerFeedback.map((feedback) => (
              <li key={feedback.at}>
                <StateBadge kind="health" value={feedback.health} /> <Instant value={feedback.at} /> · {feedback.name}
                {feedback.note ? <p>{feedback.note}</p> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </Section>
      <PortalParticipationSection caseId={trial.trialId} collection="pocs" revokePermission="poc:act" />
    </>
  );
}
