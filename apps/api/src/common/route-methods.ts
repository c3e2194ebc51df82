import { FastifyInstance, RouteOptions } from 'fastify';
import { METHODS } from 'node:http';

interface Entry {
  pattern: RegExp;
  methods: Set<string>;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A route's URL as the router matches it: ":name" is one segment, "*" the rest of the path; a trailing slash is
// optional (the router ignores it).
function patternOf(url: string): RegExp {
  const source = url
    .replace(/\/+$/, '')
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : escape(segment)))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

// The routes the app serves, with their methods, collected as the framework registers them (every controller,
// the API docs, the job dashboard), so that the 405s, the Allow headers and OPTIONS say exactly what routing does.
// Routes for every method (a catch-all) say nothing about a path and are left out.
export class RouteMethods {
  private readonly byUrl = new Map<string, Entry>();
  private readonly routes: { method: string; url: string }[] = [];

  constructor(instance: FastifyInstance) {
    instance.addHook('onRoute', (route: RouteOptions) => this.add(route));
  }

  private add(route: RouteOptions): void {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => m.toUpperCase());
    if (METHODS.every((method) => methods.includes(method))) return;
    for (const method of methods) this.routes.push({ method, url: route.url });
    const url = route.url.replace(/\/+$/, '') || '/';
    let entry = this.byUrl.get(url);
    if (!entry) this.byUrl.set(url, (entry = { pattern: patternOf(url), methods: new Set() }));
    for (const method of methods) entry.methods.add(method);
  }

  // Every route with its method, as registered (a test checks each command route is covered).
  served(): readonly { method: string; url: string }[] {
    return this.routes;
  }

  // The methods the app's routes serve at this path (HEAD wherever GET is, as the router answers it), sorted; empty
  // when no route has the path.
  allowedAt(path: string): string[] {
    const methods = new Set<string>();
    let decoded = path;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      // A path that is not valid percent-encoding is matched as it was sent.
    }
    for (const { pattern, methods: served } of this.byUrl.values()) {
      if (pattern.test(path) || pattern.test(decoded)) for (const method of served) methods.add(method);
    }
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  }
}
