import { get } from '../api/client';
import type { FieldSpec } from '../components/actions';
import { useI18n, type MessageKey } from '../lib/i18n';
import { useLive } from '../lib/live';

interface TemplateSummary {
  key: string;
  name: string;
  playbook: string;
  latestVersion: number;
}

/**
 * A start form's template choice (issue 20): every template of the playbook at its latest version,
 * and first an empty choice that leaves the pick to the API (its default, worded by `defaultLabel`).
 */
export function useTemplateField(playbook: string, defaultLabel: MessageKey): FieldSpec {
  const { t } = useI18n();
  const templates = useLive(
    'templates',
    (signal) => get<{ items: TemplateSummary[] }>('/api/templates', signal),
    300,
  ).data;
  return {
    name: 'template.key',
    label: t('startPoc.template'),
    kind: 'select',
    options: [
      { value: '', label: t(defaultLabel) },
      ...(templates?.items ?? [])
        .filter((item) => item.playbook === playbook)
        .map((item) => ({ value: item.key, label: `${item.name} (v${item.latestVersion})` })),
    ],
  };
}
