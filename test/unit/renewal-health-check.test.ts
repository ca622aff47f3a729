import { ApplicationFailure } from '@temporalio/common';
import pino from 'pino';
import { createHealthCheck } from '../../activities/renewal/health-check';
import type { HealthCheckRequest } from '../../domain/renewal/types';
import { startScriptedWebhook } from '../helpers/fake-webhook';
import { HEALTHY_FIGURES } from '../helpers/renewal-fixtures';

const logger = pino({ level: 'silent' });

const REQUEST: HealthCheckRequest = {
  renewalId: 'renewal:acme:C-1',
  account: 'acme',
  contractId: 'C-1',
  region: 'east',
  term: 2,
  round: 3,
  termStart: '2028-01-01',
  contractEnd: '2028-12-31',
};

/** The failure the activity threw: an ApplicationFailure whose type says whether Temporal retries it. */
async function failureOf(call: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApplicationFailure)) throw new Error(`expected an ApplicationFailure, got ${String(error)}`);
  return error;
}

describe('checkRenewalHealth', () => {
  let source: Awaited<ReturnType<typeof startScriptedWebhook>> | undefined;

  afterEach(async () => {
    await source?.close();
    source = undefined;
  });

  it('POSTs the account and contract as JSON and returns the figures, ignoring fields Baton does not use', async () => {
    source = await startScriptedWebhook([
      {
        status: 200,
        body: JSON.stringify({ ...HEALTHY_FIGURES, asOf: '2028-08-31', region: 'east', licences: [1, 2] }),
      },
    ]);
    const { checkRenewalHealth } = createHealthCheck({ webhookUrl: source.url }, logger);
    await expect(checkRenewalHealth(REQUEST)).resolves.toEqual({ ...HEALTHY_FIGURES, asOf: '2028-08-31' });
    const [call] = source.received;
    expect(call!.headers['content-type']).toBe('application/json');
    expect(call!.body).toEqual(REQUEST);
  });

  it('returns only the figures given, without undefined optional ones', async () => {
    source = await startScriptedWebhook([
      { status: 200, body: JSON.stringify({ seatsPurchased: 10, activeUsers: 4, openCriticalTickets: 1 }) },
    ]);
    const { checkRenewalHealth } = createHealthCheck({ webhookUrl: source.url }, logger);
    const figures = await checkRenewalHealth(REQUEST);
    expect(figures).toEqual({ seatsPurchased: 10, activeUsers: 4, openCriticalTickets: 1 });
    expect(Object.keys(figures)).toEqual(['seatsPurchased', 'activeUsers', 'openCriticalTickets']);
  });

  it.each([
    ['not JSON', 'usage: lots', 'The health source answered something that is not JSON'],
    [
      'figures missing',
      JSON.stringify({ seatsPurchased: 10 }),
      "The health source's figures are not usable: activeUsers: Invalid input: expected number, received undefined; openCriticalTickets: Invalid input: expected number, received undefined",
    ],
    [
      'a figure out of range',
      JSON.stringify({ ...HEALTHY_FIGURES, activationRate: 7 }),
      "The health source's figures are not usable: activationRate: Too big: expected number to be <=1",
    ],
    [
      'a list',
      '[1, 2]',
      "The health source's figures are not usable: answer: Invalid input: expected object, received array",
    ],
  ])('fails non-retryably on an answer with %s, naming what is wrong', async (_what, body, message) => {
    source = await startScriptedWebhook([{ status: 200, body }]);
    const { checkRenewalHealth } = createHealthCheck({ webhookUrl: source.url }, logger);
    const failure = await failureOf(checkRenewalHealth(REQUEST));
    expect(failure).toMatchObject({ type: 'HealthSourceUnusable', nonRetryable: true, message });
  });

  it("fails retryably on a 5xx or 429 with the source's first line, and non-retryably on another 4xx", async () => {
    source = await startScriptedWebhook([
      { status: 502, body: 'warehouse unavailable\ndetails' },
      { status: 429, body: '' },
      { status: 404, body: 'no such contract C-1' },
    ]);
    const { checkRenewalHealth } = createHealthCheck({ webhookUrl: source.url }, logger);
    expect(await failureOf(checkRenewalHealth(REQUEST))).toMatchObject({
      type: 'HealthSourceFailed',
      nonRetryable: false,
      message: 'The health source answered HTTP 502: warehouse unavailable',
    });
    expect(await failureOf(checkRenewalHealth(REQUEST))).toMatchObject({
      type: 'HealthSourceFailed',
      nonRetryable: false,
      message: 'The health source answered HTTP 429',
    });
    expect(await failureOf(checkRenewalHealth(REQUEST))).toMatchObject({
      type: 'HealthSourceRefused',
      nonRetryable: true,
      message: 'The health source answered HTTP 404: no such contract C-1',
    });
  });

  it('gives up on a source that does not answer within the timeout', async () => {
    source = await startScriptedWebhook([{ status: 200, body: JSON.stringify(HEALTHY_FIGURES), delay: 2_000 }]);
    const { checkRenewalHealth } = createHealthCheck({ webhookUrl: source.url, timeoutMs: 200 }, logger);
    const started = Date.now();
    const failure = await failureOf(checkRenewalHealth(REQUEST));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(failure).toMatchObject({
      type: 'HealthSourceUnreachable',
      nonRetryable: false,
      message: 'The health source could not be reached: no answer within 0.2 s',
    });
  });

  it('names the network error of an unreachable source without echoing its URL', async () => {
    source = await startScriptedWebhook([]);
    const { url } = source;
    await source.close();
    source = undefined;
    const { checkRenewalHealth } = createHealthCheck({ webhookUrl: url }, logger);
    const failure = await failureOf(checkRenewalHealth(REQUEST));
    expect(failure).toMatchObject({ type: 'HealthSourceUnreachable', nonRetryable: false });
    expect(failure.message).toMatch(/ECONNREFUSED/);
    expect(failure.message).not.toContain('s3cret');
  });

  it('without a health source, answers at once that people enter the figures (nothing failed)', async () => {
    const { checkRenewalHealth } = createHealthCheck({}, logger);
    await expect(checkRenewalHealth(REQUEST)).resolves.toEqual({ byHand: true });
  });
});
