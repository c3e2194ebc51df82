import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useApi } from '../../app/use-api';
import { Dialog, ErrorMessage, Field, fieldError, Loading, Page, StatusBadge, useCommand } from '../../ui/kit';
import { date, dateTime } from '../../ui/format';
import { isNotFound, KEY_WORDS, type Program } from './portal-data';
import {
  CustomerFields,
  type DetailsDraft,
  DetailsList,
  detailsOf,
  draftFromDetails,
  type FieldErrors,
  ProductsField,
  SizeFields,
  TypeFields,
  apiFieldErrors,
  validate,
} from './registration-form';

// One registration as its partner sees it: the status, live (a channel manager's decision shows without reloading),
// the details, what the channel team asked, and what the partner may still do.

type Registration = Schemas['DealRegistration'];
type HistoryEntry = Schemas['ApprovalHistoryEntry'];

const WITHDRAWABLE: Registration['status'][] = ['Draft', 'Submitted', 'UnderReview', 'InfoRequested', 'PendingApproval'];

const STATUS_WORDS: Partial<Record<Registration['status'], string>> = {
  Draft: 'A draft: not sent to the channel team yet.',
  Submitted: 'Submitted: waiting for the channel team to review it.',
  UnderReview: 'Under review by the channel team.',
  InfoRequested: 'The channel team needs more information before deciding.',
  PendingApproval: 'Reviewed: waiting for approval.',
  Approved: 'Approved: the deal is protected for you.',
  Rejected: 'Rejected.',
  Withdrawn: 'Withdrawn by your organisation.',
  Cancelled: 'Cancelled by the channel team.',
  Expired: 'The protection has expired.',
  Converted: 'Converted into an opportunity.',
};

function ConflictNotice({ registration }: { registration: Registration }) {
  const keys = registration.conflict?.matchedKeys ?? [];
  if (keys.length === 0) return null;
  return (
    <div className="warning" role="note">
      <p>
        <strong>In conflict:</strong> another registration claims the same customer. The channel team decides which claim is protected.
      </p>
      <p>Your details that matched:</p>
      <ul>
        {keys.map((k) => (
          <li key={`${k.kind}:${k.value}`}>
            {KEY_WORDS[k.kind] ?? k.kind}: {k.value}
          </li>
        ))}
      </ul>
    </div>
  );
}

// The channel team's question, answered in words on the resubmission, with the details corrected where they asked
// for it (sent as an edit first, only when they changed).
function AnswerInfoRequest({ registration, request, program }: { registration: Registration; request: HistoryEntry | undefined; program: Program | undefined }) {
  const { can } = useSession();
  const [draft, setDraft] = useState<DetailsDraft>(() => draftFromDetails(registration.details));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [answer, setAnswer] = useState('');
  const id = registration.registrationId;
  const resubmit = useCommand(async () => {
    const details = detailsOf(draft);
    if (JSON.stringify(details) !== JSON.stringify(detailsOf(draftFromDetails(registration.details)))) {
      await unwrap(api.PATCH('/v1/deal-registrations/{registrationId}', { params: { path: { registrationId: id } }, body: { changes: details } }));
    }
    await unwrap(api.POST('/v1/deal-registrations/{registrationId}/resubmit', { params: { path: { registrationId: id } }, body: answer.trim() ? { answer } : {} }));
  });
  const mayAnswer = can('editDealRegistration') && can('resubmitDealRegistration');
  const change = (patch: Partial<DetailsDraft>) => setDraft((d) => ({ ...d, ...patch }));
  // The form's own checks, and what the API refused on the last try, on the fields they concern.
  const shown = { ...apiFieldErrors(resubmit.error), ...errors };
  return (
    <section className="panel" aria-labelledby="info-request-title">
      <h2 id="info-request-title">The channel team asks</h2>
      <blockquote className="info-request">{request?.reason ?? 'The channel team asked for more information.'}</blockquote>
      {request ? <p className="field-hint">Asked {dateTime(request.at)}</p> : null}
      {mayAnswer ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const found = { ...validate(draft, program, 'type'), ...validate(draft, program, 'customer'), ...validate(draft, program, 'size'), ...validate(draft, program, 'products') };
            setErrors(found);
            if (Object.keys(found).length === 0) void resubmit.execute();
          }}
        >
          <h3>Your answer</h3>
          <Field label="Answer to the channel team" hint="Sent with the resubmission; the channel team reads it in the registration's history." error={fieldError(resubmit.error, 'answer')}>
            {(props) => <textarea {...props} rows={3} maxLength={4000} value={answer} onChange={(e) => setAnswer(e.target.value)} />}
          </Field>
          <p>Correct or complete the details where they asked for it, then resubmit the registration.</p>
          <TypeFields draft={draft} program={program} errors={shown} onChange={change} />
          <CustomerFields draft={draft} errors={shown} onChange={change} />
          <SizeFields draft={draft} program={program} errors={shown} onChange={change} />
          <ProductsField draft={draft} errors={shown} onChange={change} />
          <ErrorMessage error={resubmit.error} />
          <button type="submit" className="primary" disabled={resubmit.busy}>
            {resubmit.busy ? 'Resubmitting…' : 'Resubmit registration'}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function Withdraw({ registration }: { registration: Registration }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const withdraw = useCommand(
    () =>
      unwrap(
        api.POST('/v1/deal-registrations/{registrationId}/withdraw', {
          params: { path: { registrationId: registration.registrationId } },
          body: reason.trim() ? { reason: reason.trim() } : {},
        }),
      ),
    () => setOpen(false),
  );
  return (
    <>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Withdraw
      </button>
      <Dialog title="Withdraw this registration?" open={open} onClose={() => setOpen(false)}>
        <p>A withdrawn registration cannot be submitted again: the customer would need a new registration.</p>
        <Field label="Reason (optional)" error={undefined}>
          {(p) => <textarea {...p} rows={3} value={reason} maxLength={4000} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <ErrorMessage error={withdraw.error} />
        <div className="dialog-actions">
          <button type="button" onClick={() => setOpen(false)}>
            Keep it
          </button>
          <button type="button" className="danger" disabled={withdraw.busy} onClick={() => void withdraw.execute()}>
            {withdraw.busy ? 'Withdrawing…' : 'Withdraw registration'}
          </button>
        </div>
      </Dialog>
    </>
  );
}

function Submit({ registration }: { registration: Registration }) {
  const submit = useCommand(() => unwrap(api.POST('/v1/deal-registrations/{registrationId}/submit', { params: { path: { registrationId: registration.registrationId } } })));
  return (
    <>
      <button type="button" className="primary" disabled={submit.busy} onClick={() => void submit.execute()}>
        {submit.busy ? 'Submitting…' : 'Submit'}
      </button>
      <ErrorMessage error={submit.error} />
    </>
  );
}

const spaced = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2');

function History({ entries }: { entries: HistoryEntry[] }) {
  if (entries.length === 0) return <p className="empty">No changes yet.</p>;
  return (
    <ol className="timeline">
      {entries.map((e) => (
        <li key={e.position}>
          <strong>{e.to && e.to !== e.from ? spaced(e.to) : spaced(e.eventType.replace(/^Registration/, ''))}</strong>{' '}
          <span className="field-hint">{dateTime(e.at)}</span>
          {e.reason ? <div>{e.reason}</div> : null}
          {e.matchedKeys && e.matchedKeys.length > 0 ? <div>Matched on {e.matchedKeys.map((k) => KEY_WORDS[k.kind] ?? k.kind).join(', ')}</div> : null}
        </li>
      ))}
    </ol>
  );
}

// Keyed by the id: another registration's URL starts from nothing, never from the previous record.
export function PortalRegistrationPage({ registrationId }: { registrationId: string }) {
  return <RegistrationView key={registrationId} registrationId={registrationId} />;
}

function RegistrationView({ registrationId }: { registrationId: string }) {
  const { can } = useSession();
  // Polled: the channel team's decisions arrive while the partner looks at the page.
  const loaded = useApi(async () => {
    const path = { params: { path: { registrationId } } };
    // The record first: whether it exists for this caller decides the page, not the history's answer.
    const registration = await unwrap(api.GET('/v1/deal-registrations/{registrationId}', path));
    const history = can('getDealRegistrationApprovalHistory') ? await unwrap(api.GET('/v1/deal-registrations/{registrationId}/approval-history', path)) : [];
    return { registration, history };
  }, [registrationId], 3000);
  const programId = loaded.data?.registration.programId;
  const program = useApi(async () => (programId ? unwrap(api.GET('/v1/programs/{programId}', { params: { path: { programId } } })) : undefined), [programId]);

  if (loaded.data === undefined) {
    if (isNotFound(loaded.error)) {
      return (
        <Page title="Registration not found">
          <p>
            This deal registration was not found: it does not exist, or it is not your organisation's. <Link to="/portal">Back to my organisation</Link>.
          </p>
        </Page>
      );
    }
    return <Page title="Deal registration">{loaded.error ? <ErrorMessage error={loaded.error} /> : <Loading />}</Page>;
  }
  const { registration: r, history } = loaded.data;
  const lastRequest = [...history].reverse().find((e) => e.eventType === 'RegistrationInfoRequested');
  const actions = (
    <>
      {r.status === 'Draft' && can('submitDealRegistration') ? <Submit registration={r} /> : null}
      {WITHDRAWABLE.includes(r.status) && can('withdrawDealRegistration') ? <Withdraw registration={r} /> : null}
    </>
  );
  return (
    <Page title={r.details.customer.companyName} actions={actions}>
      <p>
        <Link to="/portal?tab=registrations">All registrations</Link>
      </p>
      <div className="panel">
        <p className="status-line" aria-live="polite">
          Status: <StatusBadge status={r.status} /> <span>{STATUS_WORDS[r.status]}</span>
        </p>
        {loaded.error ? <ErrorMessage error={loaded.error} /> : null}
        <dl className="meta">
          <div>
            <dt>Submitted</dt>
            <dd>{dateTime(r.submittedAt)}</dd>
          </div>
          <div>
            <dt>Protected until</dt>
            <dd>{date(r.protectedUntil)}</dd>
          </div>
          <div>
            <dt>Program</dt>
            <dd>{program.data?.name ?? '—'}</dd>
          </div>
          <div>
            <dt>Extensions used</dt>
            <dd>{r.extensionsUsed}</dd>
          </div>
        </dl>
      </div>
      <ConflictNotice registration={r} />
      {r.status === 'InfoRequested' ? <AnswerInfoRequest registration={r} request={lastRequest} program={program.data} /> : null}
      <section className="panel" aria-labelledby="details-title">
        <h2 id="details-title">Details</h2>
        <DetailsList details={r.details} />
      </section>
      {can('getDealRegistrationApprovalHistory') ? (
        <section className="panel" aria-labelledby="history-title">
          <h2 id="history-title">History</h2>
          <History entries={history} />
        </section>
      ) : null}
    </Page>
  );
}
