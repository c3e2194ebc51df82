import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { TestApp, startTestApp } from '../support/test-app';
import { HEAVY, setting } from '../support/heavy';
import { Onboarded, onboard, registrationBody } from '../support/onboarding';
import { OwnPostgres, freePort, startOwnPostgres } from '../support/processes';

jest.setTimeout(HEAVY ? 600_000 : 180_000);

// How long the database stays down, and the longest any request may take to be answered while it is.
const OUTAGE_MS = setting('OUTAGE_MS', 6000, 30000);
const FAIL_FAST_MS = 5_000;

interface Answer {
  at: number;
  status: number;
  ms: number;
  kind: 'command' | 'query' | 'health';
}

// PostgreSQL (a server of the test's own: the shared one is not stopped) goes down under a steady load of
// commands and queries, then comes back. Requests fail fast with 503 while it is down, the service recovers by
// itself, every acknowledged command is in the log once, and the projections catch up.
describe('PostgreSQL stopped and restarted under load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'channel-ledger-outage-'));
  let pgPort: number;
  let pg: OwnPostgres;
  let t: TestApp;
  let o: Onboarded;
  let base: string;

  beforeAll(async () => {
    pgPort = await freePort();
    pg = await startOwnPostgres(dataDir, pgPort);
    t = await startTestApp({ IDEMPOTENCY_PENDING_TIMEOUT_MS: '1000' }, undefined, { url: pg.url, name: 'channel_ledger', drop: async () => undefined });
    o = await onboard(t);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.http.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await t?.close();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 fast while it is down, recovers by itself, and loses or duplicates nothing', async () => {
    const tag = randomUUID().slice(0, 8);
    const answers: Answer[] = [];
    const acknowledged = new Map<string, string>();
    const timed = async (kind: Answer['kind'], path: string, init: RequestInit = {}) => {
      const started = Date.now();
      try {
        const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
        const body = await res.text();
        answers.push({ at: started, status: res.status, ms: Date.now() - started, kind });
        return { status: res.status, body };
      } catch (error) {
        answers.push({ at: started, status: 0, ms: Date.now() - started, kind });
        throw error;
      }
    };
    const auth = { authorization: `Bearer ${o.tokens.acmeManager}` };

    let stop = false;
    let sent = 0;
    // Four clients each send a registration with an Idempotency-Key, retry it until it is answered, and read the
    // list in between; one more watches /health.
    const clients = Array.from({ length: 4 }, async (_, c) => {
      while (!stop) {
        const key = `outage-${tag}-${c}-${sent++}`;
        const body = JSON.stringify(registrationBody(o.programId, { companyName: `Outage ${tag} ${key}`, domain: `${key}.example`, contactEmail: `buyer@${key}.example` }));
        for (;;) {
          const res = await timed('command', '/v1/deal-registrations', { method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key }, body });
          if (res.status === 201 || res.status === 200) {
            acknowledged.set(key, JSON.parse(res.body).id);
            break;
          }
          if (stop && res.status >= 500) break; // never acknowledged: the client gives up, nothing is owed
          await new Promise((r) => setTimeout(r, 100));
        }
        await timed('query', '/v1/deal-registrations?limit=5', { headers: auth });
      }
    });
    const watcher = (async () => {
      while (!stop) {
        await timed('health', '/health');
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    while (acknowledged.size < 10) await new Promise((r) => setTimeout(r, 20));
    const downAt = Date.now();
    await pg.stop();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    const upAt = Date.now();
    pg = await startOwnPostgres(dataDir, pgPort);
    const restartedAt = Date.now();

    // Recovery by itself: a fresh command is answered within the deadline without anything restarted by hand.
    const ackedBefore = acknowledged.size;
    const recoveryDeadline = Date.now() + 30_000;
    while (acknowledged.size < ackedBefore + 10 && Date.now() < recoveryDeadline) await new Promise((r) => setTimeout(r, 50));
    stop = true;
    await Promise.all([...clients, watcher]);

    // Answers to requests sent while the server was down (after the stop had taken effect, before the restart).
    const during = answers.filter((a) => a.at >= downAt + 500 && a.at + a.ms <= upAt);
    const summary = {
      during: during.length,
      statuses: [...new Set(during.map((a) => a.status))].sort(),
      slowest: Math.max(...during.map((a) => a.ms)),
      healthDuring: [...new Set(during.filter((a) => a.kind === 'health').map((a) => a.status))],
    };
    expect(summary.during).toBeGreaterThan(20);
    expect(summary.statuses).toEqual([503]);
    expect(summary.slowest).toBeLessThan(FAIL_FAST_MS);
    expect(summary.healthDuring).toEqual([503]);

    // Recovered by itself: commands are acknowledged again soon after the restart, and queries and /health answer.
    const firstOk = answers.find((a) => a.kind === 'command' && a.at >= restartedAt && a.status < 300);
    const recoveryMs = firstOk ? firstOk.at + firstOk.ms - restartedAt : Infinity;
    expect(acknowledged.size).toBeGreaterThanOrEqual(ackedBefore + 10);
    expect(recoveryMs).toBeLessThan(10_000);
    expect((await timed('health', '/health')).status).toBe(200);
    expect((await timed('query', '/v1/deal-registrations?limit=5', { headers: auth })).status).toBe(200);

    // Every acknowledged command is in the log exactly once, under the id it was answered with.
    const { rows } = await sql<{ stream_id: string; n: string }>`
      select stream_id, count(*) as n from event_store.events
      where event_type = 'RegistrationDrafted' and data->'customer'->>'companyName' like ${`Outage ${tag} %`}
      group by stream_id`.execute(t.platform.readDb);
    const acked = new Set([...acknowledged.values()].map((id) => `registration-${id}`));
    expect(rows.filter((r) => r.n !== '1')).toEqual([]);
    expect(rows.filter((r) => acked.has(r.stream_id))).toHaveLength(acknowledged.size);

    // The projections resumed: every acknowledged registration reaches the read model.
    const deadline = Date.now() + 30_000;
    let visible = 0;
    while (Date.now() < deadline) {
      const { rows: seen } = await sql<{ n: string }>`
        select count(*) as n from rm_registrations where customer_company like ${`Outage ${tag} %`}`.execute(t.platform.readDb);
      visible = Number(seen[0].n);
      if (visible >= rows.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(visible).toBe(rows.length);
    console.log(
      `PostgreSQL outage: down ${upAt - downAt} ms, ${summary.during} requests answered while down (all 503, slowest ${summary.slowest} ms), ` +
        `first command acknowledged ${recoveryMs} ms after the restart, ${acknowledged.size} commands acknowledged, ${rows.length} in the log, 0 duplicated`,
    );
  });
});
