import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { navigate } from '../../app/router';
import { useSession } from '../../app/session';
import { ErrorMessage, Field, fieldError, Page, useCommand } from '../../ui/kit';
import { PRIORITY_WORDS, usePartnerNames, usePrograms } from './portal-data';

// Opening a support case, for the organisation or for one of its end customers.

type About = 'organisation' | 'end_customer';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface CaseDraft {
  about: About;
  companyName: string;
  contactEmail: string;
  priority: Schemas['CasePriority'];
  subject: string;
  description: string;
  programId: string;
  partnerId: string;
}

function check(d: CaseDraft): Record<string, string> {
  const e: Record<string, string> = {};
  if (d.about === 'end_customer') {
    if (!d.companyName.trim()) e['endCustomer.companyName'] = "Enter the end customer's company name.";
    if (!EMAIL.test(d.contactEmail.trim())) e['endCustomer.contactEmail'] = 'Enter a valid email address, such as name@example.com.';
  }
  if (!d.subject.trim()) e.subject = 'Enter a subject.';
  else if (d.subject.trim().length > 300) e.subject = 'At most 300 characters.';
  if (!d.description.trim()) e.description = 'Describe the problem.';
  return e;
}

function CaseForm() {
  const { me } = useSession();
  const programs = usePrograms();
  const names = usePartnerNames();
  const own = me?.partner?.partnerId ?? '';
  const [d, setD] = useState<CaseDraft>({ about: 'organisation', companyName: '', contactEmail: '', priority: 'P3', subject: '', description: '', programId: '', partnerId: own });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const change = (patch: Partial<CaseDraft>) => setD((x) => ({ ...x, ...patch }));
  const programList = programs.data ?? [];
  // The program whose support targets apply: the one chosen, else the organisation's only program.
  const programId = d.programId || (programList.length === 1 ? programList[0].programId : '');
  const open = useCommand(async () => {
    const result = await unwrap(
      api.POST('/v1/cases', {
        body: {
          about: d.about,
          ...(d.about === 'end_customer' ? { endCustomer: { companyName: d.companyName.trim(), contactEmail: d.contactEmail.trim() } } : {}),
          priority: d.priority,
          subject: d.subject.trim(),
          description: d.description.trim(),
          ...(programId ? { programId } : {}),
          ...(d.partnerId && d.partnerId !== own ? { partnerId: d.partnerId } : {}),
        },
      }),
    );
    navigate(`/portal/cases/${result.id}`);
  });
  const err = (field: string) => errors[field] ?? fieldError(open.error, field);
  const organisations = [...(names.data ?? new Map<string, string>()).entries()];

  return (
    <form
      className="panel"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const found = check(d);
        setErrors(found);
        if (Object.keys(found).length === 0) void open.execute();
      }}
    >
      <fieldset className="choice-group">
        <legend>The case is about</legend>
        <label className="choice">
          <input type="radio" name="about" checked={d.about === 'organisation'} onChange={() => change({ about: 'organisation' })} />
          <span>Our organisation</span>
        </label>
        <label className="choice">
          <input type="radio" name="about" checked={d.about === 'end_customer'} onChange={() => change({ about: 'end_customer' })} />
          <span>One of our end customers</span>
        </label>
      </fieldset>
      {organisations.length > 1 ? (
        <Field label="Organisation" hint="Managers may open a case for an organisation under theirs." error={err('partnerId')}>
          {(p) => (
            <select {...p} value={d.partnerId} onChange={(e) => change({ partnerId: e.target.value })}>
              {organisations.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {d.about === 'end_customer' ? (
        <div className="form-row">
          <Field label="End customer company" error={err('endCustomer.companyName')}>
            {(p) => <input {...p} value={d.companyName} onChange={(e) => change({ companyName: e.target.value })} />}
          </Field>
          <Field label="End customer contact email" error={err('endCustomer.contactEmail')}>
            {(p) => <input {...p} type="email" value={d.contactEmail} onChange={(e) => change({ contactEmail: e.target.value })} />}
          </Field>
        </div>
      ) : null}
      {programList.length > 1 ? (
        <Field label="Program" hint="Its support targets apply to the case." error={err('programId')}>
          {(p) => (
            <select {...p} value={d.programId} onChange={(e) => change({ programId: e.target.value })}>
              <option value="">The default targets</option>
              {programList.map((pr) => (
                <option key={pr.programId} value={pr.programId}>
                  {pr.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field label="Priority" error={err('priority')}>
        {(p) => (
          <select {...p} value={d.priority} onChange={(e) => change({ priority: e.target.value as Schemas['CasePriority'] })}>
            {(Object.keys(PRIORITY_WORDS) as Schemas['CasePriority'][]).map((k) => (
              <option key={k} value={k}>
                {PRIORITY_WORDS[k]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Subject" error={err('subject')}>
        {(p) => <input {...p} value={d.subject} maxLength={300} onChange={(e) => change({ subject: e.target.value })} />}
      </Field>
      <Field label="Description" error={err('description')}>
        {(p) => <textarea {...p} rows={6} value={d.description} onChange={(e) => change({ description: e.target.value })} />}
      </Field>
      <ErrorMessage error={open.error} />
      <button type="submit" className="primary" disabled={open.busy}>
        {open.busy ? 'Opening…' : 'Open case'}
      </button>
    </form>
  );
}

export function OpenCasePage() {
  const { can } = useSession();
  return <Page title="Open a case">{can('openCase') ? <CaseForm /> : <p>Your role does not allow opening cases.</p>}</Page>;
}
