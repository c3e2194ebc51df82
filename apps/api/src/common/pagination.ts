import { HttpProblem } from './http-errors';

// Keyset pagination: the cursor is the last row's sort value and id, so a page is one index range scan, never
// an OFFSET over everything before it.
export interface Cursor {
  value: string | number | null;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (raw === undefined) return undefined;
  try {
    const [value, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof id !== 'string' || !(value === null || typeof value === 'string' || typeof value === 'number')) throw new Error();
    return { value, id };
  } catch {
    throw new HttpProblem(400, 'invalid_cursor', 'cursor is not one this API gave out');
  }
}

export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => Cursor): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(cursorOf(items[items.length - 1])) : null };
}
