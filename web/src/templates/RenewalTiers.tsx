import { useState } from 'react';
import { ApiError, call, get, segment } from '../api/client';
import { Instant, Loading, ProblemNote, Section, TableHead } from '../components/ui';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import { MappingHistory, useMappingHistory } from '../components/MappingHistory';

/** One row of GET /api/renewal-tier-templates. */
interface TierTemplate {
  tier: string;
  templateKey: string;
  updatedBy: string;
  updatedAt: string;
}

/**
 * Renewal templates by customer tier (issue 20): which template each tier's new renewals run on when
 * their start names none. Everyone sees it; ops managers and admins set or remove a tier's template
 * (the API audits each change).
 */
export function RenewalTiers({ templates, manage }: { templates: { key: string; name: string }[]; manage: boolean }) {
  const { t } = useI18n();
  const mapped = useLive(
    'renewal-tier-templates',
    (signal) => get<{ items: TierTemplate[] }>('/api/renewal-tier-templates', signal),
    60,
  );
  const history = useMappingHistory('/api/renewal-tier-templates/history');
  const [tier, setTier] = useState('');
  const [reason, setReason] = useState('');
  const [templateKey, setTemplateKey] = useState(templates[0]?.key ?? 'renewal');
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState<{ tier: string; templateKey: string }>();
  const nameOf = (key: string) => templates.find((entry) => entry.key === key)?.name ?? key;

  async function change(method: 'PUT' | 'DELETE', target: string, templateKey?: string) {
    const why = reason.trim() === '' ? undefined : reason.trim();
    const path = `/api/renewal-tier-templates/${segment(target)}`;
    try {
      if (templateKey) await call(method, path, { body: { templateKey, ...(why ? { reason: why } : {}) } });
      else await call(method, why ? `${path}?reason=${encodeURIComponent(why)}` : path);
      setError(undefined);
      setSaved(templateKey ? { tier: target, templateKey } : undefined);
      setReason('');
      if (templateKey) setTier('');
      await Promise.all([mapped.reload(), history.reload()]);
    } catch (problem) {
      setSaved(undefined);
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    }
  }

  return (
    <Section title={t('templates.tiers.title')}>
      <p className="muted">{t('templates.tiers.intro')}</p>
      {!mapped.data ? (
        mapped.error ? (
          <ProblemNote error={mapped.error} />
        ) : (
          <Loading />
        )
      ) : mapped.data.items.length === 0 ? (
        <p>{t('templates.tiers.none')}</p>
      ) : (
        <table data-testid="renewal-tier-templates">
          <TableHead
            columns={[
              t('templates.tiers.tier'),
              t('templates.tiers.template'),
              t('templates.tiers.setBy'),
              t('templates.tiers.setAt'),
              ...(manage ? [''] : []),
            ]}
          />
          <tbody>
            {mapped.data.items.map((row) => (
              <tr key={row.tier}>
                <td>{row.tier}</td>
                <td>
                  {nameOf(row.templateKey)} <code>{row.templateKey}</code>
                </td>
                <td>{row.updatedBy}</td>
                <td>
                  <Instant value={row.updatedAt} />
                </td>
                {manage ? (
                  <td>
                    <button
                      type="button"
                      className="button secondary small"
                      aria-label={`${t('templates.tiers.remove')} ${row.tier}`}
                      onClick={() => void change('DELETE', row.tier)}
                    >
                      {t('templates.tiers.remove')}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {manage ? (
        <div className="form-row">
          <label>
            {t('templates.tiers.tier')}{' '}
            <input value={tier} maxLength={63} onChange={(event) => setTier(event.target.value.trim())} />
          </label>{' '}
          <label>
            {t('templates.tiers.template')}{' '}
            <select value={templateKey} onChange={(event) => setTemplateKey(event.target.value)}>
              {templates.map((entry) => (
                <option key={entry.key} value={entry.key}>
                  {entry.name}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            {t('mappings.reasonField')}{' '}
            <input value={reason} maxLength={2000} onChange={(event) => setReason(event.target.value)} />
          </label>{' '}
          <button
            type="button"
            className="button primary"
            disabled={tier === ''}
            onClick={() => void change('PUT', tier, templateKey)}
          >
            {t('templates.tiers.set')}
          </button>
        </div>
      ) : null}
      {error ? <ProblemNote error={error} fields={['tier', 'templateKey']} /> : null}
      {saved ? (
        <p role="status">{t('templates.tiers.saved', { tier: saved.tier, template: nameOf(saved.templateKey) })}</p>
      ) : null}
      <MappingHistory
        history={history}
        subjectLabel={t('templates.tiers.tier')}
        nameOf={nameOf}
        testId="renewal-tier-template-history"
      />
    </Section>
  );
}
