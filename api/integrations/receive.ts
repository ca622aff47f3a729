import { translate } from '../../domain/integrations/translate';
import type { Said, Text, TextParam } from '../../domain/shared/text';
import { Problem } from '../http/problem';
import { RefusedEvent, type CommandOutcome } from './commands';
import type { DeadLetterReason, IntegrationStore } from './store';
import { integrationSays, integrationText } from './text';

/**
 * One verified CRM event, from its bytes to the commands it runs: parsed, mapped by the source's
 * latest mapping, applied, and recorded under (source, event id) so a repeat changes nothing. The
 * events route and a dead letter's replay both come here; what fails is answered as a failure the
 * caller keeps (a new dead letter, or the replayed letter's outcome).
 */

export interface Applied {
  eventId: string;
  mappingVersion: number;
  /** The event was applied before: its first outcome is returned and nothing ran again. */
  duplicate: boolean;
  outcomes: CommandOutcome[];
}

export interface Failure {
  reason: DeadLetterReason;
  status: number;
  /** What was wrong, in English (stored with the dead letter). */
  problem: string;
  /** The same as a catalog text, so the board words a dead letter in its reader's language. */
  problemText?: Text;
  /** The answer's detail, worded with the dead letter's id once it has one. */
  detail: (id: string) => Said;
  errors?: string[];
}

export type RunCommands = (
  source: string,
  eventId: string,
  translation: Extract<ReturnType<typeof translate>, { ok: true }>,
  now: Date,
) => Promise<CommandOutcome[]>;

export function eventReceiver(store: IntegrationStore, run: RunCommands) {
  return async function receive(source: string, eventId: string, body: string): Promise<Applied | Failure> {
    const earlier = await store.appliedEvent(source, eventId);
    if (earlier)
      return {
        eventId,
        mappingVersion: earlier.mappingVersion,
        duplicate: true,
        outcomes: earlier.outcome as unknown as CommandOutcome[],
      };
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      payload = undefined;
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
      return {
        reason: 'malformed',
        status: 400,
        problem: 'the body is not a JSON object',
        detail: (id) => integrationSays('integrations.malformed', { id }),
      };
    const found = await store.mappingOf(source);
    if (!found)
      return {
        reason: 'unmappable',
        status: 422,
        problem: `no mapping for ${source}`,
        detail: () => integrationSays('integrations.no-mapping', { source }),
      };
    const translation = translate(found.mapping, payload);
    if (!translation.ok)
      return unmappable(
        source,
        found.version,
        translation.problems.map((problem) => problem.text),
      );
    let outcomes: CommandOutcome[];
    try {
      outcomes = await run(source, eventId, translation, new Date());
    } catch (error) {
      if (error instanceof RefusedEvent) {
        if (error.status === 422) return unmappable(source, found.version, [error.message]);
        return {
          reason: 'refused',
          status: 409,
          problem: error.message,
          detail: (id) => integrationSays('integrations.refused', { problem: error.message, id }),
        };
      }
      // A calendar the mapping names but nobody set up is the mapping's fault, and fixable.
      if (error instanceof Problem && error.status === 422) return unmappable(source, found.version, [error.message]);
      throw error;
    }
    await store.recordApplied(source, eventId, found.version, outcomes);
    return { eventId, mappingVersion: found.version, duplicate: false, outcomes };
  };
}

/** `problems`: the mapping's own (catalog texts), or a refusal's English sentence. */
function unmappable(source: string, version: number, problems: TextParam[]): Failure {
  const listed = { list: problems, separator: '; ' } as const;
  const problemText = integrationText('integrations.problems', { problems: listed });
  const english = problems.map((problem) => integrationSays('integrations.problems', { problems: problem }).summary);
  return {
    reason: 'unmappable',
    status: 422,
    problem: english.join('; '),
    problemText,
    errors: english,
    detail: (id) => integrationSays('integrations.unmappable', { source, version, problems: listed, id }),
  };
}

export const isFailure = (result: Applied | Failure): result is Failure => 'reason' in result;
