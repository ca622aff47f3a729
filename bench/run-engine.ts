/**
 * What one launch run costs inside its workflow and on the wire: the time each step of the pure
 * engine takes (creating a run, validating and applying an action, finding the next alarm, a
 * what-if), and the sizes of the state a query returns and of a projection payload.
 *
 *   npx tsx bench/run-engine.ts [extraItems]
 *
 * extraItems (default 0) adds that many generated items to the shipped template, to see how the
 * figures grow with a large checklist (templates allow 500 items).
 */
import { performance } from 'node:perf_hooks';
import { businessCalendarSchema } from '../domain/shared/business-calendar-schema';
import { CN_MAINLAND_CALENDAR } from '../domain/shared/shipped-calendars';
import { playbookTemplateSchema } from '../domain/launch/template';
import { launchActionRejection, applyLaunchAction, type LaunchActionRequest } from '../domain/launch/actions';
import { msUntilNextAlarm } from '../domain/launch/alarms';
import { calendarOf, createLaunchState } from '../domain/launch/create';
import { launchProjectionOf } from '../domain/launch/projection';
import type { LaunchInput } from '../domain/launch/types';
import { whatIf } from '../domain/launch/what-if';
import { LAUNCH_READINESS_TEMPLATE } from '../domain/launch/shipped-template';

const extraItems = Number(process.argv[2] ?? 0);
const base = playbookTemplateSchema.parse(LAUNCH_READINESS_TEMPLATE);
const template = playbookTemplateSchema.parse({
  ...base,
  items: [
    ...base.items,
    ...Array.from({ length: extraItems }, (_, index) => ({
      key: `extra-${index}`,
      title: `Extra item ${index}`,
      phase: 'early',
      ownerRole: 'ops_manager',
      dependsOn: index > 0 ? [`extra-${index - 1}`] : [],
      due: { days: -60 + (index % 50), unit: 'business-days' },
    })),
  ],
});
const input: LaunchInput = {
  launchId: 'bench',
  productName: 'Bench',
  launchDate: '2026-12-01',
  regions: ['east-china'],
  owners: { product_manager: 'pat', ops_manager: 'olga', presales: 'priya' },
  template: { version: 1, definition: template },
  calendar: { key: 'cn-mainland', definition: businessCalendarSchema.parse(CN_MAINLAND_CALENDAR) },
  startedBy: 'olga',
};
const calendar = calendarOf(input);
const now = new Date('2026-08-01T08:00:00Z');

function timed(label: string, iterations: number, run: () => void): void {
  for (let warm = 0; warm < Math.min(iterations, 50); warm += 1) run();
  const started = performance.now();
  for (let index = 0; index < iterations; index += 1) run();
  const perCall = (performance.now() - started) / iterations;
  process.stdout.write(
    `${label.padEnd(44)} ${perCall < 1 ? `${(perCall * 1000).toFixed(1)} µs` : `${perCall.toFixed(2)} ms`} per call\n`,
  );
}

process.stdout.write(`template: ${template.items.length} items, calendar cn-mainland, node ${process.version}\n`);
timed('create a run', 200, () => createLaunchState(input, now));
const state = createLaunchState(input, now);
const request: LaunchActionRequest = {
  action: { type: 'comment', itemKey: 'demand-research', text: 'benchmark' },
  actor: 'olga',
};
const context = { input, calendar, now };
timed('validate an action', 2000, () => launchActionRejection(state, request, context));
timed('apply an action (comment)', 2000, () => {
  applyLaunchAction(state, request, context);
  state.timeline.length = 0; // keep the state's size steady between iterations
});
timed('find the next alarm', 500, () => msUntilNextAlarm(state, template, calendar, now));
timed('what-if: move the launch date', 200, () => whatIf(state, input, { launchDate: '2027-01-05' }, '2026-08-01'));

const fresh = createLaunchState(input, now);
const kib = (value: unknown) => `${(Buffer.byteLength(JSON.stringify(value)) / 1024).toFixed(1)} KiB`;
process.stdout.write(`${'query payload (state, fresh run)'.padEnd(44)} ${kib(fresh)}\n`);
process.stdout.write(`${'projection payload (activity input)'.padEnd(44)} ${kib(launchProjectionOf(fresh, 0))}\n`);
const heapBefore = process.memoryUsage().heapUsed;
const runs = Array.from({ length: 1000 }, () => createLaunchState(input, now));
process.stdout.write(
  `${'heap per run held in memory (1000 runs)'.padEnd(44)} ${((process.memoryUsage().heapUsed - heapBefore) / 1024 / runs.length).toFixed(1)} KiB\n`,
);
