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

// A use case's class extends Command or Query, or one of the shapes built on them (RecordCommand, BareRecordCommand,
// NewRecordCommand, RecordQuery, ListQuery, ...). The shapes themselves are abstract, so they are not use cases.
const USE_CASE = /export class (\w+) extends \w*?(Command|Query)\b/g;

export function useCases(source: string): { name: string; kind: string }[] {
  return [...source.matchAll(USE_CASE)].map(([, name, kind]) => ({ name, kind }));
}

export function unhandled(files: string[], read: (file: string) => string = text): string[] {
  const source = files.map(read).join('\n');
  const missing: string[] = [];
  for (const { name, kind } of useCases(source)) {
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
    const commands = useCases(application.map((f) => text(f)).join('\n')).filter((c) => c.kind === 'Command');
    expect(commands.length).toBeGreaterThanOrEqual(30);
    expect(unhandled(application)).toEqual([]);
  });

  it('would see a controller on the store and a command without a handler', () => {
    const files: Record<string, string> = {
      'a.controller.ts': "@Controller('x') class A { constructor(private readonly runner: CommandRunner) {} }",
      'b.controller.ts': "@Controller('y') class B { constructor(private readonly commands: CommandBus) {} } // no Kysely here",
      'c.ts': 'export class Lonely extends Command<void> {}\nexport class Paired extends Query<void> {}\n@QueryHandler(Paired) class P {}',
      'd.ts': [
        'export abstract class RecordCommand<I> extends Command<void> {}',
        'export class Shaped extends RecordCommand<{ note: string }> {}',
        'export class Bare extends BareRecordCommand {}',
        '@CommandHandler(Bare) export class BareHandler extends CaseCommandHandler<Bare> {}',
        'export class Listed extends ListQuery<{ status?: string }> {}',
      ].join('\n'),
    };
    expect(storageUsers(Object.keys(files), (f) => files[f])).toEqual(['a.controller.ts']);
    expect(unhandled(['c.ts'], (f) => files[f])).toEqual(['Command Lonely has no @CommandHandler']);
    expect(unhandled(['d.ts'], (f) => files[f])).toEqual(['Command Shaped has no @CommandHandler', 'Query Listed has no @QueryHandler']);
  });
});
