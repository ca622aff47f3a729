import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { get, post, query } from '../api/client';
import { Badge, Empty, Instant, Loading, PageHeader, ProblemNote, StaleNote } from '../components/ui';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import type { InboxPage, Notice } from './types';

/** My notices, newest first: opening one marks it read and goes to the item it is about. */
export function InboxPage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useLive(`inbox:${unreadOnly}`, (signal) =>
    get<InboxPage>(`/api/inbox${query({ unread: unreadOnly || undefined, limit: 100 })}`, signal),
  );
  async function open(notice: Notice) {
    if (!notice.readAt) await post(`/api/inbox/${encodeURIComponent(notice.id)}/read`);
    await navigate(notice.link);
  }
  async function markAll() {
    await post('/api/inbox/read-all');
    await inbox.reload();
  }
  return (
    <>
      <PageHeader
        title={t('inbox.title')}
        intro={t('inbox.intro')}
        actions={
          <>
            <label className="inline-check">
              <input type="checkbox" checked={unreadOnly} onChange={(event) => setUnreadOnly(event.target.checked)} />{' '}
              {t('inbox.unreadOnly')}
            </label>
            <button type="button" className="button secondary small" onClick={() => void markAll()}>
              {t('inbox.markAllRead')}
            </button>
            <Link to="/mail" className="button secondary small">
              {t('nav.mail')}
            </Link>
          </>
        }
      />
      <StaleNote error={inbox.data ? inbox.error : undefined} />
      {!inbox.data ? (
        inbox.error ? (
          <ProblemNote error={inbox.error} onRetry={() => void inbox.reload()} />
        ) : (
          <Loading />
        )
      ) : inbox.data.items.length === 0 ? (
        <Empty>{t('inbox.empty')}</Empty>
      ) : (
        <>
          <p className="muted">{t('inbox.unread', { count: inbox.data.unread })}</p>
          <ul className="inbox">
            {inbox.data.items.map((notice) => (
              <li key={notice.id} className={notice.readAt ? 'read' : 'unread'} data-testid="notice">
                <button type="button" className="link-button" onClick={() => void open(notice)}>
                  {notice.readAt ? null : <Badge tone="info">{t('inbox.new')}</Badge>} <strong>{notice.subject}</strong>
                </button>
                <div className="muted">
                  <Badge>{label('notice', notice.kind)}</Badge> <Instant value={notice.createdAt} />
                </div>
                <p className="notice-text">{notice.text}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
