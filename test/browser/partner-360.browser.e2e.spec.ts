import { Page } from 'playwright-core';
import { Workspace, expectAccessible, expectNoHorizontalOverflow, screenshot, startWorkspace } from './workspace-harness';

jest.setTimeout(120_000);

// Errors a page logs from now on, with the address they concern. The browser asks for /favicon.ico on its own and
// the app has no icon: that 404 is not a failure of these pages.
function watchErrors(page: Page, into: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) into.push(`${m.text()} ${m.location().url}`);
  });
}

// The figures a tile shows, as the page formats them: a rate as a percentage with one decimal.
const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);
const words = (code: string) => {
  const spaced = code.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

describe('the workspace web app: partners and the Partner 360', () => {
  let ws: Workspace;
  let page: Page;
  // Errors the page logs after sign-in, with the address they concern.
  const consoleErrors: string[] = [];
  let acmeId: string;
  const call = (who: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) => ws.call(who, method, path, body, headers);
  const ok = (who: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) => ws.ok(who, method, path, body, headers);
  const tile = (label: string) => page.getByRole('group', { name: label, exact: true });
  const tab = (name: RegExp) => page.getByRole('tab', { name });
  const panel = () => page.getByRole('tabpanel');

  beforeAll(async () => {
    ws = await startWorkspace();
    ({ page } = await ws.signIn('Chris'));
    watchErrors(page, consoleErrors);
  });
  afterAll(async () => ws?.close());

  it('Chris finds Acme Corp among the partners he may see', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Partners' }).click();
    const table = page.getByRole('table', { name: 'Partners' });
    await table.waitFor();
    const all = await ok('Chris', 'GET', '/v1/partners?limit=100');
    expect(await table.locator('tbody tr').count()).toBe(all.items.length);
    await expectAccessible(page, 'partners');
    await screenshot(page, 'partners');

    await page.getByLabel('Name contains').fill('acme');
    await page.getByRole('button', { name: 'Search' }).click();
    const found = await ok('Chris', 'GET', '/v1/partners?q=acme&limit=100');
    const expected = found.items.map((p: { name: string }) => p.name).sort();
    expect(expected).toContain('Acme Corp');
    await page.waitForFunction(`document.querySelectorAll('table tbody tr').length === ${expected.length}`);
    expect((await table.locator('tbody tr td:first-child').allTextContents()).sort()).toEqual(expected);

    await page.getByLabel('Tier').selectOption('Platinum');
    await page.getByText('No partner matches this search.').waitFor();
    await page.getByLabel('Tier').selectOption('');
    await table.locator('tbody td:first-child').getByRole('link', { name: 'Acme Corp', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Acme Corp' }).waitFor();
    acmeId = found.items.find((p: { name: string }) => p.name === 'Acme Corp').partnerId;
    expect(page.url()).toContain(`#/partners/${acmeId}`);
  });

  it("the 360's header and tiles show the API's answer, which matches the demo data", async () => {
    const p360 = await ok('Chris', 'GET', `/v1/partners/${acmeId}/360`);
    const registrations = (await ok('Chris', 'GET', `/v1/deal-registrations?partnerId=${acmeId}&limit=100`)).items as { status: string; customer: { companyName: string } }[];
    const k = p360.kpis;

    const profile = page.getByRole('definition');
    expect(await profile.allTextContents()).toEqual(expect.arrayContaining(['Reseller', 'Gold', 'None', 'Alice Hart (alice@acme.example)']));

    // The registration tile counts what the list holds, state by state.
    const states = new Map<string, number>();
    for (const r of registrations) states.set(r.status, (states.get(r.status) ?? 0) + 1);
    expect(Object.fromEntries(Object.entries(k.registrationsByState).filter(([, n]) => (n as number) > 0))).toEqual(Object.fromEntries(states));
    expect(await tile('Registrations').locator('.tile-value').textContent()).toBe(String(registrations.length));
    for (const [state, n] of states) expect(await tile('Registrations').textContent()).toContain(`${n} ${words(state)}`);

    // Approved of decided, from the list: the demo data has Umbrella approved and Vandelay rejected.
    const approved = registrations.filter((r) => r.status === 'Approved').length;
    const rejected = registrations.filter((r) => r.status === 'Rejected').length;
    expect(k.approvalRate).toBeCloseTo(approved / (approved + rejected));
    expect(await tile('Approval rate').locator('.tile-value').textContent()).toBe(percent(approved / (approved + rejected)));

    expect(await tile('Open cases').locator('.tile-value').textContent()).toBe(String(k.openCases));
    expect(await tile('SLAs breached').locator('.tile-value').textContent()).toBe(String(k.slasBreached));
    expect(await tile('Conflict rate').locator('.tile-value').textContent()).toBe(percent(k.conflictRate));
    expect(await tile('Win rate').locator('.tile-value').textContent()).toBe(percent(k.winRate));
    const orders = Object.values(k.ordersByState as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(await tile('Orders').locator('.tile-value').textContent()).toBe(String(orders));
    if (k.revenue.length === 0) await page.getByText('No sourced or influenced revenue yet.').waitFor();
    for (const r of k.revenue) await tile(`Sourced revenue (${r.currency})`).waitFor();
  });

  it('every tab opens from the URL and passes axe; records are one click away', async () => {
    await tab(/^Members/).click();
    await panel().getByRole('table', { name: 'Staff members' }).waitFor();
    expect(page.url()).toContain('tab=members');
    await expectAccessible(page, 'Partner 360, members');
    await screenshot(page, 'partner-360');

    await tab(/^Partnerships/).click();
    await panel().getByRole('cell', { name: 'Global Resell Program' }).waitFor();
    await expectAccessible(page, 'Partner 360, partnerships');

    await tab(/^Child partners/).click();
    const child = panel().getByRole('link', { name: 'Acme UK' });
    await child.waitFor();
    await expectAccessible(page, 'Partner 360, child partners');

    await tab(/^Deal registrations/).click();
    const regs = (await ok('Chris', 'GET', `/v1/deal-registrations?partnerId=${acmeId}&limit=100`)).items as { registrationId: string; customer: { companyName: string } }[];
    const initech = regs.find((r) => r.customer.companyName === 'Initech LLC');
    // A registration opens in place, from the API's record, with the way to its full page and timeline.
    await panel().getByRole('button', { name: 'Initech LLC' }).click();
    const dialog = page.getByRole('dialog', { name: 'Deal registration: Initech LLC' });
    await dialog.getByText('procurement@initech.example', { exact: false }).waitFor();
    expect(await dialog.textContent()).toContain('Submitted');
    expect(await dialog.getByRole('link', { name: 'Open the record and its timeline' }).getAttribute('href')).toBe(`#/registrations/${initech?.registrationId}`);
    await expectAccessible(page, 'Partner 360, a registration opened in place');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await panel().locator('tbody tr').count()).toBe(regs.length);
    await expectAccessible(page, 'Partner 360, deal registrations');

    await tab(/^Sold products/).click();
    await panel().getByText('No products sold through this partner yet.').waitFor();
    await expectAccessible(page, 'Partner 360, sold products');

    // A tab is in the URL: opening the URL opens the tab.
    await page.goto(`${ws.baseUrl}/workspace/#/partners/${acmeId}?tab=children`);
    await panel().getByRole('link', { name: 'Acme UK' }).waitFor();
    expect(await tab(/^Child partners/).getAttribute('aria-selected')).toBe('true');
  });

  it('a case and an order open in a dialog with their details read from the API', async () => {
    const opened = await ok('Alice Hart', 'POST', '/v1/cases', { about: 'partner', priority: 'P2', subject: 'Portal login fails', description: 'Two associates cannot sign in since Monday.' });
    const order = await ok('Chris', 'POST', '/v1/orders', {
      account: 'Umbrella Corporation',
      contact: { name: 'Procurement', email: 'procurement@umbrella.example' },
      orderType: 'new',
      priority: 'high',
      channelPartnerId: acmeId,
      currency: 'USD',
      lines: [{ product: 'ledger-enterprise', quantity: 3, unitPriceMinor: 125_000 }],
    });
    // Read-your-writes for this page too: the API answers once its read models include both commands.
    await ok('Chris', 'GET', `/v1/partners/${acmeId}/360`, undefined, { 'X-Min-Position': order.position });
    await ok('Chris', 'GET', `/v1/partners/${acmeId}/360`, undefined, { 'X-Min-Position': opened.position });

    // Another user's commands: the page shows them when it is opened again.
    await page.goto(`${ws.baseUrl}/workspace/#/partners/${acmeId}?tab=cases`);
    await page.reload();
    await panel().getByRole('button', { name: 'Portal login fails' }).click();
    const dialog = page.getByRole('dialog', { name: 'Case: Portal login fails' });
    await dialog.getByText('Two associates cannot sign in since Monday.').waitFor();
    const fetched = await ok('Chris', 'GET', `/v1/cases/${opened.id}`);
    expect(await dialog.textContent()).toContain(fetched.priority);
    await expectAccessible(page, 'Partner 360, case dialog');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const now = await ok('Chris', 'GET', `/v1/partners/${acmeId}/360`);
    expect(now.kpis.openCases).toBeGreaterThan(0);
    expect(await tile('Open cases').locator('.tile-value').textContent()).toBe(String(now.kpis.openCases));

    await tab(/^Orders/).click();
    await panel().getByRole('button', { name: 'Umbrella Corporation' }).click();
    const orderDialog = page.getByRole('dialog', { name: 'Order: Umbrella Corporation' });
    await orderDialog.getByRole('cell', { name: 'ledger-enterprise' }).waitFor();
    expect(await orderDialog.getByRole('row').nth(1).textContent()).toContain('3');
    expect(await orderDialog.textContent()).toContain((3 * 1250).toLocaleString('en-US'));
    await expectAccessible(page, 'Partner 360, orders with the order dialog');
    await page.keyboard.press('Escape');
    await orderDialog.waitFor({ state: 'hidden' });
  });

  it('after a registration of Acme is submitted through the API, the page shows the changed tile', async () => {
    const before = await ok('Chris', 'GET', `/v1/partners/${acmeId}/360`);
    const regs = (await ok('Chris', 'GET', `/v1/deal-registrations?partnerId=${acmeId}&status=Draft&limit=100`)).items as { registrationId: string }[];
    expect(regs.length).toBeGreaterThan(0);
    const submitted = await ok('Bob Lee', 'POST', `/v1/deal-registrations/${regs[0].registrationId}/submit`, {});
    const after = await ok('Chris', 'GET', `/v1/partners/${acmeId}/360`, undefined, { 'X-Min-Position': submitted.position });
    const was = before.kpis.registrationsByState.Submitted ?? 0;
    expect(after.kpis.registrationsByState.Submitted).toBe(was + 1);

    await expect(tile('Registrations').textContent()).resolves.toContain(`${was} Submitted`);
    await page.reload();
    await tile('Registrations').getByText(`${was + 1} Submitted`).waitFor();
    const drafts = after.kpis.registrationsByState.Draft ?? 0;
    if (drafts === 0) expect(await tile('Registrations').textContent()).not.toContain('Draft');
    else expect(await tile('Registrations').textContent()).toContain(`${drafts} Draft`);
  });

  it('registering a staff member from the members tab: the API\'s reason on the field, then the member in the list', async () => {
    await page.goto(`${ws.baseUrl}/workspace/#/partners/${acmeId}?tab=members`);
    await page.getByRole('button', { name: 'Register a staff member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register a staff member' });
    await dialog.getByLabel('Name').fill('Dana Cruz');
    await dialog.getByLabel('Email').fill('dana-at-acme');
    await dialog.getByRole('button', { name: 'Register' }).click();

    // What the API says of that email, asked directly (nothing is registered by a refused request).
    const refused = await call('Chris', 'POST', `/v1/partners/${acmeId}/members`, { name: 'Dana Cruz', email: 'dana-at-acme', role: 'partner_associate' });
    expect(refused.status).toBe(400);
    const reason = (refused.body.fields as { field: string; reason: string }[]).find((f) => f.field === 'email')?.reason;
    expect(reason).toBe('must be an email');
    const emailField = dialog.locator('.field', { has: page.getByLabel('Email') });
    await emailField.getByText(reason as string).waitFor();
    expect(await dialog.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'Partner 360, member form with an error');

    const email = `dana.${Date.now()}@acme.example`;
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByLabel('Role').selectOption('partner_manager');
    await dialog.getByRole('button', { name: 'Register' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = panel().getByRole('row', { name: new RegExp(email.replace(/\./g, '\\.')) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Partner manager');
    const members = await ok('Chris', 'GET', `/v1/members?partnerId=${acmeId}&limit=100`);
    expect(members.items.map((m: { email: string }) => m.email)).toContain(email);
    expect(await panel().locator('tbody tr').count()).toBe(members.items.length);
  });

  it('fits a 390 px screen', async () => {
    const narrow = await ws.signIn('Chris', { width: 390 });
    const narrowErrors: string[] = [];
    watchErrors(narrow.page, narrowErrors);
    await narrow.page.goto(`${ws.baseUrl}/workspace/#/partners`);
    await narrow.page.getByRole('table', { name: 'Partners' }).waitFor();
    await expectNoHorizontalOverflow(narrow.page, 'partners at 390 px');
    await narrow.page.goto(`${ws.baseUrl}/workspace/#/partners/${acmeId}?tab=registrations`);
    await narrow.page.getByRole('tabpanel').getByRole('table').waitFor();
    await expectNoHorizontalOverflow(narrow.page, 'Partner 360 at 390 px');
    expect(narrowErrors).toEqual([]);
    // The browser logs the refused registration (the invalid email) as a failed load; nothing else may fail.
    expect(consoleErrors).toEqual([expect.stringMatching(new RegExp(`status of 400 .*/v1/partners/${acmeId}/members$`))]);
  });
});
