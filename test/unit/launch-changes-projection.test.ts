import { workingDays } from '../../domain/shared/business-calendar';
import { applyLaunchAction, type LaunchAction } from '../../domain/launch/actions';
import { createLaunchState } from '../../domain/launch/create';
import { launchChangesProjector, launchProjectionOf } from '../../domain/launch/projection';
import type { LaunchState } from '../../domain/launch/types';
import { launchInput } from '../helpers/launch-fixtures';

const NOW = new Date('2026-02-02T09:00:00Z');
const input = launchInput({ launchId: 'L-1', launchDate: '2026-03-02' });
const context = { input, calendar: workingDays(input.calendar.definition), now: NOW };
const act = (state: LaunchState, action: LaunchAction, actor = 'olga') =>
  applyLaunchAction(state, { action, actor }, context);

// Patch lean-launch-small-payloads: the projection activity's input (stored in history) carries what changed.
describe('launch projections of changes only', () => {
  it('carries every item and gate first, then only those an action changed, with the run row and new events', () => {
    const state = createLaunchState(input, NOW);
    const project = launchChangesProjector();
    const whole = launchProjectionOf(state, 0);

    const first = project(state, 0);
    expect(first.changesOnly).toBe(true);
    expect(first.items).toEqual(whole.items);
    expect(first.gates).toEqual(whole.gates);

    act(state, { type: 'comment', itemKey: 'research', text: 'interviews booked' });
    const afterComment = project(state, first.events.at(-1)?.n ?? 0);
    expect(afterComment.items).toEqual([]);
    expect(afterComment.gates).toEqual([]);
    expect(afterComment.events.map((event) => event.type)).toEqual(['item.commented']);
    expect(afterComment).toMatchObject({ seq: state.seq, itemsTotal: whole.itemsTotal });

    act(state, { type: 'complete', itemKey: 'research' }, 'pat');
    const afterComplete = project(state, afterComment.events.at(-1)!.n);
    const now = launchProjectionOf(state, 0);
    const changedKeys = now.items
      .filter((item) => JSON.stringify(item) !== JSON.stringify(whole.items.find((was) => was.key === item.key)))
      .map((item) => item.key);
    // research is done and what waited on it is unblocked: exactly those rows travel.
    expect(afterComplete.items.map((item) => item.key)).toEqual(changedKeys);
    expect(changedKeys).toContain('research');
    expect(changedKeys.length).toBeLessThan(now.items.length);
    expect(afterComplete.itemsDone).toBe(1);
  });

  it('starts over with every item in a new projector (a continued or replayed run)', () => {
    const state = createLaunchState(input, NOW);
    launchChangesProjector()(state, 0);
    expect(launchChangesProjector()(state, 0).items).toHaveLength(state.items.length);
  });
});
