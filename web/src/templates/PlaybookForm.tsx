import { DealTemplateEditor, type DealTemplateDraft } from './DealTemplateEditor';
import { HandoffTemplateEditor, type HandoffTemplateDraft } from './HandoffTemplateEditor';
import { PocTemplateEditor, type PocTemplateDraft } from './PocTemplateEditor';
import { RenewalTemplateEditor, type RenewalTemplateDraft } from './RenewalTemplateEditor';
import type { TemplateProblem } from './validation';

/** Playbooks whose templates are rules rather than a checklist, each edited in its own form (issue 20). */
const FORMS = ['poc', 'deal-support', 'delivery-handoff', 'renewal'] as const;

export const hasPlaybookForm = (playbook: string): boolean => (FORMS as readonly string[]).includes(playbook);

/**
 * The form of a rules-shaped template, picked by its playbook: what the version page shows read-only
 * and the draft editor edits, with the dry run's problems next to their fields.
 */
export function PlaybookForm({
  playbook,
  definition,
  onChange,
  problems,
  readOnly,
}: {
  playbook: string;
  definition: Record<string, unknown>;
  onChange?: (next: Record<string, unknown>) => void;
  problems?: TemplateProblem[];
  readOnly?: boolean;
}) {
  const change = onChange ? (next: object) => onChange(next as Record<string, unknown>) : undefined;
  const props = { onChange: change, problems, readOnly };
  if (playbook === 'deal-support')
    return <DealTemplateEditor draft={definition as unknown as DealTemplateDraft} {...props} />;
  if (playbook === 'delivery-handoff')
    return <HandoffTemplateEditor draft={definition as unknown as HandoffTemplateDraft} {...props} />;
  if (playbook === 'renewal')
    return <RenewalTemplateEditor draft={definition as unknown as RenewalTemplateDraft} {...props} />;
  return <PocTemplateEditor draft={definition as unknown as PocTemplateDraft} {...props} />;
}
