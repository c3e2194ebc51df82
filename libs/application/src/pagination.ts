import { HttpProblem, UNSTORABLE } from '@channel-ledger/platform';

// Keyset pagination: the cursor is the last row's sort value and id, so a page is one index range scan, never
// an OFFSET over everything before it.
export interface Cursor {
  value: string | number | null;
  id: string;
}

// Which list and which order a cursor was made for. A cursor only continues the walk it came from: its value is
// cast to that sort's column type in the SQL, so one from another sort or list would fail there (or silently
// seek to the wrong place).
export interface CursorScope {
  list: string;
  sort: string;
  desc: boolean;
  type: 'timestamptz' | 'bigint' | 'text';
}

const VERSION = 1;
const MAX_CURSOR_LENGTH = 2_048;
// Every record id this API gives out is a UUID.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const INT8 = /^-?\d{1,19}$/;

export function encodeCursor(scope: Omit<CursorScope, 'type'>, cursor: Cursor): string {
  return Buffer.from(JSON.stringify([VERSION, scope.list, scope.sort, scope.desc ? 'desc' : 'asc', cursor.value, cursor.id])).toString('base64url');
}

function valueFits(value: unknown, type: CursorScope['type']): value is string | number | null {
  if (value === null) return true;
  switch (type) {
    case 'timestamptz':
      // Exactly what Date.toISOString gives (the encoder's form), a real date, year 1 or later.
      return typeof value === 'string' && ISO_INSTANT.test(value) && !value.startsWith('0000') && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
    case 'bigint':
      if (typeof value === 'number') return Number.isSafeInteger(value);
      return typeof value === 'string' && INT8.test(value) && BigInt(value) >= -(2n ** 63n) && BigInt(value) < 2n ** 63n;
    case 'text':
      return typeof value === 'string' && value.length <= 1_000 && !UNSTORABLE.test(value);
    default:
      return unreachable(type);
  }
}

function unreachable(value: never): never {
  throw new Error(`unexpected cursor type ${String(value)}`);
}

const invalid = (reason: string) =>
  new HttpProblem(400, 'invalid_cursor', 'cursor is not one this API gave out for this list and order; start again without it', {}, [{ field: 'cursor', reason }]);

// The one way a cursor comes back in: anything but a cursor this API made for this very list, sort and direction
// is a 400 naming the cursor, before any SQL runs.
export function decodeCursor(raw: string | undefined, scope: CursorScope): Cursor | undefined {
  if (raw === undefined) return undefined;
  if (raw.length === 0 || raw.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid('must be a nextCursor value as returned');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid('must be a nextCursor value as returned');
  }
  if (!Array.isArray(decoded) || decoded.length !== 6 || decoded[0] !== VERSION) throw invalid('must be a nextCursor value as returned');
  const [, list, sort, direction, value, id] = decoded as unknown[];
  if (list !== scope.list) throw invalid('was given out by another list');
  if (sort !== scope.sort || direction !== (scope.desc ? 'desc' : 'asc')) throw invalid('was given out for another sort or order');
  if (typeof id !== 'string' || !UUID.test(id) || !valueFits(value, scope.type)) throw invalid('must be a nextCursor value as returned');
  return { value, id };
}

export function pageOf<T>(rows: T[], limit: number, scope: Omit<CursorScope, 'type'>, cursorOf: (row: T) => Cursor): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(scope, cursorOf(items[items.length - 1])) : null };
}
