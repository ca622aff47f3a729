import fs from 'node:fs';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { eventually, type Identity } from '../helpers/baton-harness';
import { boardStack, newBoardPage, pageProblems, screenshot, signIn } from '../helpers/browser';
import { startWebhook } from '../helpers/fake-webhook';
import { pocRequestBody } from '../helpers/poc-fixtures';
import { requestJson } from '../helpers/http';
import { deliverDueWebhooks } from '../../activities/integrations/webhook-outbox';

const ADMIN: Identity = { subject: 'ada@hq.example', roles: ['admin'] };
const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const SAMPLES = path.join(__dirname, '../../domain/integrations/samples');

/**
 * Issue 18's admin pages on the board: an admin reads a HubSpot deal the shipped mapping could not read,
 * fixes the mapping with the dry run pointing at the culprit line, publishes it and replays the dead
 * letter into a trial; then subscribes a receiver, sees its delivery log and redelivers one event.
 */
describe('Integration admin pages on the board', () => {
  const board = boardStack();

  it('fixes a mapping so a dead-lettered event replays into a case, then subscribes and redelivers', async () => {
    const { stack, browser } = board;
    const secret = (await stack.request('POST', '/api/integrations/hubspot/secret', undefined, { as: ADMIN })).body
      .secret as string;
    // This HubSpot portal sends the company's name among the deal's properties, not as an associated company.
    const deal = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'hubspot-deal-trial.json'), 'utf8'));
    delete deal.associatedCompany;
    deal.properties.company_name = 'Initech';
    const body = JSON.stringify(deal);
    const at = new Date();
    const refused = await requestJson(stack.apiUrl, 'POST', '/api/integrations/hubspot/events', body, {
      'webhook-id': 'hs-evt-initech-1',
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign('hs-evt-initech-1', at, body),
    });
    expect(refused.status).toBe(422);

    const { page } = await newBoardPage(browser, stack.apiUrl);
    await signIn(page, ADMIN);
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('heading', { name: 'Integrations' }).waitFor();
    await page
      .getByTestId('integration-sources')
      .getByRole('row', { name: /Mapping of hubspot yes v0 .* 1/ })
      .waitFor();
    await screenshot(page, 'integrations-sources');

    // The dead letter: when, why, and the payload as it came.
    await page.getByRole('link', { name: 'Dead letters' }).click();
    const letters = page.getByTestId('dead-letters');
    await letters
      .getByRole('row', { name: /hubspot not mappable associatedCompany\.name \(account\) is missing/ })
      .waitFor();
    await letters.getByRole('button', { name: 'Open' }).click();
    await page.getByTestId('dead-letter-payload').getByText('"company_name": "Initech"').waitFor();
    await screenshot(page, 'integrations-dead-letter-open');
    // A Chinese reader reads the problem in Chinese.
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await letters.getByText('associatedCompany.name（account）缺失').waitFor();
    await screenshot(page, 'integrations-dead-letter-zh');
    await page.getByRole('button', { name: '切换到英文' }).click();

    // The mapping, tried on the dead letter as it is typed: each problem beside its line.
    await page.getByRole('link', { name: 'Fix the mapping' }).click();
    await page.getByRole('heading', { name: 'Mapping of hubspot · v0' }).waitFor();
    const dryRun = page.getByTestId('mapping-dry-run');
    await dryRun
      .getByText(/line \d+: "account": "associatedCompany\.name",\s*← associatedCompany\.name \(account\) is missing/)
      .waitFor();
    const editor = page.getByTestId('mapping-json');
    const shipped = await editor.inputValue();
    await editor.fill(shipped.replace('"account": "associatedCompany.name"', '"account": "properties company"'));
    await dryRun
      .getByText(/line \d+: "account": "properties company",\s*← mapping\.objects\.0\.fields\.account: /)
      .waitFor();
    expect(await page.getByRole('button', { name: 'Publish v1' }).isDisabled()).toBe(true);
    await screenshot(page, 'integrations-mapping-bad-path');
    await editor.fill(shipped.replace('"account": "associatedCompany.name"', '"account": "properties.company_name"'));
    await dryRun.getByText('The mapping reads this payload.').waitFor();
    await dryRun.getByText('It would: request-poc').waitFor();
    await dryRun.getByText('Case: poc:Initech:9876543210').waitFor();
    await screenshot(page, 'integrations-mapping-fixed');
    await page.getByRole('button', { name: 'Publish v1' }).click();
    await page.getByTestId('mapping-published').getByText('Published v1.').waitFor();
    await page.getByRole('heading', { name: 'Mapping of hubspot · v1' }).waitFor();
    await page
      .getByTestId('mapping-history')
      .getByRole('row', { name: /v1 \(current\) ada@hq\.example/ })
      .waitFor();
    await page
      .getByTestId('mapping-history')
      .getByRole('row', { name: /v0 shipped with Baton/ })
      .waitFor();
    await screenshot(page, 'integrations-mapping-published');

    // Replayed through v1, the event starts the trial it asked for.
    await page.goto('/integrations/dead-letters');
    await page.getByRole('button', { name: 'Replay all open (1)' }).click();
    const results = page.getByTestId('replay-results');
    await results.getByText(/: applied/).waitFor();
    await results.getByRole('link', { name: 'poc:Initech:9876543210' }).waitFor();
    await page.getByText('No dead letters.').waitFor();
    await screenshot(page, 'integrations-replayed');
    await results.getByRole('link', { name: 'poc:Initech:9876543210' }).click();
    await page
      .getByRole('heading', { name: /Initech/ })
      .first()
      .waitFor();
    const trial = await stack.request('GET', '/api/pocs/poc%3AInitech%3A9876543210', undefined, { as: ADMIN });
    expect(trial.body).toMatchObject({ account: 'Initech', stage: 'requested', requestedBy: 'crm:hubspot' });

    // A receiver subscribed on the board hears the next case created, and hears it again on redelivery.
    const receiver = await startWebhook();
    try {
      await page.getByRole('link', { name: 'Integrations' }).click();
      await page.getByRole('link', { name: 'Subscriptions' }).click();
      await page.getByLabel('Receiver URL').fill(`${receiver.base}/hooks`);
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await page
        .getByTestId('subscription-secret')
        .getByText(/whsec_/)
        .waitFor();
      await page
        .getByTestId('subscriptions')
        .getByRole('row', { name: /\/hooks .* enabled 0/ })
        .waitFor();
      await screenshot(page, 'integrations-subscribed');

      const requested = await stack.request('POST', '/api/pocs', pocRequestBody('Umbrella', SALES.subject, 'opp-9'), {
        as: SALES,
      });
      expect(requested.status).toBe(201);
      await eventually(
        async () => receiver.requestsTo('/hooks').length,
        (count) => count >= 1,
      );
      await page.getByRole('link', { name: 'Delivery log' }).click();
      const log = page.getByTestId('deliveries');
      const row = log.getByRole('row', { name: /poc:Umbrella:opp-9 created delivered 1/ });
      await row.waitFor();
      await screenshot(page, 'integrations-delivery-log');
      const heard = receiver.requestsTo('/hooks').length;
      await row.getByRole('button', { name: 'Redeliver' }).click();
      await page.getByTestId('redelivery-queued').getByText('Queued again').waitFor();
      await eventually(
        async () => receiver.requestsTo('/hooks').length,
        (count) => count === heard + 1,
      );
      await log.getByRole('row', { name: /poc:Umbrella:opp-9 created delivered 2/ }).waitFor();
      const [first, again] = receiver.requestsTo('/hooks').slice(-2);
      expect(again!.body).toEqual(first!.body);
      await screenshot(page, 'integrations-redelivered');

      // Disabled by hand, then enabled again: the state says who stopped it.
      await page.getByRole('link', { name: 'Webhook subscriptions' }).click();
      await page.getByRole('button', { name: 'Disable' }).click();
      await page
        .getByTestId('subscriptions')
        .getByRole('row', { name: /disabled by an admin/ })
        .waitFor();
      await page.getByRole('button', { name: 'Enable' }).click();
      await page
        .getByTestId('subscriptions')
        .getByRole('row', { name: /enabled 0/ })
        .waitFor();
    } finally {
      await receiver.close();
    }

    // The same pages in Chinese.
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await page.getByRole('heading', { name: 'Webhook 订阅' }).waitFor();
    await page.getByTestId('subscriptions').getByText('已启用').waitFor();
    await screenshot(page, 'integrations-subscriptions-zh');
    await page.goto('/integrations/mappings/hubspot');
    await page.getByRole('heading', { name: 'hubspot 的映射 · v1' }).waitFor();
    await page.getByTestId('mapping-history').getByText('Baton 自带').waitFor();
    await screenshot(page, 'integrations-mapping-zh');
    expect(pageProblems(page)).toEqual([]);
  });

  it('shows the automatic disable after a failure streak, and keeps non-admins out', async () => {
    const { stack, browser } = board;
    const receiver = await startWebhook();
    receiver.statusFor.set('/down', 500);
    try {
      const made = await stack.request(
        'POST',
        '/api/integrations/subscriptions',
        { url: `${receiver.base}/down`, kinds: ['created'] },
        { as: ADMIN },
      );
      expect(made.status).toBe(201);
      const id = made.body.id as string;
      const requested = await stack.request('POST', '/api/pocs', pocRequestBody('Hooli', SALES.subject, 'opp-3'), {
        as: SALES,
      });
      expect(requested.status).toBe(201);
      // The worker's sender fails once; the next attempt runs here with a streak limit of 2 instead of 50.
      const db = stack.baton.db;
      await eventually(
        () => db.webhookSubscription.findUniqueOrThrow({ where: { id } }),
        (row) => row.failureStreak >= 1,
      );
      await db.webhookDelivery.updateMany({ where: { subscriptionId: id }, data: { claimedUntil: new Date(0) } });
      expect((await deliverDueWebhooks(db, { disableAfter: 2 })).disabled).toEqual([id]);

      const { page } = await newBoardPage(browser, stack.apiUrl);
      await signIn(page, ADMIN);
      await page.goto('/integrations/subscriptions');
      await page
        .getByTestId('subscriptions')
        .getByRole('row', {
          name: /\/down .* disabled automatically after a failure streak: 2 failed attempts in a row; last: HTTP 500 2/,
        })
        .waitFor();
      await page.getByRole('link', { name: 'Delivery log' }).last().click();
      await page
        .getByTestId('subscription-state')
        .getByText(/disabled automatically/)
        .waitFor();
      await page
        .getByTestId('deliveries')
        .getByRole('row', { name: /poc:Hooli:opp-3 created waiting 2 HTTP 500/ })
        .waitFor();
      await screenshot(page, 'integrations-auto-disabled');
      expect(pageProblems(page)).toEqual([]);
    } finally {
      await receiver.close();
    }

    const { page } = await newBoardPage(browser, stack.apiUrl);
    await signIn(page, SALES);
    expect(await page.getByRole('link', { name: 'Integrations' }).count()).toBe(0);
    await page.goto('/integrations/dead-letters');
    await page.getByRole('alert').getByText('Forbidden').waitFor();
  });
});
