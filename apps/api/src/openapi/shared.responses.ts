// Answer shapes every context shares.

// What a command answers with: 201 for a new record, 200 for a change.
export interface CommandResult {
  /** The record's id. */
  id: string;
  /**
   * Events in the record's stream after the command: what If-Match takes (also sent as the ETag).
   * @asType integer
   */
  version: number;
  /**
   * Log position of the record's last event, for X-Min-Position; null when nothing was ever written.
   * @pattern ^\d{20}-\d{20}$
   */
  position: string | null;
}

// 201 to a new staff member: the partner's id and version, and the member's id.
export interface StaffMemberRegistered extends CommandResult {
  memberId: string;
}

// A page of a keyset-paginated list.
export interface Page<Item> {
  items: Item[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

// A record as one caller reads it: the enterprise reads all of it, a partner the fields named in PartnerFields
// (the rest are optional here: enterprise callers only) and the Derived fields computed for it (partner callers
// only, so optional too).
export type RecordAnswer<Whole, PartnerFields extends keyof Whole, Derived = unknown> = Pick<Whole, PartnerFields> & Partial<Omit<Whole, PartnerFields>> & Partial<Derived>;

export type { Money } from '@channel-ledger/domain';
