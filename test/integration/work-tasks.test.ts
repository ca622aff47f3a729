import { databaseKinds, eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { FIXTURE_STAKEHOLDERS } from '../helpers/handoff-fixtures';

/**
 * "My tasks" over every playbook (issue 17 item 8): cases of all five playbooks made through the real
 * workflows, then GET /api/tasks for several people and filters, compared with the same rules written
 * here in TypeScript over what the case endpoints say (launch states, POC/deal/handoff/renewal summaries).
 */

const OPS: Identity = { subject: 'olga@hq.example', roles: ['ops_manager'] };
const PRESALES: Identity = { subject: 'priya@hq.example', roles: ['presales'] };
const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const PM: Identity = { subject: 'pia@hq.example', roles: ['project_manager'] };
const PAT: Identity = { subject: 'pat@hq.example', roles: ['product_manager'] };
const EAST_OPS: Identity = { subject: 'rita@east.example', roles: ['regional_ops'], regions: ['east'] };
const WEST_SALES: Identity = { subject: 'wu@west.example', roles: ['sales'], regions: ['west'] };
const CS: Identity = { subject: 'cass@hq.example', roles: ['customer_success'] };

interface Expected {
  id: string;
  people: string[];
  roles: string[];
  regions: string[];
  blocked: boolean;
  dueDate: string | null;
  overdue: boolean;
}

interface Returned {
  playbook: string;
  caseId: string;
  taskKey: string;
  kind: string;
  blocked: boolean;
  dueDate: string | null;
  overdue: boolean;
  why: string;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const today = () => new Date().toISOString().slice(0, 10);
const task = (
  playbook: string,
  caseId: string,
  taskKey: string,
  fields: Omit<Expected, 'id' | 'overdue'> & { overdue?: boolean | null },
): Expected => ({
  ...fields,
  id: `${playbook}|${caseId}|${taskKey}`,
  overdue: fields.overdue ?? (fields.dueDate !== null && fields.dueDate < today()),
});
const named = (...people: (string | null | undefined)[]) => people.filter((person): person is string => !!person);

/** Every open task, by the rules of issue 17 item 8, from what the case endpoints say. */
function expectedTasks(cases: { launches: Json[]; pocs: Json[]; deals: Json[]; handoffs: Json[]; renewals: Json[] }) {
  const out: Expected[] = [];
  for (const run of cases.launches.filter((each) => ['active', 'launched'].includes(each.status))) {
    for (const item of run.items.filter((each: Json) => ['blocked', 'ready', 'in_progress'].includes(each.status))) {
      out.push(
        task('launch', run.launchId, `item:${item.key}`, {
          people: item.awaitingSignOff ? [] : named(item.assignee),
          roles: [item.awaitingSignOff ? item.signOffBy : item.ownerRole],
          regions: run.regions,
          blocked: item.status === 'blocked',
          dueDate: item.dueDate,
          overdue: item.overdue,
        }),
      );
    }
    for (const gate of run.gates.filter((each: Json) => !each.decision)) {
      const open = gate.requiredItems.filter((key: string) =>
        run.items.some((item: Json) => item.key === key && !['done', 'skipped'].includes(item.status)),
      );
      const unsigned: string[] = gate.signOffs.filter(
        (role: string) => !gate.signedOff.some((signature: Json) => signature.role === role),
      );
      for (const role of unsigned)
        out.push(
          task('launch', run.launchId, `gate:${gate.key}:sign-off:${role}`, {
            people: named(run.owners[role]),
            roles: [role],
            regions: run.regions,
            blocked: open.length > 0,
            dueDate: gate.dueDate,
          }),
        );
      out.push(
        task('launch', run.launchId, `gate:${gate.key}:decision`, {
          people: named(run.owners.ops_manager),
          roles: ['ops_manager'],
          regions: run.regions,
          blocked: open.length > 0 || unsigned.length > 0,
          dueDate: gate.dueDate,
        }),
      );
    }
  }
  for (const trial of cases.pocs) {
    const deciders = { people: [], roles: ['regional_ops', 'ops_manager'], regions: [trial.region], blocked: false };
    const team = {
      people: [trial.salesOwner, ...trial.presales, ...trial.opsSupporters],
      roles: ['sales', 'presales'],
      regions: [trial.region],
      blocked: false,
    };
    if (trial.stage === 'requested')
      out.push(
        task('poc', trial.trialId, 'approval', {
          ...deciders,
          dueDate: trial.approvalDueDate,
          overdue: trial.approvalOverdue,
        }),
      );
    if (trial.stage === 'provisioning' || trial.stage === 'provisioning_failed')
      out.push(
        task('poc', trial.trialId, 'provisioning', {
          ...deciders,
          dueDate: trial.plannedStart,
          overdue: trial.stage === 'provisioning_failed' ? true : null,
        }),
      );
    if (trial.stage === 'active' && trial.pendingExtensionDays !== null)
      out.push(task('poc', trial.trialId, 'extension', { ...deciders, dueDate: trial.endDate }));
    if (trial.stage === 'ready')
      out.push(task('poc', trial.trialId, 'kickoff', { ...team, dueDate: trial.plannedStart }));
    if (trial.stage === 'active' && trial.nextCheckInDue)
      out.push(task('poc', trial.trialId, 'check-in', { ...team, dueDate: trial.nextCheckInDue }));
  }
  for (const deal of cases.deals) {
    const where = { regions: [deal.region], blocked: false };
    if (deal.stage === 'requested')
      out.push(
        task('deal', deal.dealId, 'triage', {
          ...where,
          people: [],
          roles: ['presales', 'ops_manager'],
          dueDate: deal.responseDueDate,
          overdue: deal.responseOverdue,
        }),
      );
    if (deal.stage === 'triaged' || deal.stage === 'in_progress') {
      for (const item of deal.supportItems.filter((each: Json) => each.status === 'open'))
        out.push(
          task('deal', deal.dealId, `support:${item.supportType}`, {
            ...where,
            people: item.assignees,
            roles: ['presales'],
            dueDate: deal.dueDate,
          }),
        );
      if (deal.pricing?.status === 'pending')
        out.push(
          task('deal', deal.dealId, 'pricing', { ...where, people: [], roles: ['ops_manager'], dueDate: deal.dueDate }),
        );
    }
    if (
      ['closed_won', 'closed_lost'].includes(deal.stage) &&
      deal.lessonDue &&
      !deal.lessonRecorded &&
      !deal.lessonMissing
    )
      out.push(
        task('deal', deal.dealId, 'lesson', { ...where, people: [deal.salesOwner], roles: ['sales'], dueDate: null }),
      );
  }
  for (const handoff of cases.handoffs) {
    const where = { regions: [handoff.region], blocked: false };
    const pm = { people: named(handoff.projectManager), roles: ['project_manager'] };
    if (handoff.stage === 'package_pending' || handoff.stage === 'returned')
      out.push(
        task('handoff', handoff.handoffId, 'package', {
          ...where,
          people: [handoff.salesOwner],
          roles: ['sales'],
          dueDate: handoff.sla?.dueDate ?? null,
          overdue: handoff.sla?.overdue ?? false,
        }),
      );
    if (handoff.stage === 'in_review')
      out.push(
        task('handoff', handoff.handoffId, 'review', {
          ...where,
          ...pm,
          dueDate: handoff.sla?.dueDate ?? null,
          overdue: handoff.sla?.overdue ?? false,
        }),
      );
    if (handoff.stage === 'accepted')
      out.push(task('handoff', handoff.handoffId, 'kickoff', { ...where, ...pm, dueDate: null, overdue: false }));
    if (handoff.stage === 'accepted_by_customer')
      out.push(task('handoff', handoff.handoffId, 'handover', { ...where, ...pm, dueDate: null, overdue: false }));
    if (handoff.stage === 'kicked_off')
      handoff.milestones.forEach((milestone: Json, index: number) => {
        if (milestone.status === 'done') return;
        out.push(
          task('handoff', handoff.handoffId, `milestone:${milestone.key}`, {
            ...where,
            // Kickoff's default assignee (the project manager) on another role's milestone leaves it to that role.
            people:
              milestone.ownerRole !== 'project_manager' &&
              (milestone.assignee ?? handoff.projectManager) === handoff.projectManager
                ? []
                : named(milestone.assignee ?? handoff.projectManager),
            roles: [milestone.ownerRole],
            blocked: handoff.milestones.slice(0, index).some((earlier: Json) => earlier.status !== 'done'),
            dueDate: milestone.dueDate,
            overdue: milestone.overdue,
          }),
        );
      });
  }
  for (const renewal of cases.renewals.filter((each) => each.endedAt === null && each.nextStep)) {
    const step = renewal.steps.find((each: Json) => each.key === renewal.nextStep.key);
    out.push(
      task('renewal', renewal.renewalId, `step:${renewal.nextStep.key}`, {
        people: named(renewal.customerSuccessOwner),
        roles: [renewal.nextStep.ownerRole],
        regions: [renewal.region],
        blocked: false,
        dueDate: renewal.nextStep.dueDate,
        overdue: step?.overdue ?? null,
      }),
    );
  }
  return out;
}

interface Filters {
  assignee?: string;
  role?: string;
  state?: 'actionable' | 'blocked';
  overdue?: boolean;
  scope?: 'mine' | 'roles';
  playbook?: string;
}

/** The tasks a caller asking with these filters should get, by the documented rules. */
function selected(all: Expected[], caller: Identity, filters: Filters): string[] {
  const explicit = filters.assignee !== undefined || filters.role !== undefined;
  let person = explicit ? filters.assignee : caller.subject;
  let roles: string[] = explicit ? (filters.role ? [filters.role] : []) : caller.roles;
  const unnamedOnly = !explicit || filters.assignee !== undefined;
  if (filters.scope === 'mine') roles = [];
  if (filters.scope === 'roles') person = undefined;
  const scoped = caller.roles.every((role) => role === 'sales' || role === 'regional_ops');
  return all
    .filter(
      (each) =>
        (person !== undefined && each.people.includes(person)) ||
        (each.roles.some((role) => roles.includes(role)) && (!unnamedOnly || each.people.length === 0)),
    )
    .filter(
      (each) => !scoped || each.regions.length === 0 || each.regions.some((region) => caller.regions!.includes(region)),
    )
    .filter((each) => filters.state === undefined || each.blocked === (filters.state === 'blocked'))
    .filter((each) => filters.overdue === undefined || each.overdue === filters.overdue)
    .filter((each) => filters.playbook === undefined || each.id.startsWith(`${filters.playbook}|`))
    .map((each) => each.id)
    .sort();
}

describe.each(databaseKinds())('my tasks over every playbook on %s', (kind) => {
  let stack: BatonStack;
  const as = (who: Identity) => ({ as: who });
  const post = async (path: string, body: unknown, who: Identity, status = [200, 201]) => {
    const response = await stack.request('POST', path, body, as(who));
    if (!status.includes(response.status))
      throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const list = async (path: string): Promise<Json[]> =>
    (await stack.request('GET', path, undefined, as(OPS))).body.items;

  async function allCases() {
    const summaries = await list('/api/launches?limit=200');
    const launches: Json[] = [];
    for (const summary of summaries)
      launches.push((await stack.request('GET', `/api/launches/${summary.launchId}`, undefined, as(OPS))).body);
    return {
      launches,
      pocs: await list('/api/pocs?limit=200'),
      deals: await list('/api/deals?limit=200'),
      handoffs: await list('/api/handoffs?limit=200'),
      renewals: await list('/api/renewals?limit=200'),
    };
  }

  async function tasksOf(who: Identity, filters: Filters, limit = 200): Promise<Returned[]> {
    const query = Object.entries(filters)
      .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)
      .join('&');
    const rows: Returned[] = [];
    let cursor: string | null = null;
    do {
      const separator = query ? '&' : '?';
      const page = `/api/tasks${query ? `?${query}` : ''}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response = await stack.request('GET', page, undefined, as(who));
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(limit);
      rows.push(...response.body.items);
      cursor = response.body.nextCursor;
    } while (cursor !== null);
    return rows;
  }
  const idOf = (each: Returned) => `${each.playbook}|${each.caseId}|${each.taskKey}`;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
    await post(
      '/api/launches',
      {
        launchId: 'tasks-launch',
        productName: 'Tasks Product',
        launchDate: '2030-06-03',
        owners: { product_manager: PAT.subject },
      },
      OPS,
    );
    await post(
      '/api/launches',
      { launchId: 'tasks-east', productName: 'East Product', launchDate: '2030-07-01', regions: ['east'] },
      OPS,
    );
    const trial = (account: string, region = 'east') => ({
      account,
      region,
      industry: 'retail',
      opportunity: { id: 'opp-1', amount: 90000 },
      product: 'Baton CRM',
      salesOwner: region === 'east' ? SALES.subject : WEST_SALES.subject,
      supporters: { presales: [PRESALES.subject] },
      criteria: [{ description: 'Works', measuredBy: 'the customer says so' }],
      plannedStart: '2030-03-04',
      durationDays: 30,
    });
    await post('/api/pocs', trial('Waiting Trial Co'), SALES);
    await post('/api/pocs', trial('West Trial Co', 'west'), WEST_SALES);
    const approved = await post('/api/pocs', trial('Approved Trial Co'), SALES);
    await post(`/api/pocs/${encodeURIComponent(approved.trialId)}/approve`, {}, EAST_OPS);
    const deal = (account: string) => ({
      account,
      region: 'east',
      opportunity: { id: 'opp-7', amount: 2_500_000, currency: 'CNY' },
      dealStage: 'negotiation',
      competitors: ['RivalSoft'],
      supportTypes: ['competitive-brief', 'pricing-exception'],
      dueDate: '2030-03-15',
      salesOwner: SALES.subject,
    });
    await post('/api/deals', deal('Triage Co'), SALES);
    const supported = await post('/api/deals', deal('Support Co'), SALES);
    await post(
      `/api/deals/${encodeURIComponent(supported.dealId)}/accept`,
      { assignees: { 'competitive-brief': [PRESALES.subject], 'pricing-exception': [OPS.subject] } },
      PRESALES,
    );
    const handoff = (account: string) => ({
      account,
      opportunity: 'opp-9',
      region: 'east',
      amount: 1_200_000,
      currency: 'CNY',
      salesOwner: SALES.subject,
      projectManager: PM.subject,
      prefill: { requirements: 'Branch rollout, SSO', commitments: 'Chinese UI by go-live' },
    });
    await post('/api/handoffs', handoff('Package Co'), SALES);
    const packaged = async (account: string) => {
      const started = await post('/api/handoffs', handoff(account), SALES);
      const handoffPath = `/api/handoffs/${encodeURIComponent(started.handoffId)}`;
      await post(
        `${handoffPath}/package`,
        {
          items: [
            { key: 'contract', link: 'https://crm.example/contracts/opp-9.pdf' },
            { key: 'scope', text: 'SOW v3' },
            { key: 'known-risks', text: 'Data migration' },
          ],
          stakeholders: FIXTURE_STAKEHOLDERS,
          targetGoLive: '2030-06-30',
        },
        SALES,
      );
      await post(`${handoffPath}/submit`, {}, SALES);
      return handoffPath;
    };
    await packaged('Review Co');
    // Kicked off: five milestones, each waiting on the one before; presales confirm the spec.
    const kickedOff = await packaged('Kickoff Co');
    await post(`${kickedOff}/accept`, {}, PM);
    await post(`${kickedOff}/kickoff`, {}, PM);
    await post(
      '/api/renewals',
      {
        account: 'Renewal Co',
        region: 'east',
        contractId: 'C-1',
        termStart: '2030-01-01',
        contractEnd: '2030-12-31',
        value: 100000,
        customerSuccessOwner: CS.subject,
      },
      OPS,
    );
    // Every case projected at its last stage: the expected tasks come from the same read model the query reads.
    await eventually(
      async () => {
        const cases = await allCases();
        return [
          cases.launches.length,
          ...cases.pocs.map((each) => each.stage).sort(),
          ...cases.deals.map((each) => each.stage).sort(),
          ...cases.handoffs.map((each) => each.stage).sort(),
          cases.renewals.length,
        ].join(',');
      },
      (stages) =>
        stages === '2,provisioning,requested,requested,requested,triaged,in_review,kicked_off,package_pending,1',
      60_000,
    );
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const callers: [string, Identity][] = [
    ['the ops manager', OPS],
    ['a presales engineer', PRESALES],
    ['an east sales owner', SALES],
    ['a project manager', PM],
    ['a product manager', PAT],
    ['east regional ops', EAST_OPS],
    ['west sales', WEST_SALES],
    ['a customer success owner', CS],
  ];
  const filterSets: Filters[] = [
    {},
    { state: 'actionable' },
    { state: 'blocked' },
    { overdue: true },
    { overdue: false },
    { scope: 'mine' },
    { scope: 'roles' },
    { playbook: 'deal' },
    { state: 'actionable', scope: 'roles', playbook: 'poc' },
  ];

  it.each(callers)('gives %s what the rules say, under every filter', async (_, who) => {
    const all = expectedTasks(await allCases());
    for (const filters of filterSets) {
      const rows = await tasksOf(who, filters);
      expect({ filters, ids: rows.map(idOf).sort() }).toEqual({ filters, ids: selected(all, who, filters) });
    }
  });

  it('has tasks of every playbook, gate sign-offs and POC approvals among them', async () => {
    const kinds = new Set([
      ...(await tasksOf(OPS, {})).map((each) => each.kind),
      ...(await tasksOf(PRESALES, {})).map((each) => each.kind),
      ...(await tasksOf(SALES, {})).map((each) => each.kind),
      ...(await tasksOf(PM, {})).map((each) => each.kind),
      ...(await tasksOf(CS, {})).map((each) => each.kind),
    ]);
    for (const expected of [
      'launch-item',
      'launch-gate-sign-off',
      'launch-gate-decision',
      'poc-approval',
      'poc-provisioning',
      'deal-triage',
      'deal-support',
      'deal-pricing',
      'handoff-package',
      'handoff-review',
      'handoff-milestone',
      'renewal-step',
    ])
      expect(kinds).toContain(expected);
  });

  it('keeps the explicit assignee and role parameters: a role asked for gets its named tasks too', async () => {
    const all = expectedTasks(await allCases());
    for (const filters of [
      { role: 'presales' },
      { assignee: PRESALES.subject },
      { assignee: PAT.subject, role: 'product_manager' },
    ])
      expect((await tasksOf(OPS, filters)).map(idOf).sort()).toEqual(selected(all, OPS, filters));
  });

  it('pages in one stable order, actionable first, then by due date, without gaps or repeats', async () => {
    const everything = await tasksOf(OPS, {});
    expect(everything.length).toBeGreaterThan(10);
    for (let index = 1; index < everything.length; index += 1) {
      const [previous, current] = [everything[index - 1]!, everything[index]!];
      if (previous.blocked !== current.blocked) expect(current.blocked).toBe(true);
      else if (previous.dueDate !== null && current.dueDate !== null)
        expect(previous.dueDate <= current.dueDate).toBe(true);
      else expect(current.dueDate === null || previous.dueDate !== null).toBe(true);
    }
    for (const limit of [1, 3, 7]) expect((await tasksOf(OPS, {}, limit)).map(idOf)).toEqual(everything.map(idOf));
  });
});
