import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { underCause } from './update-cause';

/** Listed before Temporal's OpenTelemetry workflow module, whose scheduling then injects the cause's context. */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      scheduleActivity(input, next) {
        return underCause(() => next(input));
      },
      scheduleLocalActivity(input, next) {
        return underCause(() => next(input));
      },
    },
  ],
});
