import { CsvButton } from '../components/csv-button';
import { useRef, useState, type ReactElement } from 'react';
import { Link } from 'react-router';
import { get, post, query, segment } from '../api/client';
import type { Task, TaskPage } from '../api/types';
import { ActionButton, type ActionSpec } from '../components/actions';
import { Badge, Day, Empty, OverdueBadge, PageHeader, StateBadge, LiveStatus } from '../components/ui';
import { useAuth, useCan, type Identity } from '../lib/auth';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import { titleIn } from '../../../domain/launch/shipped-titles';
import { milestoneTitleIn } from '../../../domain/handoff/shipped-titles';
import { dealActions, type DealLike } from '../deal/actions';
import { handoffActions, milestoneActions } from '../handoff/actions';
import { itemActions } from '../launch/actions';
import { pocActions } from '../poc/actions';
import { ApprovalContext } from '../poc/ApprovalContext';

type I18n = ReturnType<typeof useI18n>;
type Can = ReturnType<typeof useCan>;
type LaunchItemTask = Extract<Task, { itemKey: string }>;
type CaseTask = Exclude<Task, LaunchItemTask>;
type Detail = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One row of My tasks as the board shows it. */
interface Todo {
  key: string;
  title: string;
  context: string;
  link: string;
  due: string | null;
  overdue: boolean;
  badges: ReactElement[];
  actions: ActionSpec[];
}

type Scope = 'all' | 'mine' | 'roles';
type Section = 'actionable' | 'blocked';
const PAGE_SIZE = 50;
const PLAYBOOK_LABELS = {
  launch: 'tasks.launchItem',
  poc: 'tasks.poc',
  deal: 'tasks.deal',
  handoff: 'tasks.handoff',
  renewal: 'tasks.renewal',
} as const;
const CASE_PAGES = {
  launch: 'launches',
  poc: 'pocs',
  deal: 'deals',
  handoff: 'handoffs',
  renewal: 'renewals',
} as const;

interface Loaded {
  items: Task[];
  more: boolean;
}

/**
 * My tasks over every playbook, from the one tasks query (GET /api/tasks): what can be done now,
 * and apart from it what waits on other work first; filter chips for overdue, mine and my roles; a
 * page at a time ("load more"). Buttons act as on each case's page; the API still decides.
 */
export function TasksPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { identity } = useAuth();
  const can = useCan();
  const [scope, setScope] = useState<Scope>('all');
  const [overdueOnly, setOverdueOnly] = useState(false);
  // How many pages each list shows; the poll reloads that many, so a "load more" survives the next poll.
  const pages = useRef<Record<Section, number>>({ actionable: 1, blocked: 1 });
  const filters = { scope: scope === 'all' ? undefined : scope, overdue: overdueOnly ? true : undefined };
  const live = useLive<Record<Section, Loaded>>(`tasks:${scope}:${overdueOnly}`, async (signal) => {
    const load = async (state: Section): Promise<Loaded> => {
      const items: Task[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < pages.current[state]; page += 1) {
        const next: TaskPage = await get<TaskPage>(
          `/api/tasks${query({ ...filters, state, limit: PAGE_SIZE, cursor: cursor ?? undefined })}`,
          signal,
        );
        items.push(...next.items);
        cursor = next.nextCursor;
        if (cursor === null) break;
      }
      return { items, more: cursor !== null };
    };
    return { actionable: await load('actionable'), blocked: await load('blocked') };
  });
  const choose = (next: () => void) => {
    pages.current = { actionable: 1, blocked: 1 };
    next();
  };
  const loadMore = (section: Section) => {
    pages.current = { ...pages.current, [section]: pages.current[section] + 1 };
    void live.reload();
  };
  const todosOf = (section: Section) =>
    live.data && identity ? live.data[section].items.map((task) => todoOf(task, identity, can, i18n)) : [];
  const actionable = todosOf('actionable');
  const blocked = todosOf('blocked');

  return (
    <>
      <PageHeader
        title={t('tasks.title')}
        intro={t('tasks.intro')}
        actions={<CsvButton listPath={`/api/tasks${query(filters)}`} fileName="tasks" />}
      />
      <div className="filters task-chips" role="group" aria-label={t('tasks.filters')}>
        {(['all', 'mine', 'roles'] as const).map((value) => (
          <button
            key={value}
            type="button"
            className={`chip${scope === value ? ' selected' : ''}`}
            aria-pressed={scope === value}
            onClick={() => choose(() => setScope(value))}
          >
            {t(`tasks.scope.${value}`)}
          </button>
        ))}
        <button
          type="button"
          className={`chip${overdueOnly ? ' selected' : ''}`}
          aria-pressed={overdueOnly}
          onClick={() => choose(() => setOverdueOnly(!overdueOnly))}
        >
          {t('tasks.overdueOnly')}
        </button>
      </div>
      <LiveStatus live={live} />
      {live.data && actionable.length === 0 && blocked.length === 0 ? <Empty>{t('tasks.empty')}</Empty> : null}
      {live.data && (actionable.length > 0 || blocked.length > 0) ? (
        <TodoSection
          title={t('tasks.actionable', { count: actionable.length })}
          todos={actionable}
          more={live.data.actionable.more}
          onMore={() => loadMore('actionable')}
          onDone={live.reload}
          emptyText={t('tasks.nothingActionable')}
        />
      ) : null}
      {live.data && blocked.length > 0 ? (
        <TodoSection
          title={t('tasks.blocked', { count: blocked.length })}
          intro={t('tasks.blockedIntro')}
          todos={blocked}
          more={live.data.blocked.more}
          onMore={() => loadMore('blocked')}
          onDone={live.reload}
          blocked
        />
      ) : null}
    </>
  );
}

function TodoSection(props: {
  title: string;
  intro?: string;
  todos: Todo[];
  more: boolean;
  onMore: () => void;
  onDone: () => Promise<void>;
  emptyText?: string;
  blocked?: boolean;
}) {
  const { t } = useI18n();
  return (
    <section className={`todo-section${props.blocked ? ' blocked' : ''}`} aria-label={props.title}>
      <h2 className="todo-section-title">{props.title}</h2>
      {props.intro ? <p className="muted">{props.intro}</p> : null}
      {props.todos.length === 0 && props.emptyText ? <p className="muted">{props.emptyText}</p> : null}
      <ul className="todo-list">
        {props.todos.map((todo) => (
          <li key={todo.key} className={`todo${todo.overdue ? ' overdue' : ''}`} aria-label={todo.title}>
            <div className="todo-main">
              <div className="todo-badges">
                {todo.overdue ? <OverdueBadge /> : null}
                {todo.badges}
              </div>
              <h3 className="todo-title">{todo.title}</h3>
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
                <ActionButton key={action.key} action={action} onDone={props.onDone} small />
              ))}
            </div>
          </li>
        ))}
      </ul>
      {props.more ? (
        <button type="button" className="button secondary small load-more" onClick={props.onMore}>
          {t('tasks.loadMore')}
        </button>
      ) : null}
    </section>
  );
}

/** The row of one task: its title and case in the reader's language, its badges and its buttons. */
function todoOf(task: Task, me: Identity, can: Can, i18n: I18n): Todo {
  const { t, label } = i18n;
  const common = {
    key: `${task.playbook}:${task.caseId}:${task.taskKey}`,
    due: task.dueDate,
    overdue: task.overdue,
  };
  const place = task.regions.length > 0 ? ` · ${task.regions.join(', ')}` : '';
  const badges = (...extra: ReactElement[]) => [
    <Badge key="playbook" tone="info">
      {t(PLAYBOOK_LABELS[task.playbook])}
    </Badge>,
    ...extra,
    <Badge key="why">{t(`tasks.why.${task.why}`)}</Badge>,
  ];
  const waiting =
    task.blocked && task.waitingOn.length > 0 ? (
      <Badge key="waiting" tone="warn">
        {t('tasks.waitingCount', { count: task.waitingOn.length })}
      </Badge>
    ) : null;
  if ('itemKey' in task) {
    return {
      ...common,
      title: titleIn(task.title, i18n.language),
      context: `${task.productName} · ${label('phase', task.phase)}`,
      link: `/launches/${segment(task.launchId)}#item-${task.itemKey}`,
      badges: badges(
        <StateBadge key="status" kind="item" value={task.status} />,
        <Badge key="owner">{task.assignee ?? label('role', task.ownerRole)}</Badge>,
      ),
      actions: itemActions(task.launchId, { ...task, key: task.itemKey }, i18n, {
        roles: me.roles,
        canAct: can.may('launch:act'),
      }),
    };
  }
  const detail = task.detail as Detail;
  const page = `/${CASE_PAGES[task.playbook]}/${segment(task.caseId)}`;
  const caseContext = `${task.caseName}${task.caseRef ? ` · ${task.caseRef}` : ''}${place}`;
  const row = (title: string, actions: ActionSpec[], link = page, extra: ReactElement[] = []): Todo => ({
    ...common,
    title,
    context: caseContext,
    link,
    badges: badges(...extra, ...(waiting ? [waiting] : [])),
    actions,
  });
  switch (task.kind) {
    case 'launch-gate-sign-off':
    case 'launch-gate-decision':
      return {
        ...row(
          t(task.kind === 'launch-gate-sign-off' ? 'tasks.gateSignOff' : 'tasks.gateDecision', {
            gate: titleIn(task.title ?? '', i18n.language),
            role: label('role', task.caseRef ?? ''),
          }),
          task.kind === 'launch-gate-sign-off' ? gateSignOff(task, detail, me, can, i18n) : [],
          `/launches/${segment(task.caseId)}#gate-${String(detail.gateKey)}`,
        ),
        context: `${task.caseName}${place}`,
      };
    case 'poc-approval':
    case 'poc-provisioning':
    case 'poc-extension':
    case 'poc-kickoff':
    case 'poc-check-in':
      return pocRow(task, detail, can, i18n, row);
    case 'deal-triage':
    case 'deal-support':
    case 'deal-pricing':
    case 'deal-lesson':
      return dealRow(task, detail, can, i18n, row);
    case 'renewal-step':
      return row(t('tasks.renewalStep', { step: label('renewal', task.title ?? '') }), []);
    default:
      return handoffRow(task, detail, can, i18n, row);
  }
}

type RowMaker = (title: string, actions: ActionSpec[], link?: string, extra?: ReactElement[]) => Todo;

function gateSignOff(task: CaseTask, detail: Detail, me: Identity, can: Can, { t, label }: I18n): ActionSpec[] {
  const role = String(detail.role);
  if (!can.may('launch:act') || !(me.via === 'api-token' || me.roles.includes(role))) return [];
  return [
    {
      key: `sign-off-${task.taskKey}`,
      label: t('action.signOff'),
      title: t('tasks.gateSignOff', { gate: task.title ?? '', role: label('role', role) }),
      intro: t('action.signOffAs', { role: label('role', role) }),
      tone: 'primary',
      submit: () =>
        post(`/api/launches/${segment(task.caseId)}/gates/${segment(String(detail.gateKey))}/sign-off`, { role }),
    },
  ];
}

const POC_TASKS = {
  'poc-approval': { title: 'tasks.pocApproval', actions: ['approve', 'reject'] },
  'poc-provisioning': { title: 'tasks.pocProvision', actions: ['retry', 'manual'] },
  'poc-extension': { title: 'tasks.pocExtension', actions: ['approve-extension', 'reject-extension'] },
  'poc-kickoff': { title: 'tasks.pocKickoff', actions: ['kickoff'] },
  'poc-check-in': { title: 'tasks.pocCheckIn', actions: ['check-in'] },
} as const;

function pocRow(task: CaseTask, detail: Detail, can: Can, i18n: I18n, row: RowMaker): Todo {
  const { title, actions } = POC_TASKS[task.kind as keyof typeof POC_TASKS];
  const failed = detail.stage === 'provisioning_failed';
  const buttons = pocActions(
    task.caseId,
    {
      stage: String(detail.stage),
      pendingExtension: detail.pendingExtensionDays !== null,
      provisioningByHand: detail.stage === 'provisioning',
      approvalContext: (
        <ApprovalContext
          amount={Number(detail.amount)}
          currency={detail.currency ?? null}
          salesOwner={String(detail.salesOwner)}
          plannedStart={String(detail.plannedStart)}
          criteria={Number(detail.criteriaTotal)}
        />
      ),
    },
    i18n,
    can,
  ).filter((action) => (actions as readonly string[]).includes(action.key));
  return row(
    i18n.t(failed ? 'tasks.pocProvisioning' : title, { days: Number(detail.pendingExtensionDays ?? 0) }),
    buttons,
    undefined,
    [<StateBadge key="stage" kind="poc" value={String(detail.stage)} />],
  );
}

const DEAL_TASKS = {
  'deal-triage': { title: 'tasks.dealTriage', actions: ['accept', 'decline'] },
  'deal-support': { title: 'tasks.dealSupport', actions: ['log-support', 'support-done'] },
  'deal-pricing': { title: 'tasks.dealPricing', actions: ['approve-pricing', 'reject-pricing'] },
  'deal-lesson': { title: 'tasks.dealLesson', actions: ['lesson'] },
} as const;

function dealRow(task: CaseTask, detail: Detail, can: Can, i18n: I18n, row: RowMaker): Todo {
  const { title, actions } = DEAL_TASKS[task.kind as keyof typeof DEAL_TASKS];
  const deal: DealLike = {
    stage: String(detail.stage),
    supportTypes: detail.supportTypes ?? [],
    openSupport: detail.openSupport ?? [],
    pricingPending: detail.pricingPending === true,
    lessonOpen: detail.lessonOpen === true,
  };
  const supportType = task.kind === 'deal-support' ? (task.title ?? undefined) : undefined;
  const buttons = dealActions(task.caseId, deal, i18n, can, supportType).filter((action) =>
    actions.some((key) => action.key.startsWith(key)),
  );
  return row(i18n.t(title, { type: i18n.label('support', task.title ?? '') }), buttons, undefined, [
    <StateBadge key="stage" kind="deal" value={deal.stage} />,
  ]);
}

const HANDOFF_TASKS = {
  'handoff-package': { title: 'tasks.handoffPackage', actions: ['submit'] },
  'handoff-review': { title: 'tasks.handoffReview', actions: ['return', 'accept'] },
  'handoff-kickoff': { title: 'tasks.handoffKickoff', actions: ['kickoff'] },
  'handoff-handover': { title: 'tasks.handoffHandover', actions: ['handover'] },
  'handoff-milestone': { title: 'tasks.handoffMilestone', actions: [] },
} as const;

function handoffRow(task: CaseTask, detail: Detail, can: Can, i18n: I18n, row: RowMaker): Todo {
  const { title, actions } = HANDOFF_TASKS[task.kind as keyof typeof HANDOFF_TASKS];
  const handoff = {
    handoffId: task.caseId,
    stage: String(detail.stage),
    amount: Number(detail.amount),
    currency: detail.currency ?? null,
  };
  const buttons =
    task.kind === 'handoff-milestone'
      ? milestoneActions(handoff, detail.milestone, i18n, can).filter((action) => action.key.startsWith('complete'))
      : handoffActions(handoff, i18n, can).filter((action) => (actions as readonly string[]).includes(action.key));
  return row(
    i18n.t(title, {
      count: Number(detail.missingItems ?? 0),
      title: milestoneTitleIn(task.title ?? '', i18n.language),
    }),
    task.blocked ? [] : buttons,
    undefined,
    [<StateBadge key="stage" kind="handoff" value={handoff.stage} />],
  );
}
