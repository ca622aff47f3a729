import { blank } from './input-checks';

/**
 * The customer's people on a case (issue 16): whom staff invite to the portal and whom its reminders
 * go to. Pure data in the case's state, so the workflow (the source of truth) holds them and a
 * change to them is a timeline entry like any other.
 */
export interface CustomerContact {
  name: string;
  email: string;
  /** The language their mail and the portal open in. */
  language: 'en' | 'zh';
}

/** The most contacts one case keeps: a buying committee, not a mailing list. */
export const MAX_CUSTOMER_CONTACTS = 20;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What is wrong with a list of contacts, each problem naming its field; empty when it is usable. */
export function customerContactProblems(contacts: unknown, field = 'customerContacts'): string[] {
  if (contacts === undefined) return [];
  if (!Array.isArray(contacts)) return [`${field} must be a list`];
  const problems: string[] = [];
  if (contacts.length > MAX_CUSTOMER_CONTACTS)
    problems.push(`${field} has ${contacts.length} contacts; the most is ${MAX_CUSTOMER_CONTACTS}`);
  const seen = new Set<string>();
  contacts.forEach((contact: Partial<CustomerContact> | undefined, index) => {
    if (blank(contact?.name)) problems.push(`${field}[${index}].name is required`);
    if (blank(contact?.email) || !EMAIL.test(contact!.email!.trim()))
      problems.push(`${field}[${index}].email must be an e-mail address`);
    else if (seen.has(contact!.email!.trim().toLowerCase()))
      problems.push(`${field}[${index}].email ${contact!.email} is listed twice`);
    else seen.add(contact!.email!.trim().toLowerCase());
    if (contact?.language !== 'en' && contact?.language !== 'zh')
      problems.push(`${field}[${index}].language must be en or zh`);
  });
  return problems;
}

/** The contacts as stored: trimmed, emails as typed. */
export const tidyContacts = (contacts: readonly CustomerContact[] | undefined): CustomerContact[] =>
  (contacts ?? []).map(({ name, email, language }) => ({ name: name.trim(), email: email.trim(), language }));

/** "Li Wei <li.wei@example.cn>, Ann <ann@example.com>" for a timeline entry; "nobody" for none. */
export const contactList = (contacts: readonly CustomerContact[]): string =>
  contacts.length === 0 ? '-' : contacts.map((contact) => `${contact.name} <${contact.email}>`).join(', ');
