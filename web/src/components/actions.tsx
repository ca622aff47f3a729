import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
} from 'react';
import { ApiError, post, segment } from '../api/client';
import { list } from '../lib/format';
import { useI18n } from '../lib/i18n';

type I18n = ReturnType<typeof useI18n>;
import { Field, fieldErrors, ProblemNote } from './ui';

export interface FieldSpec {
  /** The path in the API's body ("reason", "assignees.pricing-exception"), which is how its errors are matched. */
  name: string;
  label: string;
  kind?: 'text' | 'textarea' | 'url' | 'number' | 'date' | 'select' | 'email' | 'list' | 'checkboxes';
  options?: ReadonlyArray<{ value: string; label: string }>;
  required?: boolean;
  hint?: string;
  initial?: string;
  /** Values to offer while typing (e.g. what is already in use); any other value is still accepted. */
  suggestions?: readonly string[];
}

/**
 * What a case's action list is built from: `send` posts to one of its action paths (with If-Match
 * when `seq` is known), and the reason and note fields most actions ask for.
 */
export function caseActionParts(collection: string, id: string, t: I18n['t'], seq?: number) {
  return {
    send: (path: string) => {
      const submit = (body: Record<string, unknown>) => post(`/api/${collection}/${segment(id)}/${path}`, body, seq);
      TAKES_EFFORT.add(submit);
      return submit;
    },
    reason: { name: 'reason', label: t('field.reason'), kind: 'textarea', required: true } as const,
    note: { name: 'note', label: t('common.note'), kind: 'textarea' } as const,
  };
}

/** Case action senders: their API takes the optional minutes spent (issue 21), so their dialogs ask for it. */
const TAKES_EFFORT = new WeakSet<ActionSpec['submit']>();

/** Marks a sender whose API takes the minutes spent (e.g. a launch item's actions), so its dialog asks for them. */
export function takingEffort<S extends ActionSpec['submit']>(submit: S): S {
  TAKES_EFFORT.add(submit);
  return submit;
}

/** The optional "time spent (minutes)" field every case action dialog ends with. */
const effortField = (t: I18n['t']): FieldSpec => ({
  name: 'effortMinutes',
  label: t('effort.field'),
  kind: 'number',
  hint: t('effort.hint'),
});

/** The loss-reason choice of a lost POC trial or deal. */
export function lossReasonField(reasons: readonly string[], { t, label }: Pick<I18n, 't' | 'label'>): FieldSpec {
  return {
    name: 'reason',
    label: t('poc.lossReason'),
    kind: 'select',
    required: true,
    options: reasons.map((value) => ({ value, label: label('loss', value) })),
  };
}

export interface ActionSpec {
  key: string;
  /** The button's text. */
  label: string;
  /** The dialog's heading; the label when omitted. */
  title?: string;
  intro?: ReactNode;
  fields?: readonly FieldSpec[];
  tone?: 'primary' | 'secondary' | 'danger';
  /** Sends the action; rejects with the API's problem. */
  submit(body: Record<string, unknown>): Promise<unknown>;
}

/** The body the API expects: empty fields left out, numbers as numbers, lists as arrays, dotted names nested. */
export function bodyOf(fields: readonly FieldSpec[], form: FormData): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.kind === 'checkboxes') {
      const checked = form.getAll(field.name).map(String);
      if (checked.length > 0) body[field.name] = checked;
      continue;
    }
    const raw = String(form.get(field.name) ?? '').trim();
    if (raw === '') continue;
    // A number the reader mistyped goes as typed, so the API's own message names it.
    const value =
      field.kind === 'number'
        ? Number.isFinite(Number(raw))
          ? Number(raw)
          : raw
        : field.kind === 'list'
          ? list(raw)
          : raw;
    const path = field.name.split('.');
    let target = body;
    for (const part of path.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[path.at(-1)!] = value;
  }
  return body;
}

/** Renders one field spec as a labelled input with the API's messages. */
export function SpecField({ field, error, autoFocus }: { field: FieldSpec; error?: ApiError; autoFocus?: boolean }) {
  const { t } = useI18n();
  if (field.kind === 'checkboxes') {
    const messages = fieldErrors(error, field.name);
    return (
      <fieldset className={`field checkboxes${messages.length ? ' invalid' : ''}`}>
        <legend>
          {field.label}
          {field.required ? <span className="required-mark"> *</span> : null}
        </legend>
        {field.options?.map((option, index) => (
          <label key={option.value} className="checkbox">
            <input type="checkbox" name={field.name} value={option.value} autoFocus={autoFocus && index === 0} />{' '}
            {option.label}
          </label>
        ))}
        {messages.length ? <p className="field-error">{messages.join('; ')}</p> : null}
      </fieldset>
    );
  }
  return (
    <Field
      label={field.label}
      name={field.name}
      error={error}
      required={field.required}
      hint={field.hint ?? (field.kind === 'list' ? t('common.commaHint') : undefined)}
    >
      {(props) =>
        field.kind === 'textarea' ? (
          <textarea {...props} rows={3} defaultValue={field.initial} autoFocus={autoFocus} />
        ) : field.kind === 'select' ? (
          <select {...props} defaultValue={field.initial ?? ''} autoFocus={autoFocus}>
            {field.required ? null : <option value="">–</option>}
            {field.options?.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        ) : (
          <>
            <input
              {...props}
              type={field.kind === 'number' ? 'text' : field.kind === 'list' || !field.kind ? 'text' : field.kind}
              inputMode={field.kind === 'number' ? 'decimal' : undefined}
              defaultValue={field.initial}
              autoFocus={autoFocus}
              list={field.suggestions?.length ? `${props.id}-suggestions` : undefined}
            />
            {field.suggestions?.length ? (
              <datalist id={`${props.id}-suggestions`}>
                {field.suggestions.map((value) => (
                  <option key={value} value={value} />
                ))}
              </datalist>
            ) : null}
          </>
        )
      }
    </Field>
  );
}

const AnnounceContext = createContext<(message: string) => void>(() => undefined);

/** One polite live region for "done" messages after actions. */
export function Announcer({ children }: { children: ReactNode }) {
  const { language } = useI18n();
  const [said, setSaid] = useState({ text: '', language });
  const timer = useRef<number | undefined>(undefined);
  const announce = useCallback(
    (text: string) => {
      setSaid({ text, language });
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => setSaid((current) => ({ ...current, text: '' })), 5000);
    },
    [language],
  );
  // A message worded before a language switch would stay in the old language: it goes with the switch.
  const message = said.language === language ? said.text : '';
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className={`toast${message ? ' shown' : ''}`} role="status" aria-live="polite">
        {message}
      </div>
    </AnnounceContext.Provider>
  );
}

export const useAnnounce = () => useContext(AnnounceContext);

/** A button that opens its action's dialog; `onDone` runs after the API accepted it. */
export function ActionButton({ action, onDone, small }: { action: ActionSpec; onDone?: () => void; small?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={`button ${action.tone ?? 'secondary'}${small ? ' small' : ''}`}
        onClick={() => setOpen(true)}
      >
        {action.label}
      </button>
      {open ? (
        <ActionDialog
          action={action}
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            onDone?.();
          }}
        />
      ) : null}
    </>
  );
}

/** A detail page's action buttons, as one labelled group. */
export function ActionRow({ actions, onDone }: { actions: readonly ActionSpec[]; onDone(): void }) {
  const { t } = useI18n();
  if (actions.length === 0) return null;
  return (
    <div className="button-row" role="group" aria-label={t('common.actions')}>
      {actions.map((action) => (
        <ActionButton key={action.key} action={action} onDone={onDone} />
      ))}
    </div>
  );
}

/** A modal form for one action (native <dialog>: focus stays inside, Escape closes). */
export function ActionDialog({ action, onClose, onDone }: { action: ActionSpec; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const fields = [...(action.fields ?? []), ...(TAKES_EFFORT.has(action.submit) ? [effortField(t)] : [])];

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await action.submit(bodyOf(fields, new FormData(event.currentTarget)));
      announce(t('common.done', { what: action.title ?? action.label }));
      onDone();
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    } finally {
      setBusy(false);
    }
  }

  const headingId = `dialog-${action.key}`;
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={headingId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={headingId}>{action.title ?? action.label}</h2>
        {action.intro ? <div className="dialog-intro">{action.intro}</div> : null}
        {fields.map((field, index) => (
          <SpecField key={field.name} field={field} error={error} autoFocus={index === 0} />
        ))}
        {error ? <ProblemNote error={error} fields={fields.map((field) => field.name)} /> : null}
        <div className="dialog-buttons">
          <button type="button" className="button secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className={`button ${action.tone === 'danger' ? 'danger' : 'primary'}`}
            disabled={busy}
            autoFocus={fields.length === 0}
          >
            {action.label}
          </button>
        </div>
      </form>
    </dialog>
  );
}
