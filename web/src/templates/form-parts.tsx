import type { ApiError } from '../api/client';
import { Field } from '../components/ui';
import { useI18n } from '../lib/i18n';

/** A number as typed: an empty or half-typed field stays as typed, so the dry run names it. */
export const asNumber = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));
export const shownNumber = (value: number | undefined) =>
  value === undefined || Number.isNaN(value) ? '' : String(value);
export const asList = (value: string) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
/** Numbers typed into a list ("1, 0") reach the dry run as numbers; a stray word as NaN, which it names. */
export const asNumbers = (value: string) => asList(value).map(asNumber);

/** A comma-separated list, kept as typed while the person types (so "1, " does not jump back to "1"). */
export function ListField({
  label,
  name,
  error,
  value,
  onChange,
}: {
  label: string;
  name: string;
  error?: ApiError;
  value: readonly (string | number)[];
  onChange: (typed: string) => void;
}) {
  return (
    <Field label={label} name={name} error={error}>
      {(props) => (
        <input
          {...props}
          defaultValue={value
            .map((entry) => (typeof entry === 'number' && Number.isNaN(entry) ? '?' : String(entry)))
            .join(', ')}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

export type DayUnit = 'business-days' | 'calendar-days';

/** Whether an SLA counts business or calendar days, in the reader's language. */
export function UnitField({
  name,
  error,
  value,
  onChange,
}: {
  name: string;
  error?: ApiError;
  value: DayUnit;
  onChange: (unit: DayUnit) => void;
}) {
  const { t } = useI18n();
  return (
    <Field label={t('templates.poc.approvalUnit')} name={name} error={error}>
      {(props) => (
        <select {...props} value={value} onChange={(event) => onChange(event.target.value as DayUnit)}>
          {(['business-days', 'calendar-days'] as const).map((unit) => (
            <option key={unit} value={unit}>
              {t(`templates.poc.unit.${unit}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A whole number of days as typed (an empty or stray entry reaches the dry run, which names it). */
export function DaysField({
  label,
  name,
  error,
  value,
  onChange,
}: {
  label: string;
  name: string;
  error?: ApiError;
  value: number;
  onChange: (days: number) => void;
}) {
  return (
    <Field label={label} name={name} error={error}>
      {(props) => (
        <input
          {...props}
          type="number"
          value={shownNumber(value)}
          onChange={(event) => onChange(asNumber(event.target.value))}
        />
      )}
    </Field>
  );
}
