import type { components } from '../../apps/workspace/src/api/schema';
import { Workspace, expectAccessible, expectNoHorizontalOverflow, screenshot, startWorkspace } from './workspace-harness';

jest.setTimeout(120_000);

type Schemas = components['schemas'];

// The ops page in Chromium against the real API: every projection with its lag, and a rebuild followed to its end.
describe('the workspace web app: ops', () => {
  let ws: Workspace;
  const projections = async (): Promise<Schemas['ProjectionList']> => {
    const oscar = ws.personas.find((p) => p.name === 'Oscar')!;
    const answer = await fetch(`${ws.baseUrl}/v1/ops/projections`, { headers: { Authorization: `Bearer ${oscar.token}` } });
    expect(answer.status).toBe(200);
    return (await answer.json()) as Schemas['ProjectionList'];
  };

  beforeAll(async () => {
    ws = await startWorkspace();
  });
  afterAll(async () => ws?.close());

  it('Oscar sees every projection, rebuilds one, follows its progress bar, and sees it live again', async () => {
    const before = await projections();
    expect(before.items.length).toBeGreaterThan(1);
    const target = before.items[0];

    const oscar = await ws.signIn('Oscar');
    const page = oscar.page;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Ops' }).click();
    const table = page.getByRole('region', { name: 'Projections' });
    await table.getByRole('row').nth(before.items.length).waitFor();
    for (const p of before.items) {
      const row = table.getByRole('row').filter({ hasText: p.projection });
      expect(await row.count()).toBeGreaterThanOrEqual(1);
      expect(await row.first().textContent()).toContain(p.status === 'running' ? 'Live' : 'Failed');
    }
    // A rebuild is offered only where the API takes one: not for the webhooks outbox.
    for (const p of before.items) expect(await page.getByRole('button', { name: `Rebuild ${p.projection}` }).count()).toBe(p.rebuildable ? 1 : 0);
    expect(before.items.some((p) => !p.rebuildable)).toBe(true);
    await expectAccessible(page, 'ops');

    // A small log rebuilds in a blink: the page notes every progress bar it ever shows, however briefly.
    await page.evaluate(`(() => {
      window.__bars = [];
      new MutationObserver(() => {
        for (const bar of document.querySelectorAll('progress')) {
          const label = document.getElementById(bar.getAttribute('aria-labelledby'));
          window.__bars.push(label ? label.textContent : '');
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    })()`);
    await page.getByRole('button', { name: `Rebuild ${target.projection}` }).click();
    const done = page.getByText(new RegExp(`^Rebuild of ${target.projection} done: (\\d+) events`));
    await done.waitFor();
    const bars = (await page.evaluate('window.__bars')) as string[];
    expect(bars.length).toBeGreaterThan(0);
    expect(bars[0]).toContain(`Rebuilding ${target.projection}`);
    expect((await done.textContent())!).toContain('the projection is live again');
    expect(await page.getByRole('progressbar').count()).toBe(0);

    // The API agrees: the newest rebuild of that projection is done, with the events the page reported.
    const after = await projections();
    const rebuilt = after.items.find((p) => p.projection === target.projection)!;
    expect(rebuilt.rebuild?.status).toBe('done');
    expect(rebuilt.status).toBe('running');
    const reported = Number(/done: (\d+) events/.exec((await done.textContent())!)![1]);
    expect(reported).toBe(rebuilt.rebuild!.eventsDone);
    const row = table.getByRole('row').filter({ hasText: target.projection }).first();
    await row.getByText(`${rebuilt.rebuild!.eventsDone} events`).waitFor();
    expect(await row.textContent()).toContain('Live');

    await expectAccessible(page, 'ops after a rebuild');
    await screenshot(page, 'ops');
    await page.setViewportSize({ width: 390, height: 800 });
    await expectNoHorizontalOverflow(page, 'ops at 390 px');
    expect(oscar.consoleErrors).toEqual([]);
  });

  it('a projection\'s dead letters show beside it: how many, and the last one', async () => {
    const before = await projections();
    const target = before.items[before.items.length - 1];
    const letter = (eventType: string, error: string) => ({ projection: target.projection, version: target.version, position: '7/7', event_id: '00000000-0000-4000-8000-000000000001', stream_id: 'case-x', event_type: eventType, error });
    await ws.app.platform.readDb.insertInto('projection_dead_letters').values([letter('CaseOpened', 'first failure'), letter('CaseResolved', 'column "x" does not exist')]).execute();
    try {
      const oscar = await ws.signIn('Oscar');
      await oscar.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Ops' }).click();
      const row = oscar.page.getByRole('region', { name: 'Projections' }).getByRole('row').filter({ hasText: target.projection }).first();
      await row.getByText('column "x" does not exist', { exact: false }).waitFor();
      expect(await row.textContent()).toMatch(/2, last: CaseResolved at 7\/7/);
      const others = oscar.page.getByRole('region', { name: 'Projections' }).getByRole('row').filter({ hasText: before.items[0].projection }).first();
      expect(await others.textContent()).not.toContain('last:');
    } finally {
      await ws.app.platform.readDb.deleteFrom('projection_dead_letters').where('projection', '=', target.projection).execute();
    }
  });

  it('a channel manager is not offered Ops', async () => {
    const chris = await ws.signIn('Chris');
    await chris.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approval queue' }).waitFor();
    expect(await chris.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Ops' }).count()).toBe(0);
  });
});
