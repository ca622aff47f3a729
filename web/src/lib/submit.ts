import { useState } from 'react';
import { ApiError } from '../api/client';

/** A form's submission: busy while it runs, the API's problem when it is refused. */
export function useSubmission() {
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  async function run(send: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await send();
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
      // Bring the problem into view, so a keyboard or screen-reader user learns of it.
      window.setTimeout(() => document.querySelector<HTMLElement>('[aria-invalid="true"], .problem')?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, run };
}
