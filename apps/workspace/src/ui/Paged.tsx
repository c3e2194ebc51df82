import { type ReactNode, useState } from 'react';
import { useApi } from '../app/use-api';
import { Show } from './kit';

export const PAGE_SIZE = 50;

// A list the API answers a page at a time: the page, then "Previous page" / "Next page" by the API's cursors. Other
// `deps` (another search, another partner) start again at the first page.
export function Paged<T>({ load, deps, empty, children }: { load: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>; deps: unknown[]; empty: string; children: (items: T[]) => ReactNode }) {
  const key = JSON.stringify(deps);
  // The cursors of the pages before this one (so "Previous page" can go back), for the deps they were followed under.
  const [paging, setPaging] = useState<{ key: string; cursors: (string | undefined)[] }>({ key, cursors: [undefined] });
  const cursors = paging.key === key ? paging.cursors : [undefined];
  const setCursors = (next: (c: (string | undefined)[]) => (string | undefined)[]) => setPaging({ key, cursors: next(cursors) });
  const cursor = cursors[cursors.length - 1];
  const loaded = useApi(() => load(cursor), [...deps, cursor]);
  return (
    <Show loaded={loaded} empty={(d) => (d.items.length === 0 && cursors.length === 1 ? empty : undefined)}>
      {(data) => (
        <>
          {children(data.items)}
          {cursors.length > 1 || data.nextCursor ? (
            <div className="pager">
              {cursors.length > 1 ? (
                <button type="button" onClick={() => setCursors((c) => c.slice(0, -1))}>
                  Previous page
                </button>
              ) : null}
              {data.nextCursor ? (
                <button type="button" onClick={() => setCursors((c) => [...c, data.nextCursor ?? undefined])}>
                  Next page
                </button>
              ) : null}
            </div>
          ) : null}
        </>
      )}
    </Show>
  );
}
