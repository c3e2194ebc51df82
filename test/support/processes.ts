import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

let built = false;
// The process tests run the compiled apps exactly as `npm start` does.
export function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
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
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

// Runs a compiled app with exactly the given environment (plus PATH/HOME), as a fresh machine would.
export function runApp(script: string, env: Record<string, string>, args: string[] = []): Started {
  let out = '';
  const child = spawn(process.execPath, [join(ROOT, 'dist', script), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
