import { bundleWorkflowCode } from '@temporalio/worker';

/**
 * What the worker's workflow bundle carries. The SDK evaluates the bundle again in every cached
 * workflow's context, so each library in it costs memory per open run: zod (schemas for the API)
 * cost about a third of a cached launch run before the schemas moved out of the modules workflows import.
 */
describe('the workflow bundle', () => {
  let code: string;

  beforeAll(async () => {
    const quiet = () => undefined;
    const logger = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error, log: quiet };
    ({ code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger }));
  });

  it('holds the playbook workflows', () => {
    // A bundle that lost the workflows would pass the checks below for the wrong reason.
    for (const module of ['workflows/launch/launch-readiness.ts', 'workflows/renewal/renewal-follow-up.ts'])
      expect(code).toContain(`"./${module}"`);
  });

  it('holds no zod module', () => {
    const zodModules = [...new Set(code.match(/"\.\/node_modules\/zod\/[^"]+"/g) ?? [])];
    expect(zodModules).toEqual([]);
  });
});
