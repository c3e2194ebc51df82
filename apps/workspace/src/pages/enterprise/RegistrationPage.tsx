import { api, unwrap } from '../../api/client';
import { useApi } from '../../app/use-api';
import { Link } from '../../app/router';
import { Page, Show, StatusBadge } from '../../ui/kit';
import { AuditTimeline } from './registration/AuditTimeline';
import { RegistrationActions } from './registration/RegistrationActions';
import { ConflictExplanation, RegistrationRecord } from './registration/RegistrationRecord';
import { usePartnerNames } from './registration/lookups';

// One registration for the vendor's reviewers and approvers: the record, its conflict, what may be done with it now,
// and its audit trail.
export function RegistrationPage({ registrationId }: { registrationId: string }) {
  const registration = useApi(() => unwrap(api.GET('/v1/deal-registrations/{registrationId}', { params: { path: { registrationId } } })), [registrationId]);
  const { names } = usePartnerNames();
  const r = registration.data;
  // The partner's staff, to name the members who drafted and submitted it.
  const partner = useApi(() => (r ? unwrap(api.GET('/v1/partners/{partnerId}', { params: { path: { partnerId: r.partnerId } } })) : Promise.resolve(undefined)), [r?.partnerId]);
  const people = new Map((partner.data?.staff ?? []).map((m) => [m.memberId, m.name]));
  return (
    <Page
      title={
        r ? (
          <>
            {r.details.customer.companyName} <StatusBadge status={r.status} />
          </>
        ) : (
          'Deal registration'
        )
      }
      actions={<Link to="/approvals">Back to the approval queue</Link>}
    >
      <Show loaded={registration}>
        {(reg) => (
          <>
            <ConflictExplanation conflicts={reg.conflicts ?? []} names={names} />
            <div className="detail-grid">
              <RegistrationRecord registration={reg} partnerName={names.get(reg.partnerId)} />
              <RegistrationActions registration={reg} />
            </div>
            <AuditTimeline registrationId={reg.registrationId} people={people} />
          </>
        )}
      </Show>
    </Page>
  );
}
