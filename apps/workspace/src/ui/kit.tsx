import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { ApiError, describeProblem } from '../api/client';
import type { Loaded } from '../app/use-api';

// The building blocks every page uses: loading, empty and error states, tiles, tabs, tables, fields and dialogs.

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

// An API error in words, with the fields it concerns.
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const { message, fields } = describeProblem(error instanceof ApiError ? error.problem : error);
  return (
    <div className="error" role="alert">
      <p>{message}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={`${f.field}:${f.reason}`}>
              <strong>{f.field}</strong>: {f.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// What a loaded value renders: loading first, the error if it failed, an empty state, else `children(data)`.
export function Show<T>({ loaded, empty, children }: { loaded: Loaded<T>; empty?: (data: T) => ReactNode | undefined; children: (data: T) => ReactNode }) {
  if (loaded.data === undefined) return loaded.error ? <ErrorMessage error={loaded.error} /> : <Loading />;
  const nothing = empty?.(loaded.data);
  return (
    <>
      {loaded.error ? <ErrorMessage error={loaded.error} /> : null}
      {nothing ? <Empty>{nothing}</Empty> : children(loaded.data)}
    </>
  );
}

export function Page({ title, actions, children }: { title: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{title}</h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

export function Tile({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <div className="tile">
      <div className="tile-label">{label}</div>
      <div className="tile-value">{value}</div>
      {hint ? <div className="tile-hint">{hint}</div> : null}
    </div>
  );
}

// Tabs as the ARIA pattern has them: arrow keys move between tabs, the panel follows.
export function Tabs({ tabs, selected, onSelect }: { tabs: { id: string; label: string; panel: () => ReactNode }[]; selected: string; onSelect: (id: string) => void }) {
  const base = useId();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const index = Math.max(0, tabs.findIndex((t) => t.id === selected));
  const move = (to: number) => {
    const next = (to + tabs.length) % tabs.length;
    onSelect(tabs[next].id);
    refs.current[next]?.focus();
  };
  return (
    <div className="tabs">
      <div role="tablist" aria-label="Sections">
        {tabs.map((tab, i) => (
          <button
            key={tab.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            role="tab"
            id={`${base}-tab-${tab.id}`}
            aria-selected={i === index}
            aria-controls={`${base}-panel-${tab.id}`}
            tabIndex={i === index ? 0 : -1}
            onClick={() => onSelect(tab.id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') move(i + 1);
              else if (e.key === 'ArrowLeft') move(i - 1);
              else if (e.key === 'Home') move(0);
              else if (e.key === 'End') move(tabs.length - 1);
            }}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel-${tabs[index].id}`} aria-labelledby={`${base}-tab-${tabs[index].id}`} tabIndex={0}>
        {tabs[index].panel()}
      </div>
    </div>
  );
}

export interface Column<T> {
  key: string;
  label: string;
  render: (row: T) => ReactNode;
  numeric?: boolean;
}

// A table that scrolls sideways on a narrow screen instead of breaking the layout.
export function Table<T>({ caption, columns, rows, rowKey }: { caption: string; columns: Column<T>[]; rows: T[]; rowKey: (row: T) => string }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'numeric' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? 'numeric' : undefined}>
                  {c.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// A labelled input, with the API's reason under it when the API named this field.
export function Field({ label, error, hint, children }: { label: string; error?: string; hint?: string; children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode }) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': described, 'aria-invalid': error ? true : undefined })}
      {hint ? (
        <div className="field-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

// The reason the API gave for a field, matched by the field's name (the API names nested fields with dots).
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.problem.fields?.find((f) => f.field === field || f.field.endsWith(`.${field}`))?.reason;
}

// A modal dialog (the native <dialog>): Escape closes it, focus stays inside while it is open.
export function Dialog({ title, open, onClose, children }: { title: string; open: boolean; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

// Runs a command: busy while it runs, its error kept to show, `done` after it answered.
export function useCommand<A extends unknown[]>(run: (...args: A) => Promise<unknown>, done?: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const execute = async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      await run(...args);
      done?.();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { execute, busy, error, clear: () => setError(undefined) };
}

export function StatusBadge({ status }: { status: string }) {
  // PendingApproval -> badge-pending-approval, "Pending Approval".
  const words = status.replace(/([a-z])([A-Z])/g, '$1 $2');
  return <span className={`badge badge-${words.toLowerCase().replace(/[^a-z]+/g, '-')}`}>{words}</span>;
}
