import { workingDays } from '../../domain/shared/business-calendar';
import { applyHandoffAction, handoffActionRejection, type HandoffAction } from '../../domain/handoff/actions';
import { createHandoffState } from '../../domain/handoff/create';
import { handoffChangesProjector, handoffProjectionOf } from '../../domain/handoff/projection';
import type { HandoffState } from '../../domain/handoff/types';
import { completePackage, handoffInput } from '../helpers/handoff-fixtures';

const STARTED = new Date('2026-03-05T09:00:00Z');
const input = handoffInput();
const calendar = workingDays(input.start.calendar.definition);
function act(state: HandoffState, action: HandoffAction, actor: string): void {
  const context = { now: STARTED, calendar, pinnedCalendar: input.start.calendar };
  expect(handoffActionRejection(state, { action, actor }, context)).toBeUndefined();
  applyHandoffAction(state, { action, actor }, context);
}

// Patch lean-handoff-small-payloads: the projection activity's input (stored in history) leaves out unchanged lists.
describe('delivery-handoff projections of changes only', () => {
  it('carries the stage history, package items and milestones first, then only those an action changed', () => {
    const state = createHandoffState(input, calendar, STARTED);
    const project = handoffChangesProjector();
    const first = project(state, 0);
    expect(first).toEqual({ ...handoffProjectionOf(state, 0), changesOnly: true });

    // A comment changes no list: only the row's fields and its event travel.
    act(state, { type: 'comment', text: 'kickoff deck is in the drive' }, 'sam');
    const commented = project(state, first.events.at(-1)!.n);
    expect(commented).not.toHaveProperty('stageHistory');
    expect(commented).not.toHaveProperty('packageItems');
    expect(commented).not.toHaveProperty('milestones');
    expect(commented.events.map((event) => event.type)).toEqual(['handoff.comment']);
    expect(commented).toMatchObject({ seq: state.seq, changesOnly: true });

    // The package changes its items, not the stages.
    act(state, completePackage('2026-06-30'), 'sam');
    const packaged = project(state, commented.events.at(-1)!.n);
    expect(packaged.packageItems).toEqual(handoffProjectionOf(state, 0).packageItems);
    expect(packaged).not.toHaveProperty('stageHistory');

    act(state, { type: 'submit' }, 'sam');
    const submitted = project(state, packaged.events.at(-1)!.n);
    expect(submitted.stageHistory).toEqual(state.stageHistory);
  });

  it('starts over with every list in a new projector (a continued or replayed run)', () => {
    const state = createHandoffState(input, calendar, STARTED);
    handoffChangesProjector()(state, 0);
    const whole = handoffProjectionOf(state, 0);
    expect(handoffChangesProjector()(state, 0)).toMatchObject({
      stageHistory: whole.stageHistory,
      packageItems: whole.packageItems,
      milestones: whole.milestones,
    });
  });
});
