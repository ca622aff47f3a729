import type { TimelineRow } from '../api/types';
import { isMessageKey, type MessageKey } from '../lib/i18n';

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** A launch timeline event in the reader's language, from its type and facts; undefined for a type without wording. */
export function launchEventText(
  t: Translate,
  event: TimelineRow,
  titles: ReadonlyMap<string, string>,
): string | undefined {
  const key = `event.${event.type}`;
  if (!isMessageKey(key)) return undefined;
  const item = event.itemKey ? (titles.get(event.itemKey) ?? event.itemKey) : '';
  const moved = event.type === 'run.launch-date-changed';
  if (event.type === 'item.rescheduled')
    return t(key, {
      actor: event.actor,
      item,
      from: text(event.before?.dueDate),
      to: text(event.after?.dueDate),
      reason: text(event.after?.reason),
    });
  return t(key, {
    actor: event.actor,
    item,
    to: moved ? text(event.after?.launchDate) : text(event.after?.assignee),
    from: text(event.before?.launchDate),
  });
}
