import { Application } from 'express';
import { METHODS } from 'node:http';

// What of an Express route layer is read here: whether it matches a path, and the methods its route serves.
interface RouteLayer {
  match(path: string): unknown;
  route: { methods: Record<string, boolean | undefined> };
}

function isRouteLayer(layer: unknown): layer is RouteLayer {
  if (typeof layer !== 'object' || layer === null || !('match' in layer) || !('route' in layer)) return false;
  const route = layer.route;
  return typeof layer.match === 'function' && typeof route === 'object' && route !== null && 'methods' in route && typeof route.methods === 'object';
}

interface Entry {
  layer: RouteLayer;
  methods: string[];
}

const tables = new WeakMap<Application, Entry[]>();

// The routes of the router Express dispatches on, with their methods, read once per app (at the first request that
// needs them, when every controller's routes are in). Routes for every method (middleware mounted with all()) say
// nothing about a path and are left out (Express's app.all() registers each method one by one).
function tableOf(app: Application): Entry[] {
  let table = tables.get(app);
  if (table) return table;
  const stack: unknown[] = app.router.stack;
  table = stack.filter(isRouteLayer).flatMap((layer) => {
    const methods = layer.route.methods;
    if (methods._all || METHODS.every((method) => methods[method.toLowerCase()])) return [];
    return [{ layer, methods: Object.keys(methods).filter((name) => methods[name]).map((name) => name.toUpperCase()) }];
  });
  tables.set(app, table);
  return table;
}

// The methods the app's routes serve at this path (HEAD wherever GET is, as Express answers it), sorted; empty when
// no route has the path. 405 and Allow are decided from this, so they say exactly what routing does.
export function allowedMethods(app: Application, path: string): string[] {
  const methods = new Set<string>();
  for (const { layer, methods: served } of tableOf(app)) {
    let matches = false;
    try {
      matches = Boolean(layer.match(path));
    } catch {
      // A path parameter that is not valid percent-encoding: not a path any route has.
    }
    if (matches) for (const method of served) methods.add(method);
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
