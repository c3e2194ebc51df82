import { Workspace, expectAccessible, expectNoHorizontalOverflow, launchChromium, screenshot, startWorkspace } from './workspace-harness';

jest.setTimeout(120_000);

describe('the workspace web app: sign-in', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await startWorkspace();
  });
  afterAll(async () => ws?.close());

  it('offers the demo users, and signing in shows who you are and only what your roles allow', async () => {
    const context = await ws.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${ws.baseUrl}/workspace/`);
    await page.getByRole('heading', { name: 'Sign in as a demo user' }).waitFor();
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await context.close();

    const chris = await ws.signIn('Chris');
    const nav = chris.page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Approval queue' }).waitFor();
    expect(await chris.page.getByLabel('Signed in as').textContent()).toContain('channel manager');
    // What he may do, in words: the operations the API's document gives his role, and not an approver's.
    await chris.page.getByText('What you may do').click();
    const mayDo = chris.page.getByRole('list', { name: 'What you may do' });
    await mayDo.getByText('Start deal registration review', { exact: true }).waitFor();
    expect(await mayDo.getByText('Approve deal registration', { exact: true }).count()).toBe(0);
    await expectAccessible(chris.page, 'what you may do');

    const bob = await ws.signIn('Bob Lee');
    const portalNav = bob.page.getByRole('navigation', { name: 'Main' });
    await portalNav.getByRole('link', { name: 'Register a deal' }).waitFor();
    expect(await portalNav.getByRole('link', { name: 'Ops' }).count()).toBe(0);
    expect(await bob.page.getByLabel('Signed in as').textContent()).toContain('Acme Corp, partner associate');
    expect(chris.consoleErrors).toEqual([]);
    expect(bob.consoleErrors).toEqual([]);
  });

  it('works from the keyboard alone: sign in, skip to the content, move between tabs with the arrow keys', async () => {
    const context = await ws.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${ws.baseUrl}/workspace/`);
    await page.getByRole('button', { name: /^Chris/ }).waitFor();
    const focused = () => page.evaluate('document.activeElement ? (document.activeElement.getAttribute("aria-label") || document.activeElement.textContent || "").trim() : ""') as Promise<string>;
    // The first stop is the first demo user; Enter signs in.
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^Chris/);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    // Each page opened puts the focus on the page itself, so the next Tab goes into its content.
    await page.waitForFunction('document.activeElement && document.activeElement.id === "main"');
    // On a fresh load (the session is kept for the tab), the first stop is the skip link, which moves focus to the page.
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    // Once the page has its content (a loading line replaced under the starting point would move it).
    await page.getByRole('link', { name: 'Acme Corp', exact: true }).first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('main');
    // ... and stays on the page it skips into (the routes are in the hash).
    await page.getByRole('heading', { level: 1, name: 'Partners' }).waitFor();
    // Partner 360's tabs follow the ARIA pattern: the arrow keys move the selection and the focus.
    await page.getByRole('link', { name: 'Acme Corp', exact: true }).first().focus();
    await page.keyboard.press('Enter');
    const members = page.getByRole('tab', { name: /^Members/ });
    await members.waitFor();
    await members.focus();
    await page.keyboard.press('ArrowRight');
    const partnerships = page.getByRole('tab', { name: /^Partnerships/ });
    expect(await partnerships.getAttribute('aria-selected')).toBe('true');
    expect(await focused()).toMatch(/^Partnerships/);
    await context.close();
  });

  it('follows the log while signed in: a demotion shows on the next page, a deactivation signs out saying why', async () => {
    const chris = ws.personas.find((p) => p.name === 'Chris')!;
    const acmeId = ws.personas.find((p) => p.name === 'Alice Hart')!.partnerId!;
    const asChris = async (path: string, body: object) => {
      const res = await fetch(`${ws.baseUrl}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${chris.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBeLessThan(300);
      return (await res.json()) as { memberId?: string };
    };
    const { memberId } = (await asChris(`/v1/partners/${acmeId}/members`, { name: 'Mallory Stone', email: 'mallory@acme.example', role: 'partner_manager' })) as { memberId: string };
    const token = await ws.app.token('partner_manager', { subject: memberId, partnerId: acmeId });
    const context = await ws.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${ws.baseUrl}/workspace/`);
    await page.getByLabel('Bearer token').fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const who = page.getByLabel('Signed in as');
    await who.getByText('Acme Corp, partner manager').waitFor();

    await asChris(`/v1/partners/${acmeId}/members/${memberId}/role`, { role: 'partner_associate' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register a deal' }).click();
    await who.getByText('Acme Corp, partner associate').waitFor();

    await asChris(`/v1/partners/${acmeId}/members/${memberId}/deactivate`, {});
    // The next page opened (or any read the open page makes first) meets the refusal.
    await page.evaluate("window.location.hash = '#/portal'");
    await page.getByText(/^You were signed out: the token belongs to a staff member who is not active/).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await context.close();
  });

  it('a pasted token that is not valid is refused in words, and nothing is signed in', async () => {
    const context = await ws.browser.newContext({ viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${ws.baseUrl}/workspace/`);
    await page.getByLabel('Bearer token').fill('not.a.token');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/token/i);
    // What is not shaped like a token at all is said so, without asking the API.
    for (const pasted of ['<script>alert(1)</script>', 'a.b'.repeat(4000)]) {
      await page.getByLabel('Bearer token').fill(pasted);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('alert').getByText(/^This (is not a token|is too long to be a token)/).waitFor();
    }
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await expectNoHorizontalOverflow(page, 'sign-in at 390 px');
    await context.close();
  });

  it('the page is served under a content policy that allows only its own scripts', async () => {
    const answer = await fetch(`${ws.baseUrl}/workspace/`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-security-policy')).toContain("script-src 'self'");
    // The production build of the app (React's development build, with its warnings and double effects, is not
    // what users get, whatever NODE_ENV the build ran under).
    const script = /<script[^>]+src="([^"]+)"/.exec(await answer.text())![1];
    const code = await (await fetch(`${ws.baseUrl}${script}`)).text();
    expect(code).not.toContain('is deprecated in plain JavaScript React classes');
    expect(code).not.toContain('react-dom.development');
    const browser = await launchChromium();
    await browser.close();
  });
});
