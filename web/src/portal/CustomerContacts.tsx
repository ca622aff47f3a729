import { post, segment } from '../api/client';
import { ActionButton } from '../components/actions';
import { Empty, Section } from '../components/ui';
import { useI18n } from '../lib/i18n';

interface Contact {
  name: string;
  email: string;
  language: 'en' | 'zh';
}

const LANGUAGE_OPTIONS = [
  { value: 'en', label: 'English' },
  { value: 'zh', label: '中文' },
];

/**
 * The customer's people on a POC or renewal (issue 16): staff add and remove them (the API takes the
 * whole list, so the case's timeline says what it became) and invite any of them to the portal.
 */
export function CustomerContactsSection({
  collection,
  caseId,
  contacts,
  canEdit,
  canInvite,
  onDone,
}: {
  collection: 'pocs' | 'renewals';
  caseId: string;
  contacts: readonly Contact[];
  canEdit: boolean;
  canInvite: boolean;
  onDone(): void;
}) {
  const { t } = useI18n();
  const base = `/api/${collection}/${segment(caseId)}`;
  const save = (next: readonly Contact[]) => post(`${base}/customer-contacts`, { contacts: next });
  return (
    <Section title={t('contacts.title')} id="customer-contacts">
      {contacts.length === 0 ? (
        <Empty>{t('contacts.none')}</Empty>
      ) : (
        <ul className="plain" data-testid="customer-contacts">
          {contacts.map((contact) => (
            <li key={contact.email}>
              <strong>{contact.name}</strong> <span className="small">{contact.email}</span>{' '}
              <span className="muted small">{contact.language === 'zh' ? '中文' : 'English'}</span>
              <div className="row-actions">
                {canInvite ? (
                  <ActionButton
                    small
                    onDone={onDone}
                    action={{
                      key: `invite-${contact.email}`,
                      label: t('contacts.invite'),
                      intro: t('contacts.inviteIntro', { name: contact.name }),
                      fields: [{ name: 'expiresInDays', label: t('contacts.linkDays'), kind: 'number', initial: '14' }],
                      submit: (body) => post(`${base}/portal-invitations`, { ...contact, ...body }),
                    }}
                  />
                ) : null}
                {canEdit ? (
                  <ActionButton
                    small
                    onDone={onDone}
                    action={{
                      key: `remove-${contact.email}`,
                      label: t('contacts.remove'),
                      intro: t('contacts.removeIntro', { name: contact.name }),
                      tone: 'danger',
                      submit: () => save(contacts.filter((each) => each.email !== contact.email)),
                    }}
                  />
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <ActionButton
          small
          onDone={onDone}
          action={{
            key: 'add-contact',
            label: t('contacts.add'),
            intro: t('contacts.addIntro'),
            fields: [
              // Named as in the API's list, so its field errors land on these inputs.
              { name: `contacts.${contacts.length}.name`, label: t('contacts.name'), required: true },
              { name: `contacts.${contacts.length}.email`, label: t('contacts.email'), kind: 'email', required: true },
              {
                name: `contacts.${contacts.length}.language`,
                label: t('contacts.language'),
                kind: 'select',
                options: LANGUAGE_OPTIONS,
              },
            ],
            submit: (body) => {
              const added = Object.values((body.contacts ?? {}) as Record<string, Contact>)[0]!;
              return save([...contacts, { ...added, language: added.language ?? 'en' }]);
            },
          }}
        />
      ) : null}
    </Section>
  );
}
