import { TextDecoder } from 'node:util';
import { gunzipSync, inflateSync } from 'node:zlib';
import { IncomingMessage } from 'node:http';
import { FastifyInstance } from 'fastify';
import { HttpProblem } from '@channel-ledger/platform';
import { ValidationFailed, inputProblems } from './validation';

export const BODY_LIMIT_BYTES = 100 * 1024;
// Real bodies nest a handful of levels. The bound is checked on the text, before JSON.parse and everything after
// it (class-transformer, the validators, the idempotency fingerprint) recurse once per level.
export const MAX_BODY_DEPTH = 64;

// Each refusal names what is at fault (the body, or the header that announced it) and why, in the shape
// validation errors use; the message says the same in a sentence.
export const malformed = (reason: string) => new HttpProblem(400, 'malformed_request', `the request body ${reason}`, {}, [{ field: 'body', reason }]);
const unsupported = (field: 'Content-Type' | 'Content-Encoding', reason: string) => new HttpProblem(415, 'unsupported_media_type', `${field} ${reason}`, {}, [{ field, reason }]);
const tooLarge = () => {
  const reason = `is larger than the limit (${BODY_LIMIT_BYTES / 1024} kB)`;
  return new HttpProblem(413, 'payload_too_large', `the request body ${reason}`, {}, [{ field: 'body', reason }]);
};

// A client that hangs up mid-body gets no answer; it is not a failure of ours.
export class BodyAborted extends Error {
  constructor() {
    super('the client closed the connection before the request body was complete');
    this.name = 'BodyAborted';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

// media type and charset, leniently: a malformed parameter list is not the charset's problem.
function contentTypeOf(header: string | undefined): { type: string; charset: string | undefined } {
  const [type, ...params] = (header ?? '').split(';');
  let charset: string | undefined;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    charset = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

const isJson = (type: string) => type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));

// Depth of the deepest array/object, counted on the text outside strings; stops as soon as it passes the bound.
export function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped, whatever it is
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

function decompress(raw: Buffer, encoding: string): Buffer {
  if (encoding === 'identity') return raw;
  try {
    // The output is bounded like the input, so a small compressed body cannot inflate into a large one.
    const options = { maxOutputLength: BODY_LIMIT_BYTES };
    return encoding === 'deflate' ? inflateSync(raw, options) : gunzipSync(raw, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw malformed(`is not valid ${encoding} data`);
  }
}

// Bytes to a JSON value, or the 4xx that says why not.
export function parseJsonBody(raw: Buffer, contentEncoding: string | undefined, charset: string | undefined): unknown {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (!['identity', 'gzip', 'x-gzip', 'deflate'].includes(encoding)) throw unsupported('Content-Encoding', `must be identity, gzip or deflate (got "${encoding.slice(0, 40)}")`);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw unsupported('Content-Type', `charset must be UTF-8 (got "${charset.slice(0, 40)}")`);
  const bytes = decompress(raw, encoding === 'x-gzip' ? 'gzip' : encoding);
  if (bytes.length > BODY_LIMIT_BYTES) throw tooLarge();
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw malformed('is not valid UTF-8');
  }
  if (nestingExceeds(text, MAX_BODY_DEPTH)) throw malformed(`nests arrays and objects deeper than ${MAX_BODY_DEPTH} levels`);
  const trimmed = text.trimStart();
  // Like body-parser's strict mode: a command body is an object (or an array), never a bare value.
  if (trimmed[0] !== '{' && trimmed[0] !== '[') throw malformed('is not valid JSON');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed('is not valid JSON');
  }
  const problems = inputProblems(value);
  if (problems.length > 0) throw new ValidationFailed(problems);
  return value;
}

// The API's one body parser: JSON in UTF-8, identity/gzip/deflate, at most BODY_LIMIT_BYTES before and after
// decompression, nesting bounded, and no string a store or validator cannot take (see inputProblems). Anything
// else is refused here, before a guard, interceptor or handler sees the request, so nothing is stored. It takes
// every request with a body, whatever its Content-Type says: a refusal of the type is in the API's shape too.
export function useJsonBody(instance: FastifyInstance): void {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('*', { bodyLimit: Number.MAX_SAFE_INTEGER }, (request, _payload, done) => readJsonBody(request.raw, (error, body) => done(error as Error | null, body)));
}

function readJsonBody(req: IncomingMessage, answer: (error: unknown, body?: unknown) => void): void {
  const { type, charset } = contentTypeOf(req.headers['content-type']);
  // Answered once the body is read (or the client is gone).
  const finish = (error: unknown, body?: unknown) => {
    if (error instanceof BodyAborted) return; // nobody is left to answer; the request log says "aborted"
    answer(error ?? null, body);
  };
  // A body of another type is refused only once it turns out not to be empty (a chunked request may send none).
  const wrongType = !isJson(type);
  const declared = Number(req.headers['content-length']);
  let refusal: unknown = Number.isFinite(declared) && declared > BODY_LIMIT_BYTES ? tooLarge() : undefined;
  const chunks: Buffer[] = [];
  let received = 0;
  let done = false;
  const settle = (error: unknown, body?: unknown) => {
    if (done) return;
    done = true;
    chunks.length = 0;
    finish(error, body);
  };
  // A refused body is still read to its end (and dropped), so the client gets the answer instead of a reset.
  req.on('data', (chunk: Buffer) => {
    if (refusal !== undefined) return;
    received += chunk.length;
    if (received > BODY_LIMIT_BYTES) refusal = tooLarge();
    else chunks.push(chunk);
  });
  req.on('end', () => {
    if (refusal !== undefined) return settle(refusal);
    if (received === 0) return settle(undefined, undefined);
    if (wrongType) return settle(unsupported('Content-Type', 'must be application/json (or another JSON type)'));
    try {
      settle(undefined, parseJsonBody(Buffer.concat(chunks), req.headers['content-encoding'], charset));
    } catch (error) {
      settle(error);
    }
  });
  req.on('error', () => settle(new BodyAborted()));
  req.on('close', () => {
    if (!req.complete) settle(new BodyAborted());
  });
}
