import { Inject, Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import { Actor } from '@channel-ledger/auth';
import { Audience } from '@channel-ledger/domain';
import { READ_DB } from '@channel-ledger/platform';
import { ReadModelsDB } from '@channel-ledger/projections';
import { readAudience } from './audience';

// A read repository over the read models; each query in it scopes what the caller may see inside the SQL.
@Injectable()
export abstract class ReadRepository {
  constructor(@Inject(READ_DB) protected readonly db: Kysely<ReadModelsDB>) {}

  // Which partners' fields the caller may read in the answer.
  audience(actor: Actor): Promise<Audience> {
    return readAudience(this.db, actor);
  }
}
