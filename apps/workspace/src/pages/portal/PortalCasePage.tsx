import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useApi } from '../../app/use-api';
import { Dialog, ErrorMessage, Field, fieldError, Loading, Page, StatusBadge, useCommand } from '../../ui/kit';
import { dateTime, duration } from '../../ui/format';
import { isNotFound, PRIORITY_WORDS } from './portal-data';

// A support case as its partner sees it: status, the support targets and how they stand, and what has happened.

type Case = Schemas['Case'];

const ABOUT_WORDS: Record<Case['about'], string> = { partner: 'You', organisation: 'Your organisation', end_customer: 'An end customer' };

// How a target stands now: met (with when), missed, or the time left.
function target(due: string, metAt: string | null, breached: boolean): string {
  if (metAt) return `met ${dateTime(metAt)}${Date.parse(metAt) > Date.parse(due) ? ' (late)' : ''}`;
  if (breached) return 'missed';
  const left = Date.parse(due) - Date.now();
  return left >= 0 ? `${duration(left)} left` : duration(left);
}

// What happened to the case, from the case's own times (partner staff may not read the record's event log).
function timeline(c: Case): { at: string; what: string }[] {
  const items: { at: string; what: string }[] = [];
  if (c.firstRespondedAt) items.push({ at: c.firstRespondedAt, what: 'Support responded' });
  if (c.heldSince) items.push({ at: c.heldSince, what: 'Put on hold' });
  if (c.resolvedAt) items.push({ at: c.resolvedAt, what: 'Resolved' });
  return items.sort((a, b) => a.at.localeCompare(b.at));
}

function Reopen({ caseId }: { caseId: string }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const reopen = useCommand(
    () => unwrap(api.POST('/v1/cases/{caseId}/reopen', { params: { path: { caseId } }, body: { reason: reason.trim() } })),
    () => setOpen(false),
  );
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Reopen
      </button>
      <Dialog title="Reopen this case?" open={open} onClose={() => setOpen(false)}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void reopen.execute();
          }}
        >
          <Field label="Why is it not solved?" error={fieldError(reopen.error, 'reason')}>
            {(p) => <textarea {...p} rows={3} required value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <ErrorMessage error={reopen.error} />
          <div className="dialog-actions">
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={reopen.busy || !reason.trim()}>
              Reopen case
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

function Actions({ c }: { c: Case }) {
  const { can } = useSession();
  const path = { params: { path: { caseId: c.caseId } } };
  const resume = useCommand(() => unwrap(api.POST('/v1/cases/{caseId}/resume', path)));
  const close = useCommand(() => unwrap(api.POST('/v1/cases/{caseId}/close', path)));
  return (
    <>
      {c.status === 'OnHold' && can('resumeCase') ? (
        <button type="button" disabled={resume.busy} onClick={() => void resume.execute()}>
          Resume
        </button>
      ) : null}
      {c.status === 'Resolved' && can('closeCase') ? (
        <button type="button" className="primary" disabled={close.busy} onClick={() => void close.execute()}>
          Confirm solved and close
        </button>
      ) : null}
      {(c.status === 'Resolved' || c.status === 'Closed') && can('reopenCase') ? <Reopen caseId={c.caseId} /> : null}
      <ErrorMessage error={resume.error ?? close.error} />
    </>
  );
}

// Keyed by the id: another case's URL starts from nothing, never from the previous record.
export function PortalCasePage({ caseId }: { caseId: string }) {
  return <CaseView key={caseId} caseId={caseId} />;
}

function CaseView({ caseId }: { caseId: string }) {
  // Polled: support's answers and the SLA clock move while the partner looks at the page.
  const loaded = useApi(() => unwrap(api.GET('/v1/cases/{caseId}', { params: { path: { caseId } } })), [caseId], 5000);
  if (loaded.data === undefined) {
    if (isNotFound(loaded.error)) {
      return (
        <Page title="Case not found">
          <p>
            This case was not found: it does not exist, or it is not your organisation's. <Link to="/portal?tab=cases">Back to the cases</Link>.
          </p>
        </Page>
      );
    }
    return <Page title="Case">{loaded.error ? <ErrorMessage error={loaded.error} /> : <Loading />}</Page>;
  }
  const c = loaded.data;
  const events = timeline(c);
  return (
    <Page title={c.subject} actions={<Actions c={c} />}>
      <p>
        <Link to="/portal?tab=cases">All cases</Link>
      </p>
      <div className="panel">
        <p className="status-line" aria-live="polite">
          Status: <StatusBadge status={c.status} /> {c.breaches.length > 0 ? <span className="badge badge-failed">SLA missed</span> : null}
        </p>
        {loaded.error ? <ErrorMessage error={loaded.error} /> : null}
        <dl className="meta">
          <div>
            <dt>Priority</dt>
            <dd>{PRIORITY_WORDS[c.priority]}</dd>
          </div>
          <div>
            <dt>About</dt>
            <dd>{c.about === 'end_customer' && c.endCustomer ? `${c.endCustomer.companyName} (${c.endCustomer.contactEmail})` : ABOUT_WORDS[c.about]}</dd>
          </div>
          <div>
            <dt>Assigned</dt>
            <dd>{c.assigneeId ? 'Yes, support is on it' : 'Not yet'}</dd>
          </div>
        </dl>
      </div>
      <section className="panel" aria-labelledby="sla-title">
        <h2 id="sla-title">Support targets</h2>
        <dl className="meta">
          <div>
            <dt>First response due</dt>
            <dd>{dateTime(c.firstResponseDueAt)}</dd>
          </div>
          <div>
            <dt>First response</dt>
            <dd>{target(c.firstResponseDueAt, c.firstRespondedAt, c.breaches.includes('first_response'))}</dd>
          </div>
          <div>
            <dt>Resolution due</dt>
            <dd>{dateTime(c.resolutionDueAt)}</dd>
          </div>
          <div>
            <dt>Resolution</dt>
            <dd>{c.status === 'OnHold' ? 'clock paused while on hold' : target(c.resolutionDueAt, c.resolvedAt, c.breaches.includes('resolution'))}</dd>
          </div>
        </dl>
      </section>
      <section className="panel" aria-labelledby="description-title">
        <h2 id="description-title">Description</h2>
        <p className="prewrap">{c.description}</p>
      </section>
      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        {events.length === 0 ? (
          <p className="empty">Opened; no response from support yet.</p>
        ) : (
          <ol className="timeline">
            {events.map((e) => (
              <li key={`${e.what}:${e.at}`}>
                <strong>{e.what}</strong> <span className="field-hint">{dateTime(e.at)}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </Page>
  );
}
