/** JSON typed by hand (a template, a mapping, a payload): a monospace area with its hint and why it does not parse. */
export function JsonField({
  label,
  value,
  onChange,
  hint,
  error,
  rows,
  testId,
}: {
  label: string;
  value: string;
  onChange: (text: string) => void;
  hint: string;
  error?: string;
  rows: number;
  testId?: string;
}) {
  return (
    <label className="field">
      {label}
      <textarea
        className="template-json"
        rows={rows}
        spellCheck={false}
        value={value}
        data-testid={testId}
        onChange={(event) => onChange(event.target.value)}
      />
      <span className="hint">{hint}</span>
      {error ? <span className="field-error">{error}</span> : null}
    </label>
  );
}
