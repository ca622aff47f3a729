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
      concludeActivation(input, next) {
        forgetCause();
        return next(input);
      },
    },
  ],
});
