import { isIsoDate } from '../shared/input-checks';
import { problemList, type TemplateProblem } from '../shared/template-problems';
import type { ContractMapping, CrmMapping, OpportunityMapping } from './mapping';
import { MAPPING_TEXT } from './mapping-text';

/**
 * A CRM payload read through a mapping: the facts it states about one opportunity, and what Baton
 * does with them. Pure, so the dry-run route shows exactly what the events route would do.
 */

/** The facts the CRM can change on a case, each ignored when an older event than the last applied states it. */
export const CRM_FIELDS = ['amount', 'owner', 'closeDate', 'stage'] as const;
export type CrmField = (typeof CRM_FIELDS)[number];

export interface OpportunityFacts {
  id: string;
  account: string;
  stage: string;
  /** ISO date-time: the CRM's modification time of this version of the opportunity. */
  modifiedAt: string;
  amount?: number;
  currency?: string;
  owner?: string;
  /** YYYY-MM-DD. */
  closeDate?: string;
  region?: string;
  industry?: string;
  product?: string;
}

/** What a contract says: the renewal is one per account and contract. */
export interface ContractFacts {
  id: string;
  account: string;
  /** YYYY-MM-DD. */
  termStart: string;
  /** YYYY-MM-DD. */
  contractEnd: string;
  value: number;
  /** ISO date-time: the CRM's modification time of this version of the contract. */
  modifiedAt: string;
  currency?: string;
  region?: string;
  tier?: string;
  customerSuccessOwner?: string;
}

/** What an event asks Baton to do, in order. */
export type CrmCommand =
  /** Requests the trial unless it exists, then applies the facts (update-with-start under its business id). */
  | { type: 'request-poc' }
  /** Applies the facts to the trial if there is one. */
  | { type: 'update-poc' }
  /** Marks the trial converted, which starts the delivery handoff. */
  | { type: 'win-poc' }
  /** Applies the facts to the opportunity's deal-support case if there is one. */
  | { type: 'update-deal' }
  /** Closes the opportunity's deal-support case won (if there is one), which starts the delivery handoff. */
  | { type: 'win-deal' }
  /** Starts the contract's renewal unless it exists, then applies its dates (update-with-start under its business id). */
  | { type: 'renew-contract' };

export type Translation =
  | { ok: true; kind: 'opportunity'; facts: OpportunityFacts; commands: CrmCommand[]; mapping: OpportunityMapping }
  | { ok: true; kind: 'contract'; facts: ContractFacts; commands: CrmCommand[]; mapping: ContractMapping }
  | { ok: false; problems: MappingProblem[] };

/** A problem reading an event: its English sentence and the catalog text that words it for any reader. */
export type MappingProblem = Pick<TemplateProblem, 'message' | 'text'>;

/** The value at a dotted path, or undefined. */
export function valueAt(payload: unknown, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Reads the payload through the first matching object mapping; every problem is named with its path. */
export function translate(mapping: CrmMapping, payload: unknown): Translation {
  const object = mapping.objects.find(
    (candidate) => String(valueAt(payload, candidate.when.path)) === candidate.when.equals,
  );
  if (!object) {
    const { problems, say } = problemList(MAPPING_TEXT);
    const tried = mapping.objects.map((candidate) => `${candidate.when.path} = "${candidate.when.equals}"`);
    say([], 'mapping.no-object', { tried: { list: tried, separator: '; ' } });
    return { ok: false, problems };
  }
  return object.kind === 'contract' ? translateContract(object, payload) : translateOpportunity(object, payload);
}

type Say = ReturnType<typeof problemList<typeof MAPPING_TEXT>>['say'];

/** Reads the text at each mapped field, naming every problem with its path. */
function fieldReader<F extends string>(fields: Partial<Record<F, string>>, payload: unknown, say: Say) {
  return (field: F, required: boolean): string | undefined => {
    const path = fields[field];
    if (!path) return undefined;
    const value = valueAt(payload, path);
    if (value === undefined || value === null || value === '') {
      if (required) say([], 'mapping.missing', { path, field });
      return undefined;
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      say([], 'mapping.not-text', { path, field });
      return undefined;
    }
    return String(value).trim();
  };
}

function translateContract(object: ContractMapping, payload: unknown): Translation {
  const { problems, say } = problemList(MAPPING_TEXT);
  const text = fieldReader<keyof ContractMapping['fields']>(object.fields, payload, say);
  const date = (field: 'termStart' | 'contractEnd') => {
    const raw = text(field, true);
    const value = raw === undefined ? undefined : crmDate(raw);
    if (raw !== undefined && value === undefined)
      say([], 'mapping.not-date', { path: object.fields[field], field, raw });
    return value;
  };
  const id = text('id', true);
  const account = text('account', true);
  const termStart = date('termStart');
  const contractEnd = date('contractEnd');
  const modifiedRaw = text('modifiedAt', true);
  const modifiedAt = modifiedRaw === undefined ? undefined : crmTime(modifiedRaw);
  if (modifiedRaw !== undefined && modifiedAt === undefined)
    say([], 'mapping.not-time', { path: object.fields.modifiedAt, field: 'modifiedAt', raw: modifiedRaw });
  const valueRaw = text('value', true);
  const value = valueRaw === undefined ? undefined : Number(valueRaw);
  if (value !== undefined && !(Number.isFinite(value) && value >= 0))
    say([], 'mapping.not-amount', { path: object.fields.value, field: 'value', raw: valueRaw ?? '' });
  if (termStart && contractEnd && contractEnd <= termStart)
    say([], 'mapping.end-before-start', { path: object.fields.contractEnd, contractEnd, termStart });
  const optional = {
    currency: text('currency', false),
    region: text('region', false),
    tier: text('tier', false),
    customerSuccessOwner: text('customerSuccessOwner', false),
  };
  if (problems.length > 0 || !id || !account || !termStart || !contractEnd || !modifiedAt || value === undefined)
    return { ok: false, problems };
  const facts: ContractFacts = {
    id,
    account,
    termStart,
    contractEnd,
    value,
    modifiedAt,
    ...Object.fromEntries(Object.entries(optional).filter(([, given]) => given !== undefined)),
  };
  return { ok: true, kind: 'contract', facts, commands: [{ type: 'renew-contract' }], mapping: object };
}

function translateOpportunity(object: OpportunityMapping, payload: unknown): Translation {
  const { problems, say } = problemList(MAPPING_TEXT);
  const text = fieldReader<keyof OpportunityMapping['fields']>(object.fields, payload, say);
  const id = text('id', true);
  const account = text('account', true);
  const stage = text('stage', true);
  const modifiedRaw = text('modifiedAt', true);
  const modifiedAt = modifiedRaw === undefined ? undefined : crmTime(modifiedRaw);
  if (modifiedRaw !== undefined && modifiedAt === undefined)
    say([], 'mapping.not-time', { path: object.fields.modifiedAt, field: 'modifiedAt', raw: modifiedRaw });
  const amountRaw = text('amount', false);
  const amount = amountRaw === undefined ? undefined : Number(amountRaw);
  if (amount !== undefined && !(Number.isFinite(amount) && amount >= 0))
    say([], 'mapping.not-amount', { path: object.fields.amount ?? '', field: 'amount', raw: amountRaw ?? '' });
  const closeRaw = text('closeDate', false);
  const closeDate = closeRaw === undefined ? undefined : crmDate(closeRaw);
  if (closeRaw !== undefined && closeDate === undefined)
    say([], 'mapping.not-date', { path: object.fields.closeDate ?? '', field: 'closeDate', raw: closeRaw });
  const optional = {
    currency: text('currency', false),
    owner: text('owner', false),
    region: text('region', false),
    industry: text('industry', false),
    product: text('product', false),
  };
  if (problems.length > 0 || !id || !account || !stage || !modifiedAt) return { ok: false, problems };
  const facts: OpportunityFacts = {
    id,
    account,
    stage,
    modifiedAt,
    ...(amount === undefined ? {} : { amount }),
    ...(closeDate === undefined ? {} : { closeDate }),
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
  return { ok: true, kind: 'opportunity', facts, commands: commandsFor(object, stage), mapping: object };
}

function commandsFor(object: OpportunityMapping, stage: string): CrmCommand[] {
  if (object.stages.trial.includes(stage)) return [{ type: 'request-poc' }];
  // The opportunity's trial and its deal-support case (whichever exist) both hear of it.
  if (object.stages.won.includes(stage))
    return [{ type: 'update-poc' }, { type: 'update-deal' }, { type: 'win-poc' }, { type: 'win-deal' }];
  return [{ type: 'update-poc' }, { type: 'update-deal' }];
}

/** CRMs send ISO date-times (Salesforce) or epoch milliseconds as text (HubSpot). */
function crmTime(raw: string): string | undefined {
  const date = /^\d{10,}$/.test(raw) ? new Date(Number(raw)) : new Date(raw);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function crmDate(raw: string): string | undefined {
  if (isIsoDate(raw)) return raw;
  const time = crmTime(raw);
  return time?.slice(0, 10);
}
