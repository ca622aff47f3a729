import { SHARED_TEXT } from '../shared/shared-text';
import { speaker, type Catalog } from '../shared/text';

export const DEAL_TEXT = {
  ...SHARED_TEXT,
} as const satisfies Catalog;

export const { say: dealSays, text: dealText } = speaker(DEAL_TEXT);
