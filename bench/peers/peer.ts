// What every peer shares: its start and stop, and the token check it does before any work: the API's own (libs/auth), cut to what a request needs here. An
// HS256 bearer token with our issuer and audience, a subject, an expiry and a list of known roles.
import { Server } from 'node:http';
import { jwtVerify } from 'jose';

export const ISSUER = 'channel-ledger';
export const AUDIENCE = 'channel-ledger-api';
const KNOWN_ROLES = new Set(['admin', 'channel_manager', 'approver', 'auditor', 'ops', 'partner_manager', 'partner_associate']);

export interface Caller {
  userId: string;
  roles: string[];
  partnerId?: string;
}

// undefined for a missing or bad token: the caller answers 401.
export async function verifyBearer(header: string | undefined, secret: Uint8Array): Promise<Caller | undefined> {
  if (!header || !header.startsWith('Bearer ')) return undefined;
  try {
    const { payload } = await jwtVerify(header.slice(7), secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] });
    const roles = payload.roles;
    if (typeof payload.sub !== 'string' || !Array.isArray(roles) || roles.length === 0 || !roles.every((r) => typeof r === 'string' && KNOWN_ROLES.has(r))) return undefined;
    return { userId: payload.sub, roles: roles as string[], partnerId: typeof payload.partner_id === 'string' ? payload.partner_id : undefined };
  } catch {
    return undefined;
  }
}

// The table every peer writes its one row per command into.
export const PEER_TABLE = `create table if not exists bench_peer_items (id uuid primary key, partner_id text, created_by text not null,
  name text not null, country text not null, industry text not null, created_at timestamptz not null default now())`;

// The peers' request body, the same on each: { name, country, industry }, checked as the API checks its DTOs.
export interface ItemBody {
  name: string;
  country: string;
  industry: string;
}

export const secretFromEnv = () => new TextEncoder().encode(process.env.JWT_SECRET ?? '');

// Serves on PORT (loopback) until SIGTERM, then lets every connection go and closes what the peer holds.
export function servePeer(server: Server, close: () => Promise<unknown>): void {
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    void close().then(() => process.exit(0));
  });
}

// Runs the peer's start; a failed start is printed and ends the process.
export function runPeer(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${name} peer: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
}
