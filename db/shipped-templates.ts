import { playbookTemplateSchema } from '../domain/playbook-template';
import { LAUNCH_READINESS_TEMPLATE } from '../domain/templates/launch-readiness';
import type { Prisma } from './generated/client';
import type { Database } from './prisma';

const SHIPPED = [LAUNCH_READINESS_TEMPLATE];

/**
 * Makes sure version 1 of every template Baton ships exists. Idempotent and safe to run from
 * several processes at once; never touches versions users created.
 */
export async function seedShippedTemplates(db: Database): Promise<void> {
  for (const input of SHIPPED) {
    const template = playbookTemplateSchema.parse(input);
    await db.playbookTemplateVersion.createMany({
      data: [
        {
          key: template.key,
          version: 1,
          name: template.name,
          playbook: template.playbook,
          definition: template as unknown as Prisma.InputJsonValue,
          createdBy: 'baton',
        },
      ],
      skipDuplicates: true,
    });
  }
}
