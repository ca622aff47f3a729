import { workingDays } from '../../domain/shared/business-calendar';
import { applyPocAction, type PocAction } from '../../domain/poc/actions';
import { createPocState } from '../../domain/poc/create';
import { provisioningSucceeded } from '../../domain/poc/provisioning';
import { pocChangesProjector, pocProjectionOf } from '../../domain/poc/projection';
import type { PocState } from '../../domain/poc/types';
import { pocInput } from '../helpers/poc-fixtures';

const REQUESTED = new Date('2026-03-05T09:00:00Z');
const input = pocInput({ plannedStart: '2026-03-09' });
const calendar = workingDays(input.calendar.definition);
const act = (state: PocState, action: PocAction, actor: string, now = REQUESTED) =>
  applyPocAction(state, { action, actor }, { now });

// Patch lean-poc-small-payloads: the projection activity's input (stored in history) leaves out unchanged lists.
describe('POC projections of changes only', () => {
  it('carries the stage history and criteria first, then only when an action changed them', () => {
    const state = createPocState(input, calendar, REQUESTED);
    const project = pocChangesProjector();
    const first = project(state, 0);
    expect(first).toEqual({ ...pocProjectionOf(state, 0), changesOnly: true });

    act(state, { type: 'approve' }, 'rita');
    const approved = project(state, first.events.at(-1)!.n);
    // A new stage: the stage history travels, the criteria (unchanged) do not.
    expect(approved.stageHistory).toEqual(state.stageHistory);
    expect(approved).not.toHaveProperty('criteria');
    expect(approved).toMatchObject({ stage: 'provisioning', seq: state.seq, changesOnly: true });

    provisioningSucceeded(state, 1, { reference: 'env-1', environmentUrl: 'https://acme.example' }, REQUESTED);
    act(state, { type: 'kickoff' }, 'sam');
    const active = project(state, approved.events.at(-1)!.n);
    expect(active.stageHistory!.map((entry) => entry.stage)).toEqual([
      'requested',
      'approved',
      'provisioning',
      'ready',
      'active',
    ]);

    // A check-in changes neither list: only the row's fields and its event travel.
    act(state, { type: 'check-in', summary: 'on track', health: 'green' }, 'sam');
    const checkedIn = project(state, active.events.at(-1)!.n);
    expect(checkedIn).not.toHaveProperty('stageHistory');
    expect(checkedIn).not.toHaveProperty('criteria');
    expect(checkedIn.lastCheckIn).toMatchObject({ by: 'sam', health: 'green' });

    const key = state.criteria[0]!.key;
    act(state, { type: 'mark-criterion', criterionKey: key, status: 'met', evidence: 'dashboard' }, 'sam');
    const marked = project(state, checkedIn.events.at(-1)!.n);
    expect(marked).not.toHaveProperty('stageHistory');
    expect(marked.criteria).toEqual(pocProjectionOf(state, 0).criteria);
    expect(marked.criteriaMet).toBe(1);
    expect(marked.events.map((event) => event.type)).toEqual(['poc.criterion-marked']);
  });

  it('starts over with every list in a new projector (a continued or replayed run)', () => {
    const state = createPocState(input, calendar, REQUESTED);
    pocChangesProjector()(state, 0);
    expect(pocChangesProjector()(state, 0)).toMatchObject({
      stageHistory: state.stageHistory,
      criteria: pocProjectionOf(state, 0).criteria,
    });
  });
});
