import { applyRenewalAction, renewalActionRejection, type RenewalAction } from '../../domain/renewal/actions';
import { createRenewalState } from '../../domain/renewal/create';
import { renewalChangesProjector, renewalProjectionOf } from '../../domain/renewal/projection';
import type { RenewalState } from '../../domain/renewal/types';
import { AT_RISK_FIGURES, HEALTHY_FIGURES, renewalInput } from '../helpers/renewal-fixtures';

const STARTED = new Date('2027-01-04T09:00:00Z');
const TERM = { termStart: '2027-01-01', contractEnd: '2027-12-31' };
function act(state: RenewalState, action: RenewalAction, actor = 'ana'): void {
  expect(renewalActionRejection(state, { action, actor })).toBeUndefined();
  applyRenewalAction(state, { action, actor }, STARTED);
}

// Patch lean-renewal-small-payloads: the projection activity's input (stored in history) carries changed terms only.
describe('renewal projections of changes only', () => {
  it('carries every term row first, then only a row an action changed', () => {
    const state = createRenewalState(renewalInput(TERM), STARTED);
    const project = renewalChangesProjector();
    const first = project(state, 0);
    expect(first).toEqual({ ...renewalProjectionOf(state, 0), changesOnly: true });
    expect(first.terms).toHaveLength(1);

    // A reassignment leaves the term row as it was: the renewal row and its event travel, no term.
    act(state, { type: 'assign', customerSuccessOwner: 'cora' }, 'olga');
    const assigned = project(state, first.events.at(-1)?.n ?? 0);
    expect(assigned.terms).toEqual([]);
    expect(assigned).toMatchObject({ customerSuccessOwner: 'cora', seq: state.seq, changesOnly: true });

    // Health figures change the term's health: its row travels again.
    act(state, { type: 'record-health', figures: AT_RISK_FIGURES });
    const scored = project(state, assigned.events.at(-1)?.n ?? 0);
    expect(scored.terms).toEqual(renewalProjectionOf(state, 0).terms);
    act(state, { type: 'record-health', figures: HEALTHY_FIGURES });
    expect(project(state, scored.events.at(-1)?.n ?? 0).terms[0]).toMatchObject({ atRisk: false });
  });

  it('starts over with every term in a new projector (a continued or replayed run)', () => {
    const state = createRenewalState(renewalInput(TERM), STARTED);
    renewalChangesProjector()(state, 0);
    expect(renewalChangesProjector()(state, 0).terms).toEqual(renewalProjectionOf(state, 0).terms);
  });
});
