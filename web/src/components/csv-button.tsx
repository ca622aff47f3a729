import { useState } from 'react';
import { ApiError, csvPathOf, saveExport } from '../api/client';
import { useI18n } from '../lib/i18n';

/** "Export CSV" for a list: the same filters as the list on screen, every row (the API streams it). */
export function CsvButton({ listPath, fileName }: { listPath: string; fileName: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  async function run() {
    setBusy(true);
    setFailed(null);
    try {
      await saveExport(csvPathOf(listPath), `${fileName}.csv`);
    } catch (error) {
      setFailed(error instanceof ApiError ? (error.detail ?? error.title) : String(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className="button secondary" onClick={() => void run()} disabled={busy}>
        {busy ? t('csv.exporting') : t('csv.export')}
      </button>
      {failed ? (
        <span role="alert" className="small bad">
          {t('csv.failed', { detail: failed })}
        </span>
      ) : null}
    </>
  );
}
