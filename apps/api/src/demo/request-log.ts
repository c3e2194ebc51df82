import { randomBytes } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';

// The demo seeding's successful requests are logged at debug, so they do not bury what a first start has to say.
// They are marked with a value only this process knows, so nobody else can hide a request; a refused one keeps its
// line. Every other request keeps its line at its level.
export const DEMO_SEED_HEADER = 'x-demo-seed';
export const DEMO_SEED_MARK = randomBytes(16).toString('hex');

export function isStartupRequest(request: IncomingMessage, response: ServerResponse, error?: unknown): boolean {
  return request.headers[DEMO_SEED_HEADER] === DEMO_SEED_MARK && !error && response.statusCode < 400;
}
