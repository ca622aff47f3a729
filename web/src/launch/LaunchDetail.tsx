import { CsvButton } from '../components/csv-button';
import { useState, type FormEvent } from 'react';
import { ApiError, get, post, segment } from '../api/client';
import type { LaunchGate, LaunchItem, LaunchState, LaunchTimelinePage, TimelineRow, WhatIfResult } from '../api/types';
import { ActionButton, takingEffort, useAnnounce, type ActionSpec } from '../components/actions';
import {
  DetailFallback,
  Badge,
  Day,
  Empty,
  Field,
  OverdueBadge,
  PageHeader,
  ProblemNote,
  Progress,
  Section,
  StaleNote,
  StateBadge,
  Timeline,
  ChecklistTable,
} from '../components/ui';
import { useAuth, useCan } from '../lib/auth';
import { formatDay, formatInstant } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { launchEventText } from './event-text';
import { titleIn } from '../../../domain/launch/shipped-titles';
import { useLiveCase } from '../lib/live';
import { useSubmission } from '../lib/submit';
import { itemActions } from './actions';
import { gateGaps, gateReadiness } from './gate';
import { LaunchSchedule, ScheduleSummary } from './LaunchSchedule';

export function LaunchDetailPage() {
  const { id, live } = useLiveCase<LaunchState>('launches');
  const { t, label, locale } = useI18n();
  const state = live.data;

  if (!state) return <DetailFallback live={live} title={id} notFound={t('launch.notFound', { id })} />;
  const done = state.items.filter((item) => item.status === 'done' || item.status === 'skipped').length;
  return (
    <>
      <PageHeader
        title={state.productName}
        intro={
          <>
            <StateBadge kind="run" value={state.status} /> {t('launches.launchDate')}: <Day value={state.launchDate} />{' '}
            · {state.regions.length ? state.regions.join(', ') : t('launches.companyWide')} ·{' '}
            {t('launch.template', {
              name: state.template.name,
              version: state.template.version,
              calendar: state.calendar,
            })}
          </>
        }
        actions={
          <Progress
            done={done}
            total={state.items.length}
            label={t('launches.progressValue', { done, total: state.items.length })}
          />
        }
      />
      <StaleNote error={live.error} />
      <p className="muted small">
        {t('launch.started', { who: state.startedBy, at: formatInstant(state.startedAt, locale) })} ·{' '}
        {Object.entries(state.owners)
          .map(([role, person]) => `${label('role', role)}: ${person}`)
          .join(' · ')}
      </p>
      <div className="detail-grid">
        <div className="detail-main">
          {state.gates.map((gate) => (
            <GateCard key={gate.key} state={state} gate={gate} reload={live.reload} />
          ))}
          <Checklist state={state} reload={live.reload} />
        </div>
        <aside className="detail-side">
          {state.status === 'active' ? <LaunchSchedule state={state} /> : null}
          {state.status === 'active' ? <MoveLaunchDate state={state} reload={live.reload} /> : null}
          <LaunchTimeline state={state} />
        </aside>
      </div>
    </>
  );
}

/**
 * What the Go dialog says before anyone presses it: what is still open and unsigned, or, when
 * nothing is, what a go does (newcomer walk 7: it said "every gate item is settled" over a refusal).
 */
function goDialogIntro(state: LaunchState, gate: LaunchGate, { t, label, language }: ReturnType<typeof useI18n>) {
  const { openItems, missingSignOffs } = gateGaps(state, gate);
  if (openItems.length === 0 && missingSignOffs.length === 0) return t('launch.goConfirm');
  const separator = language === 'zh' ? '、' : ', ';
  return [
    openItems.length
      ? t('launch.goStillOpen', { items: openItems.map((item) => titleIn(item.title, language)).join(separator) })
      : '',
    missingSignOffs.length
      ? t('launch.goStillUnsigned', { roles: missingSignOffs.map((role) => label('role', role)).join(separator) })
      : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function GateCard({ state, gate, reload }: { state: LaunchState; gate: LaunchGate; reload: () => void }) {
  const i18n = useI18n();
  const { t, label, locale } = i18n;
  const { identity } = useAuth();
  const can = useCan();
  const gatePath = `/api/launches/${segment(state.launchId)}/gates/${segment(gate.key)}`;
  const undecided = !gate.decision || gate.decision.outcome === 'no-go';
  const canSign = (role: string) => identity?.via === 'api-token' || (identity?.roles.includes(role) ?? false);
  const goIntro = goDialogIntro(state, gate, i18n);
  const decisions: ActionSpec[] =
    can.may('launch:manage') && state.status === 'active' && undecided
      ? [
          {
            key: `go-${gate.key}`,
            label: t('launch.go'),
            title: t('launch.goTitle', { product: state.productName }),
            intro: goIntro,
            tone: 'primary',
            submit: takingEffort((body) => post(`${gatePath}/decision`, { ...body, outcome: 'go' })),
          },
          {
            key: `no-go-${gate.key}`,
            label: t('launch.noGo'),
            title: t('launch.noGoTitle', { product: state.productName }),
            tone: 'danger',
            fields: [
              { name: 'reasons', label: t('launch.reasons'), kind: 'textarea', required: true },
              { name: 'newLaunchDate', label: t('launch.newLaunchDate'), kind: 'date', required: true },
            ],
            submit: takingEffort((body) => post(`${gatePath}/decision`, { ...body, outcome: 'no-go' })),
          },
        ]
      : [];
  return (
    <Section
      title={`${t('launch.gate')}: ${titleIn(gate.title, i18n.language)}`}
      actions={gateReadiness(state, i18n)}
      id={`gate-${gate.key}`}
    >
      <p className="muted">{t('launch.gateDue', { date: formatDay(gate.dueDate, locale) })}</p>
      {gate.decision ? (
        <p>
          <Badge tone={gate.decision.outcome === 'go' ? 'good' : 'warn'}>
            {label('outcome', gate.decision.outcome)}
          </Badge>{' '}
          {t('launch.decided', {
            outcome: label('outcome', gate.decision.outcome),
            who: gate.decision.by,
            at: formatInstant(gate.decision.at, locale),
          })}
          {gate.decision.reasons ? ` · ${gate.decision.reasons}` : ''}
        </p>
      ) : null}
      <div className="gate-columns">
        <div>
          <h3>{t('launch.gateItems')}</h3>
          <ul className="plain">
            {gate.requiredItems.map((key) => {
              const item = state.items.find((candidate) => candidate.key === key);
              return (
                <li key={key}>
                  {item ? <StateBadge kind="item" value={item.status} /> : null}{' '}
                  <a href={`#item-${key}`}>{item ? titleIn(item.title, i18n.language) : key}</a>
                </li>
              );
            })}
          </ul>
        </div>
        <div>
          <h3>{t('launch.gateSignOffs')}</h3>
          <ul className="plain">
            {gate.signOffs.map((role) => {
              const signed = gate.signedOff.find((entry) => entry.role === role);
              return (
                <li key={role}>
                  {signed ? (
                    <>
                      <Badge tone="good">✓</Badge>{' '}
                      {t('launch.gateSigned', { role: label('role', role), who: signed.by })}
                    </>
                  ) : (
                    <>
                      <Badge tone="warn">…</Badge> {t('launch.gateMissing', { role: label('role', role) })}{' '}
                      {state.status === 'active' && undecided && canSign(role) ? (
                        <ActionButton
                          small
                          onDone={reload}
                          action={{
                            key: `gate-sign-${gate.key}-${role}`,
                            label: t('action.signOffAs', { role: label('role', role) }),
                            title: `${titleIn(gate.title, i18n.language)}: ${t('action.signOffAs', { role: label('role', role) })}`,
                            tone: 'primary',
                            submit: () => post(`${gatePath}/sign-off`, { role }),
                          }}
                        />
                      ) : null}
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      </div>
      {decisions.length ? (
        <div className="button-row">
          {decisions.map((action) => (
            <ActionButton key={action.key} action={action} onDone={reload} />
          ))}
        </div>
      ) : null}
    </Section>
  );
}

function Checklist({ state, reload }: { state: LaunchState; reload: () => void }) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const { identity } = useAuth();
  const can = useCan();
  const phases = [...new Set(state.items.map((item) => item.phase))];
  const ended = state.status === 'cancelled' || state.status === 'closed';
  const who = {
    roles: identity?.roles ?? [],
    canAct: can.may('launch:act') && !ended,
    canManage: can.may('launch:manage') && !ended,
  };
  return (
    <Section
      title={t('launch.checklist')}
      actions={<CsvButton listPath={`/api/launches/${segment(state.launchId)}/items`} fileName="launch-items" />}
    >
      {phases.map((phase) => {
        const items = state.items.filter((item) => item.phase === phase);
        return (
          <div key={phase} className="phase">
            <h3>{label('phase', phase)}</h3>
            {items.length === 0 ? (
              <Empty>{t('launch.phaseEmpty')}</Empty>
            ) : (
              <ChecklistTable more={[t('launch.dependsCol'), t('launch.evidenceCol'), t('common.actions')]}>
                {items.map((item) => (
                  <ItemRow
                    key={item.key}
                    state={state}
                    item={item}
                    actions={itemActions(state.launchId, item, i18n, who)}
                    reload={reload}
                  />
                ))}
              </ChecklistTable>
            )}
          </div>
        );
      })}
    </Section>
  );
}

function ItemRow({
  state,
  item,
  actions,
  reload,
}: {
  state: LaunchState;
  item: LaunchItem;
  actions: ActionSpec[];
  reload: () => void;
}) {
  const { t, label, language } = useI18n();
  const title = (key: string) => {
    const found = state.items.find((candidate) => candidate.key === key);
    return found ? titleIn(found.title, language) : key;
  };
  return (
    <tr id={`item-${item.key}`} className={item.overdue ? 'overdue' : undefined}>
      <th scope="row">
        {titleIn(item.title, language)}
        <div className="muted small">
          {item.key}
          {item.required ? '' : ` · ${t('common.optional')}`}
        </div>
      </th>
      <td>
        {label('role', item.ownerRole)}
        {item.assignee ? <div className="small">{item.assignee}</div> : null}
      </td>
      <td>
        <Day value={item.dueDate} /> {item.overdue ? <OverdueBadge /> : null}
      </td>
      <td>
        <StateBadge kind="item" value={item.status} />
        {item.awaitingSignOff && item.signOffBy ? (
          <div className="small">{t('launch.awaitingSignOff', { role: label('role', item.signOffBy) })}</div>
        ) : null}
        {item.signedOff ? <div className="small">{t('launch.signedBy', { who: item.signedOff.by })}</div> : null}
        {item.skipReason ? <div className="small">{t('launch.skipped', { reason: item.skipReason })}</div> : null}
      </td>
      <td>
        {item.dependsOn.length === 0 ? (
          <span className="muted">–</span>
        ) : (
          <ul className="plain small">
            {item.dependsOn.map((key) => (
              <li key={key}>
                <a href={`#item-${key}`}>{title(key)}</a>
                {item.waitingOn.includes(key) ? ' ⏳' : ' ✓'}
              </li>
            ))}
          </ul>
        )}
        {item.waitingOn
          .filter((key) => key.startsWith('gate:'))
          .map((key) => (
            <div key={key} className="small">
              {t('tasks.waiting', { what: key.slice('gate:'.length) })}
            </div>
          ))}
      </td>
      <td className="evidence">
        {item.evidence?.link ? (
          <a href={item.evidence.link} target="_blank" rel="noreferrer noopener">
            {item.evidence.link}
          </a>
        ) : null}
        {item.evidence?.note ? <p className="small">{item.evidence.note}</p> : null}
        {!item.evidence && item.evidenceRequired !== 'none' ? (
          <span className="muted small">{t(`field.evidence.${item.evidenceRequired}`)}</span>
        ) : null}
      </td>
      <td>
        <div className="row-actions">
          {actions.map((action) => (
            <ActionButton key={action.key} action={action} onDone={reload} small />
          ))}
        </div>
      </td>
    </tr>
  );
}

/** A new launch date: preview every due date that moves, then confirm against the version previewed. */
function MoveLaunchDate({ state, reload }: { state: LaunchState; reload: () => void }) {
  const { t, locale, language } = useI18n();
  const can = useCan();
  const announce = useAnnounce();
  const [launchDate, setLaunchDate] = useState('');
  const [reason, setReason] = useState('');
  const [preview, setPreview] = useState<{ result: WhatIfResult; seq: number }>();
  const { error, busy, run } = useSubmission();
  if (!can.may('launch:manage')) return null;
  const base = `/api/launches/${segment(state.launchId)}`;
  const onPreview = (event: FormEvent) => {
    event.preventDefault();
    const seq = state.seq;
    void run(async () =>
      setPreview({ result: await post<WhatIfResult>(`${base}/what-if`, launchDate ? { launchDate } : {}), seq }),
    );
  };
  const onConfirm = () =>
    void run(async () => {
      await post(`${base}/launch-date`, { launchDate, reason }, preview!.seq);
      announce(t('launch.moved', { date: formatDay(launchDate, locale) }));
      setPreview(undefined);
      setLaunchDate('');
      setReason('');
      reload();
    });

  const moved = preview ? preview.result.items.filter((item) => item.newDueDate !== item.dueDate) : [];
  return (
    <Section title={t('launch.moveDate')}>
      <p className="muted small">{t('launch.moveHint')}</p>
      <form onSubmit={onPreview} noValidate>
        <Field label={t('launch.newLaunchDate')} name="launchDate" error={error} required>
          {(props) => (
            <input
              {...props}
              type="date"
              value={launchDate}
              onChange={(event) => {
                setLaunchDate(event.target.value);
                setPreview(undefined);
              }}
            />
          )}
        </Field>
        <Field label={t('field.reason')} name="reason" error={error} required>
          {(props) => (
            <textarea {...props} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
          )}
        </Field>
        {error ? <ProblemNote error={error} fields={['launchDate', 'reason']} /> : null}
        <div className="button-row">
          <button type="submit" className="button secondary" disabled={busy}>
            {t('launch.preview')}
          </button>
          {preview && preview.result.launchDate === launchDate ? (
            <button type="button" className="button primary" disabled={busy} onClick={onConfirm}>
              {t('launch.confirmMove', { date: formatDay(launchDate, locale) })}
            </button>
          ) : null}
        </div>
      </form>
      {preview ? (
        <div className="what-if" aria-live="polite">
          <h3>{t('launch.moves', { count: moved.length })}</h3>
          {moved.length ? (
            <ul className="plain small">
              {moved.map((item) => (
                <li key={item.key}>
                  {titleIn(item.title, language)}:{' '}
                  {t('launch.dueChange', {
                    from: formatDay(item.dueDate, locale),
                    to: formatDay(item.newDueDate, locale),
                  })}
                  {item.becomesOverdue ? (
                    <>
                      {' '}
                      <OverdueBadge />
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {preview.result.newlyOverdue.length ? (
            <p className="late">{t('launch.newlyOverdue', { items: preview.result.newlyOverdue.join(', ') })}</p>
          ) : null}
          <ScheduleSummary result={preview.result} />
        </div>
      ) : null}
    </Section>
  );
}

function LaunchTimeline({ state }: { state: LaunchState }) {
  const { t, language } = useI18n();
  const titles = new Map(state.items.map((item) => [item.key, titleIn(item.title, language)]));
  const [all, setAll] = useState<TimelineRow[]>();
  const [error, setError] = useState<ApiError>();
  async function loadAll() {
    try {
      const rows: TimelineRow[] = [];
      let after = 0;
      for (;;) {
        const page = await get<LaunchTimelinePage>(
          `/api/launches/${segment(state.launchId)}/timeline?after=${after}&limit=500`,
        );
        rows.push(...page.items);
        if (page.nextAfter === null) break;
        after = page.nextAfter;
      }
      setAll(rows);
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    }
  }
  // The live state carries the latest events; a newer one than the full list has means it is out of date.
  const newest = state.timeline.at(-1)?.n ?? 0;
  const events = all && (all.at(-1)?.n ?? 0) >= newest ? all : state.timeline;
  return (
    <Section
      title={t('common.timeline')}
      actions={
        <span>
          {events.length < state.eventCount ? (
            <button type="button" className="button secondary small" onClick={() => void loadAll()}>
              {t('common.loadAllTimeline')}
            </button>
          ) : null}{' '}
          <CsvButton listPath={`/api/launches/${segment(state.launchId)}/timeline`} fileName="launch-timeline" />
        </span>
      }
    >
      {error ? <ProblemNote error={error} /> : null}
      <Timeline
        events={events}
        describe={language === 'zh' ? (event) => launchEventText(t, event, titles) : undefined}
      />
    </Section>
  );
}
