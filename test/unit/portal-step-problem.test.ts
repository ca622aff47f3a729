import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { portalStepProblem } from '../../api/portal/routes';

// A handoff that started before the portal has no handler for customer steps: Temporal rejects the
// Update with a typeless failure, which would otherwise surface as a 500.
describe('portal step failures', () => {
  it('answers 409 for a handoff without the customer-step handler', () => {
    const error = new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.nonRetryable('No registered handler for update: handoffCustomerAction'),
    );
    expect(portalStepProblem(error)).toMatchObject({
      status: 409,
      detail: expect.stringMatching(/before the customer portal/),
    });
  });

  it('keeps the workflow’s own rejections as they are', () => {
    const error = new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.create({ type: 'evidence-required', message: 'needs text', nonRetryable: true }),
    );
    expect(portalStepProblem(error)).toMatchObject({ status: 422, detail: 'needs text' });
  });
});
