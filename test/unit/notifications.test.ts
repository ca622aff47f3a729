import { messageText, notificationSinks, sinkNames, webhookBody } from '../../activities/shared/notifications';
import { ConfigError, loadConfig } from '../../runtime/config';

const SLACK_URL = 'https://hooks.example/services/T0/B0/s3cret-slack';
const WECOM_URL = 'https://qyapi.example/cgi-bin/webhook/send?key=s3cret-wecom';

function webhooksError(value: string): string {
  try {
    loadConfig({ NOTIFY_WEBHOOKS: value });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`NOTIFY_WEBHOOKS=${value} was accepted`);
}

describe('NOTIFY_WEBHOOKS', () => {
  it('reads name=format:url entries, trimming spaces and skipping empty ones', () => {
    const config = loadConfig({ NOTIFY_WEBHOOKS: ` ops-slack=slack:${SLACK_URL} ,, cn-wecom = wecom:${WECOM_URL},` });
    expect(config.notifyWebhooks).toEqual([
      { name: 'ops-slack', format: 'slack', url: SLACK_URL },
      { name: 'cn-wecom', format: 'wecom', url: WECOM_URL },
    ]);
  });

  it('accepts plain http (e.g. a relay inside the network)', () => {
    expect(loadConfig({ NOTIFY_WEBHOOKS: 'relay=slack:http://relay.internal:8080/hook' }).notifyWebhooks).toEqual([
      { name: 'relay', format: 'slack', url: 'http://relay.internal:8080/hook' },
    ]);
  });

  it('means no webhooks when unset or empty', () => {
    expect(loadConfig({}).notifyWebhooks).toBeUndefined();
    expect(loadConfig({ NOTIFY_WEBHOOKS: '  ' }).notifyWebhooks).toBeUndefined();
  });

  it.each([
    ['no name', `slack:${SLACK_URL}`, /entry 1: must be name=format:url/],
    ['an uppercase name', `Ops=slack:${SLACK_URL}`, /entry 1: must be name=format:url with a lowercase name/],
    ['an unknown format', `ops=teams:${SLACK_URL}`, /entry 1 \(ops\): format must be slack or wecom/],
    ['a missing format', `ops=${SLACK_URL}`, /entry 1 \(ops\): format must be slack or wecom/],
    [
      'an ftp URL',
      'ops=slack:ftp://files.example/s3cret',
      /entry 1 \(ops\): the URL must be an http:\/\/ or https:\/\/ URL/,
    ],
    ['no URL at all', 'ops=slack:', /entry 1 \(ops\): the URL must be/],
    ['a URL that does not parse', 'ops=slack:https://', /entry 1 \(ops\): the URL must be/],
    ['a duplicate name', `ops=slack:${SLACK_URL},ops=wecom:${WECOM_URL}`, /entry 2 \(ops\): the name is used twice/],
    ['the reserved name log', `log=slack:${SLACK_URL}`, /entry 1 \(log\): the name "log" is reserved/],
  ])('rejects %s, naming the variable and the entry', (_what, value, message) => {
    const error = webhooksError(value);
    expect(error).toMatch(/^ {2}NOTIFY_WEBHOOKS: /m);
    expect(error).toMatch(message);
  });

  it('reports every bad entry, and only the bad ones', () => {
    const error = webhooksError(`good=slack:${SLACK_URL},bad=teams:${SLACK_URL},worse=wecom:nope`);
    expect(error).toMatch(/entry 2 \(bad\)/);
    expect(error).toMatch(/entry 3 \(worse\)/);
    expect(error).not.toMatch(/entry 1/);
  });

  it.each([
    ['a bad format', `ops=teams:${WECOM_URL}`],
    ['a bad URL', 'ops=slack:ftp://hooks.example/s3cret-slack'],
    ['a missing name, where the URL could pass for one', WECOM_URL],
    ['a missing format', `ops=${WECOM_URL}`],
    ['a duplicate', `ops=slack:${SLACK_URL},ops=wecom:${WECOM_URL}`],
    ['the reserved name', `log=wecom:${WECOM_URL}`],
  ])('never echoes a webhook URL, which is a secret (%s)', (_what, value) => {
    const error = webhooksError(value);
    expect(error).not.toContain('s3cret');
    expect(error).not.toContain('hooks.example');
    expect(error).not.toContain('qyapi.example');
  });

  it('does not echo the webhooks when another variable is at fault', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'abc', NOTIFY_WEBHOOKS: `ops=slack:${SLACK_URL}` });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('"abc"');
    expect(message).not.toContain('s3cret');
  });
});

describe('notification sinks', () => {
  it('are the configured webhooks', () => {
    const webhooks = [
      { name: 'ops-slack', format: 'slack', url: SLACK_URL },
      { name: 'cn-wecom', format: 'wecom', url: WECOM_URL },
    ] as const;
    const sinks = notificationSinks([...webhooks]);
    expect(sinks).toEqual(webhooks);
    expect(sinkNames(sinks)).toEqual(['ops-slack', 'cn-wecom']);
  });

  it('are the log alone when no webhook is configured', () => {
    expect(notificationSinks()).toEqual([{ name: 'log', format: 'log' }]);
    expect(sinkNames(notificationSinks([]))).toEqual(['log']);
  });
});

describe('webhook bodies', () => {
  it('is {"text"} for Slack', () => {
    expect(JSON.stringify(webhookBody('slack', 'Hello'))).toBe('{"text":"Hello"}');
  });

  it('is a text message for WeCom', () => {
    expect(JSON.stringify(webhookBody('wecom', 'Hello'))).toBe('{"msgtype":"text","text":{"content":"Hello"}}');
  });
});

describe('message text', () => {
  const cause = {
    itemKey: 'pricing',
    itemTitle: 'Pricing approved',
    rule: 'reminder 3 working days before',
    dueDate: '2027-02-10',
    calendar: 'cn-mainland',
    scheduledFor: '2027-02-05T00:00:00.000Z',
  };

  it('is the event text alone when nothing caused it', () => {
    expect(messageText({ text: 'Launch started', cause: null })).toBe('Launch started');
  });

  it('says why a timer fired on a second line', () => {
    expect(messageText({ text: 'Reminder to pm: "Pricing approved" is due 2027-02-10', cause })).toBe(
      'Reminder to pm: "Pricing approved" is due 2027-02-10\nWhy: reminder 3 working days before; due 2027-02-10; cn-mainland calendar',
    );
  });

  it('keeps what it can read of a partial cause, and ignores one it cannot read', () => {
    expect(messageText({ text: 'T', cause: { rule: 'overdue the day after its due date' } })).toBe(
      'T\nWhy: overdue the day after its due date',
    );
    expect(messageText({ text: 'T', cause: { rule: 42 } })).toBe('T');
    expect(messageText({ text: 'T', cause: ['rule'] })).toBe('T');
    expect(messageText({ text: 'T', cause: 'rule' })).toBe('T');
  });
});
