import type { components } from '../../apps/workspace/src/api/schema';
import { Workspace, expectAccessible, expectNoHorizontalOverflow, screenshot, startWorkspace } from './workspace-harness';

jest.setTimeout(120_000);

type Schemas = components['schemas'];

// The approval queue and a registration's detail, in Chromium against the real API with the demo data: the Globex
// registration of Initech conflicts with Acme's earlier claim, is reviewed, sent for approval and approved with an
// override reason; its audit trail shows each step.
describe('the workspace web app: approvals', () => {
  let ws: Workspace;
  const token = (name: string) => ws.personas.find((p) => p.name === name)!.token;
  const get = async <T>(name: string, path: string): Promise<T> => {
    const answer = await fetch(`${ws.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token(name)}` } });
    expect(answer.status).toBe(200);
    return (await answer.json()) as T;
  };

  // What a page logged as errors (the page declares no icon file, so the browser asks for none).
  const pageErrors = (errors: string[]) => errors;

  // The log position of the newest event of the registration under test, from the log itself.
  let lastPosition: () => Promise<string>;

  beforeAll(async () => {
    ws = await startWorkspace();
  });
  afterAll(async () => ws?.close());

  it('Chris finds the conflicting Globex registration in the queue, reviews it and sends it on; Avery approves it with an override reason; the timeline shows every step', async () => {
    const list = await get<Schemas['DealRegistrationList']>('Chris', '/v1/deal-registrations?status=Submitted&limit=100');
    const rival = list.items.find((r) => r.customer.companyName === 'INITECH, L.L.C.')!;
    expect(rival).toBeDefined();
    const before = await get<Schemas['DealRegistration']>('Chris', `/v1/deal-registrations/${rival.registrationId}`);
    expect(before.conflicts).toHaveLength(1);
    const earlier = before.conflicts![0];
    lastPosition = async () => {
      const h = await get<Schemas['RecordHistory']>('Avery', `/v1/deal-registrations/${rival.registrationId}/history`);
      return (h.events[h.events.length - 1] as Schemas['WellFormedAuditEntry']).position;
    };
    const acme = await get<Schemas['Partner']>('Chris', `/v1/partners/${earlier.partnerId}`);

    // The queue: the rival is there, marked in conflict, and the rows run soonest SLA first.
    const chris = await ws.signIn('Chris');
    const page = chris.page;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approval queue' }).click();
    const queue = page.getByRole('region', { name: 'Registrations awaiting a decision' });
    const rivalRow = queue.getByRole('row').filter({ has: page.getByRole('link', { name: 'INITECH, L.L.C.' }) });
    await rivalRow.waitFor();
    expect(await rivalRow.textContent()).toContain('In conflict (1)');
    expect(await rivalRow.textContent()).toContain('Globex Distribution');
    // The due times come with the program's SLA, read after the rows: the three waiting rows (Initech, Stark, the
    // rival) each get one.
    await queue.locator('td time').nth(2).waitFor();
    const dues: number[] = [];
    for (const time of await queue.locator('td time').all()) dues.push(Date.parse((await time.getAttribute('datetime'))!));
    expect(dues.length).toBeGreaterThanOrEqual(3);
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    await expectAccessible(page, 'approval queue');
    await screenshot(page, 'approval-queue');

    // The detail: the conflict explained with the API's own keys, partner and time.
    await rivalRow.getByRole('link', { name: 'INITECH, L.L.C.' }).click();
    const conflict = page.getByRole('region', { name: 'In conflict with an earlier claim' });
    await conflict.waitFor();
    const conflictText = (await conflict.textContent())!;
    for (const key of earlier.keys) expect(conflictText).toContain(key.value);
    expect(conflictText).toContain(acme.profile.name);
    expect(await conflict.locator('time').getAttribute('datetime')).toBe(earlier.submittedAt);
    const title = page.getByRole('heading', { level: 1 });
    expect(await title.textContent()).toContain('Submitted');

    // A channel manager reviews and sends for approval, but may not approve.
    await page.evaluate('window.__sameDocument = true');
    await page.getByRole('button', { name: 'Start review' }).click();
    await page.getByRole('heading', { level: 1, name: /Under Review/ }).waitFor();
    await page.getByRole('button', { name: 'Send for approval' }).click();
    await page.getByRole('heading', { level: 1, name: /Pending Approval/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await page.evaluate('window.__sameDocument')).toBe(true);

    // Approving is for approvers: without an override reason the button stays disabled.
    const avery = await ws.signIn('Avery');
    await avery.page.goto(`/workspace/#/registrations/${rival.registrationId}`);
    const approve = avery.page.getByRole('button', { name: 'Approve' });
    await approve.waitFor();
    expect(await approve.isDisabled()).toBe(true);
    const reason = 'Globex brought the deal to us first through its distribution channel';
    await avery.page.getByLabel(/^Override reason/).fill(reason);
    expect(await approve.isDisabled()).toBe(false);
    await avery.page.evaluate('window.__sameDocument = true');
    await approve.click();
    await avery.page.getByRole('heading', { level: 1, name: /Approved/ }).waitFor();
    expect(await avery.page.evaluate('window.__sameDocument')).toBe(true);

    // The timeline: every step of the API's approval history, with its actor and role, the override reason on the approval.
    const items = avery.page.getByRole('list', { name: 'Approval history' }).getByRole('listitem');
    await items.filter({ hasText: reason }).waitFor();
    // The page read with the approval's position; this read asks for it too, so both see the same history.
    const steps = await get<Schemas['ApprovalHistory']>('Avery', `/v1/deal-registrations/${rival.registrationId}/approval-history?minPosition=${encodeURIComponent(await lastPosition())}`);
    expect(steps[steps.length - 1].eventType).toBe('RegistrationApproved');
    expect(await items.count()).toBe(steps.length);
    const texts = await items.allTextContents();
    // Partner staff are named from the partner's own staff list; the vendor's users by their id.
    const globex = await get<Schemas['Partner']>('Chris', `/v1/partners/${rival.partnerId}`);
    const named = (id: string) => globex.staff.find((m) => m.memberId === id)?.name ?? id;
    steps.forEach((step, i) => {
      if (step.actor) expect(texts[i]).toContain(`${named(step.actor.userId)} (${(step.actor.role ?? '').replace(/_/g, ' ')})`);
    });
    expect(texts[0]).toContain('Dave Kim (partner manager)');
    expect(texts.some((t) => t.includes('demo-channel-manager (channel manager)') && /Review started/i.test(t))).toBe(true);
    expect(texts.some((t) => t.includes('demo-channel-manager (channel manager)') && /Sent for approval/i.test(t))).toBe(true);
    expect(texts.some((t) => t.includes('demo-approver (approver)') && /Approved/.test(t) && t.includes(reason))).toBe(true);

    // Every event from the log, and the hash chain's verification in words.
    const history = await get<Schemas['RecordHistory']>('Avery', `/v1/deal-registrations/${rival.registrationId}/history`);
    expect(history.verification.ok).toBe(true);
    await avery.page.getByText(`Hash chain verified: it holds over all ${history.events.length} events.`).waitFor();
    const eventRows = avery.page.getByRole('region', { name: 'Events of the registration' }).getByRole('row');
    expect(await eventRows.count()).toBe(history.events.length + 1);
    const events = history.events.filter((e): e is Schemas['WellFormedAuditEntry'] => !('malformed' in e));
    expect(events).toHaveLength(history.events.length);
    const lastEvent = events[events.length - 1];
    expect(lastEvent.type).toBe('RegistrationApproved');
    expect(await eventRows.last().textContent()).toContain(lastEvent.correlationId!);

    // As of the event before the approval, the record was still pending approval.
    const asOf = avery.page.getByRole('region', { name: /^As of/ });
    await asOf.getByText('Approved').waitFor();
    const slider = avery.page.getByRole('slider', { name: 'Event' });
    await slider.focus();
    await avery.page.keyboard.press('ArrowLeft');
    const beforeApproval = events[events.length - 2];
    await asOf.locator(`time[datetime="${beforeApproval.recordedAt}"]`).waitFor();
    await asOf.getByText('Pending Approval').waitFor();
    expect(await asOf.getByText('Approved', { exact: true }).count()).toBe(0);
    await expectAccessible(avery.page, 'registration detail');
    await screenshot(avery.page, 'registration-timeline');
    expect(pageErrors(chris.consoleErrors)).toEqual([]);
    expect(pageErrors(avery.consoleErrors)).toEqual([]);
  });

  it('rejecting without a reason shows the API\'s own field error, and the page fits 390 px', async () => {
    const list = await get<Schemas['DealRegistrationList']>('Chris', '/v1/deal-registrations?status=UnderReview&limit=100');
    const stark = list.items.find((r) => r.customer.companyName === 'Stark Industries')!;
    // What the API answers to an empty reason (a refused command changes nothing).
    const refused = await fetch(`${ws.baseUrl}/v1/deal-registrations/${stark.registrationId}/reject`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token('Chris')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: '' }),
    });
    expect(refused.status).toBe(400);
    const problem = await refused.json();
    const fieldReason = (problem as { fields: { field: string; reason: string }[] }).fields.find((f) => f.field === 'reason')!.reason;

    const chris = await ws.signIn('Chris', { width: 390 });
    await chris.page.goto(`/workspace/#/registrations/${stark.registrationId}`);
    await chris.page.getByRole('button', { name: 'Reject' }).click();
    const dialog = chris.page.getByRole('dialog', { name: 'Reject the registration' });
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await dialog.getByText(fieldReason).first().waitFor();
    expect(await dialog.getByLabel('Reason (required)').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await chris.page.getByRole('heading', { level: 1 }).textContent()).toContain('Under Review');
    await chris.page.getByRole('table').first().waitFor();
    await expectNoHorizontalOverflow(chris.page, 'registration detail at 390 px');

    await chris.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approval queue' }).click();
    await chris.page.getByRole('link', { name: 'Stark Industries' }).waitFor();
    await expectNoHorizontalOverflow(chris.page, 'approval queue at 390 px');

    // The status filter asks the API: the queue then lists exactly what the API lists under review.
    const underReview = list.items.map((r) => r.customer.companyName);
    await chris.page.getByLabel('Status').selectOption('UnderReview');
    await chris.page.getByRole('link', { name: 'Initech LLC' }).waitFor({ state: 'detached' });
    const shown = await chris.page.getByRole('region', { name: 'Registrations awaiting a decision' }).getByRole('link').allTextContents();
    expect(shown.sort()).toEqual(underReview.sort());
    // The one error the page logs is the browser's note of the API's refusal.
    expect(pageErrors(chris.consoleErrors).filter((e) => !e.includes('status of 400'))).toEqual([]);
  });
});
