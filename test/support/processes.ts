import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

let built = false;
// The process tests run the compiled apps exactly as `npm start` does.
export function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, stdio: 'pipe' });
  built = true;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

// Whatever a test started is stopped when its file ends, even if the test failed half-way.
afterAll(() => {
  for (const child of running) {
    // A child that leads its own process group takes the group with it (the embedded PostgreSQL it started).
    if (groups.has(child) && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    } else child.kill('SIGKILL');
  }
  running.clear();
});

const groups = new WeakSet<ChildProcess>();

// A terminal's Ctrl-C: SIGINT to the app and everything in its process group (the embedded PostgreSQL it started
// too). The app must have been started with `ownGroup`.
export function interruptGroup(started: Started): void {
  if (!groups.has(started.child) || started.child.pid === undefined) throw new Error('the app was not started in a process group of its own');
  process.kill(-started.child.pid, 'SIGINT');
}

// Runs a compiled app with exactly the given environment (plus PATH/HOME), as a fresh machine would.
export function runApp(script: string, env: Record<string, string>, args: string[] = [], options: { ownGroup?: boolean } = {}): Started {
  let out = '';
  const child = spawn(process.execPath, [join(ROOT, 'dist', script), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, as a shell gives a command, so a test can send it a terminal's Ctrl-C.
    detached: options.ownGroup === true,
  });
  if (options.ownGroup) groups.add(child);
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, output: () => out, exited };
}

export async function waitForHealth(port: number, timeoutMs: number, started?: Started): Promise<{ status: number; body: any }> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (started && started.child.exitCode !== null) throw new Error(`the app exited early:\n${started.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.status === 200) return { status: res.status, body: await res.json() };
      last = res.status;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no healthy answer within ${timeoutMs} ms (last: ${String(last)})\n${started?.output() ?? ''}`);
}

// Polls GET /health/ready as a script would, until 200; `onAnswer` sees each answer with whether the banner was
// already printed when the request went out.
export async function waitForReady(
  port: number,
  timeoutMs: number,
  started: Started,
  onAnswer?: (answer: { status: number; retryAfter: string | null; body: any; bannerBefore: boolean }) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`the app exited early:\n${started.output()}`);
    const bannerBefore = started.output().includes(BANNER);
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
    if (res) {
      onAnswer?.({ status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json(), bannerBefore });
      if (res.status === 200) return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not ready within ${timeoutMs} ms\n${started.output()}`);
}

// The first line of the start-up banner.
export const BANNER = 'Channel Ledger is ready at ';

export interface OwnPostgres {
  url: string;
  // Stops the server (a fast shutdown: open connections are cut) and waits until it is down.
  stop(): Promise<void>;
}

// A private PostgreSQL on `port` with its data in `dataDir`, for tests that stop and restart the server. Starting
// again on the same folder keeps the data.
export async function startOwnPostgres(dataDir: string, port: number): Promise<OwnPostgres> {
  let out = '';
  const child = spawn(process.execPath, ['-r', join(ROOT, 'test', 'support', 'swc-register.js'), join(ROOT, 'test', 'support', 'postgres-child.ts'), dataDir, String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const ready = /ready (\S+)/.exec(out);
      if (ready) resolve(ready[1]);
    });
    void exited.then((code) => reject(new Error(`the test PostgreSQL exited (${code}): ${out}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
