import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../../db/prisma';
import { crmMappingSchema, type CrmMapping } from '../../domain/integrations/mapping';
import { SHIPPED_MAPPINGS } from '../../domain/integrations/shipped-mappings';
import type { Text } from '../../domain/shared/text';

/** The integration tables (issue 18): sources and their secrets, mapping versions, applied events, dead letters. */

export type DeadLetterReason = 'signature' | 'timestamp' | 'malformed' | 'unmappable' | 'refused';

export interface SourceMapping {
  version: number;
  mapping: CrmMapping;
}

export function integrationStore(db: Database) {
  return {
    async secretOf(source: string): Promise<string | undefined> {
      return (await db.integrationSource.findUnique({ where: { name: source } }))?.secret;
    },

    /** A new Standard Webhooks secret for the source (replacing any earlier one), to be shown once. */
    async newSecret(source: string): Promise<string> {
      const secret = `whsec_${randomBytes(24).toString('base64')}`;
      await db.integrationSource.upsert({
        where: { name: source },
        create: { name: source, secret },
        update: { secret },
      });
      return secret;
    },

    /** The latest saved mapping, else the one Baton ships under the source's name (version 0). */
    async mappingOf(source: string): Promise<SourceMapping | undefined> {
      const saved = await db.integrationMapping.findFirst({ where: { source }, orderBy: { version: 'desc' } });
      if (saved) return { version: saved.version, mapping: crmMappingSchema.parse(saved.definition) };
      const shipped = (SHIPPED_MAPPINGS as Record<string, CrmMapping>)[source];
      return shipped ? { version: 0, mapping: shipped } : undefined;
    },

    /** Saves the mapping as the source's next version; two admins saving at once both get their own version. */
    async saveMapping(source: string, mapping: CrmMapping, createdBy: string): Promise<number> {
      for (;;) {
        const latest = await db.integrationMapping.findFirst({ where: { source }, orderBy: { version: 'desc' } });
        const version = (latest?.version ?? 0) + 1;
        try {
          await db.integrationMapping.create({ data: { source, version, definition: mapping, createdBy } });
          return version;
        } catch (error) {
          if ((error as { code?: string }).code !== 'P2002') throw error;
        }
      }
    },

    async appliedEvent(source: string, eventId: string) {
      return db.integrationEvent.findUnique({ where: { source_eventId: { source, eventId } } });
    },

    /** Records an applied event; a concurrent duplicate that got here first keeps its record. */
    async recordApplied(source: string, eventId: string, mappingVersion: number, outcome: unknown): Promise<void> {
      await db.integrationEvent.createMany({
        data: [{ source, eventId, mappingVersion, outcome: outcome as object }],
        skipDuplicates: true,
      });
    },

    async deadLetter(letter: {
      source: string;
      eventId?: string;
      reason: DeadLetterReason;
      problem: string;
      problemText?: Text;
      payload: string;
      verified: boolean;
    }): Promise<string> {
      const id = `dl_${randomUUID()}`;
      const { problemText, ...rest } = letter;
      await db.integrationDeadLetter.create({
        data: {
          id,
          ...rest,
          eventId: letter.eventId ?? null,
          ...(problemText ? { problemText: problemText as object } : {}),
        },
      });
      return id;
    },
  };
}

export type IntegrationStore = ReturnType<typeof integrationStore>;
