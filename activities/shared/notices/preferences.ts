import { localHour } from '../../../domain/shared/local-time';
import { NOTICE_KINDS, type NoticeChannel, type NoticeKind } from './kinds';

/**
 * A person's choices, stored as JSON on their person row. Missing parts take the defaults, so a
 * person created at sign-in gets every notice in the board's inbox and by email.
 */
export interface NoticePreferences {
  /** Channels per kind; a kind left out gets both. */
  channels: Partial<Record<NoticeKind, NoticeChannel[]>>;
  /** One mail a day at this local hour instead of single mails (the inbox still gets each notice). */
  digest: { enabled: boolean; hour: number };
  /** Local hours (from inclusive, to exclusive; may wrap midnight) when mail waits. */
  quietHours: { from: number; to: number } | null;
}

export const DEFAULT_PREFERENCES: NoticePreferences = {
  channels: {},
  digest: { enabled: false, hour: 8 },
  quietHours: null,
};

/** The stored JSON, read leniently: anything unusable falls back to the default for that part. */
export function readPreferences(stored: unknown): NoticePreferences {
  const value = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const channels: NoticePreferences['channels'] = {};
  const storedChannels = (value.channels ?? {}) as Record<string, unknown>;
  for (const kind of NOTICE_KINDS) {
    const list = storedChannels[kind];
    if (Array.isArray(list))
      channels[kind] = list.filter((channel): channel is NoticeChannel => channel === 'inbox' || channel === 'email');
  }
  const digest = (value.digest ?? {}) as Record<string, unknown>;
  const quiet = value.quietHours as Record<string, unknown> | null | undefined;
  return {
    channels,
    digest: {
      enabled: digest.enabled === true,
      hour: isHour(digest.hour) ? digest.hour : DEFAULT_PREFERENCES.digest.hour,
    },
    quietHours: quiet && isHour(quiet.from) && isHour(quiet.to) ? { from: quiet.from, to: quiet.to } : null,
  };
}

const isHour = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 23;

export function channelsFor(preferences: NoticePreferences, kind: NoticeKind): NoticeChannel[] {
  return preferences.channels[kind] ?? ['inbox', 'email'];
}

export function inQuietHours(preferences: NoticePreferences, timeZone: string, at: Date): boolean {
  const quiet = preferences.quietHours;
  if (!quiet || quiet.from === quiet.to) return false;
  const hour = localHour(at, timeZone);
  return quiet.from < quiet.to ? hour >= quiet.from && hour < quiet.to : hour >= quiet.from || hour < quiet.to;
}
