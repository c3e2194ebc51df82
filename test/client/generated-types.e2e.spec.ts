import request from 'supertest';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { TestApp, startTestApp } from '../support/test-app';
import { GENERATED_TYPES, generateTypes } from './generate';

// The client types checked in under test/client/generated are the ones the running API's document generates, so
// the type check of the flow test (client-flows.e2e.spec.ts) is a check against the current document.
describe('the generated API client types', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('are what the served /docs-json generates', async () => {
    const served = await request(t.http).get('/docs-json').expect(200);
    const generated = await generateTypes(served.text);
    if (process.env.UPDATE_CLIENT_TYPES === '1') writeFileSync(GENERATED_TYPES, generated);
    const checkedIn = readFileSync(GENERATED_TYPES, 'utf8');
    if (checkedIn === generated) return;
    const lines = { checkedIn: checkedIn.split('\n'), generated: generated.split('\n') };
    let at = 0;
    while (lines.generated[at] === lines.checkedIn[at]) at++;
    throw new Error(
      `${relative(process.cwd(), GENERATED_TYPES)} is not what the served document generates; first difference at line ${at + 1}:\n` +
        `  checked in: ${lines.checkedIn[at] ?? '(end of file)'}\n  generated:  ${lines.generated[at] ?? '(end of file)'}\n` +
        'Write it again with UPDATE_CLIENT_TYPES=1 npx jest test/client/generated-types.e2e.spec.ts, then run npm run typecheck.',
    );
  });
});
