import { detailOf, StartForm, useCalendarField } from '../components/start-form';
import { useI18n } from '../lib/i18n';
import { LaunchStartPreview } from './StartPreview';
import { calendarForStart, useRegionCalendars } from '../calendars/region-calendars';

/** The roles a launch names a person for (the shipped template's owners and signers). */
const OWNER_ROLES = ['product_manager', 'presales', 'ops_manager', 'customer_service', 'customer_success'] as const;

export function StartLaunchPage() {
  const { t, label } = useI18n();
  const calendar = useCalendarField();
  const regionCalendars = useRegionCalendars().data?.items;
  return (
    <StartForm
      title={t('startLaunch.title')}
      intro={t('startLaunch.intro')}
      endpoint="/api/launches"
      submitLabel={t('startLaunch.submit')}
      detailPath={detailOf('/launches', 'launchId')}
      preview={(body) => (
        <LaunchStartPreview
          launchDate={body['launchDate']}
          calendar={calendarForStart(body['calendar'], body['regions'], regionCalendars)}
        />
      )}
      fields={[
        { name: 'launchId', label: t('startLaunch.launchId'), required: true, hint: t('startLaunch.launchIdHint') },
        { name: 'productName', label: t('startLaunch.productName'), required: true },
        { name: 'launchDate', label: t('launches.launchDate'), kind: 'date', required: true },
        { name: 'regions', label: t('common.regions'), kind: 'list', hint: t('startLaunch.regionsHint') },
        ...OWNER_ROLES.map((role) => ({
          name: `owners.${role}`,
          label: label('role', role),
          kind: 'email' as const,
          hint: t('startLaunch.owners'),
        })),
        calendar,
      ]}
    />
  );
}
