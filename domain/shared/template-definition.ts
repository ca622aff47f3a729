import { z } from 'zod';
import { playbookTemplateSchema, templateProblems } from '../launch/template';
import { pocTemplateSchema } from '../poc/template';
import { dealTemplateSchema } from '../deal/template';
import { handoffTemplateSchema } from '../handoff/template';
import { renewalTemplateSchema } from '../renewal/template';

/**
 * Every kind of playbook template in one versioned table (issue 20), told apart by `playbook`: a POC
 * template holds a trial's rules and default criteria, a deal-support template the service level of
 * each support type, a delivery-handoff template its package, SLAs and milestone plan, a renewal template its
 * steps' offsets from the contract end, reminders, escalation and health bands; the launch ones keep the launch shape (phases, items, gates). One schema, so creating,
 * validating and seeding check each kind with its own rules and report only that kind's problems.
 */
const checklistTemplateSchema = z
  .strictObject({
    ...playbookTemplateSchema.shape,
    playbook: z.enum(['launch-readiness']),
  })
  .superRefine((template, context) => {
    for (const problem of templateProblems(template))
      context.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  })
  .meta({ id: 'PlaybookTemplate' });

export const templateDefinitionSchema = z
  .discriminatedUnion('playbook', [
    pocTemplateSchema.meta({ id: 'PocTemplate' }),
    dealTemplateSchema.meta({ id: 'DealSupportTemplate' }),
    handoffTemplateSchema.meta({ id: 'DeliveryHandoffTemplate' }),
    renewalTemplateSchema.meta({ id: 'RenewalTemplate' }),
    checklistTemplateSchema,
  ])
  .meta({ id: 'TemplateDefinition' });

export type TemplateDefinition = z.output<typeof templateDefinitionSchema>;
