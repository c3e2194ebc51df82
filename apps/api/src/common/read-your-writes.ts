import { Inject, Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import { Request } from 'express';
import { comparePositions, isPosition } from '../../../../libs/event-store/src';
import { APP_CONFIG, READ_DB } from '../../../../libs/platform/src';
import { AppConfig } from '../../../../libs/config/src';
import { ReadDB } from '../../../../libs/read-store/src';
import { HttpProblem } from './http-errors';

// Read-your-writes: a client that passes the position a command answered with (X-Min-Position header or
// minPosition parameter) is answered once the read models it reads include that position, or, after a bounded
// wait, with 503 and Retry-After.
@Injectable()
export class ReadYourWrites {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<ReadDB>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async waitFor(request: Request, projections: string[]): Promise<void> {
    const header = request.headers['x-min-position'];
    const param = request.query.minPosition;
    const position = typeof header === 'string' ? header : typeof param === 'string' ? param : undefined;
    if (position === undefined) return;
    if (!isPosition(position)) throw new HttpProblem(400, 'invalid_min_position', 'X-Min-Position must be a position a command answered with');
    const deadline = Date.now() + this.config.readYourWritesTimeoutMs;
    // Checks back off from 5 ms to 20 ms: a look at the checkpoints is one small indexed read, and a longer step
    // would add up to its length to every wait that just misses the projector.
    for (let delay = 5; ; delay = Math.min(delay * 2, 20)) {
      const rows = await this.db.selectFrom('projection_checkpoints').select(['projection', 'position']).where('projection', 'in', projections).execute();
      const caughtUp = projections.every((name) => {
        const at = rows.find((r) => r.projection === name)?.position;
        return at !== undefined && at !== null && comparePositions(at, position) >= 0;
      });
      if (caughtUp) return;
      if (Date.now() + delay > deadline) {
        throw new HttpProblem(503, 'not_yet_visible', `the read models have not reached ${position} yet; retry shortly`, { 'Retry-After': '1' });
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
