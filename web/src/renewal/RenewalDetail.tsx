import { segment } from '../api/client';
import type { RenewalState } from '../api/types';
import {
  DetailFallback,
  Badge,
  Day,
  Empty,
  Instant,
  OverdueBadge,
  Section,
  StateBadge,
  Table,
  ChecklistTable,
} from '../components/ui';
import { CaseDetail } from '../components/case-detail';
import { useCan } from '../lib/auth';
import { formatDay, formatMoney } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { useLiveCase } from '../lib/live';
import { renewalActions } from './actions';
import { CustomerContactsSection } from '../portal/CustomerContacts';
import { PortalParticipationSection } from '../portal/PortalParticipation';

export function RenewalDetailPage() {
  const { id, live } = useLiveCase<RenewalState>('renewals');
  const i18n = useI18n();
  const { t, label, locale } = i18n;
  const can = useCan();
  const renewal = live.data;

  if (!renewal) return <DetailFallback live={live} title={id} notFound={t('renewals.notFound', { id })} />;
  const { term, healthCheck } = renewal;
  const money = (value: number) => formatMoney(value, renewal.currency, locale);
  return (
    <CaseDetail
      timelinePath={`/api/renewals/${segment(id)}/timeline`}
      title={`${renewal.account} · ${renewal.contractId}`}
      chain={{ source: renewal.source }}
      intro={
        <>
          <StateBadge kind="renewal" value={renewal.stage} /> {renewal.region} · {renewal.tier} · {money(term.value)} ·{' '}
          {renewal.customerSuccessOwner ?? '–'} {term.atRisk ? <Badge tone="bad">{t('pocs.atRisk')}</Badge> : null}
        </>
      }
      live={live}
      notices={
        <>
          {renewal.template ? (
            <p className="muted" data-testid="renewal-template">
              {t('renewals.template')}: {renewal.template.name} v{renewal.template.version}
            </p>
          ) : null}
          {renewal.endedAt ? (
            <p className="late">{t('renewal.ended', { date: formatDay(renewal.endedAt.slice(0, 10), locale) })}</p>
          ) : null}
          {term.lastCall ? <p className="late">{t('renewal.lastCall')}</p> : null}
          {healthCheck.status === 'requested' ? (
            <p className="muted">{t('renewal.checkRequested', { who: healthCheck.requestedBy ?? '–' })}</p>
          ) : null}
          {healthCheck.status === 'failed' ? (
            <p className="late">{t('renewal.checkFailed', { error: healthCheck.lastError ?? '–' })}</p>
          ) : null}
          {healthCheck.status === 'by-hand' ? <p className="muted">{t('renewal.figuresByHand')}</p> : null}
        </>
      }
      actions={renewalActions(renewal, i18n, can)}
      main={
        <>
          <Section title={t('renewal.steps', { number: term.number })}>
            {term.compressed ? <p className="muted small">{t('renewal.compressed')}</p> : null}
            <ChecklistTable>
              {term.steps.map((step) => (
                <tr key={step.key} className={step.overdue && step.status === 'open' ? 'overdue' : undefined}>
                  <th scope="row">
                    {label('renewal', step.key, step.title)}
                    {step.note ? <div className="muted small">{step.note}</div> : null}
                  </th>
                  <td>{label('role', step.ownerRole)}</td>
                  <td>
                    <Day value={step.dueDate} /> {step.overdue ? <OverdueBadge /> : null}{' '}
                    {step.escalated ? <Badge tone="warn">{t('renewal.escalated')}</Badge> : null}
                  </td>
                  <td>
                    <StateBadge kind="renewalStep" value={step.status} />
                    {step.doneBy ? <div className="muted small">{step.doneBy}</div> : null}
                  </td>
                </tr>
              ))}
            </ChecklistTable>
            {term.proposal ? (
              <p className="small">
                {t('renewal.proposalSent', { value: money(term.proposal.value) })} ·{' '}
                <Instant value={term.proposal.at} /> · {term.proposal.by}
                {term.proposal.note ? ` · ${term.proposal.note}` : ''}
              </p>
            ) : null}
            {term.negotiation.length ? (
              <ul className="plain small">
                {term.negotiation.map((entry) => (
                  <li key={entry.at}>
                    <Instant value={entry.at} /> · {entry.by}: {entry.note}
                    {entry.expectedValue !== undefined ? ` → ${money(entry.expectedValue)}` : ''}
                  </li>
                ))}
              </ul>
            ) : null}
          </Section>
          <Section title={t('renewal.pastTerms')}>
            {renewal.pastTerms.length === 0 ? (
              <Empty>{t('renewal.noPastTerms')}</Empty>
            ) : (
              <Table
                columns={[
                  t('renewal.termCol'),
                  t('renewal.datesCol'),
                  t('renewals.value'),
                  t('renewal.outcomeField'),
                  t('renewal.newValueCol'),
                ]}
              >
                {renewal.pastTerms.map((past) => (
                  <tr key={past.number}>
                    <th scope="row">{t('renewal.term', { number: past.number })}</th>
                    <td>
                      <Day value={past.termStart} /> – <Day value={past.contractEnd} />
                    </td>
                    <td>{money(past.value)}</td>
                    <td>
                      <StateBadge kind="renewalOutcome" value={past.outcome} />
                      {past.churnReason ? <div className="small">{label('churn', past.churnReason)}</div> : null}
                      {past.note ? <div className="muted small">{past.note}</div> : null}
                    </td>
                    <td>{money(past.newValue)}</td>
                  </tr>
                ))}
              </Table>
            )}
          </Section>
        </>
      }
      side={
        <>
          <Section title={t('renewal.contract')}>
            <dl className="facts">
              <dt>{t('renewal.term', { number: term.number })}</dt>
              <dd>
                <Day value={term.termStart} /> – <Day value={term.contractEnd} />
              </dd>
              <dt>{t('renewals.value')}</dt>
              <dd>{money(term.value)}</dd>
              <dt>{t('handoff.tier')}</dt>
              <dd>{renewal.tier}</dd>
              <dt>{t('renewals.owner')}</dt>
              <dd>{renewal.customerSuccessOwner ?? '–'}</dd>
              <dt>{t('common.stage')}</dt>
              <dd>
                <StateBadge kind="renewal" value={renewal.stage} />
              </dd>
              <dt>{t('renewals.health')}</dt>
              <dd>
                {term.health ? (
                  <>
                    {term.health.score} <StateBadge kind="band" value={term.health.band} />{' '}
                    {term.atRisk ? <Badge tone="bad">{t('pocs.atRisk')}</Badge> : null}
                    <div className="muted small">
                      <Instant value={term.health.at} /> · {term.health.by}
                    </div>
                  </>
                ) : (
                  <span className="muted">{t('renewal.noHealth')}</span>
                )}
              </dd>
            </dl>
            {term.health ? (
              <ul className="plain small" aria-label={t('renewal.figures')}>
                {term.health.components.map((component) => (
                  <li key={component.key}>
                    {label('healthComponent', component.key)}: {component.points}/{component.max} · {component.detail}
                  </li>
                ))}
              </ul>
            ) : null}
          </Section>
          <RenewalCustomerSide renewal={renewal} onDone={live.reload} />
        </>
      }
      timeline={renewal.timeline}
    />
  );
}

/** The customer's side of a renewal (issue 16): their contacts, their answer to the proposal, the portal. */
function RenewalCustomerSide({ renewal, onDone }: { renewal: RenewalState; onDone(): void }) {
  const { t, locale } = useI18n();
  const can = useCan();
  const open = renewal.stage !== 'churned';
  const response = renewal.term.customerResponse;
  return (
    <>
      <CustomerContactsSection
        collection="renewals"
        caseId={renewal.renewalId}
        contacts={renewal.customerContacts ?? []}
        canEdit={open && can.may('renewal:act')}
        canInvite={open && can.may('renewal:act')}
        onDone={onDone}
      />
      {response ? (
        <Section title={t('pocs.customerSide')}>
          <p className="small" data-testid="customer-response">
            {t(response.kind === 'accepted' ? 'renewal.customerAccepted' : 'renewal.customerAskedCall', {
              name: response.signature.name,
              date: formatDay(response.signature.at.slice(0, 10), locale),
              value: formatMoney(response.proposalValue, renewal.currency, locale),
            })}
            {response.note ? ` · ${response.note}` : ''}
          </p>
        </Section>
      ) : null}
      <PortalParticipationSection caseId={renewal.renewalId} collection="renewals" revokePermission="renewal:act" />
    </>
  );
}
