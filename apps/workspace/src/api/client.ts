import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

// The app talks to the API only through this client, typed by the types generated from the API's OpenAPI document
// (schema.d.ts): a path, a parameter or a field the API does not have does not compile.
export type Schemas = components['schemas'];

// The problem shape every error of the API has.
export interface Problem {
  error: string;
  message: string;
  fields?: { field: string; reason: string }[];
  requestId?: string;
}

let token: string | undefined;
// The log position of the caller's last command: reads wait until the read models have reached it, so a page shows
// what the caller just did (read-your-writes).
let minPosition: string | undefined;
const listeners = new Set<() => void>();
const refusedListeners = new Set<(problem: Problem) => void>();

export function setToken(next: string | undefined): void {
  token = next;
  minPosition = undefined;
}

// Called after every command that answered: the pages re-read what they show.
export function onWrite(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Called when the API refuses the signed-in token (expired, or its member deactivated): the session ends, saying why.
export function onTokenRefused(listener: (problem: Problem) => void): () => void {
  refusedListeners.add(listener);
  return () => refusedListeners.delete(listener);
}

const auth: Middleware = {
  onRequest({ request }) {
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    if (request.method === 'GET' && minPosition) request.headers.set('X-Min-Position', minPosition);
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status === 401 && token && request.headers.get('Authorization') === `Bearer ${token}`) {
      const problem = (await response.clone().json().catch(() => undefined)) as Problem | undefined;
      const refused = problem && typeof problem.message === 'string' ? problem : { error: 'unauthorized', message: 'The API no longer accepts this sign-in.' };
      queueMicrotask(() => refusedListeners.forEach((listener) => listener(refused)));
    }
    if (request.method !== 'GET' && response.ok) {
      const body = (await response.clone().json().catch(() => undefined)) as { position?: unknown } | undefined;
      if (typeof body?.position === 'string') minPosition = body.position;
      queueMicrotask(() => listeners.forEach((listener) => listener()));
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

// An error in words: the API's message, then each field it names with its reason.
export function describeProblem(error: unknown): { message: string; fields: { field: string; reason: string }[] } {
  if (error && typeof error === 'object' && 'message' in error && typeof (error as Problem).message === 'string') {
    const problem = error as Problem;
    return { message: problem.message, fields: Array.isArray(problem.fields) ? problem.fields : [] };
  }
  if (error instanceof Error) return { message: error.message, fields: [] };
  return { message: 'The request failed.', fields: [] };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.message);
  }
}

// The data of an answer, or an ApiError with the API's problem: for the pages' loaders and commands.
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const problem = (error && typeof error === 'object' ? error : { error: 'failed', message: `The API answered ${response.status}.` }) as Problem;
    throw new ApiError(response.status, problem);
  }
  return data as T;
}
