import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

// Whether this process serves what it promises yet. The HTTP server listens before that (the demo data is made
// through the API itself), so `/health` answering is not enough: a first start is ready once the demo data and its
// tokens exist and the read models have caught up with them; a process shutting down is no longer ready.
@Injectable()
export class Readiness implements OnApplicationBootstrap {
  // What it still waits for; undefined once ready.
  private waiting: string | undefined = 'starting';
  private held = false;

  // The process that starts the app says when it is ready itself (main.ts: after the demo data and the banner). An
  // app nobody holds (one a test or another host builds) is ready once Nest has started it.
  hold(): void {
    this.held = true;
  }

  onApplicationBootstrap(): void {
    if (!this.held) this.waiting = undefined;
  }

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
