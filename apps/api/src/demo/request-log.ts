import { randomBytes } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';

// The start-up's own requests are logged at debug, so they do not bury what a first start has to say: the demo
// seeding's successful requests (marked with a value only this process knows, so nobody else can hide a request; a
// refused one keeps its line) and the readiness probe's "still starting" answers. Every other request keeps its line.
export const DEMO_SEED_HEADER = 'x-demo-seed';
export const DEMO_SEED_MARK = randomBytes(16).toString('hex');

const startingAnswers = new WeakSet<ServerResponse>();

export function markStartingAnswer(response: ServerResponse): void {
  startingAnswers.add(response);
}

export function isStartupRequest(request: IncomingMessage, response: ServerResponse, error?: unknown): boolean {
  if (startingAnswers.has(response)) return true;
  return request.headers[DEMO_SEED_HEADER] === DEMO_SEED_MARK && !error && response.statusCode < 400;
}
