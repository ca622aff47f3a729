import { workingDays } from '../../domain/shared/business-calendar';
import { applyLaunchAction, launchActionRejection, type LaunchAction } from '../../domain/launch/actions';
import { createLaunchState } from '../../domain/launch/create';
import type { LaunchState } from '../../domain/launch/types';
import { launchInput } from '../helpers/launch-fixtures';

const NOW = new Date('2026-02-02T09:00:00Z');
// Launch Monday 2 March 2026: research is due ten days before, on 20 February.
const input = launchInput({ launchId: 'L-1', launchDate: '2026-03-02' });
const context = { input, calendar: workingDays(input.calendar.definition), now: NOW };
const act = (state: LaunchState, action: LaunchAction) => {
  const refused = launchActionRejection(state, { action, actor: 'olga' }, context);
  if (refused) throw new Error(refused.message);
  applyLaunchAction(state, { action, actor: 'olga' }, context);
};
const item = (state: LaunchState, key: string) => state.items.find((candidate) => candidate.key === key)!;

// Newcomer walk 10: an ops manager moves or snoozes one item's due date, with a reason on the timeline.
describe("an ops manager changes one item's due date", () => {
  it('moves the date, says why on the timeline, and re-arms the alarms from now', () => {
    const state = createLaunchState(input, NOW);
    expect(item(state, 'research').dueDate).toBe('2026-02-20');
    act(state, { type: 'reschedule-item', itemKey: 'research', dueDate: '2026-02-27', reason: 'interviews slipped' });
    expect(item(state, 'research')).toMatchObject({
      dueDate: '2026-02-27',
      dueShiftDays: 7,
      overdue: false,
      scheduledAt: NOW.toISOString(),
    });
    expect(state.timeline.at(-1)).toMatchObject({
      type: 'item.rescheduled',
      actor: 'olga',
      itemKey: 'research',
      summary: 'olga moved the due date of "Research" from 2026-02-20 to 2026-02-27: interviews slipped',
      before: { dueDate: '2026-02-20' },
      after: { dueDate: '2026-02-27', reason: 'interviews slipped' },
    });
  });

  it('keeps the shift when the launch date moves later', () => {
    const state = createLaunchState(input, NOW);
    act(state, { type: 'reschedule-item', itemKey: 'research', dueDate: '2026-02-27', reason: 'snooze a week' });
    act(state, { type: 'change-launch-date', launchDate: '2026-03-09', reason: 'slot moved' });
    // The template's date moves to 27 February; the snooze keeps its week on top.
    expect(item(state, 'research').dueDate).toBe('2026-03-06');
    expect(item(state, 'positioning').dueDate).toBe('2026-03-02');
  });

  it('refuses a settled item, a past or unchanged date and a missing reason, naming each', () => {
    const state = createLaunchState(input, NOW);
    act(state, { type: 'complete', itemKey: 'research' });
    const refusal = (action: LaunchAction) => launchActionRejection(state, { action, actor: 'olga' }, context)?.message;
    const positioningDue = item(state, 'positioning').dueDate;
    expect(refusal({ type: 'reschedule-item', itemKey: 'research', dueDate: '2026-02-27', reason: 'late' })).toBe(
      'Item "research" is already done; only an open item gets a new due date',
    );
    expect(refusal({ type: 'reschedule-item', itemKey: 'positioning', dueDate: '2026-02-01', reason: 'late' })).toBe(
      'The new due date 2026-02-01 of item "positioning" is in the past (today is 2026-02-02)',
    );
    expect(refusal({ type: 'reschedule-item', itemKey: 'positioning', dueDate: positioningDue, reason: 'x' })).toBe(
      `Item "positioning" is already due ${positioningDue}`,
    );
    expect(refusal({ type: 'reschedule-item', itemKey: 'positioning', dueDate: '2026-02-27', reason: ' ' })).toBe(
      'Moving the due date of item "positioning" needs a reason',
    );
    expect(refusal({ type: 'reschedule-item', itemKey: 'nope', dueDate: '2026-02-27', reason: 'x' })).toBe(
      'Launch L-1 has no checklist item "nope"',
    );
  });
});
