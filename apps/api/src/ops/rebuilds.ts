import { Injectable } from '@nestjs/common';

// Holds nothing: rebuilds are queued by the StartRebuild handler through the application layer's RebuildQueue,
// which owns the queue's connection. This name only remains for the API module's provider list.
@Injectable()
export class Rebuilds {}
