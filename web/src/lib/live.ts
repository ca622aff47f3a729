import { useCallback, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError, get, segment } from '../api/client';

/** How often open pages ask again, so changes made elsewhere show up without a reload. */
export const POLL_SECONDS = 5;

export interface Live<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Ask again now (after an action). */
  reload(): Promise<void>;
}

/**
 * Loads `load()` now, then every `POLL_SECONDS` while the tab is visible (and at once when it
 * becomes visible again). The last good data stays on screen when a later poll fails.
 * `key` names what is loaded: a new key starts over.
 */
export function useLive<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
  intervalSeconds = POLL_SECONDS,
): Live<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: ApiError }>({ key });
  const loadRef = useRef(load);
  // Declared before the polling effect, so a new key's first load already uses the new loader.
  useEffect(() => {
    loadRef.current = load;
  });
  const controller = useRef<AbortController | null>(null);

  const run = useCallback(async () => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    try {
      const data = await loadRef.current(current.signal);
      if (!current.signal.aborted) setState({ key, data });
    } catch (error) {
      if (current.signal.aborted) return;
      const problem =
        error instanceof ApiError
          ? error
          : new ApiError(0, 'Error', error instanceof Error ? error.message : String(error));
      setState((previous) => ({ key, data: previous.key === key ? previous.data : undefined, error: problem }));
    }
  }, [key]);

  useEffect(() => {
    void run();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void run();
    }, intervalSeconds * 1000);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void run();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      controller.current?.abort();
    };
  }, [run, intervalSeconds]);

  const current = state.key === key ? state : { key };
  return {
    data: current.data,
    error: current.error,
    loading: current.data === undefined && current.error === undefined,
    reload: run,
  };
}

/** The live state of the case a detail page shows: `/api/<collection>/<the page's :id>`. */
export function useLiveCase<T>(collection: string): { id: string; live: Live<T> } {
  const { id = '' } = useParams();
  const path = `/api/${collection}/${segment(id)}`;
  return { id, live: useLive(path, (signal) => get<T>(path, signal)) };
}
