import { addresseesOf } from '../../activities/shared/notices/audience';
import { noticeKindOf } from '../../activities/shared/notices/kinds';
import { noticeSubject } from '../../activities/shared/notices/messages';
import { channelsFor, inQuietHours, readPreferences } from '../../activities/shared/notices/preferences';
import { nextDigest } from '../../domain/shared/digest-plan';
import { localDate, localHour, localInstant } from '../../domain/shared/local-time';

describe('notice preferences', () => {
  it('reads stored JSON leniently: unusable parts take the defaults', () => {
    expect(readPreferences(null)).toEqual({ channels: {}, digest: { enabled: false, hour: 8 }, quietHours: null });
    expect(
      readPreferences({
        channels: { overdue: ['email', 'fax'], nonsense: ['inbox'] },
        digest: { enabled: true, hour: 25 },
        quietHours: { from: 22, to: 'seven' },
      }),
    ).toEqual({ channels: { overdue: ['email'] }, digest: { enabled: true, hour: 8 }, quietHours: null });
    expect(channelsFor(readPreferences({}), 'assigned')).toEqual(['inbox', 'email']);
  });

  it('keeps quiet hours in the person’s own zone, across midnight', () => {
    const quiet = readPreferences({ quietHours: { from: 22, to: 7 } });
    // 15:00 UTC is 23:00 in Shanghai (quiet) and 16:00 in Berlin in winter (not quiet).
    const at = new Date('2026-12-04T15:00:00Z');
    expect(inQuietHours(quiet, 'Asia/Shanghai', at)).toBe(true);
    expect(inQuietHours(quiet, 'Europe/Berlin', at)).toBe(false);
    expect(inQuietHours(quiet, 'Not/AZone', new Date('2026-12-04T06:30:00Z'))).toBe(true);
  });
});

describe('daily digest timing', () => {
  // New York moves its clocks on 2027-03-14 (EST -5 to EDT -4) and back on 2027-11-07.
  const plan = { enabled: true, hour: 8, timeZone: 'America/New_York' };
  const at = (iso: string) => Date.parse(iso);

  it('keeps the chosen local hour on both sides of a daylight-saving change', () => {
    expect(new Date(localInstant('2027-03-13', 8, 'America/New_York')).toISOString()).toBe('2027-03-13T13:00:00.000Z');
    expect(new Date(localInstant('2027-03-15', 8, 'America/New_York')).toISOString()).toBe('2027-03-15T12:00:00.000Z');
    expect(nextDigest(at('2027-03-13T13:00:00Z'), plan, '2027-03-13')).toEqual({
      at: at('2027-03-14T12:00:00Z'),
      date: '2027-03-14',
    });
    expect(localHour(new Date('2027-03-15T12:00:00Z'), 'America/New_York')).toBe(8);
  });

  it('sends at the first instant after a skipped hour, and once in a repeated hour', () => {
    // 02:00 does not exist on 2027-03-14 in New York; 01:00 happens twice on 2027-11-07.
    expect(new Date(localInstant('2027-03-14', 2, 'America/New_York')).toISOString()).toBe('2027-03-14T07:00:00.000Z');
    expect(new Date(localInstant('2027-11-07', 1, 'America/New_York')).toISOString()).toBe('2027-11-07T05:00:00.000Z');
    expect(new Date(localInstant('2027-03-28', 2, 'Europe/Berlin')).toISOString()).toBe('2027-03-28T01:00:00.000Z');
  });

  it("sends today's at once when the hour has passed and none went out today, else tomorrow's", () => {
    const noon = at('2027-03-15T16:00:00Z');
    expect(nextDigest(noon, plan, '2027-03-14')).toEqual({ at: noon, date: '2027-03-15' });
    expect(nextDigest(noon, plan, '2027-03-15')).toEqual({ at: at('2027-03-16T12:00:00Z'), date: '2027-03-16' });
    expect(nextDigest(at('2027-03-15T11:00:00Z'), plan, undefined)).toEqual({
      at: at('2027-03-15T12:00:00Z'),
      date: '2027-03-15',
    });
    // 03:00 UTC on the 16th is still the 15th in New York.
    expect(localDate(new Date('2027-03-16T03:00:00Z'), 'America/New_York')).toBe('2027-03-15');
  });

  it('counts an unknown time zone as UTC', () => {
    expect(localHour(new Date('2027-03-15T06:30:00Z'), 'Not/AZone')).toBe(6);
    expect(new Date(localInstant('2027-03-15', 8, 'Not/AZone')).toISOString()).toBe('2027-03-15T08:00:00.000Z');
  });
});

describe('who hears what', () => {
  it('tells the new and the previous assignee, and names the kind of each event', () => {
    const event = {
      n: 3,
      type: 'item.assigned',
      actor: 'olga@x',
      summary: '',
      itemKey: 'a',
      before: { assignee: 'ann@x' },
      after: { assignee: 'bob@x' },
    };
    expect(addresseesOf(event, [])).toEqual([
      { kind: 'assigned', person: 'bob@x' },
      { kind: 'reassigned', person: 'ann@x' },
    ]);
    expect(
      [
        'item.reminder',
        'item.overdue',
        'item.escalation',
        'handoff.returned',
        'handoff.milestone-slipped',
        'gate.no-go',
        'run.launch-date-changed',
      ].map(noticeKindOf),
    ).toEqual(['due-soon', 'overdue', 'escalated', 'returned', 'slipped', 'gate-decided', 'date-moved']);
  });

  it('tells the owner of an item flagged overdue without a timely alarm, and everyone on the run of a moved date', () => {
    const overdue = { n: 4, type: 'item.overdue', actor: 'baton', summary: '', itemKey: 'a' };
    expect(addresseesOf(overdue, [], { a: { role: 'product_manager', person: 'pat@x' } })).toEqual([
      { kind: 'overdue', role: 'product_manager', person: 'pat@x' },
    ]);
    const moved = { n: 5, type: 'run.launch-date-changed', actor: 'olga@x', summary: '' };
    expect(addresseesOf(moved, ['pat@x', 'sam@x']).map((a) => a.person)).toEqual(['pat@x', 'sam@x']);
  });

  it('writes the subject in the reader’s language', () => {
    const facts = {
      kind: 'overdue' as const,
      playbook: 'launch' as const,
      caseTitle: 'CRM v2',
      itemTitle: 'Sales tools',
      actor: 'baton',
      summary: '',
      dueDate: '2027-01-04',
    };
    expect(noticeSubject(facts, 'en')).toBe('[Launch] "Sales tools" is overdue (due 2027-01-04)');
    expect(noticeSubject(facts, 'zh')).toBe('[上市准备] 「Sales tools」已逾期（应于 2027-01-04 完成）');
  });
});
