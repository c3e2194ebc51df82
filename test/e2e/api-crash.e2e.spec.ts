import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { TestApp, startTestApp } from '../support/test-app';
import { Onboarded, onboard, registrationBody } from '../support/onboarding';
import { Started, buildOnce, freePort, runApp, waitForHealth } from '../support/processes';
import { HEAVY, setting } from '../support/heavy';

// CI: 80 commands and 3 kills; RELIABILITY_HEAVY=1: 400 commands and 15 kills.
const COMMANDS = setting('API_CRASH_COMMANDS', 80, 400);
const KILLS = setting('API_KILLS', 3, 15);

jest.setTimeout(HEAVY ? 1_800_000 : 180_000);

// Clients that send commands with Idempotency-Keys and retry until answered, against an API killed with SIGKILL
// again and again in the middle of the burst.
describe('the API killed during a burst of commands with idempotency keys', () => {
  let t: TestApp;
  let o: Onboarded;
  const secret = 'api-crash-secret-that-is-long-enough-for-hs256';

  beforeAll(async () => {
    buildOnce();
    t = await startTestApp({ JWT_SECRET: secret });
    o = await onboard(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('loses no acknowledged command and duplicates no event', async () => {
    const port = await freePort();
    const env = {
      DATABASE_URL: t.database.url,
      JWT_SECRET: secret,
      AUDIT_KEY: t.auditKey,
      PORT: String(port),
      RUN_PROJECTOR: 'false',
      SWEEP_INTERVAL_MS: '0',
      RATE_LIMIT_PER_MINUTE: '0',
      // A command left pending by the killed process may be taken over by its retry after a second.
      IDEMPOTENCY_PENDING_TIMEOUT_MS: '1000',
    };
    let api: Started = runApp('apps/api/src/main.js', env);
    await waitForHealth(port, 30_000, api);

    const tag = randomUUID().slice(0, 8);
    const commands = Array.from({ length: COMMANDS }, (_, i) => ({
      key: `crash-${tag}-${i}`,
      body: registrationBody(o.programId, { companyName: `Crash ${tag} ${i}`, domain: `crash-${tag}-${i}.example`, contactEmail: `buyer@crash-${tag}-${i}.example` }),
    }));
    const acknowledged = new Map<string, string>();
    let failures = 0;
    const send = async (command: (typeof commands)[number]) => {
      const res = await fetch(`http://127.0.0.1:${port}/v1/deal-registrations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${o.tokens.acmeManager}`, 'content-type': 'application/json', 'idempotency-key': command.key },
        body: JSON.stringify(command.body),
      });
      if (res.status !== 201 && res.status !== 200) throw new Error(`answered ${res.status}`);
      return ((await res.json()) as { id: string }).id;
    };

    let next = 0;
    const workers = Array.from({ length: 8 }, async () => {
      for (;;) {
        const i = next++;
        if (i >= commands.length) return;
        for (;;) {
          try {
            acknowledged.set(commands[i].key, await send(commands[i]));
            break;
          } catch {
            failures += 1; // the process is down, or a takeover is not due yet: retry the same request
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      }
    });

    // Kills spread over the burst, each while commands are in flight, each followed by a restart.
    const killer = (async () => {
      for (let k = 1; k <= KILLS; k++) {
        const after = Math.floor((COMMANDS * k) / (KILLS + 1));
        while (acknowledged.size < after) await new Promise((r) => setTimeout(r, 2));
        api.child.kill('SIGKILL');
        await api.exited;
        api = runApp('apps/api/src/main.js', env);
        await waitForHealth(port, 30_000, api);
      }
    })();
    await Promise.all([...workers, killer]);

    expect(failures).toBeGreaterThan(0); // the kills did land on requests
    expect(acknowledged.size).toBe(COMMANDS);
    // Every acknowledged command is in the log exactly once, under the id it was acknowledged with.
    const { rows } = await sql<{ stream_id: string; n: string }>`
      select stream_id, count(*) as n from event_store.events
      where event_type = 'RegistrationDrafted' and data->'customer'->>'companyName' like ${`Crash ${tag} %`}
      group by stream_id`.execute(t.platform.readDb);
    expect(rows).toHaveLength(COMMANDS);
    expect(rows.every((r) => r.n === '1')).toBe(true);
    expect(new Set(rows.map((r) => r.stream_id))).toEqual(new Set([...acknowledged.values()].map((id) => `registration-${id}`)));
    // Sending any of them again answers with the same record and appends nothing.
    const before = await t.eventCount();
    for (const command of commands.slice(0, 10)) expect(await send(command)).toBe(acknowledged.get(command.key));
    expect(await t.eventCount()).toBe(before);
    console.log(`API crashes: ${KILLS} SIGKILLs during ${COMMANDS} commands, ${failures} failed attempts retried; ${acknowledged.size} acknowledged, ${rows.length} in the log once each`);
    api.child.kill('SIGTERM');
    await api.exited;
  });
});
