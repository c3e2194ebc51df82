import { Body, Controller, Get, HttpCode, Injectable, Param, PipeTransform, Post, Req, Type, applyDecorators } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Actor, Role } from '@channel-ledger/auth';
import { CommandContext } from '@channel-ledger/application';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AllowRoles, AuthenticatedRequest } from '../auth/auth.guard';
import { Ctx } from './command-context';
import { ReadYourWrites } from './read-your-writes';

type Route = (path?: string) => MethodDecorator;

// A controller of the API: its OpenAPI tag, bearer tokens, and where its routes are.
export const ApiController = (tag: string, path: string) => applyDecorators(ApiTags(tag), ApiBearerAuth(), Controller(path));

// A route that creates a record: 201 with the new record's id and version.
export const Creates = (path: string | undefined, roles: Role[]) => applyDecorators(Post(path), AllowRoles(...roles));

// A route that changes an existing record: 200 with its new version. POST unless another method is named.
export const Changes = (path: string, roles: Role[], method: Route = Post) => applyDecorators(method(path), HttpCode(200), AllowRoles(...roles));

// A command on one record, as a route: where it is (after the record's id), who may call it, the command it
// dispatches and the body it takes, if any.
export type RecordCommandRoute = { path: string; roles: Role[]; method?: Route } & (
  | { body: Type<object>; command: new (id: string, input: never, ctx: CommandContext) => object }
  | { body?: undefined; command: new (id: string, ctx: CommandContext) => object }
);

// The record itself, as a route: GET at the record's path, the query it dispatches for the caller.
export type RecordQueryRoute = { query: new (id: string, actor: Actor) => object };

type RecordRoute = RecordCommandRoute | RecordQueryRoute;

// The routes on one record, declared over the controller (see BusController.recordRoutes).
export const RecordRoutes =
  (record: string, pipe: PipeTransform, routes: Record<string, RecordRoute>) =>
  (controller: Type<BusController> & typeof BusController): void =>
    controller.recordRoutes(record, pipe, routes);

// What every controller holds: the buses it dispatches its commands and queries on.
@Injectable()
export abstract class BusController {
  constructor(
    protected readonly commands: CommandBus,
    protected readonly queries: QueryBus,
  ) {}

  // Adds the controller's routes on one record (at `record`, a path ending in the id's parameter, `:name`), one
  // line each, as the route methods they would be written as: the record itself, read with its query,
  //   @Get(record)
  //   name(@Param('name', pipe) id: string, @Req() request: AuthenticatedRequest) {
  //     return this.queries.execute(new Query(id, request.actor));
  //   }
  // and the commands on it,
  //   @Changes(`${record}/${path}`, roles, method)
  //   name(@Param('name', pipe) id: string, @Body() body: Dto, @Ctx() ctx: CommandContext) {
  //     return this.commands.execute(new Command(id, body, ctx));
  //   }
  // (without the body for a command that takes none).
  static recordRoutes(this: Type<BusController>, record: string, pipe: PipeTransform, routes: Record<string, RecordRoute>): void {
    const prototype = this.prototype;
    // The record's path ends in its id's parameter, `:name`.
    const param = record.slice(record.lastIndexOf(':') + 1);
    for (const [name, route] of Object.entries(routes)) {
      if ('query' in route) {
        recordGet(prototype, name, record, param, pipe, route);
        continue;
      }
      const method = route.body
        ? function (this: BusController, id: string, body: never, ctx: CommandContext) {
            return this.commands.execute(new route.command(id, body, ctx));
          }
        : function (this: BusController, id: string, ctx: CommandContext) {
            return this.commands.execute(new route.command(id, ctx));
          };
      // The route's name is the method's, as a written method's is (the OpenAPI operation is named after it).
      Object.defineProperty(method, 'name', { value: name });
      const descriptor: PropertyDescriptor = { value: method, writable: true, enumerable: false, configurable: true };
      Object.defineProperty(prototype, name, descriptor);
      // In the order the compiler applies a written method's decorators: its types, its parameters last to
      // first, then the route.
      Reflect.defineMetadata('design:type', Function, prototype, name);
      Reflect.defineMetadata('design:paramtypes', route.body ? [String, route.body, Object] : [String, Object], prototype, name);
      const parameters: ParameterDecorator[] = route.body ? [Param(param, pipe), Body(), Ctx()] : [Param(param, pipe), Ctx()];
      parameters.reverse().forEach((decorate, i) => decorate(prototype, name, parameters.length - 1 - i));
      const path = route.path ? `${record}/${route.path}` : record;
      Object.defineProperty(prototype, name, Changes(path, route.roles, route.method)(prototype, name, descriptor) ?? descriptor);
    }
  }
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

// The GET of one record, added as `BusController.recordRoutes` adds commands.
function recordGet(prototype: BusController, name: string, record: string, param: string, pipe: PipeTransform, route: RecordQueryRoute): void {
  const method = function (this: BusController, id: string, request: AuthenticatedRequest) {
    return this.queries.execute(new route.query(id, request.actor));
  };
  Object.defineProperty(method, 'name', { value: name });
  const descriptor: PropertyDescriptor = { value: method, writable: true, enumerable: false, configurable: true };
  Object.defineProperty(prototype, name, descriptor);
  Reflect.defineMetadata('design:type', Function, prototype, name);
  Reflect.defineMetadata('design:paramtypes', [String, Object], prototype, name);
  Req()(prototype, name, 1);
  Param(param, pipe)(prototype, name, 0);
  Object.defineProperty(prototype, name, Get(record)(prototype, name, descriptor) ?? descriptor);
}
