import { Query } from '@nestjs/cqrs';
import { Actor } from '@channel-ledger/auth';

// A page of a keyset-paginated list.
export type Page<Item = Record<string, unknown>> = { items: Item[]; nextCursor: string | null };

// The shapes a query comes in. Each query still declares its own class in its own file, with its own
// @QueryHandler beside it.

// One record by id, as the caller may see it.
export abstract class RecordQuery<Result = Record<string, unknown>> extends Query<Result> {
  constructor(
    readonly id: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

// A page of a list: the filter (sort, cursor and limit among it) and who asks, scoped in the SQL.
export abstract class ListQuery<Filter, Result = Page> extends Query<Result> {
  constructor(
    readonly filter: Filter,
    readonly actor: Actor,
  ) {
    super();
  }
}
