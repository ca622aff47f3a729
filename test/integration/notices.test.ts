import type { ParsedMail } from 'mailparser';
import {
  databaseKinds,
  eventually,
  startBatonStack,
  TEST_JWT_SECRET,
  type BatonStack,
  type Identity,
} from '../helpers/baton-harness';
import { startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MailConfig } from '../../runtime/config';
import { insertNotices } from '../../activities/shared/notices/write';
import { localDate, localHour } from '../../domain/shared/local-time';

const OLGA: Identity = { subject: 'olga@hq.example', roles: ['ops_manager'] };
const PAT: Identity = { subject: 'pat@hq.example', roles: ['product_manager'] };
const SAM: Identity = { subject: 'sam@hq.example', roles: ['presales'] };
const BOARD = 'https://baton.example.com';

const mailsTo = (smtp: SmtpCatcher, to: string) =>
  smtp.mails.filter((mail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).some((address) => address?.text === to));
const linkIn = (mail: ParsedMail, prefix: string) => mail.text?.match(new RegExp(`${prefix}\\S+`))?.[0];

describe.each(databaseKinds())('personal notices by mail and in the inbox, on %s', (kind) => {
  let stack: BatonStack;
  let smtp: SmtpCatcher;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    const mail: MailConfig = {
      smtpUrl: smtp.url,
      from: 'Baton <baton@example.com>',
      boardUrl: BOARD,
      secret: TEST_JWT_SECRET,
      catchDir: path.join(mkdtempSync(path.join(tmpdir(), 'baton-mail-')), 'mail'),
    };
    stack = await startBatonStack(kind, { mail, api: { mail } });
    for (const [person, body] of [
      [PAT, { name: 'Pat', roles: ['product_manager'], language: 'zh', timeZone: 'Asia/Shanghai' }],
      [SAM, { name: 'Sam', roles: ['presales'], language: 'en', timeZone: 'Europe/Berlin' }],
    ] as const) {
      const put = await stack.request('PUT', `/api/people/${encodeURIComponent(person.subject)}`, body, { as: OLGA });
      expect(put.status).toBe(200);
    }
  });

  afterAll(async () => {
    await stack?.stop();
    await smtp?.close();
  });

  it('tells the assignee by mail (with a link to the item) and in their inbox, once', async () => {
    const start = await stack.request(
      'POST',
      '/api/launches',
      {
        launchId: 'noticed',
        productName: 'Noticed',
        launchDate: '2030-06-03',
        owners: { ops_manager: OLGA.subject, product_manager: PAT.subject },
      },
      { as: OLGA },
    );
    expect(start.status).toBe(201);
    const assign = await stack.request(
      'POST',
      '/api/launches/noticed/items/sales-tools/assign',
      { assignee: SAM.subject },
      { as: OLGA },
    );
    expect(assign.status).toBe(200);

    const [mail] = await eventually(
      async () => mailsTo(smtp, SAM.subject),
      (mails) => mails.length === 1,
      20_000,
    );
    expect(mail!.subject).toBe(`[Launch] ${OLGA.subject} assigned you "Sales tools"`);
    expect(mail!.html).toContain('<a href="https://baton.example.com/launches/noticed#item-sales-tools">');
    expect(linkIn(mail!, BOARD)).toBe(`${BOARD}/launches/noticed#item-sales-tools`);
    expect(mail!.headerLines.find((line) => line.key === 'list-unsubscribe')?.line).toContain(`${BOARD}/unsubscribe?`);

    const inbox = await stack.request('GET', '/api/inbox', undefined, { as: SAM });
    expect(inbox.status).toBe(200);
    expect(inbox.body).toMatchObject({
      unread: 1,
      items: [{ kind: 'assigned', link: '/launches/noticed#item-sales-tools', readAt: null }],
    });
    const id = (inbox.body as { items: { id: string }[] }).items[0]!.id;
    const read = await stack.request('POST', `/api/inbox/${id}/read`, undefined, { as: SAM });
    expect(read.status).toBe(200);
    expect((await stack.request('GET', '/api/inbox?unread=true', undefined, { as: SAM })).body).toMatchObject({
      unread: 0,
      items: [],
    });
    // Nobody else reads Sam's notices.
    expect((await stack.request('POST', `/api/inbox/${id}/read`, undefined, { as: PAT })).status).toBe(404);
    // The actor hears nothing of their own action.
    expect(mailsTo(smtp, OLGA.subject)).toHaveLength(0);
  });

  it('writes to each person in their language: a moved launch date reaches the product manager in Chinese', async () => {
    const move = await stack.request(
      'POST',
      '/api/launches/noticed/launch-date',
      { launchDate: '2030-07-01', reason: 'Partner delay' },
      { as: OLGA },
    );
    expect(move.status).toBe(200);
    const [mail] = await eventually(
      async () => mailsTo(smtp, PAT.subject),
      (mails) => mails.length >= 1,
      20_000,
    );
    expect(mail!.subject).toBe(`[上市准备] ${OLGA.subject} 将上市日期从 2030-06-03 改为 2030-07-01`);
    expect(mail!.text).toContain('在看板中打开: https://baton.example.com/launches/noticed');
    const sam = await eventually(
      async () => mailsTo(smtp, SAM.subject),
      (mails) => mails.length === 2,
      20_000,
    );
    expect(sam[1]!.subject).toBe(`[Launch] ${OLGA.subject} moved the launch date from 2030-06-03 to 2030-07-01`);
  });

  it('stops mail of one kind from the one-click link; the inbox still gets it', async () => {
    const [first] = mailsTo(smtp, SAM.subject);
    const link = new URL(linkIn(first!, `${BOARD}/unsubscribe`)!);
    const refused = await stack.request(
      'POST',
      '/api/notices/unsubscribe',
      {
        person: SAM.subject,
        kind: 'assigned',
        token: 'forged',
      },
      { as: null },
    );
    expect(refused.status).toBe(403);
    const done = await stack.request(
      'POST',
      '/api/notices/unsubscribe',
      {
        person: link.searchParams.get('person'),
        kind: link.searchParams.get('kind'),
        token: link.searchParams.get('token'),
      },
      { as: null },
    );
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ person: SAM.subject, kind: 'assigned', channels: ['inbox'] });

    await stack.request(
      'POST',
      '/api/launches/noticed/items/sales-red-lines/assign',
      { assignee: SAM.subject },
      { as: OLGA },
    );
    await eventually(
      async () =>
        (await stack.request('GET', '/api/inbox', undefined, { as: SAM })).body as { items: { subject: string }[] },
      (inbox) => inbox.items.some((notice) => notice.subject.includes('Sales red lines')),
      20_000,
    );
    // Give the mail sender a few rounds: it would have sent the mail by now.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(mailsTo(smtp, SAM.subject).filter((mail) => mail.subject?.includes('Sales red lines'))).toHaveLength(0);
  });

  it('tells the owner of each item already overdue when a run starts, once per item', async () => {
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const start = await stack.request(
      'POST',
      '/api/launches',
      {
        launchId: 'late-start',
        productName: 'Late start',
        launchDate: soon,
        owners: { ops_manager: OLGA.subject, product_manager: PAT.subject },
      },
      { as: OLGA },
    );
    expect(start.status).toBe(201);
    const db = stack.baton.db;
    const overdueItems = await eventually(
      () => db.launchItem.findMany({ where: { launchId: 'late-start', overdue: true, ownerRole: 'product_manager' } }),
      (items) => items.length > 0,
      20_000,
    );
    const notices = await eventually(
      () =>
        db.notice.findMany({ where: { caseId: 'late-start', person: PAT.subject, channel: 'inbox', kind: 'overdue' } }),
      (rows) => rows.length >= overdueItems.length,
      20_000,
    );
    const links = notices.map((notice) => notice.link).sort();
    expect(links).toEqual(overdueItems.map((item) => `/launches/late-start#item-${item.key}`).sort());
    expect(notices[0]!.subject).toMatch(/^\[上市准备\] 「[^A-Za-z]+」已逾期（应于 \d{4}-\d{2}-\d{2} 完成）$/);
  });

  it("sends an escalation also to the item owner's manager from the people directory", async () => {
    const put = await stack.request(
      'PUT',
      `/api/people/${encodeURIComponent(SAM.subject)}`,
      { name: 'Sam', roles: ['presales'], manager: 'mona@hq.example' },
      { as: OLGA },
    );
    expect(put.status).toBe(200);
    const db = stack.baton.db;
    const written = await db.$transaction((tx) =>
      insertNotices(
        tx,
        {
          playbook: 'launch',
          caseId: 'escalated-run',
          caseTitle: 'Escalated',
          regions: [],
          link: '/launches/escalated-run',
          itemTitles: { pricing: 'Pricing' },
          itemOwners: { pricing: { role: 'presales', person: SAM.subject } },
        },
        [
          {
            n: 7,
            type: 'item.escalation',
            actor: 'baton',
            summary: 'Escalation: "Pricing" is late',
            itemKey: 'pricing',
            notify: { role: 'ops_manager', person: OLGA.subject },
          },
        ],
      ),
    );
    expect(written).toBeGreaterThan(0);
    const rows = await db.notice.findMany({
      where: { caseId: 'escalated-run', channel: 'inbox' },
      orderBy: { person: 'asc' },
    });
    expect(rows.map((row) => [row.person, row.kind])).toEqual([
      ['mona@hq.example', 'escalated'],
      [OLGA.subject, 'escalated'],
    ]);
    // A retried projection writes nothing twice.
    await db.$transaction((tx) =>
      insertNotices(
        tx,
        {
          playbook: 'launch',
          caseId: 'escalated-run',
          caseTitle: 'Escalated',
          regions: [],
          link: '/launches/escalated-run',
          itemOwners: { pricing: { role: 'presales', person: SAM.subject } },
        },
        [
          {
            n: 7,
            type: 'item.escalation',
            actor: 'baton',
            summary: 'Escalation: "Pricing" is late',
            itemKey: 'pricing',
            notify: { role: 'ops_manager', person: OLGA.subject },
          },
        ],
      ),
    );
    expect(await db.notice.count({ where: { caseId: 'escalated-run' } })).toBe(4);
  });

  it("tells a role's members only in the case's regions, even someone the same batch names for another event", async () => {
    for (const [email, regions] of [
      ['erin@east.example', ['east-china']],
      ['wendy@west.example', ['west-china']],
    ] as const) {
      const put = await stack.request(
        'PUT',
        `/api/people/${encodeURIComponent(email)}`,
        { roles: ['regional_ops'], regions: [...regions] },
        { as: OLGA },
      );
      expect(put.status).toBe(200);
    }
    const db = stack.baton.db;
    await db.$transaction((tx) =>
      insertNotices(
        tx,
        {
          playbook: 'poc',
          caseId: 'poc:east-case',
          caseTitle: 'East case',
          regions: ['east-china'],
          link: '/pocs/poc%3Aeast-case',
        },
        [
          {
            n: 1,
            type: 'poc.approval-reminder',
            actor: 'baton',
            summary: 'Approve it',
            notify: { role: 'regional_ops' },
          },
          {
            n: 2,
            type: 'poc.approval-escalation',
            actor: 'baton',
            summary: 'Still waiting',
            notify: { role: 'ops_manager', person: 'wendy@west.example' },
          },
        ],
      ),
    );
    const rows = await db.notice.findMany({
      where: { caseId: 'poc:east-case', channel: 'inbox' },
      orderBy: [{ eventN: 'asc' }, { person: 'asc' }],
    });
    expect(rows.map((row) => [row.eventN, row.person])).toEqual([
      [1, 'erin@east.example'],
      [2, 'wendy@west.example'],
    ]);
  });

  it('serves a personal calendar feed of what the person owns, until it is revoked', async () => {
    const made = await stack.request('POST', '/api/me/calendar-feed', undefined, { as: SAM });
    expect(made.status).toBe(201);
    const url = (made.body as { url: string }).url;
    expect(url).toMatch(new RegExp(`^${BOARD}/api/calendar/[A-Za-z0-9_-]+\\.ics$`));
    const feed = await fetch(`${stack.apiUrl}${url.slice(BOARD.length)}`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const ics = await feed.text();
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('SUMMARY:Sales tools (Noticed)');
    expect(ics).toMatch(/DTSTART;VALUE=DATE:\d{8}/);
    const revoked = await stack.request('DELETE', '/api/me/calendar-feed', undefined, { as: SAM });
    expect(revoked.status).toBe(204);
    expect((await fetch(`${stack.apiUrl}${url.slice(BOARD.length)}`)).status).toBe(404);
  });

  /**
   * `who` chooses a digest two hours from now in a time zone where that is still today, and is assigned
   * an item: its mail waits for the digest.
   */
  async function heldForDigest(who: Identity, profile: { language?: string } = {}) {
    const now = new Date();
    const zone = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Pacific/Honolulu'].find((candidate) => {
      const hour = localHour(now, candidate);
      return hour >= 1 && hour <= 21;
    })!;
    const hour = localHour(now, zone);
    const later = { ...profile, preferences: { digest: { enabled: true, hour: hour + 2 } }, timeZone: zone };
    expect((await stack.request('PUT', '/api/me', later, { as: who })).status).toBe(200);
    await stack.request(
      'POST',
      '/api/launches/noticed/items/poc-experience/assign',
      { assignee: who.subject },
      { as: OLGA },
    );
    return { zone, hour };
  }

  it('holds the mail of someone who chose a digest and sends one digest at their hour, once a day', async () => {
    const DORA: Identity = { subject: 'dora@hq.example', roles: ['presales'] };
    const { zone, hour } = await heldForDigest(DORA);
    const db = stack.baton.db;
    await eventually(
      () => db.notice.findMany({ where: { person: DORA.subject, channel: 'email' } }),
      (rows) => rows.length === 1 && rows[0]!.status === 'held',
      20_000,
    );
    expect(mailsTo(smtp, DORA.subject)).toHaveLength(0);

    const due = { preferences: { digest: { enabled: true, hour } }, timeZone: zone };
    expect((await stack.request('PUT', '/api/me', due, { as: DORA })).status).toBe(200);
    const [digest] = await eventually(
      async () => mailsTo(smtp, DORA.subject),
      (mails) => mails.length === 1,
      20_000,
    );
    expect(digest!.subject).toBe(`Your Baton digest for ${localDate(new Date(), zone)}`);
    expect(digest!.text).toContain(`${OLGA.subject} assigned you "Customer trial (POC) experience optimised"`);
    expect(digest!.text).toContain(`${BOARD}/tasks`);
    await eventually(
      () => db.notice.findFirst({ where: { person: DORA.subject, channel: 'email' } }),
      (row) => row?.status === 'delivered',
      20_000,
    );
    // A few more rounds of the sender: still one digest today.
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    expect(mailsTo(smtp, DORA.subject)).toHaveLength(1);
  });

  it('stops a digest the mail server refuses for good and tells its owner in the inbox, in their language', async () => {
    const DAN: Identity = { subject: 'dan@hq.example', roles: ['presales'] };
    const { zone, hour } = await heldForDigest(DAN, { language: 'zh' });
    const db = stack.baton.db;
    await eventually(
      () => db.notice.findMany({ where: { person: DAN.subject, channel: 'email' } }),
      (rows) => rows.length === 1 && rows[0]!.status === 'held',
      20_000,
    );
    smtp.refuse.add(DAN.subject);
    const due = { preferences: { digest: { enabled: true, hour } }, timeZone: zone };
    expect((await stack.request('PUT', '/api/me', due, { as: DAN })).status).toBe(200);
    const [held] = await eventually(
      () => db.notice.findMany({ where: { person: DAN.subject, channel: 'email' } }),
      (rows) => rows[0]?.status === 'undeliverable',
      20_000,
    );
    expect(held!.lastError).toMatch(/550/);
    const inbox = await stack.request('GET', '/api/inbox', undefined, { as: DAN });
    const bounced = inbox.body.items.filter((item: { kind: string }) => item.kind === 'undeliverable');
    expect(bounced).toHaveLength(1);
    expect(bounced[0].text).toContain(`Baton 无法将此邮件送达 ${DAN.subject}`);
    // Not retried all day: the digest workflow went on to wait for tomorrow.
    const digest = stack.temporal.client.workflow.getHandle(`digest:${DAN.subject}`);
    await eventually(
      async () => (await digest.query<string | null>('nextDigest')) ?? '',
      (next) => next.slice(0, 10) > localDate(new Date(), 'UTC').slice(0, 10) || Date.parse(next) > Date.now(),
      20_000,
    );
    smtp.refuse.delete(DAN.subject);
  });

  it('delivers every mail of a burst exactly once across a mail server outage', async () => {
    await smtp.stop();
    const before = smtp.mails.length;
    const stoppedAt = new Date();
    // Handing an item back and forth tells the new assignee and the previous one each time.
    const people = [PAT.subject, 'quinn@hq.example'];
    for (let turn = 0; turn < 51; turn += 1) {
      const res = await stack.request(
        'POST',
        '/api/launches/noticed/items/promotion-themes/assign',
        { assignee: people[turn % 2] },
        { as: OLGA },
      );
      expect(res.status).toBe(200);
    }
    const db = stack.baton.db;
    const burst = await eventually(
      () => db.notice.findMany({ where: { caseId: 'noticed', channel: 'email', createdAt: { gte: stoppedAt } } }),
      (rows) => rows.length >= 100,
      30_000,
    );
    await eventually(
      () => db.notice.count({ where: { caseId: 'noticed', channel: 'email', attempts: { gt: 0 }, status: 'pending' } }),
      (n) => n > 0,
      20_000,
    );
    await smtp.start();
    const expected = burst.length;
    await eventually(
      () =>
        db.notice.count({
          where: { caseId: 'noticed', channel: 'email', createdAt: { gte: stoppedAt }, status: { not: 'delivered' } },
        }),
      (left) => left === 0,
      60_000,
    );
    const received = smtp.mails.slice(before).map((mail) => mail.messageId);
    const unique = new Set(received);
    expect(received.length).toBe(unique.size);
    const burstIds = burst.map((row) => `<${row.id}@baton>`);
    expect(burstIds.filter((id) => !unique.has(id))).toEqual([]);
    const ofBurst = received.filter((id) => burstIds.includes(id!));
    expect(ofBurst).toHaveLength(expected);
    expect(expected).toBeGreaterThanOrEqual(100);
    // The counts the closing note quotes.
    console.log(
      `mail burst across an outage: ${expected} notices, ${ofBurst.length} of their mails received, ${new Set(ofBurst).size} distinct`,
    );
  }, 120_000);
});
