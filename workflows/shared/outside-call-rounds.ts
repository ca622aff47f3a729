import { ActivityFailure, condition } from '@temporalio/workflow';
import { outsideCallFailure } from './activity-options';

/** How a case asks an outside system (a provisioner, a health source): one call per round it asks for. */
export interface OutsideCallRounds<Result> {
  /** The case's current round. */
  round(): number;
  /** Whether the case is asking for the current round now. */
  pending(): boolean;
  call(): Promise<Result>;
  succeeded(round: number, result: Result, now: Date): void;
  failed(round: number, error: string, now: Date): void;
  /** The attempts the call's retry policy makes, for the failure's wording. */
  maximumAttempts: number;
}

/**
 * Work for `runCaseLoop`'s `besides`: one call (with its retries) per round the case asks for, its
 * outcome handed back to the case. `inFlight` tells the loop a call is out, so the case neither ends
 * nor continues as new under it.
 */
export function outsideCallRunner<Result>(rounds: OutsideCallRounds<Result>): {
  run(ended: () => boolean): Promise<void>;
  inFlight(): boolean;
} {
  let inFlight = false;
  return {
    inFlight: () => inFlight,
    async run(ended) {
      // A round asked for before this run started (or before continue-as-new) is still to be called.
      let attempted = rounds.pending() ? rounds.round() - 1 : rounds.round();
      for (;;) {
        await condition(() => ended() || (rounds.pending() && rounds.round() > attempted));
        if (ended()) return;
        const round = (attempted = rounds.round());
        inFlight = true;
        try {
          rounds.succeeded(round, await rounds.call(), new Date());
        } catch (error) {
          if (!(error instanceof ActivityFailure)) throw error;
          rounds.failed(round, outsideCallFailure(error, rounds.maximumAttempts), new Date());
        } finally {
          inFlight = false;
        }
      }
    },
  };
}
