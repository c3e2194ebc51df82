import { type FormEvent, useState } from 'react';
import { api, unwrap, type Schemas } from '../../../api/client';
import { useSession } from '../../../app/session';
import { Dialog, ErrorMessage, Field, fieldError, useCommand } from '../../../ui/kit';

type Registration = Schemas['DealRegistration'];

// The commands answer with the new version; each one says which version it is meant for, so a change someone else
// made in between is refused (412) instead of overwritten.
const ifMatch = (r: Registration) => ({ 'If-Match': `"${r.version}"` });
const path = (r: Registration) => ({ registrationId: r.registrationId });

function Approve({ registration: r }: { registration: Registration }) {
  const inConflict = (r.conflicts?.length ?? 0) > 0;
  const [reason, setReason] = useState('');
  const approve = useCommand(() =>
    unwrap(api.POST('/v1/deal-registrations/{registrationId}/approve', { params: { path: path(r), header: ifMatch(r) }, body: reason.trim() ? { overrideReason: reason.trim() } : {} })),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void approve.execute();
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="approve-title" className="action-form">
      <h3 id="approve-title">Approve</h3>
      <Field
        label={inConflict ? 'Override reason (required: the registration is in conflict)' : 'Override reason (optional)'}
        hint={inConflict ? 'Why this claim wins over the earlier one. It is kept in the audit trail.' : undefined}
        error={fieldError(approve.error, 'overrideReason')}
      >
        {(props) => <textarea {...props} rows={2} value={reason} aria-required={inConflict} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <button type="submit" className="primary" disabled={approve.busy || (inConflict && !reason.trim())}>
        Approve
      </button>
      <ErrorMessage error={approve.error} />
    </form>
  );
}

// A command that needs a text (the reason of a rejection, the question to the partner): asked in a dialog. The text
// goes to the API as typed, so an empty one is answered with the API's own field error.
function TextCommand({ label, title, field, fieldLabel, danger, run }: { label: string; title: string; field: string; fieldLabel: string; danger?: boolean; run: (text: string) => Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const command = useCommand(
    () => run(text),
    () => {
      setOpen(false);
      setText('');
    },
  );
  const close = () => {
    setOpen(false);
    command.clear();
  };
  return (
    <>
      <button type="button" className={danger ? 'danger' : undefined} onClick={() => setOpen(true)}>
        {label}
      </button>
      <Dialog title={title} open={open} onClose={close}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void command.execute();
          }}
        >
          <Field label={fieldLabel} error={fieldError(command.error, field)}>
            {(props) => <textarea {...props} rows={3} aria-required value={text} onChange={(e) => setText(e.target.value)} />}
          </Field>
          <ErrorMessage error={command.error} />
          <div className="dialog-actions">
            <button type="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className={danger ? 'danger' : 'primary'} disabled={command.busy}>
              {label}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

// What the caller may do with the registration now: each command only when the caller's roles allow it and the
// registration's state does (the state rules are the API's: review from Submitted, approval from UnderReview, ...).
export function RegistrationActions({ registration: r }: { registration: Registration }) {
  const { can } = useSession();
  const startReview = useCommand(() => unwrap(api.POST('/v1/deal-registrations/{registrationId}/start-review', { params: { path: path(r), header: ifMatch(r) } })));
  const sendForApproval = useCommand(() => unwrap(api.POST('/v1/deal-registrations/{registrationId}/send-for-approval', { params: { path: path(r), header: ifMatch(r) } })));
  const s = r.status;
  const may = {
    startReview: s === 'Submitted' && can('startDealRegistrationReview'),
    send: s === 'UnderReview' && can('sendDealRegistrationForApproval'),
    requestInfo: s === 'UnderReview' && can('requestDealRegistrationInfo'),
    approve: s === 'PendingApproval' && can('approveDealRegistration'),
    reject: (s === 'UnderReview' || s === 'PendingApproval') && can('rejectDealRegistration'),
  };
  if (!Object.values(may).some(Boolean)) {
    const waiting = s === 'PendingApproval' ? 'It waits for an approver.' : s === 'InfoRequested' ? 'It waits for the partner to answer.' : '';
    return (
      <section className="panel" aria-labelledby="actions-title">
        <h2 id="actions-title">Actions</h2>
        <p className="muted">Nothing you can do with this registration in its current state. {waiting}</p>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      <div className="page-actions">
        {may.startReview ? (
          <button type="button" className="primary" disabled={startReview.busy} onClick={() => void startReview.execute()}>
            Start review
          </button>
        ) : null}
        {may.send ? (
          <button type="button" className="primary" disabled={sendForApproval.busy} onClick={() => void sendForApproval.execute()}>
            Send for approval
          </button>
        ) : null}
        {may.requestInfo ? (
          <TextCommand
            label="Request information"
            title="Ask the partner for information"
            field="message"
            fieldLabel="Message to the partner (required)"
            run={(message) => unwrap(api.POST('/v1/deal-registrations/{registrationId}/request-info', { params: { path: path(r), header: ifMatch(r) }, body: { message } }))}
          />
        ) : null}
        {may.reject ? (
          <TextCommand
            label="Reject"
            title="Reject the registration"
            field="reason"
            fieldLabel="Reason (required)"
            danger
            run={(reason) => unwrap(api.POST('/v1/deal-registrations/{registrationId}/reject', { params: { path: path(r), header: ifMatch(r) }, body: { reason } }))}
          />
        ) : null}
      </div>
      <ErrorMessage error={startReview.error ?? sendForApproval.error} />
      {may.approve ? <Approve registration={r} /> : null}
    </section>
  );
}
