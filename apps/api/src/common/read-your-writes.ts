import { Inject, Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import { FastifyRequest } from 'fastify';
import { comparePositions, isPosition } from '@channel-ledger/event-store';
import { APP_CONFIG, READ_DB, HttpProblem } from '@channel-ledger/platform';
import { AppConfig } from '@channel-ledger/config';
import { ReadDB } from '@channel-ledger/read-store';

interface Waiter {
  projections: string[];
  position: string;
  deadline: number;
  done: (caughtUp: boolean) => void;
  fail: (error: unknown) => void;
}

// How often the shared look at the checkpoints runs while anyone waits.
const POLL_MS = 5;

// Read-your-writes: a client that passes the position a command answered with (X-Min-Position header or
// minPosition parameter) is answered once the read models it reads include that position, or, after a bounded
// wait, with 503 and Retry-After.
//
// Every waiting request shares one look at the checkpoints every few milliseconds, so the load on the database
// does not grow with the number of waiters: when the projector falls behind, requests pile up, and each polling on
// its own would slow the database, and with it the projector they wait for, further.
@Injectable()
export class ReadYourWrites {
  private readonly waiters = new Set<Waiter>();
  private polling = false;
  // Looks at the checkpoints so far (for tests).
  polls = 0;

  constructor(
    @Inject(READ_DB) private readonly db: Kysely<ReadDB>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async waitFor(request: FastifyRequest, projections: string[]): Promise<void> {
    const header = request.headers['x-min-position'];
    const param = (request.query as Record<string, unknown> | undefined)?.minPosition;
    const position = typeof header === 'string' ? header : typeof param === 'string' ? param : undefined;
    if (position === undefined) return;
    if (!isPosition(position)) {
      const field = typeof header === 'string' ? 'X-Min-Position' : 'minPosition';
      throw new HttpProblem(400, 'invalid_min_position', `${field} must be a position a command answered with`, {}, [{ field, reason: 'must be a position a command answered with' }]);
    }
    const caughtUp = await new Promise<boolean>((done, fail) => {
      this.waiters.add({ projections, position, deadline: Date.now() + this.config.readYourWritesTimeoutMs, done, fail });
      if (!this.polling) void this.poll();
    });
    if (!caughtUp) throw new HttpProblem(503, 'not_yet_visible', `the read models have not reached ${position} yet; retry shortly`, { 'Retry-After': '1' });
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      while (this.waiters.size > 0) {
        let rows: { projection: string; position: string | null }[];
        try {
          this.polls += 1;
          rows = await this.db.selectFrom('projection_checkpoints').select(['projection', 'position']).execute();
        } catch (error) {
          for (const waiter of this.waiters) waiter.fail(error);
          this.waiters.clear();
          return;
        }
        const at = new Map(rows.map((r) => [r.projection, r.position]));
        const now = Date.now();
        for (const waiter of this.waiters) {
          const reached = waiter.projections.every((name) => {
            const position = at.get(name);
            return position !== undefined && position !== null && comparePositions(position, waiter.position) >= 0;
          });
          if (reached || now + POLL_MS > waiter.deadline) {
            this.waiters.delete(waiter);
            waiter.done(reached);
          }
        }
        if (this.waiters.size > 0) await new Promise((r) => setTimeout(r, POLL_MS));
      }
    } finally {
      this.polling = false;
    }
  }
}
