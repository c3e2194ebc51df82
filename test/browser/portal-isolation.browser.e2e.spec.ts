import { Page } from 'playwright-core';
import { Workspace, expectAccessible, startWorkspace } from './workspace-harness';

jest.setTimeout(120_000);

// What a partner's portal shows of other partners: nothing. Dave Kim (Globex) walks every portal page; Acme's
// records (fetched here with the channel manager's token) never appear, not even by their ids in the page's markup.

const ACME_NAMES = ['Hooli', 'Initech LLC', 'Umbrella', 'Vandelay', 'Stark', 'Acme'];
const TABS = ['Deal registrations', 'Opportunities', 'Quotes', 'Orders', 'Cases'];

// The tab's list once it has loaded: a table, the empty state or an error.
async function panelLoaded(page: Page): Promise<void> {
  await page.getByRole('tabpanel').locator('table, .empty, .error').first().waitFor();
}

describe('the partner portal shows a partner only its own records', () => {
  let ws: Workspace;
  let call: (who: string, method: string, path: string, body?: unknown) => Promise<any>;
  let acmeRegistrationIds: string[];
  let acmeCaseId: string;

  beforeAll(async () => {
    ws = await startWorkspace();
    call = (who, method, path, body) => ws.ok(who, method, path, body);
    const partners: { items: { partnerId: string; name: string }[] } = await call('Chris', 'GET', '/v1/partners?limit=100');
    const acme = new Set(partners.items.filter((p) => p.name.startsWith('Acme')).map((p) => p.partnerId));
    const all: { items: { registrationId: string; partnerId: string }[] } = await call('Chris', 'GET', '/v1/deal-registrations?limit=100');
    acmeRegistrationIds = all.items.filter((r) => acme.has(r.partnerId)).map((r) => r.registrationId);
    expect(acmeRegistrationIds.length).toBeGreaterThanOrEqual(5);
    acmeCaseId = (await call('Bob Lee', 'POST', '/v1/cases', { about: 'organisation', priority: 'P2', subject: 'Umbrella renewal paperwork', description: 'Acme only.' })).id;
  });
  afterAll(async () => ws?.close());

  const expectNothingOfAcme = async (page: Page, where: string) => {
    const text = (await page.locator('body').innerText()) ?? '';
    const html = await page.content();
    for (const name of ACME_NAMES) expect({ where, shows: text.includes(name) ? name : null }).toEqual({ where, shows: null });
    for (const id of [...acmeRegistrationIds, acmeCaseId]) expect({ where, has: html.includes(id) ? id : null }).toEqual({ where, has: null });
  };

  it("Dave Kim (Globex) sees none of Acme's records on any portal page, and Acme's URLs are not found", async () => {
    const { page, consoleErrors } = await ws.signIn('Dave Kim');
    await panelLoaded(page);
    for (const tab of TABS) {
      await page.getByRole('tab', { name: tab }).click();
      await page.waitForURL(/tab=/);
      await panelLoaded(page);
      await expectNothingOfAcme(page, `tab ${tab}`);
    }
    await expectAccessible(page, 'portal home, cases tab');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register a deal' }).click();
    await page.getByRole('heading', { name: /Step 1 of 5/ }).waitFor();
    await expectNothingOfAcme(page, 'register a deal');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Open a case' }).click();
    await page.getByLabel('Subject').waitFor();
    await expectNothingOfAcme(page, 'open a case');

    // Dave's own INITECH registration: in conflict, on Globex's own keys, without naming whose claim it is.
    const own: { items: { registrationId: string; customer: { companyName: string }; inConflict?: boolean }[] } = await call('Dave Kim', 'GET', '/v1/deal-registrations?limit=100');
    const rival = own.items.find((r) => r.customer.companyName.startsWith('INITECH'));
    expect(rival?.inConflict).toBe(true);
    const detail = await call('Dave Kim', 'GET', `/v1/deal-registrations/${rival!.registrationId}`);
    await page.goto(`/workspace/#/portal?tab=registrations`);
    await page.getByRole('tabpanel').getByRole('link', { name: rival!.customer.companyName }).click();
    await page.getByRole('heading', { name: rival!.customer.companyName }).waitFor();
    const conflict = page.getByRole('note');
    await conflict.waitFor();
    const conflictText = (await conflict.textContent()) ?? '';
    expect(conflictText).toContain('In conflict');
    expect(detail.conflict.matchedKeys.length).toBeGreaterThan(0);
    for (const key of detail.conflict.matchedKeys as { value: string }[]) expect(conflictText).toContain(key.value);
    await expectNothingOfAcme(page, 'own conflicting registration');
    await expectAccessible(page, 'own conflicting registration');

    // Acme's records by their URL: "not found" in words, and nothing of the record.
    for (const id of acmeRegistrationIds) {
      await page.goto(`/workspace/#/portal/registrations/${id}`);
      await page.getByRole('heading', { name: 'Registration not found' }).waitFor({ timeout: 5000 }).catch(async (e) => {
        throw new Error(`${e}: ${await page.locator('main').innerText()}`);
      });
      expect(await page.locator('main').innerText()).toMatch(/not found/i);
      const text = await page.locator('body').innerText();
      for (const name of ACME_NAMES) expect(text).not.toContain(name);
    }
    await page.goto(`/workspace/#/portal/cases/${acmeCaseId}`);
    await page.getByRole('heading', { name: 'Case not found' }).waitFor();
    expect(await page.locator('body').innerText()).not.toContain('Umbrella renewal paperwork');
    // The 404 answers the not-found pages are made of are the only errors the page logged.
    expect(consoleErrors.filter((e) => !e.includes('404'))).toEqual([]);
  });

  it("Alice (Acme manager) sees Acme UK's Stark registration; Bob (associate) sees exactly what the API gives him", async () => {
    const alice = await ws.signIn('Alice Hart');
    await alice.page.getByRole('tabpanel').getByRole('link', { name: 'Stark Industries' }).waitFor();
    const starkRow = alice.page.getByRole('row', { name: /Stark Industries/ });
    expect(await starkRow.textContent()).toContain('Acme UK');
    await alice.page.getByRole('tabpanel').getByRole('link', { name: 'Stark Industries' }).click();
    await alice.page.getByRole('heading', { name: 'Stark Industries' }).waitFor();
    await alice.page.locator('.status-line .badge', { hasText: 'Under Review' }).waitFor();

    const bob = await ws.signIn('Bob Lee');
    await panelLoaded(bob.page);
    const given: { items: { customer: { companyName: string } }[] } = await call('Bob Lee', 'GET', '/v1/deal-registrations?limit=100');
    const shown = await bob.page.getByRole('tabpanel').locator('tbody tr td:first-child').allInnerTexts();
    expect(shown.sort()).toEqual(given.items.map((r) => r.customer.companyName).sort());
    const bobText = await bob.page.locator('body').innerText();
    if (!given.items.some((r) => r.customer.companyName.startsWith('Stark'))) expect(bobText).not.toContain('Stark');
    // Bob's case (opened above) is on his cases tab; Globex's records never are.
    await bob.page.getByRole('tab', { name: 'Cases' }).click();
    await bob.page.getByRole('tabpanel').getByRole('link', { name: 'Umbrella renewal paperwork' }).waitFor();
    expect(await bob.page.locator('body').innerText()).not.toContain('INITECH');
  });
});
