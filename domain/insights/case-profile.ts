/**
 * What the business numbers slice cases by (issue 21): the lead channel a case came through, the
 * customer's industry and the products sold. Captured where they arise (a POC or deal request) and
 * carried along the chain POC -> deal -> handoff -> renewal, so every case can be filtered the same
 * way. All optional: runs started before these fields existed simply have none. Pure: workflows import it.
 */
export interface CaseProfile {
  /** The lead channel (a value of the admins' lead-channels list when they keep one). */
  channel?: string;
  industry?: string;
  products?: string[];
}

/** The profile with blanks dropped and each value trimmed, so the read model never stores "" or " retail". */
export function cleanProfile(source: CaseProfile | undefined): CaseProfile {
  const channel = source?.channel?.trim();
  const industry = source?.industry?.trim();
  const products = [...new Set((source?.products ?? []).map((product) => product.trim()).filter(Boolean))];
  return {
    ...(channel ? { channel } : {}),
    ...(industry ? { industry } : {}),
    ...(products.length > 0 ? { products } : {}),
  };
}

/** What is wrong with a profile as given, each problem naming its field under `prefix` (e.g. "request."). */
export function profileProblems(source: CaseProfile | undefined, prefix = ''): string[] {
  if (source === undefined) return [];
  const problems: string[] = [];
  for (const field of ['channel', 'industry'] as const) {
    const value = source[field];
    if (value !== undefined && typeof value !== 'string') problems.push(`${prefix}${field} must be text`);
  }
  const { products } = source;
  if (products !== undefined && (!Array.isArray(products) || products.some((product) => typeof product !== 'string')))
    problems.push(`${prefix}products must be a list of product names`);
  return problems;
}

/** The profile a case hands to the next one it starts (a case that knows none hands none). */
export function carriedProfile(state: { profile?: CaseProfile }): CaseProfile {
  return cleanProfile(state.profile);
}

/** The profile as a state or start field: left out when there is nothing in it, so older shapes stay as they were. */
export function profileField(source: CaseProfile | undefined): { profile?: CaseProfile } {
  const profile = cleanProfile(source);
  return Object.keys(profile).length > 0 ? { profile } : {};
}
