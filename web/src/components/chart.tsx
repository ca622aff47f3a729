import { useId, type ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';
import { useI18n } from '../lib/i18n';
import { Empty, TableHead } from './ui';

/**
 * A chart with its title, and the same figures as a table for keyboard and screen-reader users
 * (and anyone who wants the numbers).
 */
export function ChartFigure({
  title,
  columns,
  rows,
  empty = false,
  children,
}: {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
  empty?: boolean;
  children: ReactElement;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <figure className="card chart" aria-labelledby={id}>
      <figcaption id={id}>
        <h2>{title}</h2>
      </figcaption>
      {empty || rows.length === 0 ? (
        <Empty>{t('common.noData')}</Empty>
      ) : (
        <div className="chart-area" aria-hidden="true">
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        </div>
      )}
      {rows.length > 0 && !empty ? (
        <details>
          <summary>{t('common.showData')}</summary>
          <table className="table small">
            <TableHead columns={columns} />
            <tbody>
              {rows.map((row) => (
                <tr key={String(row[0])}>
                  {row.map((cell, index) =>
                    index === 0 ? (
                      <th key={index} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={index}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </figure>
  );
}
