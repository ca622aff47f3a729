import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';
import { useI18n } from '../lib/i18n';
import { serverText } from '../lib/server-text';
import { ActionRow, type ActionSpec } from './actions';
import { CaseChain } from './case-chain';
import { CsvButton } from './csv-button';
import { PageHeader, Section, StaleNote, Timeline } from './ui';

/**
 * The frame every case page (POC trial, deal, handoff, renewal) shares: its header, a note when the
 * data is stale, any `notices` (SLA, last call...), the actions, then the main column and a side
 * column that ends with the latest timeline.
 */
export function CaseDetail({
  title,
  intro,
  live,
  notices,
  actions,
  main,
  side,
  chain,
  timeline,
  timelinePath,
}: {
  title: string;
  intro: ReactNode;
  live: { error: ApiError | undefined; reload(): void };
  notices?: ReactNode;
  actions: readonly ActionSpec[];
  main: ReactNode;
  side?: ReactNode;
  /** Where the case came from in the customer lifecycle, and what it started. */
  chain?: Parameters<typeof CaseChain>[0];
  timeline: ReadonlyArray<{ n: number; at: string; actor: string; summary: string; type: string; message?: unknown }>;
  /** The case's timeline route (`/api/pocs/<id>/timeline`): the whole timeline exports from it as CSV. */
  timelinePath?: string;
}) {
  const { t, language } = useI18n();
  return (
    <>
      <PageHeader title={title} intro={intro} />
      <StaleNote error={live.error} />
      {notices}
      <ActionRow actions={actions} onDone={live.reload} />
      <div className="detail-grid">
        <div className="detail-main">{main}</div>
        <aside className="detail-side">
          {chain ? <CaseChain {...chain} /> : null}
          {side}
          <Section
            title={t('common.timeline')}
            actions={timelinePath ? <CsvButton listPath={timelinePath} fileName="timeline" /> : undefined}
          >
            <Timeline events={timeline} describe={(event) => serverText(event.message, language)} />
          </Section>
        </aside>
      </div>
    </>
  );
}
