import type { CompiledWorkflowOptions, Connection, WorkflowClientInterceptor } from '@temporalio/client';
import { TypedSearchAttributes, type SearchAttributePair } from '@temporalio/common';
import { BATON_PLAYBOOK, SEARCH_ATTRIBUTE_SETUP } from '../domain/shared/search-attributes';

/**
 * Whether the namespace has every Baton search attribute registered (see the README's setup). A
 * server that cannot say (an older one, missing permission) counts as no: runs then start without
 * search attributes, and their workflows never upsert them.
 */
export async function hasBatonSearchAttributes(connection: Connection, namespace: string): Promise<boolean> {
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    return Object.keys(SEARCH_ATTRIBUTE_SETUP).every((name) => customAttributes?.[name] !== undefined);
  } catch {
    return false;
  }
}

/**
 * Every run the API starts gets a static summary for Temporal's UI and CLI and, where the namespace
 * has Baton's search attributes, BatonPlaybook: the mark by which its workflow knows it may keep the
 * others current (workflows/shared/visibility.ts).
 */
export function visibilityInterceptor(searchAttributesRegistered: boolean): WorkflowClientInterceptor {
  const visible = <O extends CompiledWorkflowOptions>(workflowType: string, options: O): O => ({
    ...options,
    staticSummary: options.staticSummary ?? `Baton ${workflowType} ${options.workflowId}`,
    ...(searchAttributesRegistered
      ? {
          typedSearchAttributes: [
            ...given(options.typedSearchAttributes),
            { key: BATON_PLAYBOOK, value: workflowType },
          ],
        }
      : {}),
  });
  return {
    async startWithDetails(input, next) {
      return next({ ...input, options: visible(input.workflowType, input.options) });
    },
    // Person digests start with their plan as a signal (api/people/digest-schedule.ts).
    async signalWithStart(input, next) {
      return next({ ...input, options: visible(input.workflowType, input.options) });
    },
  };
}

function given(attributes: TypedSearchAttributes | SearchAttributePair[] | undefined): SearchAttributePair[] {
  if (!attributes) return [];
  return attributes instanceof TypedSearchAttributes ? attributes.getAll() : attributes;
}
