import { segment } from '../api/client';
import type { HandoffState } from '../api/types';
import { ActionButton } from '../components/actions';
import {
  DetailFallback,
  Badge,
  Day,
  Empty,
  OverdueBadge,
  Progress,
  Section,
  StateBadge,
  ChecklistTable,
} from '../components/ui';
import { CaseDetail } from '../components/case-detail';
import { useCan } from '../lib/auth';
import { formatDay, formatMoney } from '../lib/format';
import { HandoffClosing } from './HandoffClosing';
import { useI18n } from '../lib/i18n';
import { useLiveCase } from '../lib/live';
import { PortalParticipationSection } from '../portal/PortalParticipation';
import { handoffActions, milestoneActions, packageItemAction } from './actions';
import { milestoneTitleIn } from '../../../domain/handoff/shipped-titles';

export function HandoffDetailPage() {
  const { id, live } = useLiveCase<HandoffState>('handoffs');
  const i18n = useI18n();
  const { t, label, locale } = i18n;
  const can = useCan();
  const handoff = live.data;

  if (!handoff) return <DetailFallback live={live} title={id} notFound={t('handoffs.notFound', { id })} />;
  const actions = handoffActions({ ...handoff, signedInPortal: !!handoff.customerAcceptance?.portal }, i18n, can);
  const salesMayEdit = (handoff.stage === 'package_pending' || handoff.stage === 'returned') && can.may('handoff:act');
  const done = handoff.milestones.filter((milestone) => milestone.status === 'done').length;
  return (
    <CaseDetail
      timelinePath={`/api/handoffs/${segment(id)}/timeline`}
      title={`${handoff.account} · ${handoff.opportunity}`}
      chain={{ source: handoff.source, next: handoff.nextPlaybook }}
      intro={
        <>
          <StateBadge kind="handoff" value={handoff.stage} /> {handoff.region} ·{' '}
          {formatMoney(handoff.amount, handoff.currency, locale)} · {handoff.salesOwner} →{' '}
          {handoff.projectManager ?? '–'}
        </>
      }
      live={live}
      notices={
        <>
          {handoff.template ? (
            <p className="muted" data-testid="handoff-template">
              {t('handoffs.template')}: {handoff.template.name} v{handoff.template.version}
            </p>
          ) : null}
          {handoff.sla ? (
            <p className={handoff.sla.overdue ? 'late' : 'muted'}>
              {t('handoffs.sla', {
                kind: label('sla', handoff.sla.kind),
                date: formatDay(handoff.sla.dueDate, locale),
              })}{' '}
              {handoff.sla.overdue ? <OverdueBadge /> : null}
            </p>
          ) : null}
        </>
      }
      actions={actions}
      main={
        <>
          <Section title={t('handoff.package')}>
            <ul className="plain criteria">
              {handoff.packageItems.map((item) => (
                <li key={item.key} id={`package-${item.key}`}>
                  <StateBadge kind="packageItem" value={item.status} />{' '}
                  <strong>{label('package', item.key, item.title)}</strong>
                  {item.key === 'stakeholders' && handoff.stakeholders.length ? (
                    <div className="small">
                      {handoff.stakeholders
                        .map((person) => `${label('stakeholder', person.role)}: ${person.name} (${person.contact})`)
                        .join(' · ')}
                    </div>
                  ) : null}
                  {item.key === 'target-go-live' && handoff.targetGoLive ? (
                    <div className="small">
                      <Day value={handoff.targetGoLive} />
                    </div>
                  ) : null}
                  {/* The stakeholders' text is the workflow's English head count; the list above says it in the reader's language. */}
                  {item.text && item.key !== 'stakeholders' ? <div className="small">{item.text}</div> : null}
                  {item.link ? (
                    <div className="small">
                      <a href={item.link} target="_blank" rel="noreferrer noopener">
                        {item.link}
                      </a>
                    </div>
                  ) : null}
                  {item.providedBy ? (
                    <div className="muted small">{t('handoff.provided', { who: item.providedBy })}</div>
                  ) : null}
                  {item.returnNote ? (
                    <div className="late small">{t('handoff.returnNote', { note: item.returnNote })}</div>
                  ) : null}
                  {salesMayEdit ? (
                    <ActionButton small action={packageItemAction(handoff, item, i18n)} onDone={live.reload} />
                  ) : null}
                </li>
              ))}
            </ul>
          </Section>
          <Section
            title={t('handoffs.milestones')}
            actions={
              handoff.milestones.length ? (
                <Progress
                  done={done}
                  total={handoff.milestones.length}
                  label={t('handoffs.milestonesDone', { done, total: handoff.milestones.length })}
                />
              ) : undefined
            }
          >
            {handoff.milestones.length === 0 ? (
              <Empty>{t('handoff.noMilestones')}</Empty>
            ) : (
              <ChecklistTable more={[t('common.actions')]}>
                {handoff.milestones.map((milestone) => (
                  <tr key={milestone.key} className={milestone.overdue ? 'overdue' : undefined}>
                    <th scope="row">
                      {milestoneTitleIn(milestone.title, i18n.language)}
                      {milestone.riskNote ? <div className="late small">{milestone.riskNote}</div> : null}
                    </th>
                    <td>
                      {label('role', milestone.ownerRole)}
                      {milestone.assignee ? <div className="small">{milestone.assignee}</div> : null}
                    </td>
                    <td>
                      <Day value={milestone.dueDate} /> {milestone.overdue ? <OverdueBadge /> : null}
                      {milestone.plannedDueDate !== milestone.dueDate ? (
                        <div className="muted small">
                          {t('handoff.planned', { date: formatDay(milestone.plannedDueDate, locale) })}
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <StateBadge kind="milestone" value={milestone.status} />{' '}
                      {milestone.atRisk ? <Badge tone="bad">{t('pocs.atRisk')}</Badge> : null}
                    </td>
                    <td>
                      <div className="row-actions">
                        {milestoneActions(handoff, milestone, i18n, can).map((action) => (
                          <ActionButton key={action.key} action={action} onDone={live.reload} small />
                        ))}
                      </div>
                    </td>
                  </tr>
                ))}
              </ChecklistTable>
            )}
          </Section>
          <HandoffClosing handoff={handoff} />
        </>
      }
      side={<PortalParticipationSection caseId={handoff.handoffId} collection="handoffs" />}
      timeline={handoff.timeline}
    />
  );
}
