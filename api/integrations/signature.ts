import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/**
 * Standard Webhooks verification (standardwebhooks, the spec's own library): the signature over
 * id, timestamp and the exact body bytes, and a timestamp within five minutes of now, so a captured
 * event cannot be sent again later.
 */
export type Verification = { ok: true } | { ok: false; reason: 'signature' | 'timestamp'; message: string };

export function verifyEvent(
  secret: string,
  rawBody: Buffer,
  headers: Record<string, string | string[] | undefined>,
): Verification {
  const single = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  try {
    new Webhook(secret).verify(
      rawBody,
      {
        'webhook-id': single('webhook-id') ?? '',
        'webhook-timestamp': single('webhook-timestamp') ?? '',
        'webhook-signature': single('webhook-signature') ?? '',
      },
      // Baton parses the body itself, so a malformed one is dead-lettered rather than thrown here.
      { jsonParse: false },
    );
    return { ok: true };
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    const timestamp = /timestamp/i.test(error.message);
    return { ok: false, reason: timestamp ? 'timestamp' : 'signature', message: error.message };
  }
}
