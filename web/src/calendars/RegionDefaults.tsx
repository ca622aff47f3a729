import { useReferenceLists } from '../insights/reference-lists';
import { useI18n } from '../lib/i18n';
import { VersionedMapping } from '../components/VersionedMapping';

/**
 * Which calendar each region's new cases count on when their start names none: everyone sees it, ops
 * managers and admins set or remove a region's default (the API audits each change).
 */
export function RegionDefaults({ calendars, manage }: { calendars: { key: string; name: string }[]; manage: boolean }) {
  const { t, language } = useI18n();
  const kept = useReferenceLists()?.get('regions') ?? [];
  return (
    <VersionedMapping
      path="/api/region-calendars"
      fields={{ subject: 'region', value: 'calendar' }}
      values={calendars}
      subjects={kept.map((entry) => ({ value: entry.value, label: entry.labels[language] }))}
      manage={manage}
      testId="region-calendars"
      texts={{
        title: t('calendars.regions'),
        intro: t('calendars.regionsIntro'),
        none: t('calendars.noRegions'),
        subject: t('calendars.region'),
        value: t('calendars.regionCalendar'),
        setBy: t('calendars.setBy'),
        setAt: t('calendars.setAt'),
        remove: t('calendars.removeDefault'),
        set: t('calendars.setDefault'),
        saved: (region, calendar) => t('calendars.defaultSaved', { region, calendar }),
      }}
    />
  );
}
