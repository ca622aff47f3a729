import type { FieldSpec } from '../components/actions';
import type { useI18n } from '../lib/i18n';

/**
 * The customer's first contact on a start form (issue 16): optional; more are added on the case's page.
 * `titled` names each field as the customer contact's, for a form without a section of its own for them.
 */
export function firstContactFields(t: ReturnType<typeof useI18n>['t'], { titled = false } = {}): FieldSpec[] {
  const label = (key: 'contacts.name' | 'contacts.email' | 'contacts.language') =>
    titled ? `${t('contacts.title')}: ${t(key)}` : t(key);
  return [
    { name: 'customerContacts.0.name', label: label('contacts.name') },
    { name: 'customerContacts.0.email', label: label('contacts.email'), kind: 'email' },
    {
      name: 'customerContacts.0.language',
      label: label('contacts.language'),
      kind: 'select',
      options: [
        { value: 'en', label: 'English' },
        { value: 'zh', label: '中文' },
      ],
    },
  ];
}

/** A start body with the first contact as the API takes it: a list of one, or none when the fields were left empty. */
export function withFirstContact(body: Record<string, unknown>): Record<string, unknown> {
  const { customerContacts, ...rest } = body;
  const first = (customerContacts as Record<string, Record<string, string>> | undefined)?.['0'];
  return first?.name || first?.email ? { ...rest, customerContacts: [first] } : rest;
}
