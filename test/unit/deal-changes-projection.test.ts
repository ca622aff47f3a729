import { workingDays } from '../../domain/shared/business-calendar';
import { applyDealAction, dealActionRejection, type DealAction } from '../../domain/deal/actions';
import { createDealState } from '../../domain/deal/create';
import { dealChangesProjector, dealProjectionOf } from '../../domain/deal/projection';
import type { DealState } from '../../domain/deal/types';
import type { Role } from '../../domain/shared/roles';
import { FIXTURE_ASSIGNEES, dealInput } from '../helpers/deal-fixtures';

const REQUESTED = new Date('2026-03-05T09:00:00Z');
const input = dealInput({ dueDate: '2026-03-20' });
const calendar = workingDays(input.calendar.definition);
function act(state: DealState, action: DealAction, actor: string, actorRoles: Role[] = ['presales']): void {
  const request = { action, actor, actorRoles };
  expect(dealActionRejection(state, request, { now: REQUESTED })).toBeUndefined();
  applyDealAction(state, request, { now: REQUESTED });
}

// Patch lean-deal-small-payloads: the projection activity's input (stored in history) leaves out unchanged lists.
describe('deal-support projections of changes only', () => {
  it('carries the stage history and support items first, then only when an action changed them', () => {
    const state = createDealState(input, calendar, REQUESTED);
    const project = dealChangesProjector();
    const first = project(state, 0);
    expect(first).toEqual({ ...dealProjectionOf(state, 0), changesOnly: true });

    const assignees = Object.fromEntries(state.supportTypes.map((type) => [type, FIXTURE_ASSIGNEES[type]]));
    act(state, { type: 'accept', assignees }, 'petra');
    const triaged = project(state, first.events.at(-1)!.n);
    expect(triaged.stageHistory).toEqual(state.stageHistory);
    expect(triaged.supportItems).toEqual(dealProjectionOf(state, 0).supportItems);

    // The first support log starts the work (a new stage); the next changes its item only.
    const log = { type: 'log-support', supportType: 'competitive-brief', outcome: 'sent' } as const;
    act(state, { ...log, summary: 'brief' }, 'priya');
    const started = project(state, triaged.events.at(-1)!.n);
    expect(started.stageHistory!.map((entry) => entry.stage)).toEqual(['requested', 'triaged', 'in_progress']);
    act(state, { ...log, summary: 'follow-up' }, 'priya');
    const logged = project(state, started.events.at(-1)!.n);
    expect(logged).not.toHaveProperty('stageHistory');
    expect(logged.supportItems!.find((item) => item.supportType === 'competitive-brief')).toMatchObject({ actions: 2 });

    // The pricing decision changes neither list: only the row's fields and its event travel.
    act(state, { type: 'approve-pricing' }, 'olga', ['ops_manager']);
    const approved = project(state, logged.events.at(-1)!.n);
    expect(approved).not.toHaveProperty('stageHistory');
    expect(approved).not.toHaveProperty('supportItems');
    expect(approved).toMatchObject({ pricing: { status: 'approved', decidedBy: 'olga' }, seq: state.seq });
  });

  it('starts over with every list in a new projector (a continued or replayed run)', () => {
    const state = createDealState(input, calendar, REQUESTED);
    dealChangesProjector()(state, 0);
    expect(dealChangesProjector()(state, 0)).toMatchObject({
      stageHistory: state.stageHistory,
      supportItems: dealProjectionOf(state, 0).supportItems,
    });
  });
});
