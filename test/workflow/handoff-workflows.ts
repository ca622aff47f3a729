/**
 * The workflows the delivery-handoff tests run: the handoff itself, and a stand-in for the renewal
 * follow-up it starts at handover, which runs a while (as a renewal does) and then hands its input
 * back, so a test can read what the handoff passed on without running (or knowing the activities
 * of) the real renewal playbook.
 */
import { sleep } from '@temporalio/workflow';
import type { RenewalStart } from '../../domain/shared/lifecycle';

export { deliveryHandoff } from '../../workflows/handoff/delivery-handoff';

export async function renewalFollowUp(input: { start: RenewalStart }): Promise<{ start: RenewalStart }> {
  await sleep('30 days');
  return input;
}
