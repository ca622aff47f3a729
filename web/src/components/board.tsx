import type { ReactNode } from 'react';
import { useI18n } from '../lib/i18n';

/** Cards in one column per stage, in flow order (deal support, delivery handoffs). */
export function StageBoard<T>({
  label,
  stages,
  stageLabel,
  items,
  stageOf,
  keyOf,
  card,
}: {
  label: string;
  stages: readonly string[];
  stageLabel: (stage: string) => string;
  items: readonly T[];
  stageOf: (item: T) => string;
  keyOf: (item: T) => string;
  card: (item: T) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="board" role="group" aria-label={label}>
      {stages.map((stage) => {
        const cards = items.filter((item) => stageOf(item) === stage);
        return (
          <section
            key={stage}
            className={cards.length === 0 ? 'column empty' : 'column'}
            aria-labelledby={`column-${stage}`}
          >
            <h2 id={`column-${stage}`}>
              {stageLabel(stage)} <span className="count">{cards.length}</span>
            </h2>
            {cards.length === 0 ? (
              <p className="muted small">{t('deals.columnEmpty')}</p>
            ) : (
              <ul className="cards">
                {cards.map((item) => (
                  <li key={keyOf(item)} className="board-card">
                    {card(item)}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
