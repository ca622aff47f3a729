/**
 * The API's own response shapes, inferred from its zod schemas (type-only imports: nothing of
 * the server reaches the bundle). A schema change on the server is a type error here.
 */
import type { z } from 'zod';
import type {
  dealLessonPageSchema,
  dealSummaryPageSchema,
  dealSummarySchema,
  dealTimelinePageSchema,
} from '../../../api/deal/read-schemas';
import type { dealStateSchema } from '../../../api/deal/schemas';
import type { handoffSummaryPageSchema, handoffSummarySchema } from '../../../api/handoff/read-schemas';
import type { handoffStateSchema } from '../../../api/handoff/schemas';
import type { launchStateSchema, whatIfResultSchema } from '../../../api/launch/schemas';
import type {
  pocDashboardSchema,
  pocSummaryPageSchema,
  pocSummarySchema,
  pocTimelinePageSchema,
} from '../../../api/poc/read-schemas';
import type { pocStateSchema } from '../../../api/poc/schemas';
import type {
  renewalCalendarSchema,
  renewalSummaryPageSchema,
  renewalSummarySchema,
} from '../../../api/renewal/read-schemas';
import type { renewalStateSchema } from '../../../api/renewal/schemas';
import type {
  caseParticipationSchema,
  invitationSchema,
  portalHandoffSchema,
  portalPocSchema,
  portalRenewalSchema,
  portalSessionSchema,
} from '../../../api/portal/schemas';
import type {
  launchSummaryPageSchema,
  launchSummarySchema,
  timelinePageSchema,
} from '../../../api/launch/read-schemas';
import type { taskPageSchema, taskSchema } from '../../../api/tasks/schemas';

export type LaunchState = z.output<typeof launchStateSchema>;
export type LaunchItem = LaunchState['items'][number];
export type LaunchGate = LaunchState['gates'][number];
export type WhatIfResult = z.output<typeof whatIfResultSchema>;
export type LaunchSummary = z.output<typeof launchSummarySchema>;
export type LaunchSummaryPage = z.output<typeof launchSummaryPageSchema>;
export type LaunchTimelinePage = z.output<typeof timelinePageSchema>;
export type Task = z.output<typeof taskSchema>;
export type TaskPage = z.output<typeof taskPageSchema>;

export type PocState = z.output<typeof pocStateSchema>;
export type PocSummary = z.output<typeof pocSummarySchema>;
export type PocSummaryPage = z.output<typeof pocSummaryPageSchema>;
export type PocDashboard = z.output<typeof pocDashboardSchema>;
export type PocTimelinePage = z.output<typeof pocTimelinePageSchema>;

export type DealState = z.output<typeof dealStateSchema>;
export type DealSummary = z.output<typeof dealSummarySchema>;
export type DealSummaryPage = z.output<typeof dealSummaryPageSchema>;
export type DealTimelinePage = z.output<typeof dealTimelinePageSchema>;
export type DealLessonPage = z.output<typeof dealLessonPageSchema>;

/** A business calendar as GET /api/calendars lists it (only what the board reads). */
export interface CalendarSummary {
  key: string;
  name?: string;
}

/** One timeline row, whichever playbook it comes from. */
export interface TimelineRow {
  n: number;
  at: string;
  type: string;
  actor: string;
  summary: string;
  itemKey?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export type HandoffState = z.output<typeof handoffStateSchema>;
export type HandoffMilestone = HandoffState['milestones'][number];
export type HandoffSummary = z.output<typeof handoffSummarySchema>;
export type HandoffSummaryPage = z.output<typeof handoffSummaryPageSchema>;

export type RenewalState = z.output<typeof renewalStateSchema>;
export type RenewalSummary = z.output<typeof renewalSummarySchema>;
export type RenewalSummaryPage = z.output<typeof renewalSummaryPageSchema>;
export type RenewalCalendar = z.output<typeof renewalCalendarSchema>;

export type PortalHandoff = z.output<typeof portalHandoffSchema>;
export type PortalStep = PortalHandoff['steps'][number];
export type PortalPoc = z.output<typeof portalPocSchema>;
export type PortalRenewal = z.output<typeof portalRenewalSchema>;
export type PortalSession = z.output<typeof portalSessionSchema>;
export type PortalParticipation = z.output<typeof caseParticipationSchema>;
export type PortalInvitation = z.output<typeof invitationSchema>;
