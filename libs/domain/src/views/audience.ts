// Who a record is shown to. The enterprise sees every field; a partner sees what each record type declares for
// it, and of the partners a record names only those it may see (its organisation, and a manager's descendants).
export interface PartnerAudience {
  kind: 'partner';
  sees(partnerId: string | null | undefined): boolean;
}
export type Audience = { kind: 'enterprise' } | PartnerAudience;

export const ENTERPRISE: Audience = { kind: 'enterprise' };

export function partnerAudience(visible: Iterable<string>): PartnerAudience {
  const ids = new Set(visible);
  return { kind: 'partner', sees: (partnerId) => !!partnerId && ids.has(partnerId) };
}

// The fields one audience may read, by name. `true` copies the value as it is (a scalar, or a value the whole of
// which is declared visible); a nested declaration picks from an object, or from each object of an array. A field
// that is not named is not copied: a field added to a record later stays internal until it is declared here.
export interface Fields {
  readonly [field: string]: true | Fields;
}

export function pick(value: unknown, fields: Fields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (value === null || typeof value !== 'object') return out;
  const record = value as Record<string, unknown>;
  for (const [field, declared] of Object.entries(fields)) {
    if (!Object.prototype.hasOwnProperty.call(record, field)) continue;
    const inner = record[field];
    if (declared === true || inner === null || inner === undefined) out[field] = inner;
    else if (Array.isArray(inner)) out[field] = inner.map((item) => pick(item, declared));
    else out[field] = pick(inner, declared);
  }
  return out;
}

// One record type's declaration: the fields a partner reads as they are, and those it reads in a redacted or
// summarised form, computed from the record and what the partner may see.
export interface View<R> {
  partner: Fields;
  derive?: (record: R, audience: PartnerAudience) => Record<string, unknown>;
  // What the enterprise reads; all of the record unless a field is only an input to the partner's figures.
  enterprise?: (record: R) => Record<string, unknown>;
}

export function present<R extends object>(view: View<R>, record: R, audience: Audience): Record<string, unknown> {
  if (audience.kind === 'enterprise') return view.enterprise ? view.enterprise(record) : { ...(record as Record<string, unknown>) };
  return { ...pick(record, view.partner), ...(view.derive ? view.derive(record, audience) : {}) };
}
