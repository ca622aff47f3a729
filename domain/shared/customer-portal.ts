import { blank } from './input-checks';

/**
 * What every playbook's customer steps share (issue 16): the contact acting, as the API authenticated
 * them from their magic link, and the signature a step records (who, when, from where, the words).
 */
export interface PortalContact {
  name: string;
  email: string;
  ip?: string;
  userAgent?: string;
}

/** Who did something in the customer portal, from where, and the exact words they agreed to. */
export interface CustomerSignature {
  name: string;
  email: string;
  at: string;
  ip?: string;
  userAgent?: string;
  text: string;
}

/** The signature a step records for `contact` now. */
export function customerSignature(contact: PortalContact, text: string, now: Date): CustomerSignature {
  return {
    name: contact.name.trim(),
    email: contact.email.trim(),
    at: now.toISOString(),
    ...(blank(contact.ip) ? {} : { ip: contact.ip }),
    ...(blank(contact.userAgent) ? {} : { userAgent: contact.userAgent }),
    text: text.trim(),
  };
}
