// The Emmett peer: an HTTP command endpoint on Emmett 0.42's PostgreSQL event store, written with express and
// Emmett's own command handling (CommandHandler: read the stream, evolve its state, decide, append with the read
// version as the expected one). Emmett's HTTP package on this registry (emmett-expressjs 0.20.0) pins Emmett 0.20
// and express 4 as peers, so it cannot sit beside emmett-postgresql 0.42. The same token check and body rules as
// the other peers; each command opens a short stream of its own (decide + append of one event).
import { randomUUID } from 'node:crypto';
import express, { NextFunction, Request, Response } from 'express';
import type { Event } from '@event-driven-io/emmett';
import { createServer } from 'node:http';
import { ItemBody, runPeer, secretFromEnv, servePeer, verifyBearer } from './peer';

// Emmett is ESM first but ships CommonJS too; it makes its schema on first use.
const { CommandHandler } = require('@event-driven-io/emmett') as typeof import('@event-driven-io/emmett');
const { getPostgreSQLEventStore } = require('@event-driven-io/emmett-postgresql') as typeof import('@event-driven-io/emmett-postgresql');

type DealOpened = Event<'DealOpened', { dealId: string; name: string; country: string; industry: string; openedBy: string; partnerId: string | null; openedAt: string }>;
type DealEvent = DealOpened;
type DealState = { status: 'none' } | { status: 'open'; name: string };

const evolve = (state: DealState, event: DealEvent): DealState => (event.type === 'DealOpened' ? { status: 'open', name: event.data.name } : state);
const handle = CommandHandler<DealState, DealEvent>({ evolve, initialState: () => ({ status: 'none' }) });

const COUNTRY = /^[A-Z]{2}$/;
function validate(body: unknown): ItemBody | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be an object';
  const { name, country, industry } = body as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 200) return 'name must be a non-empty string of at most 200 characters';
  if (typeof country !== 'string' || !COUNTRY.test(country)) return 'country must be an ISO 3166-1 alpha-2 code';
  if (typeof industry !== 'string' || industry.trim().length === 0 || industry.length > 100) return 'industry must be a non-empty string of at most 100 characters';
  return { name, country, industry };
}

async function main(): Promise<void> {
  const secret = secretFromEnv();
  const store = getPostgreSQLEventStore(process.env.DATABASE_URL!);
  await store.appendToStream(`warm-up-${randomUUID()}`, [{ type: 'WarmedUp', data: {} }]);
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());
  app.post('/deals', async (req: Request, res: Response) => {
    const caller = await verifyBearer(req.headers.authorization, secret);
    if (!caller) return void res.status(401).json({ error: 'unauthorized' });
    const body = validate(req.body);
    if (typeof body === 'string') return void res.status(400).json({ error: 'validation_failed', message: body });
    const dealId = randomUUID();
    const result = await handle(store, `deal-${dealId}`, (state): DealEvent => {
      if (state.status !== 'none') throw new Error('the deal is open already');
      return { type: 'DealOpened', data: { dealId, ...body, openedBy: caller.userId, partnerId: caller.partnerId ?? null, openedAt: new Date().toISOString() } };
    });
    res.status(201).json({ id: dealId, version: Number(result.nextExpectedStreamVersion) });
  });
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => void res.status(500).json({ error: 'internal', message: error.message }));
  servePeer(createServer(app), () => store.close());
}

runPeer('Emmett', main);
