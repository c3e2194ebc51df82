import { Injectable } from '@nestjs/common';

// Whether this process serves what it promises yet. The HTTP server listens before that (the demo data is made
// through the API itself), so `/health` answering is not enough: a first start is ready once the demo data and its
// tokens exist and the read models have caught up with them; a process shutting down is no longer ready.
@Injectable()
export class Readiness {
  // What it still waits for; undefined once ready.
  private waiting: string | undefined = 'starting';

  get pending(): string | undefined {
    return this.waiting;
  }

  waitFor(what: string): void {
    this.waiting = what;
  }

  ready(): void {
    this.waiting = undefined;
  }
}
