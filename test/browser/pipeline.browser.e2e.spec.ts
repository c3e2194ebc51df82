import { Locator, Page } from 'playwright-core';
import { ManualClock } from '../support/test-app';
import { Workspace, expectAccessible, expectNoHorizontalOverflow, screenshot, startWorkspace } from './workspace-harness';

jest.setTimeout(120_000);

// Errors a page logs from now on, with the address they concern. The browser asks for /favicon.ico on its own and
// the app has no icon: that 404 is not a failure of these pages.
function watchErrors(page: Page, into: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) into.push(`${m.text()} ${m.location().url}`);
  });
}

interface Group {
  key: string | null;
  count: number;
  stale: number;
  amounts: { currency: string; amountMinor: number }[];
}
interface Pipeline {
  staleAfterDays: number;
  registrations: Group[];
  opportunities: Group[];
}

// Money as digits: "$120,000.00" is 12000000 minor units, whatever the locale's separators.
const minor = (text: string | null) => Number((text ?? '').replace(/[^0-9]/g, ''));
const words = (code: string) => {
  const spaced = code.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

describe('the workspace web app: the pipeline', () => {
  const clock = new ManualClock();
  let ws: Workspace;
  let page: Page;
  // Errors the page logs after sign-in, with the address they concern.
  const consoleErrors: string[] = [];
  const chris = () => ws.personas.find((p) => p.name === 'Chris')?.token ?? '';
  const call = async (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${ws.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}`);
    return (await res.json()) as any;
  };
  const section = (name: string) => page.getByRole('region', { name, exact: true });

  // The table and the bars of one side agree with the API's groups, row by row, label by label.
  async function expectShown(side: Locator, groups: Group[], label: (key: string | null) => string) {
    const rows = side.getByRole('table').locator('tbody tr');
    await side.getByRole('table').waitFor();
    expect(await rows.count()).toBe(groups.length);
    const currencies = [...new Set(groups.flatMap((g) => g.amounts.map((a) => a.currency)))];
    const maxCount = Math.max(...groups.map((g) => g.count));
    for (const [i, g] of groups.entries()) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      expect(cells[0]).toBe(label(g.key));
      expect(Number(cells[1])).toBe(g.count);
      expect(Number(cells[2])).toBe(g.stale);
      currencies.forEach((c, j) => expect(minor(cells[3 + j])).toBe(g.amounts.find((a) => a.currency === c)?.amountMinor ?? 0));

      const countBar = side.locator('[data-chart="Count"] .bar-row').nth(i);
      expect(await countBar.locator('.bar-label').textContent()).toBe(label(g.key));
      expect(await countBar.locator('.bar-value').textContent()).toBe(g.stale > 0 ? `${g.count} (${g.stale} stale)` : String(g.count));
      const width = await countBar.locator('.bar-track > .bar').evaluate((el) => (el as unknown as { style: { width: string } }).style.width);
      expect(parseFloat(width)).toBeCloseTo((g.count / maxCount) * 100, 1);
      // The stale share is striped inside the bar, as wide as stale is of count.
      const striped = countBar.locator('.bar-stale');
      expect(await striped.count()).toBe(g.stale > 0 ? 1 : 0);
      if (g.stale > 0) expect(parseFloat(await striped.evaluate((el) => (el as unknown as { style: { width: string } }).style.width))).toBeCloseTo((g.stale / g.count) * 100, 1);
      for (const c of currencies) {
        const amountBar = side.locator(`[data-chart="Amount (${c})"] .bar-row`).nth(i);
        expect(minor(await amountBar.locator('.bar-value').textContent())).toBe(g.amounts.find((a) => a.currency === c)?.amountMinor ?? 0);
      }
    }
  }

  beforeAll(async () => {
    ws = await startWorkspace({}, clock);
    // A month on: every demo deal is stale; one is then touched again and is fresh.
    clock.advance(31 * 86_400_000);
    const regs = await call(chris(), 'GET', '/v1/deal-registrations?status=Draft&limit=100');
    const bob = ws.personas.find((p) => p.name === 'Bob Lee')?.token ?? '';
    const submitted = await call(bob, 'POST', `/v1/deal-registrations/${regs.items[0].registrationId}/submit`, {});
    await call(chris(), 'GET', '/v1/pipeline', undefined, { 'X-Min-Position': submitted.position });
    ({ page } = await ws.signIn('Chris'));
    watchErrors(page, consoleErrors);
  });
  afterAll(async () => ws?.close());

  it('by stage: the bars and the table show the counts, stale counts and amounts of the API', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipeline' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
    const answer = (await call(chris(), 'GET', '/v1/pipeline?groupBy=stage')) as Pipeline;
    expect(answer.registrations.length).toBeGreaterThan(0);
    // The demo data a month on: some open deals are stale, the one submitted now is not.
    const submitted = answer.registrations.find((g) => g.key === 'Submitted');
    expect(submitted && submitted.count - submitted.stale).toBe(1);
    expect(answer.registrations.some((g) => g.stale > 0)).toBe(true);

    await expectShown(section('Deal registrations'), answer.registrations, (k) => (k === null ? 'None' : words(k)));
    if (answer.opportunities.length === 0) await section('Opportunities').getByText('No open opportunities.').waitFor();
    else await expectShown(section('Opportunities'), answer.opportunities, (k) => (k === null ? 'None' : words(k)));
    expect(await page.getByText(`without an event for ${answer.staleAfterDays} days`).count()).toBe(1);
    await expectAccessible(page, 'pipeline by stage');
    await screenshot(page, 'pipeline');
  });

  it('by partner: each group is named by its partner; by source: the same numbers as the API', async () => {
    await page.getByLabel('Group by').selectOption('partner');
    const answer = (await call(chris(), 'GET', '/v1/pipeline?groupBy=partner')) as Pipeline;
    const partners = (await call(chris(), 'GET', '/v1/partners?limit=100')).items as { partnerId: string; name: string }[];
    const name = (key: string | null) => (key === null ? 'No partner (direct)' : key === 'other_partner' ? 'Partners you may not see' : (partners.find((p) => p.partnerId === key)?.name ?? key));
    expect(answer.registrations.map((g) => name(g.key))).toEqual(expect.arrayContaining(['Acme Corp', 'Globex Distribution']));
    await section('Deal registrations').getByRole('cell', { name: 'Acme Corp', exact: true }).waitFor();
    await expectShown(section('Deal registrations'), answer.registrations, name);
    await expectAccessible(page, 'pipeline by partner');

    await page.getByLabel('Group by').selectOption('source');
    const bySource = (await call(chris(), 'GET', '/v1/pipeline?groupBy=source')) as Pipeline;
    const label = (k: string | null) => (k === null ? 'None' : k === 'other_partner' ? 'Partners you may not see' : words(k));
    await section('Deal registrations').getByRole('cell', { name: label(bySource.registrations[0].key), exact: true }).waitFor();
    await expectShown(section('Deal registrations'), bySource.registrations, label);
    expect(consoleErrors).toEqual([]);
  });

  it('fits a 390 px screen', async () => {
    const narrow = await ws.signIn('Chris', { width: 390 });
    const narrowErrors: string[] = [];
    watchErrors(narrow.page, narrowErrors);
    await narrow.page.goto(`${ws.baseUrl}/workspace/#/pipeline`);
    await narrow.page.getByRole('table', { name: 'Deal registrations by group' }).waitFor();
    await expectNoHorizontalOverflow(narrow.page, 'pipeline at 390 px');
    expect(narrowErrors).toEqual([]);
  });
});
