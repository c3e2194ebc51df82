import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig, ConfigError, loadConfig } from '@channel-ledger/config';
import { Platform, StartupError, processLogger, startPlatform } from '@channel-ledger/platform';
import { mintToken } from '@channel-ledger/auth';
import { readModelMigrations } from '@channel-ledger/projections';
import { DemoPersona, seedDemo } from './demo/demo-seed';
import { createApp } from './create-app';

function fail(message: string): never {
  process.stderr.write(`channel-ledger: ${message}\n`);
  process.exit(1);
}

async function printDemoTokens(config: AppConfig, platform: Platform): Promise<void> {
  const mint = (persona: DemoPersona) =>
    mintToken(platform.auth.secret!, config.auth.issuer, config.auth.audience, { subject: persona.subject, roles: persona.roles, partnerId: persona.partnerId, expiresIn: '30d' });
  const personas = await seedDemo(`http://127.0.0.1:${config.port}`, mint);
  const lines = ['', 'Demo data is loaded. Tokens for the demo users (valid 30 days; `npm run prm -- token` makes more):', ''];
  for (const persona of personas) lines.push(`  ${persona.name}${persona.partnerId ? ` of partner ${persona.partnerId}` : ''}:`, `    ${await mint(persona)}`);
  lines.push('', `Try: curl -H "Authorization: Bearer <token>" http://localhost:${config.port}/v1/partners/<partner id>`, '');
  const text = lines.join('\n');
  writeFileSync(join(config.dataDir, 'demo-tokens.txt'), `${text}\n`, { mode: 0o600 });
  process.stdout.write(`${text}\n`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const say = processLogger(config, 'api');
  const platform = await startPlatform(config, say, { readModels: readModelMigrations });
  try {
    const app = await createApp(platform);
    // Closing the app runs the modules' shutdown hooks (the platform stops the embedded PostgreSQL last).
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      say(`${signal} received: shutting down`);
      app.close().then(
        () => process.exit(0),
        (error: unknown) => fail(`shutdown failed: ${(error as Error)?.message ?? String(error)}`),
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    // The embedded default's first start gets demo data, made through the API itself, and ready tokens.
    const firstStart = platform.embedded && (await platform.eventStore.headPosition()) === undefined;
    await app.listen(config.port).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') throw new StartupError(`PORT ${config.port} is already in use: stop what holds it or set PORT`);
      throw error;
    });
    say(`listening on http://localhost:${config.port} (API docs at /docs, health at /health)`);
    if (firstStart) await printDemoTokens(config, platform);
  } catch (error) {
    // Whatever started must stop, the embedded PostgreSQL above all.
    await platform.close().catch(() => undefined);
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) fail(error.message);
  fail(`start-up failed: ${(error as Error)?.stack ?? String(error)}`);
});
