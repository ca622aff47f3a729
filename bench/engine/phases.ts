import { performance } from 'node:perf_hooks';
import { startCalendar } from '../../api/http/pinned-calendar';
import { playbookTemplateSchema } from '../../domain/launch/template';
import { launchWorkflowId } from '../../domain/launch/projection';
import { getLaunchState } from '../../workflows/launch/launch-readiness';
import { percentile } from './engine-figures';
import { httpComment, httpStart, rawComment, rawInput, rawStart } from './launch-runs';
import { load, type Stack } from './stack';

/**
 * Where an HTTP action's and an HTTP start's time goes: each step the API takes, run on its own from
 * this process against the same stack, interleaved with the whole HTTP request, p50 of `count`.
 * What the whole request takes beyond the sum of its steps is the API process itself (and waiting for CPU).
 */

const print = (line: string) => process.stdout.write(`${line}\n`);
let serial = 0;
const newId = (prefix: string) => `${prefix}-${process.pid}-${(serial += 1)}`;

async function ms(step: () => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await step();
  return performance.now() - began;
}

async function phasesOf(label: string, count: number, steps: Record<string, () => Promise<unknown>>): Promise<void> {
  const times = new Map<string, number[]>(Object.keys(steps).map((name) => [name, []]));
  for (let index = 0; index < count + 3; index += 1) {
    for (const [name, step] of Object.entries(steps)) {
      const took = await ms(step);
      if (index >= 3) times.get(name)!.push(took);
    }
  }
  const p50 = [...times].map(([name, values]) => `${name} ${percentile(values, 50).toFixed(1)}`);
  print(`${label} p50 per step (ms, ${count} each): ${p50.join(', ')}  ${load()}`);
}

export async function phases(stack: Stack, count: number): Promise<void> {
  const httpRun = newId('phase-http');
  const rawRun = newId('phase-raw');
  await httpStart(stack, httpRun);
  await httpStart(stack, rawRun);
  const handle = stack.client.workflow.getHandle(launchWorkflowId(rawRun));
  let n = 0;
  await phasesOf('HTTP comment', count, {
    'whole HTTP comment': () => httpComment(stack, httpRun, `phase ${(n += 1)}`),
    'run row (visibleRun)': () =>
      stack.db.launchRun.findUnique({
        where: { id: rawRun },
        select: { regions: true, status: true, templateKey: true },
      }),
    'raw executeUpdate': () => rawComment(stack, rawRun, `phase ${n}`),
    'state query': () => handle.query(getLaunchState),
  });
  const input = await rawInput(stack, 'template');
  await phasesOf('HTTP start', count, {
    'whole HTTP start': () => httpStart(stack, newId('phase-start-http')),
    'template row': () =>
      stack.db.playbookTemplateVersion.findFirst({ where: { key: 'launch-readiness' }, orderBy: { version: 'desc' } }),
    'template parse': async () => playbookTemplateSchema.parse(input.template.definition),
    'calendar (region map, row, parse)': () => startCalendar(stack.db, undefined, ['east']),
    'raw workflow.start': () => rawStart(stack, input, newId('phase-start-raw')),
  });
}
