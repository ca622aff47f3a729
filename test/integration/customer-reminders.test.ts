import type { ParsedMail } from 'mailparser';
import { insertNotices, noticeCase } from '../../activities/shared/notices/write';
import { handoffCustomerReminders } from '../../domain/handoff/customer-reminders';
import type { HandoffState } from '../../domain/handoff/types';
import { workingDays } from '../../domain/shared/business-calendar';
import { getHandoffState } from '../../workflows/handoff/delivery-handoff';
import {
  databaseKinds,
  eventually,
  startBatonStack,
  TEST_JWT_SECRET,
  type BatonStack,
  type Identity,
} from '../helpers/baton-harness';
import { handoffInput, kickedOffOverHttp } from '../helpers/handoff-fixtures';
import { mailThrough, startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';

const OLGA: Identity = { subject: 'olga@hq.example', roles: ['ops_manager'] };
const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const PM: Identity = { subject: 'pia@hq.example', roles: ['project_manager'] };
const BOARD = 'http://board.example';
const LI_WEI = { name: 'Li Wei', email: 'li.wei@acme.example', language: 'zh' };
const ANN = { name: 'Ann Lee', email: 'ann@acme.example', language: 'en' };
const CALENDAR = workingDays(handoffInput().start.calendar.definition);

const mailsTo = (smtp: SmtpCatcher, to: string) =>
  smtp.mails.filter((mail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).some((address) => address?.text === to));

/**
 * Reminders to a late customer over the real mail path (issue 16): the events a handoff's reminder
 * timers write (the workflow test checks when they fire) are projected like any other, and the
 * worker's mail sender delivers them to a real SMTP server: each contact invited to the portal gets
 * the reminder in their language, pointing to the portal without a login secret; at the last one
 * the project manager gets "the customer has not ..." by mail and in the inbox. A revoked contact
 * is not reminded; staff see each reminder in the contact's portal activity.
 */
describe.each(databaseKinds())('customer reminders by mail on a real Temporal server and %s', (kind) => {
  let stack: BatonStack;
  let smtp: SmtpCatcher;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    const mail = { ...mailThrough(smtp, BOARD), secret: TEST_JWT_SECRET };
    stack = await startBatonStack(kind, { mail, api: { mail } });
    const put = await stack.request(
      'PUT',
      `/api/people/${encodeURIComponent(PM.subject)}`,
      { name: 'Pia', roles: ['project_manager'], language: 'en' },
      { as: OLGA },
    );
    expect(put.status).toBe(200);
  });

  afterAll(async () => {
    await stack?.stop();
    await smtp?.close();
  });

  const handoffPath = (id: string, suffix = '') => `/api/handoffs/${encodeURIComponent(id)}${suffix}`;
  const staff = (method: string, url: string, body: unknown, as: Identity) => stack.request(method, url, body, { as });

  const kickedOff = (account: string) =>
    kickedOffOverHttp(stack, { sales: SALES, pm: PM }, { account, opportunity: 'opp-9', amount: 300_000 });

  /**
   * What the handoff's reminder timers write once `at` has come, projected as the workflow's own
   * projection does: the live state's reminders fired at that instant, their new events stored as notices.
   */
  async function remindersFire(id: string, state: HandoffState, at: number): Promise<HandoffState['timeline']> {
    const before = state.eventCount;
    handoffCustomerReminders.fireDue(state, CALENDAR, new Date(at));
    const events = state.timeline.filter((event) => event.n > before);
    await stack.baton.db.$transaction((tx) =>
      insertNotices(tx, noticeCase('handoff', id, `${state.account} · ${state.opportunity}`, [state.region]), events),
    );
    return events;
  }

  it('mails the invited contact in their language, then the project manager when the customer is late', async () => {
    const id = await kickedOff('Remind Bank');
    for (const contact of [LI_WEI, ANN])
      expect((await staff('POST', handoffPath(id, '/portal-invitations'), contact, PM)).status).toBe(201);
    const invitations = await staff('GET', handoffPath(id, '/portal'), undefined, PM);
    const ann = invitations.body.invitations.find((row: { email: string }) => row.email === ANN.email);
    const revoke = handoffPath(id, `/portal-invitations/${ann.id}/revoke`);
    expect((await staff('POST', revoke, undefined, PM)).status).toBe(200);
    const invitationMails = smtp.mails.length;

    const state = await stack.temporal.client.workflow.getHandle(id).query(getHandoffState);
    expect(state.customerReminders).toBeDefined();
    const [first, second] = handoffCustomerReminders
      .pending(state, CALENDAR)
      .filter((alarm) => alarm.step.key === 'confirm-milestone:requirements-confirmed');

    // The first reminder: the contact alone, in Chinese, pointing to the portal without any login secret.
    const round1 = await remindersFire(id, state, first!.at);
    expect(round1.map((event) => event.type)).toEqual(['handoff.customer-reminded']);
    const [reminder] = await eventually(
      async () => mailsTo(smtp, LI_WEI.email).filter((mail) => mail.subject?.startsWith('提醒')),
      (mails) => mails.length === 1,
      20_000,
    );
    expect(reminder!.subject).toBe(
      '提醒：请确认里程碑「Requirements confirmed with the customer」（Remind Bank · opp-9）',
    );
    expect(reminder!.text).toContain('Li Wei，您好');
    expect(reminder!.text).toContain(`打开客户门户: ${BOARD}/portal\n`);
    expect(reminder!.text).toContain(PM.subject);
    expect(`${reminder!.text}${reminder!.html}`).not.toMatch(/bpi_|bps_|#invite/);
    expect(reminder!.headerLines.some((line) => line.key === 'list-unsubscribe')).toBe(false);
    expect(mailsTo(smtp, ANN.email).filter((mail) => mail.subject?.startsWith('Reminder'))).toHaveLength(0);
    const overdueMails = () => mailsTo(smtp, PM.subject).filter((mail) => mail.subject?.endsWith('is overdue'));
    expect(overdueMails()).toHaveLength(0);
    const activity = await staff('GET', handoffPath(id, '/portal'), undefined, PM);
    const li = activity.body.invitations.find((row: { email: string }) => row.email === LI_WEI.email);
    expect(li.events[0]).toMatchObject({
      action: 'reminded',
      detail: 'reminder 1: confirm the milestone "Requirements confirmed with the customer"',
    });

    // The second: the contact again, and the project manager is told the customer is late.
    const round2 = await remindersFire(id, state, second!.at);
    expect(round2.map((event) => event.type)).toEqual(['handoff.customer-reminded', 'handoff.customer-overdue']);
    const [late] = await eventually(
      async () => overdueMails(),
      (mails) => mails.length === 1,
      20_000,
    );
    const since = state.stageEnteredAt.slice(0, 10);
    expect(late!.subject).toBe('[Delivery handoff] "Remind Bank · opp-9" is overdue');
    expect(late!.text).toContain(
      `The customer has not confirmed the milestone "Requirements confirmed with the customer" on the delivery handoff for Remind Bank (opportunity opp-9) since ${since}`,
    );
    const reminders = await eventually(
      async () => mailsTo(smtp, LI_WEI.email).filter((mail) => mail.subject?.startsWith('提醒')),
      (mails) => mails.length === 2,
      20_000,
    );
    // The contact heard first; the project manager only once the customer was late.
    const [contactFirst, projectManager] = [reminders[0]!, late!].map((mail: ParsedMail) => smtp.mails.indexOf(mail));
    expect(contactFirst).toBeGreaterThanOrEqual(invitationMails);
    expect(projectManager).toBeGreaterThan(contactFirst!);
    const inbox = await stack.request('GET', '/api/inbox', undefined, { as: PM });
    expect(inbox.body.items).toContainEqual(
      expect.objectContaining({ kind: 'overdue', link: `/handoffs/${encodeURIComponent(id)}` }),
    );

    // A projection retried after it was stored mails nobody twice.
    await stack.baton.db.$transaction((tx) =>
      insertNotices(tx, noticeCase('handoff', id, 'Remind Bank · opp-9', ['east']), round2),
    );
    const stored = await stack.baton.db.notice.count({ where: { caseId: id, audience: 'contact' } });
    expect(stored).toBe(2);
  });
  it('stops mailing a contact whose mailbox does not exist and tells who invited them; gives up on one that keeps failing', async () => {
    const GONE = { name: 'Gone Away', email: 'gone@acme.example', language: 'en' };
    const SLOW = { name: 'Slow Server', email: 'slow@acme.example', language: 'zh' };
    const id = await kickedOff('Bounce Bank');
    for (const contact of [GONE, SLOW])
      expect((await staff('POST', handoffPath(id, '/portal-invitations'), contact, PM)).status).toBe(201);
    // Since invited: one mailbox was closed, one mail server answers "try later".
    smtp.refuse.add(GONE.email);
    smtp.defer.add(SLOW.email);
    // An invitation is mailed while staff wait, so a refused address is refused to them, naming it; nothing is kept.
    const NOBODY = { name: 'Nobody', email: 'nobody@acme.example', language: 'zh' };
    smtp.refuse.add(NOBODY.email);
    const refused = await staff('POST', handoffPath(id, '/portal-invitations'), NOBODY, PM);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/refused nobody@acme\.example for good .*550.*check the address/);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'email', code: 'address_refused' })]);
    expect(await stack.baton.db.portalInvitation.count({ where: { caseId: id, email: NOBODY.email } })).toBe(0);
    const state = await stack.temporal.client.workflow.getHandle(id).query(getHandoffState);
    const [first] = handoffCustomerReminders.pending(state, CALENDAR);
    await remindersFire(id, state, first!.at);

    const noticeTo = (email: string) =>
      stack.baton.db.notice.findFirstOrThrow({ where: { caseId: id, person: email } });
    // A 550 is final: no retry, one attempt.
    const gone = await eventually(
      () => noticeTo(GONE.email),
      (row) => row.status === 'undeliverable',
      20_000,
    );
    expect(gone.attempts).toBe(1);
    expect(gone.lastError).toMatch(/550.*no such mailbox/);
    // A 450 is retried with backoff, and the contact is not yet given up on.
    const slow = await eventually(
      () => noticeTo(SLOW.email),
      (row) => row.attempts >= 1 && row.status !== 'sending',
      20_000,
    );
    expect(slow.status).toBe('pending');
    expect(slow.lastError).toMatch(/450/);

    // The project manager who invited them reads it in the inbox (and by mail), naming the address and why.
    const bounced = (items: { kind: string; text: string; link: string }[]) =>
      items.filter((item) => item.kind === 'undeliverable');
    const inbox = await eventually(
      async () => (await stack.request('GET', '/api/inbox', undefined, { as: PM })).body.items,
      (items) => bounced(items).length === 1,
      20_000,
    );
    expect(bounced(inbox)[0]).toMatchObject({ link: `/handoffs/${encodeURIComponent(id)}` });
    expect(bounced(inbox)[0]!.text).toContain(`Baton could not deliver this mail to ${GONE.email}`);
    expect(bounced(inbox)[0]!.text).toContain('no such mailbox');
    // Staff see it in the contact's portal activity.
    const activity = await staff('GET', handoffPath(id, '/portal'), undefined, PM);
    const goneRow = activity.body.invitations.find((row: { email: string }) => row.email === GONE.email);
    expect(goneRow.events[0]).toMatchObject({ action: 'mail-undeliverable' });

    // Still failing three days after it was written: the sender gives up and tells the inviter once more.
    await stack.baton.db.notice.update({
      where: { id: slow.id },
      data: { createdAt: new Date(Date.now() - 73 * 3_600_000), claimedUntil: null },
    });
    await eventually(
      () => noticeTo(SLOW.email),
      (row) => row.status === 'undeliverable',
      20_000,
    );
    await eventually(
      async () => (await stack.request('GET', '/api/inbox', undefined, { as: PM })).body.items,
      (items) => bounced(items).length === 2,
      20_000,
    );
    // The refused one was never tried again in all the sender's rounds since.
    expect((await noticeTo(GONE.email)).attempts).toBe(1);
  });
});
