import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { get, segment } from '../api/client';
import { Loading, PageHeader, ProblemNote, TableHead } from '../components/ui';
import { useI18n, type MessageKey } from '../lib/i18n';
import { useLive } from '../lib/live';
import { useListLabel, useReferenceLists } from './reference-lists';
import { csvOf, downloadCsv } from './csv';

type Row = Record<string, unknown>;
type Cell = string | number | null;
interface Table {
  columns: string[];
  rows: Cell[][];
}

const FIELDS = ['from', 'to', 'region', 'industry', 'product', 'channel'] as const;
const pct = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)}%`;

/** The Insights page: each report as a chart (plain CSS bars) with its table, a CSV per table, and a funnel drill-down. */
export function InsightsPage() {
  const { t, label, language } = useI18n();
  const listLabel = useListLabel(language);
  const playbook = (name: unknown) => t(`nav.${String(name)}s` as MessageKey);
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [drill, setDrill] = useState<{ step: string; origin: string }>();
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== '')).toString();
  const report = (name: string) => (signal: AbortSignal) => get<Row>(`/api/insights/${name}?${query}`, signal);
  const funnel = useLive(`insights-funnel?${query}`, report('funnel'));
  const cycle = useLive(`insights-cycle?${query}`, report('cycle-times'));
  const sla = useLive(`insights-sla?${query}`, report('sla'));
  const delivery = useLive(`insights-delivery?${query}`, report('delivery'));
  const channels = useLive(`insights-channels?${query}`, report('channels'));
  const products = useLive(`insights-products?${query}`, report('products'));
  const effort = useLive(`insights-effort?${query}`, report('effort'));

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setFilters(Object.fromEntries(FIELDS.map((field) => [field, String(form.get(field) ?? '').trim()])));
    setDrill(undefined);
  }
  const stepLabel = (step: string) => t(`insights.step.${step}` as MessageKey);

  return (
    <>
      <PageHeader title={t('insights.title')} intro={t('insights.intro')} />
      <FilterForm onSubmit={apply} />
      {funnel.error ? <ProblemNote error={funnel.error} /> : null}
      <div className="insights-grid">
        {(
          funnel.data?.funnels as
            { origin: string; steps: { step: string; count: number; conversion: number | null }[] }[] | undefined
        )?.map((each) => (
          <Report
            key={each.origin}
            title={t(each.origin === 'poc' ? 'insights.funnel.poc' : 'insights.funnel.deal')}
            name={`funnel-${each.origin}`}
            table={{
              columns: [t('insights.step'), t('insights.count'), t('insights.conversion')],
              rows: each.steps.map((step) => [stepLabel(step.step), step.count, pct(step.conversion)]),
            }}
          >
            <Bars
              items={each.steps.map((step) => ({
                label: stepLabel(step.step),
                value: step.count,
                note: pct(step.conversion),
                onClick: () => setDrill({ step: step.step, origin: each.origin }),
              }))}
            />
          </Report>
        )) ?? <Loading />}
      </div>
      {drill ? <DrillDown step={drill.step} origin={drill.origin} query={query} label={stepLabel(drill.step)} /> : null}
      <div className="insights-grid">
        {cycle.data ? (
          <Report
            title={t('insights.cycle')}
            name="cycle-times"
            table={{
              columns: [t('insights.measure'), t('insights.count'), 'p50', 'p90'],
              rows: (['toSigning', 'toGoLive'] as const).map((key) => {
                const spread = cycle.data![key] as { count: number; p50: number | null; p90: number | null };
                return [t(`insights.${key}`), spread.count, spread.p50, spread.p90];
              }),
            }}
          />
        ) : null}
        {cycle.data ? (
          <Report
            title={t('insights.stages')}
            name="stages"
            table={{
              columns: [t('insights.playbook'), t('insights.stage'), t('insights.count'), 'p50', 'p90'],
              rows: (cycle.data.stages as Row[]).map((row) => [
                playbook(row.playbook),
                label(String(row.playbook), String(row.stage)),
                row.count as number,
                row.p50 as number | null,
                row.p90 as number | null,
              ]),
            }}
          />
        ) : null}
        {sla.data ? (
          <Report
            title={t('insights.sla')}
            name="sla"
            table={{
              columns: [
                t('insights.playbook'),
                t('insights.measure'),
                t('insights.measured'),
                t('insights.met'),
                t('insights.attainment'),
              ],
              rows: (sla.data.items as Row[]).map((row) => [
                playbook(row.playbook),
                t(`insights.measure.${String(row.measure)}` as MessageKey),
                row.measured as number,
                row.met as number,
                pct(row.attainment as number | null),
              ]),
            }}
          >
            <Bars
              items={(sla.data.items as Row[]).map((row) => ({
                label: t(`insights.measure.${String(row.measure)}` as MessageKey),
                value: Math.round(((row.attainment as number | null) ?? 0) * 100),
                max: 100,
                note: pct(row.attainment as number | null),
              }))}
            />
          </Report>
        ) : null}
        {delivery.data ? (
          <Report
            title={t('insights.delivery')}
            name="delivery"
            table={{
              columns: [t('insights.stage'), t('insights.count')],
              rows: [
                ...(delivery.data.byStage as { stage: string; count: number }[]).map((row): Cell[] => [
                  label('handoff', row.stage),
                  row.count,
                ]),
                [t('insights.open'), delivery.data.open as number],
                [t('insights.atRisk'), delivery.data.atRisk as number],
                [t('insights.overdue'), delivery.data.overdue as number],
                [t('insights.slipping'), delivery.data.slippingMilestones as number],
                ...(delivery.data.goLiveByMonth as { month: string; count: number }[]).map((row): Cell[] => [
                  `${t('insights.goLive')} ${row.month}`,
                  row.count,
                ]),
              ],
            }}
          />
        ) : null}
        {channels.data ? (
          <Report
            title={t('insights.channels')}
            name="channels"
            table={{
              columns: [
                t('insights.channel'),
                t('insights.leads'),
                t('insights.share'),
                t('insights.step.converted'),
                t('insights.step.won'),
                t('insights.winRate'),
                t('insights.wonValue'),
              ],
              rows: (channels.data.items as Row[]).map((row) => [
                row.channel === null ? t('insights.noChannel') : listLabel('lead-channels', row.channel),
                row.leads as number,
                pct(row.share as number | null),
                row.converted as number,
                row.won as number,
                pct(row.winRate as number | null),
                row.wonValue as number,
              ]),
            }}
          >
            <Bars
              items={(channels.data.items as Row[]).map((row) => ({
                label: row.channel === null ? t('insights.noChannel') : listLabel('lead-channels', row.channel),
                value: row.leads as number,
                note: pct(row.share as number | null),
              }))}
            />
          </Report>
        ) : null}
        {products.data ? (
          <Report
            title={t('insights.products')}
            name="products"
            table={{
              columns: [t('common.region'), t('insights.product'), t('insights.projects')],
              rows: [
                ...(products.data.byRegion as Row[]).map((row): Cell[] => [
                  listLabel('regions', row.region),
                  '',
                  row.projects as number,
                ]),
                ...(products.data.byIndustry as Row[]).map((row): Cell[] => [
                  `${t('insights.industry')}: ${row.industry === null ? '–' : listLabel('industries', row.industry)}`,
                  '',
                  row.projects as number,
                ]),
                ...(products.data.byProduct as Row[]).map((row): Cell[] => [
                  listLabel('regions', row.region),
                  listLabel('products', row.product),
                  row.projects as number,
                ]),
              ],
            }}
          />
        ) : null}
        {effort.data ? <EffortReports data={effort.data} /> : null}
      </div>
    </>
  );
}

/** Time and people per role in each step, and per won deal (README "Insights", effort). */
function EffortReports({ data }: { data: Row }) {
  const { t, label } = useI18n();
  // Launch runs count effort too; their menu name is the plural the others' is not built like.
  const playbook = (name: unknown) => t(name === 'launch' ? 'nav.launches' : (`nav.${String(name)}s` as MessageKey));
  const role = (name: unknown) => label('role', String(name));
  const steps = data.steps as Row[];
  const won = data.won as Row & { roles: Row[] };
  const perHour =
    (won.minutes as number) > 0 ? Math.round((won.wonValue as number) / ((won.minutes as number) / 60)) : null;
  return (
    <>
      <Report
        title={t('insights.effort')}
        name="effort"
        wide
        table={{
          columns: [
            t('insights.playbook'),
            t('insights.effort.role'),
            t('insights.effort.entries'),
            t('insights.effort.minutes'),
            t('insights.effort.cases'),
            t('insights.effort.minutesPerCase'),
            t('insights.effort.peoplePerCase'),
          ],
          rows: steps.map((row) => [
            playbook(row.playbook),
            role(row.role),
            row.entries as number,
            row.minutes as number,
            row.cases as number,
            row.minutesPerCase as number | null,
            row.peoplePerCase as number | null,
          ]),
        }}
      >
        <Bars
          items={steps.map((row) => ({
            label: `${playbook(row.playbook)} · ${role(row.role)}`,
            value: row.minutes as number,
          }))}
        />
      </Report>
      <Report
        title={t('insights.effort.won')}
        name="effort-won"
        wide
        table={{
          columns: [
            t('insights.effort.role'),
            t('insights.effort.wonDeals'),
            t('insights.effort.minutes'),
            t('insights.effort.minutesPerDeal'),
            t('insights.effort.peoplePerDeal'),
            t('insights.effort.valuePerHour'),
          ],
          rows: [
            [
              t('insights.effort.allRoles'),
              won.deals as number,
              won.minutes as number,
              won.minutesPerDeal as number | null,
              won.peoplePerDeal as number | null,
              perHour,
            ],
            ...won.roles.map((row): Cell[] => [
              role(row.role),
              won.deals as number,
              row.minutes as number,
              row.minutesPerDeal as number | null,
              row.peoplePerDeal as number | null,
              null,
            ]),
          ],
        }}
      />
    </>
  );
}

function FilterForm({ onSubmit }: { onSubmit: (event: FormEvent<HTMLFormElement>) => void }) {
  const { t, language } = useI18n();
  const lists = useReferenceLists();
  const field = (
    name: (typeof FIELDS)[number],
    label: string,
    list?: 'regions' | 'industries' | 'products' | 'lead-channels',
  ) => (
    <label className="field" key={name}>
      <span>{label}</span>
      {list && lists?.get(list)?.length ? (
        <select name={name} defaultValue="">
          <option value="">{t('common.all')}</option>
          {lists.get(list)!.map((entry) => (
            <option key={entry.value} value={entry.value}>
              {entry.labels[language]}
            </option>
          ))}
        </select>
      ) : (
        <input name={name} type={name === 'from' || name === 'to' ? 'date' : 'text'} />
      )}
    </label>
  );
  return (
    <form className="card form filters insights-filters" onSubmit={onSubmit}>
      {field('from', t('insights.from'))}
      {field('to', t('insights.to'))}
      {field('region', t('common.region'), 'regions')}
      {field('industry', t('insights.industry'), 'industries')}
      {field('product', t('insights.product'), 'products')}
      {field('channel', t('insights.channel'), 'lead-channels')}
      <button type="submit" className="button">
        {t('insights.apply')}
      </button>
    </form>
  );
}

/** One report: its chart, its table and a CSV of the table. */
/** A report card; `wide` ones (many columns) take the grid's whole row. */
function Report({
  title,
  name,
  table,
  wide = false,
  children,
}: {
  title: string;
  name: string;
  table: Table;
  wide?: boolean;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <section className={wide ? 'card insight wide' : 'card insight'} aria-label={title}>
      <header className="insight-header">
        <h2>{title}</h2>
        <button
          type="button"
          className="button secondary small"
          onClick={() => downloadCsv(`${name}.csv`, csvOf(table))}
        >
          {t('insights.csv')}
        </button>
      </header>
      {children}
      <table className="table small">
        <TableHead columns={table.columns} />
        <tbody>
          {table.rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, column) => (
                <td key={column}>{cell ?? '–'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Horizontal bars, widths relative to the largest value (or `max`); a bar may open its cases. */
function Bars({
  items,
}: {
  items: { label: string; value: number; max?: number; note?: string; onClick?: () => void }[];
}) {
  const top = Math.max(1, ...items.map((item) => item.max ?? item.value));
  return (
    <ul className="bars" aria-hidden={items.some((item) => item.onClick) ? undefined : true}>
      {items.map((item) => (
        <li key={item.label}>
          <span className="bar-label">{item.label}</span>
          <span className="bar-track">
            <span className="bar-fill" style={{ width: `${(item.value / top) * 100}%` }} />
          </span>
          {item.onClick ? (
            <button type="button" className="link-button bar-value" onClick={item.onClick}>
              {item.value}
            </button>
          ) : (
            <span className="bar-value">{item.value}</span>
          )}
          {item.note ? <span className="bar-note muted">{item.note}</span> : null}
        </li>
      ))}
    </ul>
  );
}

const CASE_PATH: Record<string, string> = { poc: 'pocs', deal: 'deals' };

function DrillDown({ step, origin, query, label }: { step: string; origin: string; query: string; label: string }) {
  const { t, language } = useI18n();
  const listLabel = useListLabel(language);
  const cases = useLive(`insights-cases?${step}&${origin}&${query}`, (signal) =>
    get<{ items: Row[] }>(`/api/insights/cases?step=${step}&origin=${origin}${query ? `&${query}` : ''}`, signal),
  );
  const table: Table = {
    columns: [
      t('insights.account'),
      t('common.region'),
      t('insights.channel'),
      t('insights.industry'),
      t('insights.signedAt'),
      t('insights.liveAt'),
    ],
    rows: (cases.data?.items ?? []).map((row) => [
      String(row.account),
      listLabel('regions', row.region),
      listLabel('lead-channels', row.channel),
      listLabel('industries', row.industry),
      ((row.signedAt as string | null) ?? '').slice(0, 10),
      ((row.liveAt as string | null) ?? '').slice(0, 10),
    ]),
  };
  return (
    <section className="card insight" aria-label={t('insights.cases', { step: label })}>
      <header className="insight-header">
        <h2>{t('insights.cases', { step: label })}</h2>
        <button
          type="button"
          className="button secondary small"
          onClick={() => downloadCsv(`cases-${step}.csv`, csvOf(table))}
        >
          {t('insights.csv')}
        </button>
      </header>
      {!cases.data ? (
        <Loading />
      ) : (
        <table className="table small">
          <TableHead columns={table.columns} />
          <tbody>
            {cases.data.items.map((row) => (
              <tr key={String(row.id)}>
                <td>
                  <Link to={`/${CASE_PATH[String(row.origin)]}/${segment(String(row.id))}`}>{String(row.account)}</Link>
                </td>
                <td>{listLabel('regions', row.region)}</td>
                <td>{listLabel('lead-channels', row.channel)}</td>
                <td>{listLabel('industries', row.industry)}</td>
                <td>{((row.signedAt as string | null) ?? '').slice(0, 10)}</td>
                <td>
                  {row.handoffId ? (
                    <Link to={`/handoffs/${segment(String(row.handoffId))}`}>
                      {((row.liveAt as string | null) ?? '–').slice(0, 10)}
                    </Link>
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
