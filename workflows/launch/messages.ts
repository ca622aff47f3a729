import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CompleteItemInput, LegacyLaunchState } from '../../domain/launch/legacy-checklist';
import type { LaunchUpdateRequest } from '../../domain/launch/caller';
import type { LaunchInput, LaunchState } from '../../domain/launch/types';
import type { UpdateReceipt } from '../../domain/shared/update-receipt';

/** The live state of a launch run. */
export const getLaunchState = defineQuery<LaunchState>('getLaunchState');

/** The template version and calendar the run pinned when it started, for what-if previews. */
export const getPinnedPlan = defineQuery<Pick<LaunchInput, 'template' | 'calendar'>>('getPinnedPlan');

/**
 * Every action on a run (start, complete, skip, reopen, sign off, decide...), validated (with the caller's item
 * rights) before it is accepted. It answers a receipt (the new version); runs recorded before patch
 * lean-launch-small-payloads answer the whole state.
 */
export const launchAction = defineUpdate<LaunchState | UpdateReceipt, [LaunchUpdateRequest]>('launchAction');

/** The state of a run that started before playbook templates (a different shape). */
export const getLegacyChecklistState = defineQuery<LegacyLaunchState>('getLegacyChecklistState');

/** The first checklist's only action; kept for runs that started before playbook templates. */
export const completeLaunchItem = defineUpdate<LegacyLaunchState, [CompleteItemInput]>('completeLaunchItem');
