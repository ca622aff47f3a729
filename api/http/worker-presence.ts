import { Client, type WorkflowClientInterceptor } from '@temporalio/client';

/**
 * A poller counts as present when it polled this recently. A live worker long-polls without pause
 * (one poll lasts at most about a minute); Temporal itself answers "no poller seen" after two minutes.
 */
const POLLER_FRESH_MS = 2 * 60_000;
// temporal.api.enums.v1.TaskQueueKind.NORMAL and TaskQueueType.WORKFLOW (the proto package is not a direct dependency).
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;

/** Answers are reused this long, so a busy API asks Temporal at most once per period. */
const CACHE_MS = 3_000;

/**
 * How long the question may take. Every start, live read and action asks it first, so this is how
 * soon they fail (503) when Temporal is gone, instead of after the client's ~20 s of connection retries.
 */
const ASK_DEADLINE_MS = 3_000;

/**
 * A worker seen polling this recently is presumed still there when Temporal answers the question too late:
 * under a sustained load the dev server answered DescribeTaskQueue after the deadline, and every action
 * waiting on the question failed 503 while the worker polled all along. Temporal unreachable still fails.
 */
const SEEN_TRUST_MS = 30_000;
// grpc status DEADLINE_EXCEEDED (@grpc/grpc-js is not a direct dependency).
const DEADLINE_EXCEEDED = 4;

/** Raised before a workflow call that no worker would pick up; the error handler answers 503. */
export class NoWorkerPolling extends Error {
  constructor(readonly taskQueue: string) {
    super(`No worker polls the task queue ${taskQueue}`);
    this.name = 'NoWorkerPolling';
  }
}

/** Whether a worker polls the task queue, from Temporal's DescribeTaskQueue (its pollers), cached briefly. */
export class WorkerPresence {
  private cached?: { at: number; answer: Promise<boolean> };
  /** When an answer last named a polling worker. */
  private lastSeen?: number;

  constructor(
    private readonly client: Client,
    readonly taskQueue: string,
    private readonly now: () => number = Date.now,
  ) {}

  polled(): Promise<boolean> {
    const at = this.now();
    if (!this.cached || at - this.cached.at >= CACHE_MS) {
      const answer = this.ask(at);
      this.cached = { at, answer };
      // A failed question is not remembered: the next call asks again.
      answer.catch(() => (this.cached = undefined));
    }
    return this.cached.answer;
  }

  /** Throws NoWorkerPolling when no worker polls; Temporal's own errors pass through (503 when unreachable). */
  async require(): Promise<void> {
    if (!(await this.polled())) throw new NoWorkerPolling(this.taskQueue);
  }

  private async ask(at: number): Promise<boolean> {
    let pollers;
    try {
      ({ pollers } = await this.client.withDeadline(Date.now() + ASK_DEADLINE_MS, () =>
        this.client.workflowService.describeTaskQueue({
          namespace: this.client.options.namespace,
          taskQueue: { name: this.taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
          taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
        }),
      ));
    } catch (error) {
      const late = (error as { code?: unknown }).code === DEADLINE_EXCEEDED;
      if (late && this.lastSeen !== undefined && at - this.lastSeen < SEEN_TRUST_MS) return true;
      throw error;
    }
    const present = pollers.some((poller) => {
      const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
      return at - seconds * 1000 < POLLER_FRESH_MS;
    });
    if (present) this.lastSeen = at;
    return present;
  }
}

/**
 * A client for the API's routes whose starts, queries and Updates first make sure a worker polls the
 * task queue: without one they would wait for Temporal's deadline (about 20 s) and then fail, and a
 * start would leave a run nobody executes.
 */
export function clientRequiringWorker(client: Client, presence: WorkerPresence): Client {
  const requireWorker: WorkflowClientInterceptor = {
    async start(input, next) {
      await presence.require();
      return next(input);
    },
    async query(input, next) {
      await presence.require();
      return next(input);
    },
    async startUpdate(input, next) {
      await presence.require();
      return next(input);
    },
  };
  // The given client's own interceptors (the runs' summary and search attributes) still apply; a stand-in
  // client in a unit test may have none.
  const interceptors = client.options.interceptors as typeof client.options.interceptors | undefined;
  const inherited = interceptors?.workflow;
  return new Client({
    connection: client.connection,
    namespace: client.options.namespace,
    interceptors: { workflow: [requireWorker, ...(Array.isArray(inherited) ? inherited : [])] },
  });
}
