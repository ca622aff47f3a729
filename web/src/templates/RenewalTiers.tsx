import { useI18n } from '../lib/i18n';
import { VersionedMapping } from '../components/VersionedMapping';

/**
 * Renewal templates by customer tier (issue 20): which template each tier's new renewals run on when
 * their start names none. Everyone sees it; ops managers and admins set or remove a tier's template
 * (the API audits each change).
 */
export function RenewalTiers({ templates, manage }: { templates: { key: string; name: string }[]; manage: boolean }) {
  const { t } = useI18n();
  return (
    <VersionedMapping
      path="/api/renewal-tier-templates"
      fields={{ subject: 'tier', value: 'templateKey' }}
      values={templates}
      showValueKey
      manage={manage}
      testId="renewal-tier-templates"
      texts={{
        title: t('templates.tiers.title'),
        intro: t('templates.tiers.intro'),
        none: t('templates.tiers.none'),
        subject: t('templates.tiers.tier'),
        value: t('templates.tiers.template'),
        setBy: t('templates.tiers.setBy'),
        setAt: t('templates.tiers.setAt'),
        remove: t('templates.tiers.remove'),
        set: t('templates.tiers.set'),
        saved: (tier, template) => t('templates.tiers.saved', { tier, template }),
      }}
    />
  );
}
