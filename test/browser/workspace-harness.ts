import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { comparePositions } from '@channel-ledger/event-store';
import { allProjections } from '@channel-ledger/projections';
import { DemoPersona, seedDemo } from '../../apps/api/src/demo/demo-seed';
import { DemoPersonas } from '../../apps/api/src/session/demo-personas';
import type { Clock } from '@channel-ledger/platform';
import { TestApp, startTestApp } from '../support/test-app';

// The workspace web app in real Chromium (Debian's package, driven by playwright-core), against the real API on a
// database of its own with the demo data, made through the API as `npm start` makes it.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Workspace {
  app: TestApp;
  baseUrl: string;
  browser: Browser;
  personas: (DemoPersona & { token: string })[];
  // The API as the named demo user calls it: the status and the parsed answer.
  call(who: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  // The same for a call that must succeed: its answer, or an error that says what the API answered.
  ok(who: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<any>;
  // Signs in as the named demo user in a new page (a context of its own: no session shared with other pages).
  signIn(name: string, options?: { width?: number }): Promise<SignedIn>;
  close(): Promise<void>;
}

export interface SignedIn {
  page: Page;
  context: BrowserContext;
  // Errors the page logged (a failed script, a content-policy violation): a test ends with none.
  consoleErrors: string[];
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run installs it)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

async function readModelsReach(app: TestApp, position: string): Promise<void> {
  const expected = allProjections().length;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows = await app.platform.readDb.selectFrom('projection_checkpoints').select(['position', 'status']).execute();
    if (rows.length >= expected && rows.every((r) => r.position !== null && comparePositions(r.position, position) >= 0)) return;
    if (Date.now() > deadline) throw new Error('the read models did not reach the demo data within 30 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A clock of the test's own (a ManualClock) lets a test move time on after the demo data, e.g. to make deals stale.
export async function startWorkspace(env: Record<string, string> = {}, clock?: Clock): Promise<Workspace> {
  const app = await startTestApp({ ...env }, clock);
  await app.app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
  const mint = (p: DemoPersona) => app.token(p.roles, { subject: p.subject, partnerId: p.partnerId, expiresIn: '2h', name: p.partnerId ? undefined : p.name });
  const { personas, position } = await seedDemo(baseUrl, mint);
  if (position) await readModelsReach(app, position);
  const withTokens = await Promise.all(personas.map(async (p) => ({ ...p, token: await mint(p) })));
  app.app.get(DemoPersonas).set(withTokens.map((p) => ({ label: p.name, name: p.name, role: p.role, partnerName: p.partnerName ?? null, token: p.token })));
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  const call = async (who: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const persona = withTokens.find((p) => p.name === who);
    if (!persona) throw new Error(`no demo user ${who}`);
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${persona.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  return {
    app,
    baseUrl,
    browser,
    personas: withTokens,
    call,
    async ok(who, method, path, body, headers) {
      const answer = await call(who, method, path, body, headers);
      if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async signIn(name, options = {}) {
      const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, baseURL: baseUrl });
      contexts.push(context);
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(String(error)));
      await page.goto('/workspace/');
      await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      return { page, context, consoleErrors };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await app.close();
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

// axe-core on the page as it is now: the serious and critical violations (none is the bar).
// Evaluated through the browser's debugging protocol, so the page's content policy does not stop it.
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // In the page (as text: this file is compiled without the DOM's types).
  const violations = (await page.evaluate(`(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })) }));
  })()`)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

// Fails with the violations listed, if there are any.
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousViolations(page);
  if (violations.length > 0) throw new Error(`${where}: ${violations.length} serious or critical accessibility violations:\n${JSON.stringify(violations, null, 2)}`);
}

// Whether the page fits its viewport's width (nothing makes the whole page scroll sideways).
export async function expectNoHorizontalOverflow(page: Page, where: string): Promise<void> {
  const { scroll, width } = (await page.evaluate('({ scroll: document.documentElement.scrollWidth, width: window.innerWidth })')) as { scroll: number; width: number };
  if (scroll > width + 1) throw new Error(`${where}: the page is ${scroll} px wide in a ${width} px window`);
}

// A full-page screenshot at the page's current width, into docs/screenshots (the README shows them).
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
