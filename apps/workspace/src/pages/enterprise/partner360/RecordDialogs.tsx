import { api, unwrap, type Schemas } from '../../../api/client';
import { useApi } from '../../../app/use-api';
import { Link } from '../../../app/router';
import { date, dateTime, money } from '../../../ui/format';
import type { ReactNode } from 'react';
import type { Loaded } from '../../../app/use-api';
import { type Column, Dialog, Show, StatusBadge, Table } from '../../../ui/kit';
import { words } from './words';

// A registration, a case or an order opened from the 360 without leaving it: the record as the API answers it now.

function RecordDialog<T>({ title, loaded, onClose, actions, children }: { title: (record: T | undefined) => string; loaded: Loaded<T>; onClose: () => void; actions?: ReactNode; children: (record: T) => ReactNode }) {
  return (
    <Dialog title={title(loaded.data)} open onClose={onClose}>
      <Show loaded={loaded}>{children}</Show>
      <div className="dialog-actions">
        {actions}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

export function CaseDialog({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  const loaded = useApi(() => unwrap(api.GET('/v1/cases/{caseId}', { params: { path: { caseId } } })), [caseId]);
  return (
    <RecordDialog title={(c) => (c ? `Case: ${c.subject}` : 'Case')} loaded={loaded} onClose={onClose}>
      {(c) => <CaseDetails record={c} />}
    </RecordDialog>
  );
}

function CaseDetails({ record }: { record: Schemas['Case'] }) {
  return (
    <>
      <dl className="meta">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={record.status} />
          </dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>{record.priority}</dd>
        </div>
        <div>
          <dt>About</dt>
          <dd>{words(record.about)}</dd>
        </div>
        <div>
          <dt>First response due</dt>
          <dd>{dateTime(record.firstResponseDueAt)}</dd>
        </div>
        <div>
          <dt>Resolution due</dt>
          <dd>{dateTime(record.resolutionDueAt)}</dd>
        </div>
        <div>
          <dt>SLAs breached</dt>
          <dd>{record.breaches.length ? record.breaches.map(words).join(', ') : 'None'}</dd>
        </div>
        {record.endCustomer ? (
          <div>
            <dt>End customer</dt>
            <dd>
              {record.endCustomer.companyName} ({record.endCustomer.contactEmail})
            </dd>
          </div>
        ) : null}
      </dl>
      <h3>Description</h3>
      <p className="prewrap">{record.description}</p>
    </>
  );
}

export function OrderDialog({ orderId, onClose }: { orderId: string; onClose: () => void }) {
  const loaded = useApi(() => unwrap(api.GET('/v1/orders/{orderId}', { params: { path: { orderId } } })), [orderId]);
  return (
    <RecordDialog title={(o) => (o ? `Order: ${o.account}` : 'Order')} loaded={loaded} onClose={onClose}>
      {(o) => <OrderDetails record={o} />}
    </RecordDialog>
  );
}

function OrderDetails({ record }: { record: Schemas['Order'] }) {
  const lineMoney = (amountMinor: number) => money({ amountMinor, currency: record.currency });
  const columns: Column<Schemas['OrderLine']>[] = [
    { key: 'product', label: 'Product', render: (l) => l.product },
    { key: 'quantity', label: 'Quantity', numeric: true, render: (l) => l.quantity },
    { key: 'unit', label: 'Unit price', numeric: true, render: (l) => lineMoney(l.unitPriceMinor) },
    { key: 'total', label: 'Total', numeric: true, render: (l) => lineMoney(l.totalMinor) },
    { key: 'fulfilled', label: 'Fulfilled', render: (l) => dateTime(l.fulfilledAt) },
  ];
  return (
    <>
      <dl className="meta">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={record.status} />
          </dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>{words(record.orderType)}</dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>{words(record.priority)}</dd>
        </div>
        <div>
          <dt>Contact</dt>
          <dd>
            {record.contact.name} ({record.contact.email})
          </dd>
        </div>
        <div>
          <dt>Total</dt>
          <dd>{lineMoney(record.totalMinor)}</dd>
        </div>
      </dl>
      <h3>Lines</h3>
      <Table caption="Order lines" columns={columns} rows={record.lines} rowKey={(l) => l.lineId} />
    </>
  );
}

export function RegistrationDialog({ registrationId, onClose }: { registrationId: string; onClose: () => void }) {
  const loaded = useApi(() => unwrap(api.GET('/v1/deal-registrations/{registrationId}', { params: { path: { registrationId } } })), [registrationId]);
  const full = (
    <Link to={`/registrations/${registrationId}`} className="button">
      Open the record and its timeline
    </Link>
  );
  return (
    <RecordDialog title={(r) => (r ? `Deal registration: ${r.details.customer.companyName}` : 'Deal registration')} loaded={loaded} onClose={onClose} actions={full}>
      {(r) => <RegistrationDetails record={r} />}
    </RecordDialog>
  );
}

function RegistrationDetails({ record }: { record: Schemas['DealRegistration'] }) {
  const d = record.details;
  return (
    <dl className="meta">
      <div>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={record.status} />
        </dd>
      </div>
      <div>
        <dt>Type</dt>
        <dd>{words(d.registrationType)}</dd>
      </div>
      <div>
        <dt>Estimated size</dt>
        <dd>{money(d.estimatedSize)}</dd>
      </div>
      <div>
        <dt>Expected close</dt>
        <dd>{date(d.expectedCloseDate)}</dd>
      </div>
      <div>
        <dt>Customer contact</dt>
        <dd>
          {d.customer.contactName} ({d.customer.contactEmail})
        </dd>
      </div>
      <div>
        <dt>Products</dt>
        <dd>{d.products.join(', ')}</dd>
      </div>
      <div>
        <dt>Submitted</dt>
        <dd>{dateTime(record.submittedAt)}</dd>
      </div>
      <div>
        <dt>Protected until</dt>
        <dd>{dateTime(record.protectedUntil)}</dd>
      </div>
      <div>
        <dt>Conflicts</dt>
        <dd>{record.conflicts && record.conflicts.length > 0 ? `${record.conflicts.length} earlier claim${record.conflicts.length === 1 ? '' : 's'}` : 'None'}</dd>
      </div>
    </dl>
  );
}
