import { Query } from '@nestjs/cqrs';
import { Actor } from '@channel-ledger/auth';
import { View, present } from '@channel-ledger/domain';
import { RecordRules } from './record-rules';

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

// The handler of a query for one record as its stream folds now, with its version for If-Match: the context's rules
// read it (and refuse a record the caller may not see), the record type's view presents it to the caller, resolved
// for the partners the record names. A use case's handler is its decorator and its constructor.
export abstract class RecordViewHandler<Q extends RecordQuery, Existing extends object> {
  constructor(
    private readonly rules: Pick<RecordRules<unknown, never, unknown, Existing>, 'read'>,
    private readonly view: View<Existing & { version: number }>,
    private readonly parties: (record: Existing) => (string | null)[],
  ) {}

  async execute({ id, actor }: Q): Promise<Record<string, unknown>> {
    const { record, version, audience } = await this.rules.read(id, actor, this.parties);
    return present(this.view, { ...record, version }, audience);
  }
}
