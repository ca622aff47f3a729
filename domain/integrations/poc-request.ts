import type { PocRequest } from '../poc/types';
import type { OpportunityMapping } from './mapping';
import type { OpportunityFacts } from './translate';

/**
 * The POC request an opportunity reaching a trial stage makes: the CRM's facts first, the mapping's
 * defaults for what the CRM does not say, and a planned start of the day the event arrived.
 */
export function pocRequestFrom(
  facts: OpportunityFacts,
  object: OpportunityMapping,
  today: string,
): { request: PocRequest; problems: string[] } {
  const { defaults } = object;
  const problems: string[] = [];
  const needed = (field: 'region' | 'industry' | 'product' | 'owner' | 'amount', value: unknown) => {
    if (value === undefined)
      problems.push(
        `${field} is needed to request a trial: map it (fields.${field}) or give a default${field === 'owner' || field === 'amount' ? ' in the CRM' : ` (defaults.${field})`}`,
      );
  };
  const region = facts.region ?? defaults.region;
  const industry = facts.industry ?? defaults.industry;
  const product = facts.product ?? defaults.product;
  const currency = facts.currency ?? defaults.currency;
  needed('region', region);
  needed('industry', industry);
  needed('product', product);
  needed('owner', facts.owner);
  needed('amount', facts.amount);
  return {
    request: {
      account: facts.account,
      region: region ?? '',
      industry: industry ?? '',
      product: product ?? '',
      salesOwner: facts.owner ?? '',
      opportunity: { id: facts.id, amount: facts.amount ?? 0, ...(currency ? { currency } : {}) },
      criteria: defaults.criteria,
      plannedStart: today,
      durationDays: defaults.durationDays,
    },
    problems,
  };
}
