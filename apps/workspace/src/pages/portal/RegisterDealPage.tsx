import { useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { navigate } from '../../app/router';
import { useSession } from '../../app/session';
import { ErrorMessage, Field, Loading, Page } from '../../ui/kit';
import { type Program, usePrograms } from './portal-data';
import {
  CustomerFields,
  type DetailsDraft,
  DetailsList,
  detailsOf,
  emptyDraft,
  type FieldErrors,
  ProductsField,
  type Section,
  SizeFields,
  TypeFields,
  apiFieldErrors,
  sectionOf,
  validate,
} from './registration-form';

// Registering a deal, one question at a time: the values stay as typed when going back and forth, each step checks
// what the API would refuse, and a refusal on submit goes back to the step that holds the field.

const STEPS: { id: Section | 'review'; label: string }[] = [
  { id: 'type', label: 'Type' },
  { id: 'customer', label: 'Customer' },
  { id: 'size', label: 'Size and close date' },
  { id: 'products', label: 'Products' },
  { id: 'review', label: 'Review and submit' },
];

function StepList({ current }: { current: number }) {
  return (
    <ol className="steps" aria-label="Steps">
      {STEPS.map((s, i) => (
        <li key={s.id} aria-current={i === current ? 'step' : undefined}>
          <span className="visually-hidden">{i < current ? 'Done: ' : i === current ? 'Current: ' : ''}</span>
          {i + 1}. {s.label}
        </li>
      ))}
    </ol>
  );
}

function Wizard({ programs }: { programs: Program[] }) {
  const [programId, setProgramId] = useState(programs[0].programId);
  const program = programs.find((p) => p.programId === programId);
  const [draft, setDraft] = useState<DetailsDraft>(() => emptyDraft(programs[0]));
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // A draft the API already holds, when submitting it failed: a retry edits and submits it instead of drafting again.
  const [draftId, setDraftId] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);

  useEffect(() => {
    // Focus follows the step, so a keyboard or screen-reader user starts at its question.
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  const change = (patch: Partial<DetailsDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const current = STEPS[step];
  // A refusal the API tied to fields is shown on them, on the step that holds them.
  const onField = Object.keys(apiFieldErrors(failure)).length > 0;

  const next = () => {
    if (current.id === 'review') return;
    const found = validate(draft, program, current.id);
    setErrors(found);
    if (Object.keys(found).length === 0) {
      setFailure(undefined);
      setStep(step + 1);
    }
  };
  const back = () => {
    setErrors({});
    setFailure(undefined);
    setStep(Math.max(0, step - 1));
  };

  const submit = async () => {
    setBusy(true);
    setFailure(undefined);
    const details = detailsOf(draft);
    try {
      let id = draftId;
      if (!id) {
        id = (await unwrap(api.POST('/v1/deal-registrations', { body: { programId, ...details } }))).id;
        setDraftId(id);
      } else {
        await unwrap(api.PATCH('/v1/deal-registrations/{registrationId}', { params: { path: { registrationId: id } }, body: { changes: details } }));
      }
      await unwrap(api.POST('/v1/deal-registrations/{registrationId}/submit', { params: { path: { registrationId: id } } }));
      navigate(`/portal/registrations/${id}`);
    } catch (error) {
      const fields = apiFieldErrors(error);
      const names = Object.keys(fields);
      if (names.length > 0) {
        setErrors(fields);
        setStep(STEPS.findIndex((s) => s.id === sectionOf(names[0])));
      }
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <StepList current={step} />
      <form
        className="panel wizard"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (current.id === 'review') void submit();
          else next();
        }}
      >
        <h2 ref={heading} tabIndex={-1}>
          Step {step + 1} of {STEPS.length}: {current.label}
        </h2>
        {failure && (current.id === 'review' || !onField) ? <ErrorMessage error={failure} /> : null}
        {failure && current.id !== 'review' && onField ? (
          <p className="warning" role="alert">
            The API did not accept this step: see the field below.
          </p>
        ) : null}
        {current.id === 'type' ? (
          <>
            {programs.length > 1 ? (
              <Field label="Program">
                {(p) => (
                  <select
                    {...p}
                    value={programId}
                    onChange={(e) => {
                      setProgramId(e.target.value);
                      change({ registrationType: '' });
                    }}
                  >
                    {programs.map((pr) => (
                      <option key={pr.programId} value={pr.programId}>
                        {pr.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : (
              <p>
                Program: <strong>{program?.name}</strong>
              </p>
            )}
            <TypeFields draft={draft} program={program} errors={errors} onChange={change} />
          </>
        ) : null}
        {current.id === 'customer' ? <CustomerFields draft={draft} errors={errors} onChange={change} /> : null}
        {current.id === 'size' ? <SizeFields draft={draft} program={program} errors={errors} onChange={change} /> : null}
        {current.id === 'products' ? <ProductsField draft={draft} errors={errors} onChange={change} /> : null}
        {current.id === 'review' ? (
          <>
            <p>Check the details. Submitting sends the registration to the channel team for review.</p>
            <p>
              Program: <strong>{program?.name}</strong>
            </p>
            <DetailsList details={detailsOf(draft)} />
          </>
        ) : null}
        <div className="wizard-actions">
          {step > 0 ? (
            <button type="button" onClick={back} disabled={busy}>
              Back
            </button>
          ) : null}
          {current.id === 'review' ? (
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Submitting…' : 'Submit registration'}
            </button>
          ) : (
            <button type="submit" className="primary">
              Next
            </button>
          )}
        </div>
      </form>
    </>
  );
}

export function RegisterDealPage() {
  const { can } = useSession();
  const programs = usePrograms();
  if (!can('draftDealRegistration') || !can('submitDealRegistration')) {
    return (
      <Page title="Register a deal">
        <p>Your role does not allow registering deals.</p>
      </Page>
    );
  }
  return (
    <Page title="Register a deal">
      {programs.data === undefined ? (
        programs.error ? (
          <ErrorMessage error={programs.error} />
        ) : (
          <Loading what="Loading your programs" />
        )
      ) : programs.data.length === 0 ? (
        <p className="empty">Your organisation is not in an active program, so it cannot register deals yet.</p>
      ) : (
        <Wizard programs={programs.data} />
      )}
    </Page>
  );
}
