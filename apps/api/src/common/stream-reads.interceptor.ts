import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { EventStore } from '@channel-ledger/event-store';
import { EVENT_STORE } from '@channel-ledger/platform';
import { StreamReads, withStreamReads } from '@channel-ledger/application';

export type RequestWithReads = { streamReads?: StreamReads };

// The handler runs with the request's stream reads (StreamReads): the ones the guard began when it read the caller's
// membership, or new ones. The handler is called when the answer is subscribed to, so the subscription is made
// inside them.
@Injectable()
export class StreamReadsInterceptor implements NestInterceptor {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<RequestWithReads>();
    const reads = (request.streamReads ??= new StreamReads(this.store));
    reads.handlerBegins();
    return new Observable((subscriber) => withStreamReads(reads, () => next.handle().subscribe(subscriber)));
  }
}
