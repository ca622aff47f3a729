import { z } from 'zod';
import { wordText, type Catalog, type Text } from './text';

/**
 * What every rules-shaped template (POC, deal support, delivery handoff; issue 20) shares: its key's
 * shape, whole-day fields, and problems zod's shapes cannot see, each naming its field in English and
 * carrying the catalog text that words it again in the reader's language.
 */

export const templateSlug = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    'must be 1-63 lowercase letters, digits or dashes, starting with a letter or digit',
  );

export const wholeDays = (min: number, max: number) => z.number().int().min(min).max(max);

export interface TemplateProblem {
  path: (string | number)[];
  message: string;
  /** The same sentence as a catalog text, for a reader in another language. */
  text: Text;
}

/** A list of problems and the `say` that adds one, worded from `catalog`. */
export function problemList<C extends Catalog>(catalog: C) {
  const problems: TemplateProblem[] = [];
  const say = (path: (string | number)[], key: keyof C & string, params: Text['params']) => {
    const text = { key, params };
    problems.push({ path, message: wordText(catalog, text, 'en')!, text });
  };
  return { problems, say };
}

/** A superRefine that reports `problemsOf` as zod issues, the catalog text in each issue's params. */
export const refuseProblems =
  <T>(problemsOf: (template: T) => TemplateProblem[]) =>
  (template: T, context: z.RefinementCtx) => {
    for (const problem of problemsOf(template))
      context.addIssue({
        code: 'custom',
        path: problem.path,
        message: problem.message,
        params: { text: problem.text },
      });
  };
