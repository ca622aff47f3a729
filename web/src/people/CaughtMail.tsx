import { get } from '../api/client';
import { Empty, Instant, Loading, PageHeader, ProblemNote } from '../components/ui';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import type { CaughtMail } from './types';

/** Local mode's caught mail: exactly what Baton would have sent, newest first. */
export function CaughtMailPage() {
  const { t } = useI18n();
  const mail = useLive('caught-mail', (signal) => get<{ items: CaughtMail[] }>('/api/dev/mail', signal));
  return (
    <>
      <PageHeader title={t('mail.title')} intro={t('mail.intro')} />
      {!mail.data ? (
        mail.error?.status === 404 ? (
          <Empty>{t('mail.unavailable')}</Empty>
        ) : mail.error ? (
          <ProblemNote error={mail.error} onRetry={() => void mail.reload()} />
        ) : (
          <Loading />
        )
      ) : mail.data.items.length === 0 ? (
        <Empty>{t('mail.empty')}</Empty>
      ) : (
        <ul className="inbox">
          {mail.data.items.map((item) => (
            <li key={item.file} data-testid="caught-mail">
              <strong>{item.subject}</strong>
              <div className="muted">
                {t('mail.to')}: {item.to} · <Instant value={item.at} />
              </div>
              <pre className="mail-text">{item.text}</pre>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
