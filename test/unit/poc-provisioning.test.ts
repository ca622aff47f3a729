import { ApplicationFailure } from '@temporalio/common';
import pino from 'pino';
import { createProvisioning } from '../../activities/poc/provisioning';
import type { ProvisioningRequest } from '../../domain/poc/types';
import { startScriptedWebhook } from '../helpers/fake-webhook';

const logger = pino({ level: 'silent' });

const REQUEST: ProvisioningRequest = {
  trialId: 'poc:acme:OPP-1',
  idempotencyKey: 'poc:acme:OPP-1/provisioning-1',
  account: 'acme',
  region: 'east',
  industry: 'retail',
  product: 'Baton Analytics',
  opportunityId: 'OPP-1',
  salesOwner: 'sam',
  presales: ['priya'],
  plannedStart: '2026-03-02',
  endDate: '2026-03-16',
};

async function failure(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('provisionEnvironment', () => {
  let provisioner: Awaited<ReturnType<typeof startScriptedWebhook>> | undefined;

  afterEach(async () => {
    await provisioner?.close();
    provisioner = undefined;
  });

  it('POSTs the request as JSON with its idempotency key and returns the reference and URL', async () => {
    provisioner = await startScriptedWebhook([
      { status: 201, body: JSON.stringify({ reference: 'env-42', environmentUrl: 'https://acme.trial.example' }) },
    ]);
    const { provisionEnvironment } = createProvisioning({ webhookUrl: provisioner.url }, logger);
    await expect(provisionEnvironment(REQUEST)).resolves.toEqual({
      reference: 'env-42',
      environmentUrl: 'https://acme.trial.example',
    });
    expect(provisioner.received).toHaveLength(1);
    const [call] = provisioner.received;
    expect(call!.path).toBe('/hook/s3cret-token');
    expect(call!.headers['content-type']).toBe('application/json');
    expect(call!.headers['idempotency-key']).toBe(REQUEST.idempotencyKey);
    expect(call!.body).toEqual(REQUEST);
  });

  it('falls back to the idempotency key as reference when a 2xx answer names none, and ignores a URL that is not http(s)', async () => {
    provisioner = await startScriptedWebhook([
      { status: 200, body: 'created' },
      { status: 200, body: JSON.stringify({ environmentUrl: 'javascript:alert(1)' }) },
    ]);
    const { provisionEnvironment } = createProvisioning({ webhookUrl: provisioner.url }, logger);
    await expect(provisionEnvironment(REQUEST)).resolves.toEqual({ reference: REQUEST.idempotencyKey });
    await expect(provisionEnvironment(REQUEST)).resolves.toEqual({ reference: REQUEST.idempotencyKey });
  });

  it("fails retryably on a 5xx or 429, with the status and the provisioner's first line, never the URL", async () => {
    provisioner = await startScriptedWebhook([
      { status: 503, body: 'capacity exhausted in east\nstack trace...' },
      { status: 429, body: '' },
    ]);
    const { provisionEnvironment } = createProvisioning({ webhookUrl: provisioner.url }, logger);
    const unavailable = await failure(provisionEnvironment(REQUEST));
    expect(unavailable).toMatchObject({ type: 'ProvisioningFailed', nonRetryable: false });
    expect(unavailable.message).toBe('The provisioning webhook answered HTTP 503: capacity exhausted in east');
    const throttled = await failure(provisionEnvironment(REQUEST));
    expect(throttled).toMatchObject({
      type: 'ProvisioningFailed',
      nonRetryable: false,
      message: 'The provisioning webhook answered HTTP 429',
    });
  });

  it('fails non-retryably on a 4xx refusal, since retrying the same request cannot help', async () => {
    provisioner = await startScriptedWebhook([{ status: 422, body: `unknown product; see ${'x'.repeat(300)}` }]);
    const { provisionEnvironment } = createProvisioning({ webhookUrl: provisioner.url }, logger);
    const refused = await failure(provisionEnvironment(REQUEST));
    expect(refused).toMatchObject({ type: 'ProvisioningRefused', nonRetryable: true });
    expect(refused.message).toMatch(/^The provisioning webhook answered HTTP 422: unknown product; see x+\.\.\.$/);
    expect(refused.message.length).toBeLessThan(260);
  });

  it('gives up on a provisioner that does not answer within the timeout', async () => {
    provisioner = await startScriptedWebhook([{ status: 200, body: '{}', delay: 2_000 }]);
    const { provisionEnvironment } = createProvisioning({ webhookUrl: provisioner.url, timeoutMs: 200 }, logger);
    const started = Date.now();
    const timedOut = await failure(provisionEnvironment(REQUEST));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(timedOut).toMatchObject({
      type: 'ProvisioningUnreachable',
      nonRetryable: false,
      message: 'The provisioning webhook could not be reached: no answer within 0.2 s',
    });
  });

  it('names the network error of an unreachable provisioner without echoing its URL', async () => {
    provisioner = await startScriptedWebhook([]);
    const { url } = provisioner;
    await provisioner.close();
    provisioner = undefined;
    const { provisionEnvironment } = createProvisioning({ webhookUrl: url }, logger);
    const unreachable = await failure(provisionEnvironment(REQUEST));
    expect(unreachable).toMatchObject({ type: 'ProvisioningUnreachable', nonRetryable: false });
    expect(unreachable.message).toMatch(/ECONNREFUSED/);
    expect(unreachable.message).not.toContain('s3cret');
  });

  it('without a webhook, answers at once that a person provisions the environment (nothing failed)', async () => {
    const { provisionEnvironment } = createProvisioning({}, logger);
    await expect(provisionEnvironment(REQUEST)).resolves.toEqual({ byHand: true });
  });
});
