import { useState, type FormEvent } from 'react';
import { ApiError, call } from '../api/client';
import { Field, Loading, PageHeader, ProblemNote } from '../components/ui';
import { useI18n, type MessageKey } from '../lib/i18n';
import { useReferenceLists, type ReferenceList, type ReferenceValue } from './reference-lists';

const LISTS: readonly ReferenceList[] = ['regions', 'industries', 'products', 'lead-channels'];

/** The admin page keeping the reference lists: one text box per list, one value a line. */
export function ReferenceListsPage() {
  const { t } = useI18n();
  const lists = useReferenceLists();
  return (
    <>
      <PageHeader title={t('lists.title')} intro={t('lists.intro')} />
      {!lists ? (
        <Loading />
      ) : (
        <div className="reference-lists">
          {LISTS.map((list) => (
            <ListForm key={`${list}:${lines(lists.get(list) ?? [])}`} list={list} values={lists.get(list) ?? []} />
          ))}
        </div>
      )}
    </>
  );
}

function lines(values: readonly ReferenceValue[]): string {
  return values.map((entry) => `${entry.value} | ${entry.labels.en} | ${entry.labels.zh}`).join('\n');
}

/** Each line "value | English | 中文"; a label left out is the value itself. */
function parse(text: string): ReferenceValue[] | { badLine: number } {
  const values: ReferenceValue[] = [];
  const rows = text.split('\n');
  for (const [index, row] of rows.entries()) {
    if (row.trim() === '') continue;
    const [value = '', en = '', zh = ''] = row.split('|').map((part) => part.trim());
    if (value === '') return { badLine: index + 1 };
    values.push({ value, labels: { en: en || value, zh: zh || en || value } });
  }
  return values;
}

function ListForm({ list, values }: { list: ReferenceList; values: readonly ReferenceValue[] }) {
  const { t } = useI18n();
  const name = t(`lists.name.${list}` as MessageKey);
  const [text, setText] = useState(lines(values));
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const [count, setCount] = useState(values.length);
  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const parsed = parse(text);
    if (!Array.isArray(parsed)) {
      setError(new ApiError(400, 'Invalid request', t('lists.badLine', { n: parsed.badLine })));
      return;
    }
    try {
      await call('PUT', `/api/reference-lists/${list}`, { body: { values: parsed } });
      setError(undefined);
      setSaved(true);
      setCount(parsed.length);
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    }
  }
  return (
    <form className="card form" onSubmit={(event) => void save(event)} aria-label={name}>
      <h2>{name}</h2>
      <p className="muted">{count ? t('lists.count', { count }) : t('lists.empty')}</p>
      {error ? <ProblemNote error={error} /> : null}
      <Field label={t('lists.values', { list: name })} name="values" error={error}>
        {(props) => (
          <textarea
            {...props}
            rows={Math.max(4, values.length + 1)}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="button">
        {t('lists.save', { list: name })}
      </button>
      {saved ? <p role="status">{t('lists.saved', { list: name })}</p> : null}
    </form>
  );
}
