import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '@test/support/processes';

// Controllers translate HTTP into a command or query for the bus and the answer back; the handlers in
// libs/application read streams and tables. These checks read the source as text.
const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? sources(path) : path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');

// What a controller must not touch: the kernel that reads and appends streams, and the read database.
const STORAGE = /\b(CommandRunner|AggregateReader|EVENT_STORE|READ_DB|Kysely|PartnerDirectory)\b|'@channel-ledger\/event-store'|'kysely'/;

// Probes of the process itself, not queries of the product: /health checks the connections, /metrics the gauges.
const PROBES = ['apps/api/src/health/health.controller.ts', 'apps/api/src/metrics/metrics.controller.ts'];

export function storageUsers(files: string[], read: (file: string) => string = text): string[] {
  return files.filter((file) => /@Controller\(/.test(read(file)) && STORAGE.test(read(file).replace(/\/\/.*$/gm, '')));
}

export function unhandled(files: string[], read: (file: string) => string = text): string[] {
  const source = files.map(read).join('\n');
  const missing: string[] = [];
  for (const [, name, kind] of source.matchAll(/export class (\w+) extends (Command|Query)</g)) {
    const decorator = kind === 'Command' ? 'CommandHandler' : 'QueryHandler';
    if (!new RegExp(`@${decorator}\\(${name}\\)`).test(source)) missing.push(`${kind} ${name} has no @${decorator}`);
  }
  return missing;
}

describe('commands and queries go through the buses', () => {
  const controllers = sources('apps/api/src');
  const application = sources('libs/application/src');

  it('no controller reads a stream or a table', () => {
    expect(storageUsers(controllers).filter((f) => !PROBES.includes(f))).toEqual([]);
  });


  it('every command and query class has its handler', () => {
    const commands = application.filter((f) => /extends Command</.test(text(f)));
    expect(commands.length).toBeGreaterThanOrEqual(30);
    expect(unhandled(application)).toEqual([]);
  });

  it('would see a controller on the store and a command without a handler', () => {
    const files: Record<string, string> = {
      'a.controller.ts': "@Controller('x') class A { constructor(private readonly runner: CommandRunner) {} }",
      'b.controller.ts': "@Controller('y') class B { constructor(private readonly commands: CommandBus) {} } // no Kysely here",
      'c.ts': 'export class Lonely extends Command<void> {}\nexport class Paired extends Query<void> {}\n@QueryHandler(Paired) class P {}',
    };
    expect(storageUsers(Object.keys(files), (f) => files[f])).toEqual(['a.controller.ts']);
    expect(unhandled(['c.ts'], (f) => files[f])).toEqual(['Command Lonely has no @CommandHandler']);
  });
});
