import type { Prisma } from '../../db/generated/client';
import type { CaseProfile } from '../../domain/insights/case-profile';

/**
 * Stores a chain case's channel, industry and products (issue 21) in case_profile, beside the case's
 * own row and in the same transaction, with the case it came from, so the insights reports follow the
 * chain and filter every playbook the same way from one table. A write older than the stored one never wins.
 */
export async function storeCaseProfile(
  tx: Prisma.TransactionClient,
  caseId: string,
  playbook: 'poc' | 'deal' | 'handoff' | 'renewal',
  profile: CaseProfile | undefined,
  sourceId: string | null | undefined,
  seq: number,
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO case_profile (case_id, playbook, source_id, channel, industry, products, projection_seq)
    VALUES (${caseId}, ${playbook}, ${sourceId ?? null}, ${profile?.channel ?? null}, ${profile?.industry ?? null},
            ${profile?.products ?? []}::text[], ${seq})
    ON CONFLICT (case_id) DO UPDATE SET
      source_id = EXCLUDED.source_id, channel = EXCLUDED.channel, industry = EXCLUDED.industry,
      products = EXCLUDED.products, projection_seq = EXCLUDED.projection_seq
    WHERE case_profile.projection_seq < EXCLUDED.projection_seq`;
}
