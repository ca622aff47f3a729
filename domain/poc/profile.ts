import { cleanProfile, type CaseProfile } from '../insights/case-profile';
import type { PocState } from './types';

/**
 * A trial's channel, industry and product as the profile the chain carries; trials requested before
 * profiles existed still have their industry and product.
 */
export function pocProfile(state: Pick<PocState, 'profile' | 'industry' | 'product'>): CaseProfile {
  return cleanProfile({ channel: state.profile?.channel, industry: state.industry, products: [state.product] });
}
