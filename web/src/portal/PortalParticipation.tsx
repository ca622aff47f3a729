import { get, post, segment } from '../api/client';
import type { PortalInvitation, PortalParticipation } from '../api/types';
import { ActionButton } from '../components/actions';
import { Badge, Day, Empty, Instant, Section } from '../components/ui';
import { useCan } from '../lib/auth';
import { formatInstant } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { milestoneTitleIn } from '../../../domain/handoff/shipped-titles';
import { useLive } from '../lib/live';

const STATUS_TONE = { active: 'good', expired: 'neutral', revoked: 'bad' } as const;

/**
 * Staff's view of a case's customer portal: who was invited, when they last came, what they did
 * (newest first, from the audit trail) and what waits on them. Live, like the rest of the page.
 */
export function PortalParticipationSection({
  caseId,
  collection,
  revokePermission = 'handoff:accept',
}: {
  caseId: string;
  collection: 'handoffs' | 'pocs' | 'renewals';
  /** Who may revoke a link: whoever may invite on this kind of case. */
  revokePermission?: 'handoff:accept' | 'poc:act' | 'renewal:act';
}) {
  const { t, language, locale } = useI18n();
  const path = `/api/${collection}/${segment(caseId)}/portal`;
  const live = useLive(path, (signal) => get<PortalParticipation>(path, signal));
  const data = live.data;
  return (
    <Section title={t('portalStaff.title')} id="customer-portal">
      {!data ? null : (
        <>
          {data.pendingSteps.length ? (
            <>
              <h3 className="small">{t('portalStaff.pending')}</h3>
              <ul className="plain small" data-testid="portal-pending">
                {data.pendingSteps.map((step) => (
                  <li key={step.milestoneKey ?? step.kind}>
                    {step.kind === 'accept'
                      ? t('portalStaff.step.accept')
                      : step.kind === 'confirm-milestone'
                        ? t('portalStaff.step.confirm', {
                            title: step.title ? milestoneTitleIn(step.title, language) : (step.milestoneKey ?? ''),
                          })
                        : t(`portalStaff.step.${step.kind}`)}{' '}
                    {step.dueDate ? <Day value={step.dueDate} /> : null}
                    {step.lastRemindedAt ? (
                      <span className="muted" data-testid="portal-reminded">
                        {' · '}
                        {t('portalStaff.reminded', {
                          count: String(step.reminders),
                          when: formatInstant(step.lastRemindedAt, locale),
                        })}
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {data.invitations.length === 0 ? (
            <Empty>{t('portalStaff.none')}</Empty>
          ) : (
            <ul className="plain" data-testid="portal-invitations">
              {data.invitations.map((invitation) => (
                <InvitationRow
                  key={invitation.id}
                  invitation={invitation}
                  caseId={caseId}
                  collection={collection}
                  revokePermission={revokePermission}
                  onDone={live.reload}
                />
              ))}
            </ul>
          )}
        </>
      )}
    </Section>
  );
}

function InvitationRow({
  invitation,
  caseId,
  collection,
  revokePermission,
  onDone,
}: {
  invitation: PortalInvitation;
  caseId: string;
  collection: string;
  revokePermission: 'handoff:accept' | 'poc:act' | 'renewal:act';
  onDone(): void;
}) {
  const { t, label, locale } = useI18n();
  const can = useCan();
  return (
    <li>
      <strong>{invitation.name}</strong> <span className="small">{invitation.email}</span>{' '}
      <Badge tone={STATUS_TONE[invitation.status]}>{t(`portalStaff.status.${invitation.status}`)}</Badge>
      <div className="muted small">
        {t('portalStaff.invited', {
          who: invitation.invitedBy,
          when: formatInstant(invitation.invitedAt, locale),
          until: formatInstant(invitation.expiresAt, locale),
        })}
      </div>
      <div className="small">
        {invitation.lastSeenAt
          ? t('portalStaff.lastSeen', { when: formatInstant(invitation.lastSeenAt, locale) })
          : t('portalStaff.neverCame')}
      </div>
      <ol className="timeline small">
        {invitation.events
          .filter((event) => event.action !== 'viewed')
          .slice(0, 8)
          .map((event, index) => (
            <li key={`${event.at}-${index}`}>
              <Instant value={event.at} />{' '}
              <span className={event.action === 'mail-undeliverable' ? 'actor late' : 'actor'}>
                {label('portalActivity', event.action)}
              </span>
              {event.detail ? <p>{event.detail}</p> : null}
              {event.ip || event.userAgent ? (
                <p className="muted">{[event.ip, event.userAgent].filter(Boolean).join(' · ')}</p>
              ) : null}
            </li>
          ))}
      </ol>
      {invitation.status === 'active' && can.may(revokePermission) ? (
        <ActionButton
          small
          onDone={onDone}
          action={{
            key: `revoke-${invitation.id}`,
            label: t('portalStaff.revoke'),
            intro: t('portalStaff.revokeIntro'),
            tone: 'danger',
            submit: () =>
              post(`/api/${collection}/${segment(caseId)}/portal-invitations/${segment(invitation.id)}/revoke`),
          }}
        />
      ) : null}
    </li>
  );
}
