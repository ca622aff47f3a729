/**
 * A stand-in for the playbook a case starts next: it ends at once and returns the input it was
 * started with, so a test can check what the case handed on without running the next playbook.
 */
export async function nextPlaybookStandIn(input: unknown): Promise<unknown> {
  return input;
}
