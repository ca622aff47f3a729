import { useState, type FormEvent } from 'react';
import { ApiError, call, get } from '../api/client';
import { Field, Loading, PageHeader, ProblemNote, TableHead } from '../components/ui';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import type { Person } from './types';

/** The people directory for ops managers and admins, with a CSV import (all or nothing). */
export function PeoplePage() {
  const { t, label } = useI18n();
  const people = useLive('people', (signal) => get<{ items: Person[] }>('/api/people', signal), 60);
  const [csv, setCsv] = useState('');
  const [error, setError] = useState<ApiError>();
  const [result, setResult] = useState<{ created: number; updated: number }>();
  async function importCsv(event: FormEvent) {
    event.preventDefault();
    try {
      setResult(
        (await call<{ created: number; updated: number }>('POST', '/api/people/import', { body: { csv } })).data,
      );
      setError(undefined);
      setCsv('');
      await people.reload();
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    }
  }
  return (
    <>
      <PageHeader title={t('people.title')} intro={t('people.intro')} />
      <form className="form" onSubmit={(event) => void importCsv(event)}>
        {error ? <ProblemNote error={error} /> : null}
        <Field label={t('people.csv')} name="csv" error={error}>
          {(props) => <textarea {...props} rows={5} value={csv} onChange={(event) => setCsv(event.target.value)} />}
        </Field>
        <button type="submit" className="button" disabled={csv.trim() === ''}>
          {t('people.import')}
        </button>
        {result ? <p role="status">{t('people.imported', result)}</p> : null}
      </form>
      {!people.data ? (
        people.error ? (
          <ProblemNote error={people.error} />
        ) : (
          <Loading />
        )
      ) : (
        <table>
          <TableHead
            columns={[
              t('people.email'),
              t('people.name'),
              t('people.roles'),
              t('common.regions'),
              t('people.manager'),
              t('people.language'),
              t('people.timeZone'),
            ]}
          />
          <tbody>
            {people.data.items.map((person) => (
              <tr key={person.email}>
                <td>{person.email}</td>
                <td>{person.name ?? ''}</td>
                <td>{person.roles.map((role) => label('role', role)).join(', ')}</td>
                <td>{person.regions.join(', ')}</td>
                <td>{person.manager ?? ''}</td>
                <td>{person.language === 'zh' ? '中文' : 'English'}</td>
                <td>{person.timeZone}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
