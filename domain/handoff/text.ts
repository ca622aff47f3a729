import { SHARED_TEXT } from '../shared/shared-text';
import { speaker, type Catalog } from '../shared/text';

export const HANDOFF_TEXT = {
  ...SHARED_TEXT,
} as const satisfies Catalog;

export const { say: handoffSays, text: handoffText } = speaker(HANDOFF_TEXT);
