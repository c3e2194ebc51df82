import { Page } from 'playwright-core';
import { Workspace, expectAccessible, expectNoHorizontalOverflow, startWorkspace } from './workspace-harness';

jest.setTimeout(180_000);

// The whole channel flow across the two screens, as the people it is for do it, each in a browser of their own:
// a partner associate registers a deal that another partner claimed first; a channel manager finds it in the
// approval queue, reads the conflict and sends it on; an approver approves it with an override reason; the
// registration's timeline shows every step and the record as it stood before; Partner 360's tiles follow; and the
// other partner sees nothing of it.
describe('the channel flow in the workspace and the portal', () => {
  let ws: Workspace;
  const ok = (who: string, method: string, path: string, body?: unknown): Promise<any> => ws.ok(who, method, path, method === 'GET' ? undefined : (body ?? {}));
  const percent = (n: number, of: number) => `${Math.round((n / of) * 1000) / 10}%`;
  const tile = (page: Page, label: string) => page.getByRole('group', { name: label, exact: true });

  beforeAll(async () => {
    ws = await startWorkspace();
  });
  afterAll(async () => ws?.close());

  it('register, conflict, review, override approval, timeline, Partner 360, isolation', async () => {
    const acmeId = ws.personas.find((p) => p.name === 'Bob Lee')!.partnerId!;
    const globexId = ws.personas.find((p) => p.name === 'Dave Kim')!.partnerId!;
    const programId = (await ok('Chris', 'GET', `/v1/partners/${acmeId}/360`)).tabs.partnerships[0].programId as string;
    // Globex claims the customer first, through the API.
    const earlier = await ok('Dave Kim', 'POST', '/v1/deal-registrations', {
      programId,
      registrationType: 'resell',
      customer: { companyName: 'Soylent Corp', domain: 'soylent.example', contactName: 'Buyer', contactEmail: 'buyer@soylent.example' },
      estimatedSize: { amountMinor: 5_000_000, currency: 'USD' },
      expectedCloseDate: '2027-08-31',
      products: ['ledger-enterprise'],
    });
    await ok('Dave Kim', 'POST', `/v1/deal-registrations/${earlier.id}/submit`);

    // Acme's decided registrations before, from the API's list (not from the tiles' own read model).
    const acmeRegistrations = async () => (await ok('Chris', 'GET', `/v1/deal-registrations?partnerId=${acmeId}&limit=100`)).items as { status: string }[];
    const before = await acmeRegistrations();
    const approvedBefore = before.filter((r) => r.status === 'Approved').length;
    const decidedBefore = before.filter((r) => r.status === 'Approved' || r.status === 'Rejected').length;

    // 1. Bob registers the same customer through the guided flow.
    const bob = await ws.signIn('Bob Lee');
    const p = bob.page;
    await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register a deal' }).click();
    await p.getByRole('radio', { name: /^Resell/ }).check();
    await p.getByRole('button', { name: 'Next' }).click();
    await p.getByLabel('Company name').fill('Soylent Corporation');
    await p.getByLabel('Web domain (optional)').fill('soylent.example');
    await p.getByLabel('Contact name').fill('Sol Roth');
    await p.getByLabel('Contact email').fill('sol@soylent.example');
    await p.getByRole('button', { name: 'Next' }).click();
    await p.getByLabel('Estimated size').fill('60000');
    await p.getByLabel('Expected close date').fill('2027-10-31');
    await p.getByRole('button', { name: 'Next' }).click();
    await p.getByLabel('Products').fill('ledger-enterprise');
    await p.getByRole('button', { name: 'Next' }).click();
    await p.getByRole('button', { name: 'Submit registration' }).click();
    await p.waitForURL(/#\/portal\/registrations\/[0-9a-f-]{36}$/);
    const id = p.url().split('/').pop()!;
    await p.getByRole('heading', { name: 'Soylent Corporation' }).waitFor();
    // The partner learns it is in conflict, and on which of its own keys; never whose claim it is.
    await p.getByText(/in conflict/i).first().waitFor();
    expect(await p.locator('main').textContent()).not.toContain('Globex');

    // 2. Chris finds it in the queue, marked in conflict, and reads the conflict: the keys and the earlier claim.
    const chris = await ws.signIn('Chris');
    const c = chris.page;
    await c.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approval queue' }).click();
    const row = c.getByRole('region', { name: 'Registrations awaiting a decision' }).getByRole('row').filter({ has: c.getByRole('link', { name: 'Soylent Corporation' }) });
    await row.waitFor();
    expect(await row.textContent()).toContain('In conflict (1)');
    await row.getByRole('link', { name: 'Soylent Corporation' }).click();
    const conflict = c.getByRole('region', { name: 'In conflict with an earlier claim' });
    await conflict.waitFor();
    const record = await ok('Chris', 'GET', `/v1/deal-registrations/${id}`);
    const match = (record.conflicts as { registrationId: string; partnerId: string; submittedAt: string; keys: { value: string }[] }[])[0];
    expect(match.registrationId).toBe(earlier.id);
    expect(match.partnerId).toBe(globexId);
    const explained = (await conflict.textContent())!;
    expect(explained).toContain('Globex Distribution');
    for (const key of match.keys) expect(explained).toContain(key.value);
    expect(await conflict.locator('time').getAttribute('datetime')).toBe(match.submittedAt);
    await c.getByRole('button', { name: 'Start review' }).click();
    await c.getByRole('heading', { level: 1, name: /Under Review/ }).waitFor();
    await c.getByRole('button', { name: 'Send for approval' }).click();
    await c.getByRole('heading', { level: 1, name: /Pending Approval/ }).waitFor();

    // 3. Avery approves, which the conflict allows only with an override reason.
    const avery = await ws.signIn('Avery');
    const a = avery.page;
    await a.goto(`/workspace/#/registrations/${id}`);
    const approve = a.getByRole('button', { name: 'Approve' });
    await approve.waitFor();
    expect(await approve.isDisabled()).toBe(true);
    const reason = 'Acme has run the Soylent account for three years';
    await a.getByLabel(/^Override reason/).fill(reason);
    await approve.click();
    await a.getByRole('heading', { level: 1, name: /Approved/ }).waitFor();

    // 4. The timeline shows each step with its actor, and the as-of control the record before the approval.
    const steps = a.getByRole('list', { name: 'Approval history' }).getByRole('listitem');
    await steps.filter({ hasText: reason }).waitFor();
    const texts = await steps.allTextContents();
    for (const [step, who] of [
      ['Drafted', 'Bob Lee (partner associate)'],
      ['Submitted', 'Bob Lee (partner associate)'],
      ['Conflict detected', 'Bob Lee (partner associate)'],
      ['Review started', 'demo-channel-manager (channel manager)'],
      ['Sent for approval', 'demo-channel-manager (channel manager)'],
      ['Approved', 'demo-approver (approver)'],
    ]) {
      expect(texts.some((t) => t.startsWith(step) && t.includes(who))).toBe(true);
    }
    const asOf = a.getByRole('region', { name: /^As of/ });
    await asOf.getByText('Approved').waitFor();
    const slider = a.getByRole('slider', { name: 'Event' });
    await slider.focus();
    await a.keyboard.press('ArrowLeft');
    await asOf.getByText('Pending Approval').waitFor();
    await a.getByText(/^Hash chain verified: it holds over all \d+ events\.$/).waitFor();

    // Bob's open page follows the decision without a reload.
    await p.locator('.status-line .badge', { hasText: 'Approved' }).waitFor({ timeout: 15_000 });

    // 5. Partner 360: the registrations tile counts one more approval, and the approval rate moves with it.
    await c.goto(`/workspace/#/partners/${acmeId}`);
    await tile(c, 'Approval rate').waitFor();
    await tile(c, 'Registrations').getByText(`${approvedBefore + 1} Approved`).waitFor();
    expect(await tile(c, 'Approval rate').locator('.tile-value').textContent()).toBe(percent(approvedBefore + 1, decidedBefore + 1));
    expect((await acmeRegistrations()).filter((r) => r.status === 'Approved').length).toBe(approvedBefore + 1);
    await expectAccessible(c, 'Partner 360 after the approval');

    // 6. Dave (Globex) sees his own claim and nothing of Acme's registration, in any tab, nor at its address.
    const dave = await ws.signIn('Dave Kim');
    const d = dave.page;
    for (const tab of ['Deal registrations', 'Opportunities', 'Quotes', 'Orders', 'Cases']) {
      await d.getByRole('tab', { name: tab }).click();
      await d.getByRole('tabpanel').waitFor();
      await d.waitForLoadState('networkidle');
      const html = await d.content();
      expect(html).not.toContain('Soylent Corporation');
      expect(html).not.toContain(id);
    }
    await d.getByRole('tab', { name: 'Deal registrations' }).click();
    await d.getByRole('tabpanel').getByRole('link', { name: 'Soylent Corp', exact: true }).waitFor();
    expect(dave.consoleErrors).toEqual([]);
    // The address of Acme's registration: the API answers 404 (which the browser logs), the page says not found.
    await d.goto(`/workspace/#/portal/registrations/${id}`);
    await d.getByText(/not found/i).first().waitFor();
    expect(await d.content()).not.toContain('Soylent Corporation');

    expect(dave.consoleErrors.every((e) => e.includes('status of 404 (Not Found)'))).toBe(true);
    for (const who of [bob, chris, avery]) expect(who.consoleErrors).toEqual([]);
  });

  it('a record made of one long word (a 200-character name, a long reason) wraps: no page scrolls sideways', async () => {
    const acmeId = ws.personas.find((p) => p.name === 'Alice Hart')!.partnerId!;
    const programId = (await ok('Chris', 'GET', `/v1/partners/${acmeId}/360`)).tabs.partnerships[0].programId as string;
    const name = 'W'.repeat(200);
    const made = await ok('Alice Hart', 'POST', '/v1/deal-registrations', {
      programId,
      registrationType: 'resell',
      customer: { companyName: name, domain: 'long.example', contactName: 'N'.repeat(120), contactEmail: 'buyer@long.example' },
      estimatedSize: { amountMinor: 5_000_000, currency: 'USD' },
      expectedCloseDate: '2027-08-31',
      products: ['p'.repeat(150)],
    });
    await ok('Alice Hart', 'POST', `/v1/deal-registrations/${made.id}/submit`);
    await ok('Chris', 'POST', `/v1/deal-registrations/${made.id}/start-review`);
    await ok('Chris', 'POST', `/v1/deal-registrations/${made.id}/request-info`, { message: `Please confirm ${'x'.repeat(300)}` });
    for (const [who, path] of [
      ['Chris', `/workspace/#/registrations/${made.id}`],
      ['Chris', `/workspace/#/partners/${acmeId}?tab=registrations`],
      ['Alice Hart', `/workspace/#/portal/registrations/${made.id}`],
      ['Alice Hart', '/workspace/#/portal'],
    ]) {
      for (const width of [1280, 390]) {
        const signed = await ws.signIn(who, { width });
        await signed.page.goto(path);
        await signed.page.getByText(name.slice(0, 40), { exact: false }).first().waitFor();
        await signed.page.waitForLoadState('networkidle');
        await expectNoHorizontalOverflow(signed.page, `${who} at ${path}, ${width} px`);
        await signed.context.close();
      }
    }
  });
});
