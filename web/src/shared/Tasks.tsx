import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { get, query, segment } from '../api/client';
import type {
  DealSummary,
  DealSummaryPage,
  HandoffSummary,
  HandoffSummaryPage,
  PocSummary,
  PocSummaryPage,
  RenewalSummary,
  RenewalSummaryPage,
  Task,
  TaskPage,
} from '../api/types';
import { ActionButton, type ActionSpec } from '../components/actions';
import { Badge, Day, Empty, OverdueBadge, PageHeader, StateBadge, LiveStatus } from '../components/ui';
import { useAuth, useCan, type Identity } from '../lib/auth';
import { today } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import { titleIn } from '../../../domain/launch/shipped-titles';
import { dealActions, dealLikeOfSummary } from '../deal/actions';
import { handoffActions, milestoneActions } from '../handoff/actions';
import { itemActions } from '../launch/actions';
import { pocActions } from '../poc/actions';
import { ApprovalContext } from '../poc/ApprovalContext';

/** One thing waiting on the reader, whichever playbook it comes from. */
interface Todo {
  key: string;
  playbook: 'launch' | 'poc' | 'deal' | 'handoff' | 'renewal';
  title: string;
  context: string;
  link: string;
  due: string | null;
  overdue: boolean;
  badges: ReactElement[];
  actions: ActionSpec[];
}

/** What all of one case's todos share: the case's id and playbook, where it is, its page and stage. */
interface CaseOfTodo {
  id: string;
  playbook: Todo['playbook'];
  context: string;
  link: string;
  badge: ReactElement;
}

/** The todo maker of one playbook's cases, from how it describes a case. */
const caseTodos =
  <Case,>(describe: (item: Case) => CaseOfTodo) =>
  (item: Case, kind: string, title: string, due: string | null, overdue: boolean, actions: ActionSpec[]): Todo => {
    const { id, playbook, context, link, badge } = describe(item);
    return { key: `${playbook}:${id}:${kind}`, playbook, title, context, link, due, overdue, badges: [badge], actions };
  };

const PLAYBOOK_LABELS = {
  launch: 'tasks.launchItem',
  poc: 'tasks.poc',
  deal: 'tasks.deal',
  handoff: 'tasks.handoff',
  renewal: 'tasks.renewal',
} as const;

type I18n = ReturnType<typeof useI18n>;
type Can = ReturnType<typeof useCan>;

interface Sources {
  tasks: Task[];
  pocs: PocSummary[];
  deals: DealSummary[];
  handoffs: HandoffSummary[];
  renewals: RenewalSummary[];
}

export function TasksPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { identity } = useAuth();
  const can = useCan();
  const live = useLive<Sources>('tasks', async (signal) => {
    const [tasks, pocs, openDeals, closedDeals, handoffs, renewals] = await Promise.all([
      get<TaskPage>('/api/tasks?limit=200', signal),
      get<PocSummaryPage>(
        `/api/pocs${query({ stage: 'requested,provisioning_failed,ready,active', limit: 200 })}`,
        signal,
      ),
      get<DealSummaryPage>(`/api/deals${query({ open: true, limit: 200 })}`, signal),
      get<DealSummaryPage>(`/api/deals${query({ stage: 'closed_won,closed_lost', limit: 200 })}`, signal),
      get<HandoffSummaryPage>(`/api/handoffs${query({ open: true, limit: 200 })}`, signal),
      get<RenewalSummaryPage>(
        `/api/renewals${query({ stage: 'health_review,proposal,negotiation,outcome', limit: 200 })}`,
        signal,
      ),
    ]);
    return {
      tasks: tasks.items,
      pocs: pocs.items,
      deals: [...openDeals.items, ...closedDeals.items],
      handoffs: handoffs.items,
      renewals: renewals.items,
    };
  });

  const todos = live.data && identity ? collect(live.data, identity, can, i18n) : [];
  return (
    <>
      <PageHeader title={t('tasks.title')} intro={t('tasks.intro')} />
      <LiveStatus live={live} />
      {live.data && todos.length === 0 ? <Empty>{t('tasks.empty')}</Empty> : null}
      {todos.length > 0 ? (
        <ul className="todo-list" aria-label={t('tasks.title')}>
          {todos.map((todo) => (
            <li key={todo.key} className={`todo${todo.overdue ? ' overdue' : ''}`} aria-label={todo.title}>
              <div className="todo-main">
                <div className="todo-badges">
                  <Badge tone="info">{t(PLAYBOOK_LABELS[todo.playbook])}</Badge>
                  {todo.overdue ? <OverdueBadge /> : null}
                  {todo.badges}
                </div>
                <h2 className="todo-title">{todo.title}</h2>
                <p className="muted">
                  <Link to={todo.link}>{todo.context}</Link>
                  {todo.due ? (
                    <>
                      {' · '}
                      <span className={todo.overdue ? 'late' : undefined}>
                        <Day value={todo.due} />
                      </span>
                    </>
                  ) : null}
                </p>
              </div>
              <div className="todo-actions">
                {todo.actions.map((action) => (
                  <ActionButton key={action.key} action={action} onDone={live.reload} small />
                ))}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function collect(sources: Sources, me: Identity, can: Can, i18n: I18n): Todo[] {
  const todos = [
    ...sources.tasks.map((task) => launchTodo(task, me, can, i18n)),
    ...pocTodos(sources.pocs, me, can, i18n),
    ...dealTodos(sources.deals, me, can, i18n),
    ...handoffTodos(sources.handoffs, me, can, i18n),
    ...renewalTodos(sources.renewals, me, i18n),
  ];
  return todos.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.due ?? '9999').localeCompare(b.due ?? '9999') ||
      a.title.localeCompare(b.title),
  );
}

function launchTodo(task: Task, me: Identity, can: Can, i18n: I18n): Todo {
  const { t, label } = i18n;
  return {
    key: `launch:${task.launchId}:${task.itemKey}`,
    playbook: 'launch',
    title: titleIn(task.title, i18n.language),
    context: `${task.productName} · ${label('phase', task.phase)}`,
    link: `/launches/${segment(task.launchId)}#item-${task.itemKey}`,
    due: task.dueDate,
    overdue: task.overdue,
    badges: [
      <StateBadge key="status" kind="item" value={task.status} />,
      <Badge key="why">{t(`tasks.why.${task.why}`)}</Badge>,
      <Badge key="owner">{task.assignee ?? label('role', task.ownerRole)}</Badge>,
    ],
    actions: itemActions(task.launchId, { ...task, key: task.itemKey }, i18n, {
      roles: me.roles,
      canAct: can.may('launch:act'),
    }),
  };
}

const involved = (trial: PocSummary, me: Identity) =>
  trial.salesOwner === me.subject || trial.presales.includes(me.subject) || trial.opsSupporters.includes(me.subject);

function pocTodos(trials: PocSummary[], me: Identity, can: Can, i18n: I18n): Todo[] {
  const { t } = i18n;
  const decides = can.may('poc:decide');
  const now = today();
  const todo = caseTodos((trial: PocSummary) => ({
    id: trial.trialId,
    playbook: 'poc',
    context: `${trial.account} · ${trial.product} · ${trial.region}`,
    link: `/pocs/${segment(trial.trialId)}`,
    badge: <StateBadge key="stage" kind="poc" value={trial.stage} />,
  }));
  const actionsOf = (trial: PocSummary, keys: string[]) =>
    pocActions(
      trial.trialId,
      {
        stage: trial.stage,
        pendingExtension: trial.pendingExtensionDays !== null,
        approvalContext: (
          <ApprovalContext
            amount={trial.amount}
            currency={trial.currency}
            salesOwner={trial.salesOwner}
            plannedStart={trial.plannedStart}
            criteria={trial.criteria.total}
          />
        ),
      },
      i18n,
      can,
    ).filter((action) => keys.includes(action.key));
  return trials.flatMap((trial) => {
    const out: Todo[] = [];
    if (trial.stage === 'requested' && decides)
      out.push(
        todo(
          trial,
          'approval',
          t('tasks.pocApproval'),
          trial.approvalDueDate,
          trial.approvalOverdue,
          actionsOf(trial, ['approve', 'reject']),
        ),
      );
    if (trial.stage === 'provisioning_failed' && decides)
      out.push(
        todo(trial, 'provisioning', t('tasks.pocProvisioning'), null, true, actionsOf(trial, ['retry', 'manual'])),
      );
    if (trial.pendingExtensionDays !== null && decides) {
      out.push(
        todo(
          trial,
          'extension',
          t('tasks.pocExtension', { days: trial.pendingExtensionDays }),
          trial.endDate,
          trial.endDate < now,
          actionsOf(trial, ['approve-extension', 'reject-extension']),
        ),
      );
    }
    if (trial.stage === 'ready' && involved(trial, me))
      out.push(
        todo(
          trial,
          'kickoff',
          t('tasks.pocKickoff'),
          trial.plannedStart,
          trial.plannedStart < now,
          actionsOf(trial, ['kickoff']),
        ),
      );
    if (trial.stage === 'active' && involved(trial, me) && trial.nextCheckInDue) {
      out.push(
        todo(
          trial,
          'check-in',
          t('tasks.pocCheckIn'),
          trial.nextCheckInDue,
          trial.nextCheckInDue < now,
          actionsOf(trial, ['check-in']),
        ),
      );
    }
    return out;
  });
}

function dealTodos(cases: DealSummary[], me: Identity, can: Can, i18n: I18n): Todo[] {
  const { t, label } = i18n;
  const now = today();
  const todo = caseTodos((deal: DealSummary) => ({
    id: deal.dealId,
    playbook: 'deal',
    context: `${deal.account} · ${deal.opportunityId} · ${deal.region}`,
    link: `/deals/${segment(deal.dealId)}`,
    badge: <StateBadge key="stage" kind="deal" value={deal.stage} />,
  }));
  const actionsOf = (deal: DealSummary, keys: string[], supportType?: string) =>
    dealActions(deal.dealId, dealLikeOfSummary(deal), i18n, can, supportType).filter((action) =>
      keys.some((key) => action.key.startsWith(key)),
    );
  return cases.flatMap((deal) => {
    const out: Todo[] = [];
    if (deal.stage === 'requested' && can.may('deal:triage')) {
      out.push(
        todo(
          deal,
          'triage',
          t('tasks.dealTriage'),
          deal.responseDueDate,
          deal.responseOverdue,
          actionsOf(deal, ['accept', 'decline']),
        ),
      );
    }
    if (deal.stage === 'triaged' || deal.stage === 'in_progress') {
      for (const item of deal.supportItems) {
        if (item.status !== 'open' || !item.assignees.includes(me.subject)) continue;
        out.push(
          todo(
            deal,
            `support-${item.supportType}`,
            t('tasks.dealSupport', { type: label('support', item.supportType) }),
            deal.dueDate,
            deal.dueDate < now,
            actionsOf(deal, ['log-support', 'support-done'], item.supportType),
          ),
        );
      }
      if (deal.pricing?.status === 'pending' && me.roles.includes('ops_manager')) {
        out.push(
          todo(
            deal,
            'pricing',
            t('tasks.dealPricing'),
            deal.dueDate,
            deal.dueDate < now,
            actionsOf(deal, ['approve-pricing', 'reject-pricing']),
          ),
        );
      }
    }
    if (
      (deal.stage === 'closed_won' || deal.stage === 'closed_lost') &&
      deal.lessonDue &&
      !deal.lessonRecorded &&
      !deal.lessonMissing &&
      deal.salesOwner === me.subject
    ) {
      out.push(todo(deal, 'lesson', t('tasks.dealLesson'), null, false, actionsOf(deal, ['lesson'])));
    }
    return out;
  });
}

function handoffTodos(handoffs: HandoffSummary[], me: Identity, can: Can, i18n: I18n): Todo[] {
  const { t } = i18n;
  const todo = caseTodos((handoff: HandoffSummary) => ({
    id: handoff.handoffId,
    playbook: 'handoff',
    context: `${handoff.account} · ${handoff.opportunity} · ${handoff.region}`,
    link: `/handoffs/${segment(handoff.handoffId)}`,
    badge: <StateBadge key="stage" kind="handoff" value={handoff.stage} />,
  }));
  const actionsOf = (handoff: HandoffSummary, keys: string[]) =>
    handoffActions(handoff, i18n, can).filter((action) => keys.includes(action.key));
  return handoffs.flatMap((handoff) => {
    const out: Todo[] = [];
    const reviewer =
      handoff.projectManager === me.subject ||
      (handoff.projectManager === null && me.roles.includes('project_manager'));
    if (handoff.stage === 'in_review' && can.may('handoff:accept') && reviewer) {
      out.push(
        todo(
          handoff,
          'review',
          t('tasks.handoffReview'),
          handoff.sla?.dueDate ?? null,
          handoff.sla?.overdue ?? false,
          actionsOf(handoff, ['return', 'accept']),
        ),
      );
    }
    if ((handoff.stage === 'package_pending' || handoff.stage === 'returned') && handoff.salesOwner === me.subject) {
      out.push(
        todo(
          handoff,
          'package',
          t('tasks.handoffPackage', { count: handoff.missingItems.length }),
          handoff.sla?.dueDate ?? null,
          handoff.sla?.overdue ?? false,
          actionsOf(handoff, ['submit']),
        ),
      );
    }
    if (handoff.stage === 'kicked_off') {
      for (const milestone of handoff.milestones) {
        const mine =
          milestone.assignee === me.subject || (milestone.assignee === null && handoff.projectManager === me.subject);
        if (milestone.status === 'done' || !mine) continue;
        out.push(
          todo(
            handoff,
            `milestone-${milestone.key}`,
            t('tasks.handoffMilestone', { title: milestone.title }),
            milestone.dueDate,
            milestone.overdue,
            [...milestoneActions(handoff, milestone, i18n, can).filter((action) => action.key.startsWith('complete'))],
          ),
        );
      }
    }
    return out;
  });
}

function renewalTodos(renewals: RenewalSummary[], me: Identity, i18n: I18n): Todo[] {
  const { t, label } = i18n;
  return renewals
    .filter((renewal) => renewal.customerSuccessOwner === me.subject && renewal.nextStep)
    .map((renewal) => ({
      key: `renewal:${renewal.renewalId}`,
      playbook: 'renewal' as const,
      title: t('tasks.renewalStep', { step: label('renewal', renewal.nextStep!.key) }),
      context: `${renewal.account} · ${renewal.contractId} · ${renewal.region}`,
      link: `/renewals/${segment(renewal.renewalId)}`,
      due: renewal.nextStep!.dueDate,
      overdue: renewal.overdueSteps > 0,
      badges: renewal.atRisk
        ? [
            <Badge key="risk" tone="bad">
              {t('pocs.atRisk')}
            </Badge>,
          ]
        : [],
      actions: [],
    }));
}
