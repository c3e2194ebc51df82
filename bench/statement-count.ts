// Statements per command: the API in this process (the projector and sweeps off), every pg statement counted
// while one request is in flight, with the counter the statement test uses (test/support/statement-count.ts).
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { countStatements } from '../test/support/statement-count';
import { mintToken } from '@channel-ledger/auth';
import { loadConfig } from '@channel-ledger/config';
import { startPlatform } from '@channel-ledger/platform';
import { readModelMigrations } from '@channel-ledger/projections';

export interface StatementCount {
  command: string;
  caller: string;
  // Median over the repetitions, and the statements of the median one by their first keyword.
  statements: number;
  kinds: string;
  repetitions: number;
}

export interface StatementCountInput {
  databaseUrl: string;
  jwtSecret: string;
  auditKey: string;
  partners: { partnerId: string; managerId: string; programIds: string[] }[];
  repetitions?: number;
}

function kindsOf(statements: string[]): string {
  const counts = new Map<string, number>();
  for (const s of statements) {
    const word = (/^\s*(\w+)/.exec(s)?.[1] ?? '?').toLowerCase();
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts].map(([w, n]) => `${w} ${n}`).join(', ');
}

export async function countStatementsPerCommand(input: StatementCountInput): Promise<StatementCount[]> {
  // The app's modules are loaded here, not at the top: the rest of the run drives the API as a separate process.
  const { createApp } = require('../apps/api/src/create-app') as typeof import('../apps/api/src/create-app');
  const config = loadConfig({
    DATABASE_URL: input.databaseUrl,
    JWT_SECRET: input.jwtSecret,
    AUDIT_KEY: input.auditKey,
    LOG_LEVEL: 'silent',
    RUN_PROJECTOR: 'false',
    SWEEP_INTERVAL_MS: '0',
    RATE_LIMIT_PER_MINUTE: '0',
    MIGRATE_ON_START: 'false',
  });
  const platform = await startPlatform(config, () => undefined, { readModels: readModelMigrations });
  const app = await createApp(platform);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const secret = new TextEncoder().encode(input.jwtSecret);
  const token = (roles: string[], subject: string, partnerId?: string) => mintToken(secret, config.auth.issuer, config.auth.audience, { subject, roles: roles as never, partnerId, expiresIn: '1h' });
  const enterprise = await token(['channel_manager', 'approver'], 'bench-statements');
  const samples = new Map<string, { caller: string; runs: string[][] }>();
  // One request at a time, every statement sent while it is in flight counted for it.
  const send = async (command: string, caller: string, method: string, path: string, bearer: string, body?: unknown) => {
    const { result, statements } = await countStatements(async () => {
      const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, text: await res.text() };
    });
    if (!samples.has(`${command}|${caller}`)) samples.set(`${command}|${caller}`, { caller, runs: [] });
    samples.get(`${command}|${caller}`)!.runs.push(statements);
    if (result.status >= 300) throw new Error(`${method} ${path} answered ${result.status}: ${result.text.slice(0, 300)}`);
    return result.text ? JSON.parse(result.text) : undefined;
  };
  try {
    const repetitions = input.repetitions ?? 5;
    for (let r = 0; r < repetitions; r++) {
      const p = input.partners[r % input.partners.length];
      const manager = await token(['partner_manager'], p.managerId, p.partnerId);
      const tag = randomBytes(4).toString('hex');
      const draft = {
        programId: p.programIds[0],
        registrationType: 'resell',
        customer: { companyName: `Counted Customer ${tag}`, domain: `counted-${tag}.example`, contactName: 'Pat Buyer', contactEmail: `pat@counted-${tag}.example` },
        estimatedSize: { amountMinor: 2_500_000, currency: 'EUR' },
        expectedCloseDate: '2027-09-30',
        products: ['ledger-core'],
      };
      const created = await send('draft a registration', 'partner', 'POST', '/v1/deal-registrations', manager, draft);
      await send('submit', 'partner', 'POST', `/v1/deal-registrations/${created.id}/submit`, manager, {});
      await send('start-review', 'enterprise', 'POST', `/v1/deal-registrations/${created.id}/start-review`, enterprise, {});
      await send('send-for-approval', 'enterprise', 'POST', `/v1/deal-registrations/${created.id}/send-for-approval`, enterprise, {});
      await send('approve', 'enterprise', 'POST', `/v1/deal-registrations/${created.id}/approve`, enterprise, {});
      await send('profile edit', 'partner', 'PATCH', `/v1/partners/${p.partnerId}`, manager, { changes: { industry: `Counted ${tag} a` } });
      await send('profile edit', 'enterprise', 'PATCH', `/v1/partners/${p.partnerId}`, enterprise, { changes: { industry: `Counted ${tag} b` } });
    }
  } finally {
    await app.close();
  }
  return [...samples].map(([key, { caller, runs }]) => {
    const sorted = [...runs].sort((a, b) => a.length - b.length);
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    return { command: key.split('|')[0], caller, statements: median.length, kinds: kindsOf(median), repetitions: runs.length };
  });
}
