import { type FormEvent, useState } from 'react';
import { api, unwrap, type Schemas } from '../../../api/client';
import { useSession } from '../../../app/session';
import { type Column, Dialog, Empty, ErrorMessage, Field, fieldError, StatusBadge, Table, useCommand } from '../../../ui/kit';
import { words } from './words';

type Member = Schemas['Partner360']['tabs']['members'][number];
type StaffRole = Schemas['StaffRole'];

export function MembersTab({ partnerId, members, pointOfContact }: { partnerId: string; members: Member[]; pointOfContact: string | null }) {
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  const columns: Column<Member>[] = [
    { key: 'name', label: 'Name', render: (m) => (m.memberId === pointOfContact ? `${m.name} (point of contact)` : m.name) },
    { key: 'email', label: 'Email', render: (m) => m.email },
    { key: 'role', label: 'Role', render: (m) => words(m.role) },
    { key: 'active', label: 'Status', render: (m) => <StatusBadge status={m.active ? 'Active' : 'Inactive'} /> },
  ];
  return (
    <>
      {can('registerPartnerMember') ? (
        <p>
          <button type="button" className="primary" onClick={() => setOpen(true)}>
            Register a staff member
          </button>
        </p>
      ) : null}
      {members.length === 0 ? <Empty>No staff members yet.</Empty> : <Table caption="Staff members" columns={columns} rows={members} rowKey={(m) => m.memberId} />}
      <RegisterMemberDialog partnerId={partnerId} open={open} onClose={() => setOpen(false)} />
    </>
  );
}

// The form stays open with the API's reasons on its fields until the API accepts it.
function RegisterMemberDialog({ partnerId, open, onClose }: { partnerId: string; open: boolean; onClose: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<StaffRole>('partner_associate');
  const command = useCommand(
    () => unwrap(api.POST('/v1/partners/{partnerId}/members', { params: { path: { partnerId } }, body: { name, email, role } })),
    () => {
      setName('');
      setEmail('');
      setRole('partner_associate');
      onClose();
    },
  );
  const close = () => {
    command.clear();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void command.execute();
  };
  return (
    <Dialog title="Register a staff member" open={open} onClose={close}>
      {/* The API checks the fields and says why in words; the browser's own checks would hide its reasons. */}
      <form onSubmit={submit} noValidate>
        <ErrorMessage error={command.error} />
        <Field label="Name" error={fieldError(command.error, 'name')}>
          {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
        </Field>
        <Field label="Email" error={fieldError(command.error, 'email')}>
          {(props) => <input {...props} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />}
        </Field>
        <Field label="Role" error={fieldError(command.error, 'role')}>
          {(props) => (
            <select {...props} value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
              <option value="partner_associate">Partner associate</option>
              <option value="partner_manager">Partner manager</option>
            </select>
          )}
        </Field>
        <div className="dialog-actions">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={command.busy}>
            {command.busy ? 'Registering…' : 'Register'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
