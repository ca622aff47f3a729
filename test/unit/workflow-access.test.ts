import { ServiceError, type Client } from '@temporalio/client';
import { workflowAccess } from '../../api/http/workflow-access';
import { getLaunchState } from '../../workflows/launch/launch-readiness';

/** A stand-in client whose query fails with `failures` first, then answers. */
function clientFailing(failures: Error[]): { client: Client; asked: () => number } {
  let asked = 0;
  const client = {
    withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
    workflow: {
      getHandle: () => ({
        query: async () => {
          asked += 1;
          const failure = failures.shift();
          if (failure) throw failure;
          return { seq: 7 };
        },
      }),
    },
  };
  return { client: client as unknown as Client, asked: () => asked };
}

const bufferFull = () =>
  new ServiceError('Failed to query Workflow', {
    cause: Object.assign(new Error('8 RESOURCE_EXHAUSTED'), {
      code: 8,
      details: 'consistent query buffer is full, this may be caused by too many queries',
    }),
  });

describe('workflowAccess query', () => {
  it('asks again while the run’s query buffer is full, and answers once it is not', async () => {
    const { client, asked } = clientFailing([bufferFull(), bufferFull()]);
    await expect(workflowAccess(client).query('launch:x', getLaunchState)).resolves.toEqual({ seq: 7 });
    expect(asked()).toBe(3);
  });

  it('gives up after a few seconds of a full buffer, with the refusal (503 Live state unavailable)', async () => {
    const { client, asked } = clientFailing(Array.from({ length: 10 }, bufferFull));
    await expect(workflowAccess(client).query('launch:x', getLaunchState)).rejects.toThrow('Failed to query Workflow');
    expect(asked()).toBe(7);
  });

  it('does not ask again after any other failure', async () => {
    const { client, asked } = clientFailing([new Error('something else')]);
    await expect(workflowAccess(client).query('launch:x', getLaunchState)).rejects.toThrow('something else');
    expect(asked()).toBe(1);
  });
});
