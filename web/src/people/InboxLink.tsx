import { NavLink } from 'react-router';
import { get } from '../api/client';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import type { InboxPage } from './types';

/** The top bar's way to the inbox, with the unread count (polled like every live page). */
export function InboxLink() {
  const { t } = useI18n();
  const inbox = useLive('inbox-count', (signal) => get<InboxPage>('/api/inbox?unread=true&limit=1', signal));
  const unread = inbox.data?.unread ?? 0;
  return (
    <NavLink to="/inbox" className="inbox-link" aria-label={t('nav.inboxUnread', { count: unread })}>
      {t('nav.inbox')}
      {unread > 0 ? (
        <span className="unread-count" data-testid="unread-count">
          {unread}
        </span>
      ) : null}
    </NavLink>
  );
}
