import { SHARED_TEXT } from '../shared/shared-text';
import { speaker, type Catalog } from '../shared/text';

export const RENEWAL_TEXT = {
  ...SHARED_TEXT,
} as const satisfies Catalog;

export const { say: renewalSays, text: renewalText } = speaker(RENEWAL_TEXT);
