import { Body, Controller, Get, HttpCode, Injectable, Param, PipeTransform, Post, Req, Type, applyDecorators } from '@nestjs/common';
import { CommandBus, Query, QueryBus } from '@nestjs/cqrs';
import { Actor, Role } from '@channel-ledger/auth';
import { CommandContext } from '@channel-ledger/application';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AllowRoles, AuthenticatedRequest } from '../auth/auth.guard';
import { Ctx } from './command-context';
import { ReadYourWrites } from './read-your-writes';
import { Answers } from '../openapi/decorators';
import type { ResponseTypes } from '../openapi/response-types';

type Route = (path?: string) => MethodDecorator;

// A controller of the API: its OpenAPI tag, bearer tokens, and where its routes are.
export const ApiController = (tag: string, path: string) => applyDecorators(ApiTags(tag), ApiBearerAuth(), Controller(path));

// A route that creates a record: 201 with the new record's id and version.
export const Creates = (path: string | undefined, roles: Role[]) => applyDecorators(Post(path), AllowRoles(...roles));

// A route that changes an existing record: 200 with its new version. POST unless another method is named.
export const Changes = (path: string, roles: Role[], method: Route = Post) => applyDecorators(method(path), HttpCode(200), AllowRoles(...roles));

// A command on one record, as a route: where it is (below the record's path, or the record itself without one), who
// may call it, the command it dispatches, and what the command's input is: the body, and the path's further ids
// (`params`, folded in by name), or nothing. 200 with the record's new version, or 201 where the command `creates`
// a record under it.
// `answers` names the answer's type when it is more than the record's id and version (for the OpenAPI document).
export type RecordCommandRoute = { path?: string; roles: Role[]; method?: Route; creates?: boolean; answers?: keyof ResponseTypes } & (
  | { command: new (id: string, input: never, ctx: CommandContext) => object; body: Type<object>; params?: string[] }
  | { command: new (id: string, input: never, ctx: CommandContext) => object; body?: undefined; params: string[] }
  | { command: new (id: string, ctx: CommandContext) => object; body?: undefined; params?: undefined }
);

// The record itself, or a view of it, as a route: GET at the record's path (or below it), the query it dispatches
// for the caller, and the type it answers with (for the OpenAPI document).
export type RecordQueryRoute = { query: new (id: string, actor: Actor) => object; path?: string; answers: keyof ResponseTypes };

type RecordRoute = RecordCommandRoute | RecordQueryRoute;

// The routes on one record, declared over the controller, one line each (see BusController.recordRoutes).
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

  // Adds the controller's routes on one record (at `record`, a path ending in the id's parameter, `:name`) as the
  // route methods they would be written as: a query,
  //   @Get(`${record}/${path}`)
  //   name(@Param('name', pipe) id: string, @Req() request: AuthenticatedRequest) {
  //     return this.queries.execute(new Query(id, request.actor));
  //   }
  // and a command,
  //   @Changes(`${record}/${path}`, roles, method)
  //   name(@Param('name', pipe) id: string, @Body() body: Dto, @Ctx() ctx: CommandContext) {
  //     return this.commands.execute(new Command(id, body, ctx));
  //   }
  // without the body for a command that takes none, with `@Param(p, pipe) p: string` before it for each further
  // id in the path (the input is then `{ p, ...body }`), and under @Creates for a command that creates a record.
  static recordRoutes(this: Type<BusController>, record: string, pipe: PipeTransform, routes: Record<string, RecordRoute>): void {
    const prototype = this.prototype;
    // The record's path ends in its id's parameter, `:name`.
    const param = record.slice(record.lastIndexOf(':') + 1);
    for (const [name, route] of Object.entries(routes)) {
      const path = route.path ? `${record}/${route.path}` : record;
      if ('query' in route) {
        const query = route.query;
        addRoute(prototype, name, [Param(param, pipe), Req()], [String, Object], applyDecorators(Get(path), Answers(route.answers, { fromLog: true })), function (this: BusController, id: string, request: AuthenticatedRequest) {
          return this.queries.execute(new query(id, request.actor));
        });
        continue;
      }
      const changes = route.creates ? Creates(path, route.roles) : Changes(path, route.roles, route.method);
      const decorator = route.answers ? applyDecorators(changes, Answers(route.answers)) : changes;
      const ids = [param, ...(route.params ?? [])];
      const parameters = [...ids.map((id) => Param(id, pipe)), ...(route.body ? [Body()] : []), Ctx()];
      const types = [...ids.map(() => String), ...(route.body ? [route.body] : []), Object];
      if (!route.body && !route.params) {
        // A command that takes nothing but who asks (the third kind of route above).
        const bare = route.command as new (id: string, ctx: CommandContext) => object;
        addRoute(prototype, name, parameters, types, decorator, function (this: BusController, id: string, ctx: CommandContext) {
          return this.commands.execute(new bare(id, ctx));
        });
        continue;
      }
      const command = route.command as new (id: string, input: unknown, ctx: CommandContext) => object;
      const further = route.params ?? [];
      const withBody = route.body !== undefined;
      addRoute(prototype, name, parameters, types, decorator, function (this: BusController, id: string, ...rest: unknown[]) {
        const body = withBody ? rest[further.length] : undefined;
        const ctx = rest[rest.length - 1] as CommandContext;
        // The body itself when the path holds no further id, as a written route passes it.
        const input = further.length === 0 ? body : { ...Object.fromEntries(further.map((p, i) => [p, rest[i]])), ...(body as object | undefined) };
        return this.commands.execute(new command(id, input, ctx));
      });
    }
  }
}

// Puts a route method on a controller's prototype with the metadata a written method has, applied in the order the
// compiler applies it: the types, the parameters last to first, then the route's decorator. The method's name is
// the route's, as a written method's is (the OpenAPI operation is named after it).
function addRoute(prototype: object, name: string, parameters: ParameterDecorator[], types: unknown[], decorator: MethodDecorator, method: (this: BusController, ...args: never[]) => unknown): void {
  Object.defineProperty(method, 'name', { value: name });
  const descriptor: PropertyDescriptor = { value: method, writable: true, enumerable: false, configurable: true };
  Object.defineProperty(prototype, name, descriptor);
  Reflect.defineMetadata('design:type', Function, prototype, name);
  Reflect.defineMetadata('design:paramtypes', types, prototype, name);
  for (let i = parameters.length - 1; i >= 0; i--) parameters[i](prototype, name, i);
  Object.defineProperty(prototype, name, decorator(prototype, name, descriptor) ?? descriptor);
}

// What every read model controller holds: the query bus, and the wait for the read models to have caught up with
// the position the client last wrote at (X-Min-Position).
@Injectable()
export abstract class ReadModelController {
  constructor(
    protected readonly queries: QueryBus,
    protected readonly freshness: ReadYourWrites,
  ) {}

  // The query's answer once the read models it reads have caught up (X-Min-Position).
  protected async whenFresh<Result>(request: AuthenticatedRequest, readModels: string[], query: Query<Result>): Promise<Result> {
    await this.freshness.waitFor(request, readModels);
    return this.queries.execute(query);
  }
}

