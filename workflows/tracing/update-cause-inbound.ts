import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { forgetCause, rememberCause } from './update-cause';

/** Listed after Temporal's OpenTelemetry workflow module: runs inside its HandleUpdate/HandleSignal span. */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      handleUpdate(input, next) {
        rememberCause();
        return next(input);
      },
      handleSignal(input, next) {
        rememberCause();
        return next(input);
      },
    },
  ],
  internals: [
    {
      // A timer that fires starts work of its own (an alarm), not the last Update's.
      activate(input, next) {
        if (input.activation.jobs?.some((job) => job.fireTimer)) forgetCause();
        return next(input);
      },
      dispose(input, next) {
        forgetCause();
        return next(input);
      },
    },
  ],
});
