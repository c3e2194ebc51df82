import { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { ClientRequest, IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { addressProblem, normalHostname } from './address-policy';
import { endpointUrlProblem } from './endpoint-url';

// Answers a host name with its addresses. Delivery takes it as a parameter so that a test can give a name the
// answers an attacker's DNS server would give.
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

// All a partner ever learns about a failed attempt, besides the status code. Nothing the receiver answered and
// nothing the socket said (ECONNREFUSED against a timeout, a TLS error text) is kept: with those, the attempt log
// would read another host's answers back to the partner or turn into a port scanner.
// - receiver_error: the receiver answered with a status other than 2xx or 3xx.
// - redirect_refused: it answered 3xx; redirects are not followed, since the target was never checked.
// - timeout: no complete answer within the attempt's time.
// - connection_failed: no answer at all (refused, reset, TLS failure).
// - address_refused: the endpoint's host is not public, or its name resolved to no address or to any address
//   that is not public. A name that does not resolve answers the same as one that resolves to a private
//   address, so the log says nothing about which internal names exist.
export const FAILURE_REASONS = ['receiver_error', 'redirect_refused', 'timeout', 'connection_failed', 'address_refused'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface OutboundResult {
  statusCode: number | null;
  // null: delivered (a 2xx answer).
  reason: FailureReason | null;
  // For the service's own log only; it may name addresses and socket errors, so it never reaches a partner.
  diagnostic?: string;
}

export interface OutboundPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowInsecure: boolean;
  resolve?: Resolver;
}

// At most this much of an answer is read (and thrown away) before the connection is closed.
const MAX_ANSWER_BYTES = 64 * 1024;

class Deadline extends Error {}

function withDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Deadline());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

// Posts one webhook. The name is resolved once, every address it gives is checked (unless insecure endpoints are
// allowed), and the connection goes to those addresses whatever a later lookup would say: the addresses that were
// checked are the ones called, so a DNS answer that changes between check and connect (rebinding) cannot move the
// request inside. Redirects are not followed and the answer's body is discarded.
export async function postWebhook(post: OutboundPost): Promise<OutboundResult> {
  const urlProblem = endpointUrlProblem(post.url, post.allowInsecure);
  if (urlProblem) return { statusCode: null, reason: 'address_refused', diagnostic: `url ${urlProblem}` };
  const url = new URL(post.url);
  const host = normalHostname(url.hostname);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), post.timeoutMs);
  try {
    let addresses: { address: string; family: number }[];
    if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }];
    else {
      try {
        addresses = await withDeadline((post.resolve ?? systemResolver)(host), abort.signal);
      } catch (error) {
        if (error instanceof Deadline) return { statusCode: null, reason: 'timeout', diagnostic: `resolving ${host} took too long` };
        return { statusCode: null, reason: 'address_refused', diagnostic: `${host} did not resolve: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
      }
    }
    if (addresses.length === 0) return { statusCode: null, reason: 'address_refused', diagnostic: `${host} resolved to no address` };
    if (!post.allowInsecure) {
      const refused = addresses.find((a) => addressProblem(a.address) !== undefined);
      if (refused) return { statusCode: null, reason: 'address_refused', diagnostic: `${host} resolved to ${refused.address}, ${addressProblem(refused.address)}` };
    }
    return await send(url, host, addresses, post, abort.signal);
  } finally {
    clearTimeout(timer);
  }
}

function send(url: URL, host: string, pinned: { address: string; family: number }[], post: OutboundPost, signal: AbortSignal): Promise<OutboundResult> {
  return new Promise<OutboundResult>((resolve) => {
    let statusCode: number | null = null;
    let settled = false;
    let req: ClientRequest | undefined;
    const settle = (result: OutboundResult) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      req?.destroy();
      resolve(result);
    };
    const answered = (): OutboundResult => {
      const code = statusCode!;
      if (code >= 200 && code < 300) return { statusCode: code, reason: null };
      if (code >= 300 && code < 400) return { statusCode: code, reason: 'redirect_refused' };
      return { statusCode: code, reason: 'receiver_error' };
    };
    const onAbort = () => settle(statusCode === null ? { statusCode: null, reason: 'timeout', diagnostic: `no answer within ${post.timeoutMs} ms` } : answered());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);

    // Every lookup the connection makes gets the addresses that were checked, never a fresh answer. All of them,
    // in the resolver's order, so that the connection can still fall back from IPv6 to IPv4 (or back).
    const lookup = (_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      if (options?.all) callback(null, pinned.map(({ address, family }): LookupAddress => ({ address, family })));
      else callback(null, pinned[0].address, pinned[0].family);
    };
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    req = request({
      protocol: url.protocol,
      hostname: host,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...post.headers, host: url.host, 'content-length': String(Buffer.byteLength(post.body)) },
      lookup: lookup as never,
      // A fresh connection each attempt: a pooled one could still be connected to an address checked earlier.
      agent: false,
      // The certificate is checked against the name, while the connection goes to the pinned address.
      ...(url.protocol === 'https:' && isIP(host) === 0 ? { servername: host } : {}),
    });
    req.on('response', (res: IncomingMessage) => {
      statusCode = res.statusCode ?? null;
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) settle(answered());
      });
      res.on('end', () => settle(answered()));
      res.on('error', () => settle(answered()));
      res.on('close', () => settle(answered()));
    });
    req.on('error', (error: NodeJS.ErrnoException) => settle(statusCode === null ? { statusCode: null, reason: 'connection_failed', diagnostic: `connecting to ${pinned.map((a) => a.address).join(', ')}: ${error.code ?? error.message}` } : answered()));
    req.end(post.body);
  });
}

// What a partner is shown as an attempt's (or a delivery's last) reason. Only reason codes are stored, but the
// view does not trust that: any other text, such as an answer body or socket error recorded before reasons were
// codes, comes out as the code it stands for and never verbatim.
export function shownReason(stored: string | null, statusCode: number | null): FailureReason | null {
  if (stored === null) return null;
  if ((FAILURE_REASONS as readonly string[]).includes(stored)) return stored as FailureReason;
  if (statusCode === null) return 'connection_failed';
  return statusCode >= 300 && statusCode < 400 ? 'redirect_refused' : 'receiver_error';
}
