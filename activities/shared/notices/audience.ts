import type { Role } from '../../../domain/shared/roles';
import type { CustomerReminderFacts } from '../../../domain/shared/customer-reminders';
import { noticeKindOf, type NoticeKind } from './kinds';

/** A timeline event as every playbook's projection carries it, with what the audience rules read. */
export interface CaseEvent {
  n: number;
  type: string;
  actor: string;
  summary: string;
  /** The summary as a catalog text, for readers in another language (absent on launch runs and older events). */
  message?: unknown;
  itemKey?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  cause?: object;
  notify?: { role: Role; person?: string };
  /** A reminder to the customer's invited contacts (issue 16), mailed by contacts.ts. */
  customerReminder?: CustomerReminderFacts;
}

/** Who answers for an item: its assignee or the run's owner of its role, else its role's members. */
export interface ItemOwner {
  role: Role;
  person?: string;
}

/** Someone to tell: a named person, or every member of a role in the case's regions. */
export interface Addressee {
  kind: NoticeKind;
  person?: string;
  role?: Role;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Who hears of an event. The workflow names whom its reminders, escalations and requests are for
 * (`notify`); on top, an assignment tells the new and the previous assignee, and a moved launch date
 * or a gate decision tells everyone named on the case, and an item found overdue without a timely
 * alarm tells its owner. Nobody is told of their own action.
 */
export function addresseesOf(
  event: CaseEvent,
  namedOnCase: readonly string[],
  itemOwners: Readonly<Record<string, ItemOwner>> = {},
): Addressee[] {
  const list: Addressee[] = [];
  if (event.notify) list.push({ kind: noticeKindOf(event.type), role: event.notify.role, person: event.notify.person });
  // An item already overdue when its run started (or its date moved) is flagged without a timely
  // alarm's `notify`; its owner still hears of it, once, with that one event.
  const owner = event.itemKey ? itemOwners[event.itemKey] : undefined;
  if (!event.notify && /overdue$/.test(event.type) && owner)
    list.push({ kind: 'overdue', role: owner.role, person: owner.person });
  if (/\.assigned$/.test(event.type)) {
    const to = text(event.after?.assignee) ?? text(event.after?.owner);
    const from = text(event.before?.assignee) ?? text(event.before?.owner);
    if (to) list.push({ kind: 'assigned', person: to });
    if (from && from !== to) list.push({ kind: 'reassigned', person: from });
  }
  if (/date-changed$|^gate\.(go|no-go)$/.test(event.type)) {
    for (const person of namedOnCase) list.push({ kind: noticeKindOf(event.type), person });
  }
  return list;
}
