import { Page } from 'playwright-core';
import { Workspace, expectAccessible, expectNoHorizontalOverflow, screenshot, startWorkspace } from './workspace-harness';

jest.setTimeout(120_000);

// The partner portal as Bob Lee (Acme Corp, partner associate) uses it: a deal registered through the guided flow,
// the channel team's question answered on the live registration page, a draft withdrawn, a case opened.

const STEP = (page: Page) => page.locator('[aria-current="step"]');
// The status badge as the page writes it ("InfoRequested" reads "Info Requested").
const words = (status: string) => status.replace(/([a-z])([A-Z])/g, '$1 $2');

describe('the partner portal: Bob Lee registers a deal and opens a case', () => {
  let ws: Workspace;
  let call: (who: string, method: string, path: string, body?: unknown) => Promise<any>;
  beforeAll(async () => {
    ws = await startWorkspace();
    // A command with nothing to say still sends an empty object, as the app does.
    call = (who, method, path, body) => ws.ok(who, method, path, body === undefined && method !== 'GET' ? {} : body);
  });
  afterAll(async () => ws?.close());

  // The browser asks for /favicon.ico on its first page (which the app does not have): a first visit takes that 404,
  // so the pages under test log only their own errors.
  beforeAll(async () => {
    const context = await ws.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${ws.baseUrl}/workspace/`);
    await page.getByRole('heading', { name: 'Sign in as a demo user' }).waitFor();
    await page.waitForTimeout(300);
    await context.close();
  });

  it('registers a deal step by step, then answers the channel team and resubmits on the live page', async () => {
    const bob = await ws.signIn('Bob Lee');
    const { page } = bob;
    const customer = 'Wayne Enterprises';

    // The portal home lists the organisation's registrations, as the API gives them to Bob.
    const listed: { items: { customer: { companyName: string } }[] } = await call('Bob Lee', 'GET', '/v1/deal-registrations?limit=100');
    await page.getByRole('tab', { name: 'Deal registrations' }).waitFor();
    await page.getByRole('tabpanel').getByRole('link', { name: listed.items[0].customer.companyName }).waitFor();
    await expectAccessible(page, 'portal home');
    await screenshot(page, 'portal-home');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register a deal' }).click();
    // Step 1: the program's allowed types.
    await page.getByRole('heading', { name: /Step 1 of 5: Type/ }).waitFor();
    expect(await STEP(page).textContent()).toContain('Type');
    await expectAccessible(page, 'register: type step');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Choose the type of deal.').waitFor();
    await page.getByRole('radio', { name: /^Resell/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 2: the customer; a bad email is refused on the field before going on.
    await page.getByRole('heading', { name: /Step 2 of 5: Customer/ }).waitFor();
    await page.getByLabel('Company name').fill(customer);
    await page.getByLabel('Web domain (optional)').fill('wayne.example');
    await page.getByLabel('Contact name').fill('Lucius Fox');
    await page.getByLabel('Contact email').fill('lucius-at-wayne');
    await page.getByRole('button', { name: 'Next' }).click();
    const emailError = page.locator('.field-error', { hasText: 'Enter a valid email address' });
    await emailError.waitFor();
    expect(await STEP(page).textContent()).toContain('Customer');
    expect(await page.getByLabel('Contact email').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'register: customer step with an error');
    await page.getByLabel('Contact email').fill('lucius@wayne.example');
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 3: size (major units) and close date; Back keeps what was typed.
    await page.getByRole('heading', { name: /Step 3 of 5: Size and close date/ }).waitFor();
    await page.getByLabel('Estimated size').fill('25000');
    await page.getByLabel('Expected close date').fill('2027-09-30');
    await expectAccessible(page, 'register: size step');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('heading', { name: /Step 2 of 5/ }).waitFor();
    expect(await page.getByLabel('Company name').inputValue()).toBe(customer);
    await page.getByRole('button', { name: 'Next' }).click();
    expect(await page.getByLabel('Estimated size').inputValue()).toBe('25000');
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 4: products.
    await page.getByRole('heading', { name: /Step 4 of 5: Products/ }).waitFor();
    await page.getByLabel('Products').fill('ledger-enterprise\nledger-support');
    await expectAccessible(page, 'register: products step');
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 5: review, then submit.
    await page.getByRole('heading', { name: /Step 5 of 5: Review and submit/ }).waitFor();
    const review = (await page.locator('form').textContent()) ?? '';
    expect(review).toContain(customer);
    expect(review).toContain('lucius@wayne.example');
    expect(review).toContain('ledger-enterprise, ledger-support');
    await expectAccessible(page, 'register: review step');
    await screenshot(page, 'portal-register-deal');
    await page.getByRole('button', { name: 'Submit registration' }).click();

    await page.waitForURL(/#\/portal\/registrations\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop() as string;
    await page.getByRole('heading', { name: customer }).waitFor();
    const submitted = await call('Bob Lee', 'GET', `/v1/deal-registrations/${id}`);
    expect(submitted.status).toBe('Submitted');
    expect(submitted.details.estimatedSize).toEqual({ amountMinor: 2_500_000, currency: 'USD' });
    expect(await page.locator('.status-line .badge').textContent()).toBe(words(submitted.status));
    await expectAccessible(page, 'registration page');

    // The channel team asks a question through the API; the open page shows it without a reload.
    const question = `How many seats does ${customer} need?`;
    await call('Chris', 'POST', `/v1/deal-registrations/${id}/start-review`);
    await call('Chris', 'POST', `/v1/deal-registrations/${id}/request-info`, { message: question });
    await page.locator('.status-line .badge', { hasText: 'Info Requested' }).waitFor({ timeout: 15_000 });
    await page.locator('blockquote', { hasText: question }).waitFor();
    await expectAccessible(page, 'registration page, information requested');
    await screenshot(page, 'portal-registration');

    // Bob answers in words, corrects the details and resubmits; the page follows the API's new status.
    const reply = 'Five hundred seats, rolling out in the third quarter.';
    await page.getByLabel('Answer to the channel team').fill(reply);
    await page.getByLabel('Products').fill('ledger-enterprise\nledger-support\nledger-seats-500');
    await page.getByRole('button', { name: 'Resubmit registration' }).click();
    await page.getByRole('heading', { name: 'The channel team asks' }).waitFor({ state: 'detached' });
    const resubmitted = await call('Bob Lee', 'GET', `/v1/deal-registrations/${id}`);
    expect(resubmitted.status).not.toBe('InfoRequested');
    expect(resubmitted.details.products).toEqual(['ledger-enterprise', 'ledger-support', 'ledger-seats-500']);
    // The channel team reads the answer in the registration's history.
    // (The history is a read model of its own: it is read until it has the resubmission, for a few seconds at most.)
    let resubmission: { eventType: string; reason: string | null } | undefined;
    for (let tries = 0; !resubmission && tries < 50; tries++) {
      const history: { eventType: string; reason: string | null }[] = await call('Chris', 'GET', `/v1/deal-registrations/${id}/approval-history`);
      resubmission = history.find((h) => h.eventType === 'RegistrationResubmitted');
      if (!resubmission) await page.waitForTimeout(100);
    }
    expect(resubmission?.reason).toBe(reply);
    await page.locator('.status-line .badge', { hasText: words(resubmitted.status) }).waitFor();
    expect(bob.consoleErrors).toEqual([]);
  });

  it('withdraws a draft after confirming', async () => {
    const draft = await call('Bob Lee', 'GET', '/v1/partners/' + ws.personas.find((p) => p.name === 'Bob Lee')!.partnerId + '/360');
    const programId = draft.tabs.partnerships[0].programId as string;
    const created = await call('Bob Lee', 'POST', '/v1/deal-registrations', {
      programId,
      registrationType: 'referral',
      customer: { companyName: 'Cyberdyne Systems', domain: 'cyberdyne.example', contactName: 'Miles Dyson', contactEmail: 'miles@cyberdyne.example' },
      estimatedSize: { amountMinor: 5_000_000, currency: 'USD' },
      expectedCloseDate: '2027-08-31',
      products: ['ledger-enterprise'],
    });
    const { page, consoleErrors } = await ws.signIn('Bob Lee');
    await page.goto(`/workspace/#/portal/registrations/${created.id}`);
    await page.locator('.status-line .badge', { hasText: 'Draft' }).waitFor();
    await page.getByRole('button', { name: 'Withdraw', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw this registration?' });
    await dialog.waitFor();
    await dialog.getByLabel('Reason (optional)').fill('The customer chose to wait a year');
    await dialog.getByRole('button', { name: 'Withdraw registration' }).click();
    await page.locator('.status-line .badge', { hasText: 'Withdrawn' }).waitFor();
    expect((await call('Bob Lee', 'GET', `/v1/deal-registrations/${created.id}`)).status).toBe('Withdrawn');
    // A withdrawn registration offers no withdraw any more (the API would refuse it).
    expect(await page.getByRole('button', { name: 'Withdraw', exact: true }).count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it('opens a case and sees it, with its support targets', async () => {
    const { page, consoleErrors } = await ws.signIn('Bob Lee');
    const subject = 'Licence keys not arriving';
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Open a case' }).click();
    await page.getByRole('heading', { name: 'Open a case' }).waitFor();
    await page.getByRole('radio', { name: 'One of our end customers' }).check();
    await page.getByLabel('Subject').fill(subject);
    await page.getByLabel('Description').fill('Keys ordered on Monday have not been delivered.');
    await page.getByRole('button', { name: 'Open case' }).click();
    // The end customer is required when the case is about one.
    await page.getByText("Enter the end customer's company name.").waitFor();
    await page.getByLabel('End customer company').fill('Wonka Industries');
    await page.getByLabel('End customer contact email').fill('it@wonka.example');
    await page.getByLabel('Priority').selectOption('P2');
    await expectAccessible(page, 'open a case');
    await page.getByRole('button', { name: 'Open case' }).click();

    await page.waitForURL(/#\/portal\/cases\/[0-9a-f-]{36}$/);
    const caseId = page.url().split('/').pop() as string;
    await page.getByRole('heading', { name: subject }).waitFor();
    const opened = await call('Bob Lee', 'GET', `/v1/cases/${caseId}`);
    expect(opened.subject).toBe(subject);
    expect(opened.priority).toBe('P2');
    expect(await page.locator('.status-line .badge').textContent()).toBe(words(opened.status));
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Wonka Industries');
    expect(text).toContain('First response due');
    await expectAccessible(page, 'case page');
    await screenshot(page, 'portal-case');

    await page.getByRole('link', { name: 'All cases' }).click();
    await page.getByRole('tabpanel').getByRole('link', { name: subject }).waitFor();
    expect(consoleErrors).toEqual([]);
  });

  it('the guided flow fits a 390 px screen on every step', async () => {
    const { page } = await ws.signIn('Bob Lee', { width: 390 });
    await page.goto('/workspace/#/portal/register');
    await page.getByRole('heading', { name: /Step 1 of 5/ }).waitFor();
    await expectNoHorizontalOverflow(page, 'register: type at 390 px');
    await page.getByRole('radio', { name: /^Referral/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Company name').fill('Soylent Corporation');
    await page.getByLabel('Contact name').fill('Sol Roth');
    await page.getByLabel('Contact email').fill('wrong');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('.field-error').first().waitFor();
    await expectNoHorizontalOverflow(page, 'register: customer at 390 px');
    await page.getByLabel('Contact email').fill('sol@soylent.example');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Estimated size').fill('15000');
    await page.getByLabel('Expected close date').fill('2027-10-31');
    await expectNoHorizontalOverflow(page, 'register: size at 390 px');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Products').fill('ledger-enterprise');
    await expectNoHorizontalOverflow(page, 'register: products at 390 px');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: /Step 5 of 5/ }).waitFor();
    await expectNoHorizontalOverflow(page, 'register: review at 390 px');
    // The portal's other pages hold at that width too.
    await page.goto('/workspace/#/portal?tab=registrations');
    await page.getByRole('tabpanel').locator('table').waitFor();
    await expectNoHorizontalOverflow(page, 'portal home at 390 px');
    const listed: { items: { registrationId: string; customer: { companyName: string } }[] } = await call('Bob Lee', 'GET', '/v1/deal-registrations?limit=100');
    await page.goto(`/workspace/#/portal/registrations/${listed.items[0].registrationId}`);
    await page.getByRole('heading', { name: listed.items[0].customer.companyName }).waitFor();
    await expectNoHorizontalOverflow(page, 'registration page at 390 px');
    await page.goto('/workspace/#/portal/cases/new');
    await page.getByLabel('Subject').waitFor();
    await expectNoHorizontalOverflow(page, 'open a case at 390 px');
  });

  it('a field the API refuses on submit takes the flow back to the step that holds it, shown on the field', async () => {
    const { page } = await ws.signIn('Bob Lee');
    await page.goto('/workspace/#/portal/register');
    await page.getByRole('radio', { name: /^Influenced/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Company name').fill('Tyrell Corporation');
    await page.getByLabel('Contact name').fill('Eldon Tyrell');
    // Passes the form's own check, not the API's (two dots in a row).
    await page.getByLabel('Contact email').fill('eldon@tyrell..example');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Estimated size').fill('40000');
    await page.getByLabel('Expected close date').fill('2027-11-30');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Products').fill('ledger-enterprise');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Submit registration' }).click();

    await page.getByRole('heading', { name: /Step 2 of 5: Customer/ }).waitFor();
    expect(await STEP(page).textContent()).toContain('Customer');
    expect(await page.getByLabel('Contact email').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Contact email').inputValue()).toBe('eldon@tyrell..example');
    expect(await page.getByLabel('Company name').inputValue()).toBe('Tyrell Corporation');
    expect((await page.locator('.field-error').textContent())?.length).toBeGreaterThan(0);
    // Nothing was drafted.
    const listed: { items: { customer: { companyName: string } }[] } = await call('Bob Lee', 'GET', '/v1/deal-registrations?limit=100');
    expect(listed.items.some((r) => r.customer.companyName === 'Tyrell Corporation')).toBe(false);
  });
});
