// The raw peer: node:http and pg, no framework. The same work as the bare NestJS peer: the bearer token checked, the
// body parsed and validated, one INSERT, a 201 with the new id; 401 without a valid token.
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { ItemBody, PEER_TABLE, runPeer, secretFromEnv, servePeer, verifyBearer } from './peer';

const COUNTRY = /^[A-Z]{2}$/;

function validate(body: unknown): ItemBody | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be an object';
  const { name, country, industry } = body as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 200) return 'name must be a non-empty string of at most 200 characters';
  if (typeof country !== 'string' || !COUNTRY.test(country)) return 'country must be an ISO 3166-1 alpha-2 code';
  if (typeof industry !== 'string' || industry.trim().length === 0 || industry.length > 100) return 'industry must be a non-empty string of at most 100 characters';
  return { name, country, industry };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function main(): Promise<void> {
  const secret = secretFromEnv();
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  await pool.query(PEER_TABLE);
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'POST' || req.url !== '/items') return send(res, 404, { error: 'not_found' });
      const caller = await verifyBearer(req.headers.authorization, secret);
      if (!caller) {
        req.resume();
        return send(res, 401, { error: 'unauthorized' });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readBody(req));
      } catch {
        return send(res, 400, { error: 'malformed_json' });
      }
      const body = validate(parsed);
      if (typeof body === 'string') return send(res, 400, { error: 'validation_failed', message: body });
      const id = randomUUID();
      await pool.query('insert into bench_peer_items (id, partner_id, created_by, name, country, industry) values ($1, $2, $3, $4, $5, $6)', [id, caller.partnerId ?? null, caller.userId, body.name, body.country, body.industry]);
      send(res, 201, { id });
    } catch (error) {
      send(res, 500, { error: 'internal', message: (error as Error).message });
    }
  });
  servePeer(server, () => pool.end());
}

runPeer('raw', main);
