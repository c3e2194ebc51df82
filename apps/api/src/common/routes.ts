import { HttpCode, Injectable, Post, applyDecorators } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Role } from '@channel-ledger/auth';
import { AllowRoles } from '../auth/auth.guard';
import { ReadYourWrites } from './read-your-writes';

type Route = (path?: string) => MethodDecorator;

// A route that creates a record: 201 with the new record's id and version.
export const Creates = (path: string | undefined, roles: Role[]) => applyDecorators(Post(path), AllowRoles(...roles));

// A route that changes an existing record: 200 with its new version. POST unless another method is named.
export const Changes = (path: string, roles: Role[], method: Route = Post) => applyDecorators(method(path), HttpCode(200), AllowRoles(...roles));

// What every controller holds: the buses it dispatches its commands and queries on.
@Injectable()
export abstract class BusController {
  constructor(
    protected readonly commands: CommandBus,
    protected readonly queries: QueryBus,
  ) {}
}

// What every read model controller holds: the query bus, and the wait for the read models to have caught up with
// the position the client last wrote at (X-Min-Position).
@Injectable()
export abstract class ReadModelController {
  constructor(
    protected readonly queries: QueryBus,
    protected readonly freshness: ReadYourWrites,
  ) {}
}
