import type { Schemas } from '../../../api/client';
import { Link } from '../../../app/router';
import { StatusBadge } from '../../../ui/kit';
import { date, dateTime, money, shortId } from '../../../ui/format';
import { keyWords } from './lookups';

type Registration = Schemas['DealRegistration'];

// The registration as the read model has it now.
export function RegistrationRecord({ registration: r, partnerName }: { registration: Registration; partnerName: string | undefined }) {
  const { customer } = r.details;
  return (
    <section className="panel" aria-labelledby="record-title">
      <h2 id="record-title">The registration</h2>
      <dl className="meta">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={r.status} />
          </dd>
        </div>
        <div>
          <dt>Customer</dt>
          <dd>
            {customer.companyName}
            {customer.domain ? ` (${customer.domain})` : ''}
          </dd>
        </div>
        <div>
          <dt>Customer contact</dt>
          <dd>
            {customer.contactName}, {customer.contactEmail}
          </dd>
        </div>
        <div>
          <dt>Partner</dt>
          <dd>
            <Link to={`/partners/${r.partnerId}`}>{partnerName ?? shortId(r.partnerId)}</Link>
          </dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>{r.details.registrationType}</dd>
        </div>
        <div>
          <dt>Estimated size</dt>
          <dd>{money(r.details.estimatedSize)}</dd>
        </div>
        <div>
          <dt>Expected close</dt>
          <dd>{date(r.details.expectedCloseDate)}</dd>
        </div>
        <div>
          <dt>Products</dt>
          <dd>{r.details.products.length ? r.details.products.join(', ') : '—'}</dd>
        </div>
        <div>
          <dt>Submitted</dt>
          <dd>{dateTime(r.submittedAt)}</dd>
        </div>
        <div>
          <dt>Protected until</dt>
          <dd>{r.protectedUntil ? dateTime(r.protectedUntil) : 'Not protected'}</dd>
        </div>
        <div>
          <dt>Extensions</dt>
          <dd>
            {r.extensionsUsed} used{r.extensionRequested ? ', one requested' : ''}
          </dd>
        </div>
        {r.escalatedAt ? (
          <div>
            <dt>Escalated (SLA passed)</dt>
            <dd>{dateTime(r.escalatedAt)}</dd>
          </div>
        ) : null}
        {r.opportunityId ? (
          <div>
            <dt>Opportunity</dt>
            <dd>{shortId(r.opportunityId)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Version</dt>
          <dd>{r.version}</dd>
        </div>
      </dl>
    </section>
  );
}

// Why the registration is in conflict: each earlier claim, which keys matched and when it was made.
export function ConflictExplanation({ conflicts, names }: { conflicts: Schemas['ConflictMatch'][]; names: Map<string, string> }) {
  if (conflicts.length === 0) return null;
  return (
    <section className="warning" aria-labelledby="conflict-title">
      <h2 id="conflict-title">In conflict with {conflicts.length === 1 ? 'an earlier claim' : `${conflicts.length} earlier claims`}</h2>
      <p>The same customer was registered before. Approving this registration needs an override reason.</p>
      <ul className="conflicts">
        {conflicts.map((c) => (
          <li key={c.registrationId}>
            <p>
              <Link to={`/registrations/${c.registrationId}`}>Registration {shortId(c.registrationId)}</Link> by <strong>{names.get(c.partnerId) ?? shortId(c.partnerId)}</strong>, submitted{' '}
              <time dateTime={c.submittedAt}>{dateTime(c.submittedAt)}</time>.
            </p>
            <p>Matched on:</p>
            <ul aria-label={`Keys matched with registration ${shortId(c.registrationId)}`}>
              {c.keys.map((k) => (
                <li key={`${k.kind}:${k.value}`}>
                  {keyWords(k.kind)}: <code>{k.value}</code>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
