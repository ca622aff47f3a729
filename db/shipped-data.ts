import { businessCalendarSchema } from '../domain/shared/business-calendar-schema';
import { SHIPPED_CALENDARS } from '../domain/shared/shipped-calendars';
import { templateDefinitionSchema } from '../domain/shared/template-definition';
import { LAUNCH_READINESS_TEMPLATE } from '../domain/launch/shipped-template';
import { POC_TEMPLATE } from '../domain/poc/shipped-template';
import { DEAL_TEMPLATE } from '../domain/deal/shipped-template';
import { HANDOFF_TEMPLATE } from '../domain/handoff/shipped-template';
import { RENEWAL_TEMPLATE } from '../domain/renewal/shipped-template';
import type { Prisma } from './generated/client';
import type { Database } from './prisma';

const SHIPPED_TEMPLATES = [LAUNCH_READINESS_TEMPLATE, POC_TEMPLATE, DEAL_TEMPLATE, HANDOFF_TEMPLATE, RENEWAL_TEMPLATE];

/**
 * Makes sure what Baton ships exists: version 1 of each template and each calendar. Idempotent
 * and safe to run from several processes at once; never touches what users created or changed.
 */
export async function seedShippedData(db: Database): Promise<void> {
  const templates = SHIPPED_TEMPLATES.map((input) => templateDefinitionSchema.parse(input));
  await db.playbookTemplateVersion.createMany({
    data: templates.map((template) => ({
      key: template.key,
      version: 1,
      name: template.name,
      playbook: template.playbook,
      definition: template as unknown as Prisma.InputJsonValue,
      createdBy: 'baton',
    })),
    skipDuplicates: true,
  });
  const calendars = SHIPPED_CALENDARS.map((input) => businessCalendarSchema.parse(input));
  await db.businessCalendar.createMany({
    data: calendars.map((calendar) => ({
      key: calendar.key,
      name: calendar.name,
      definition: calendar as unknown as Prisma.InputJsonValue,
      updatedBy: 'baton',
    })),
    skipDuplicates: true,
  });
}
