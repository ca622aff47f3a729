import { z } from 'zod';

/** A CRM source's name in the integration routes' paths, e.g. /api/integrations/salesforce/events. */
export const sourceParams = z.object({
  source: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, e.g. salesforce')
    .meta({ example: 'salesforce' }),
});
