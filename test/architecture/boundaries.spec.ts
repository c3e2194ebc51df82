import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { ROOT } from '@test/support/processes';

// The house rules of the folders: apps are entry points that import libs and projections, never one another;
// libs and projections never import an app; nothing climbs four folders up where an alias says where it goes.
const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });

const { paths } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')).compilerOptions as { paths: Record<string, string[]> };

// Where an import specifier points, as a path from the repository root; undefined for packages.
export function targetOf(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return normalize(join(dirname(file), specifier));
  const aliases = Object.entries(paths).sort((a, b) => b[0].length - a[0].length);
  for (const [alias, [target]] of aliases) {
    if (alias.endsWith('/*') ? specifier.startsWith(alias.slice(0, -1)) : specifier === alias) {
      return alias.endsWith('/*') ? target.slice(0, -1) + specifier.slice(alias.length - 1) : target;
    }
  }
  return undefined;
}

const importsOf = (file: string): string[] =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(/(?:from|import|require\(|jest\.mock\()\s*'([^']+)'/g)].map((m) => m[1]);

const appOf = (path: string) => /^apps\/([^/]+)\//.exec(path)?.[1];

export function violations(files: string[], read: (file: string) => string[] = importsOf): string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const specifier of read(file)) {
      if (specifier.includes('../../../../')) found.push(`${file}: climbs four folders (${specifier}); use an alias`);
      const target = targetOf(file, specifier);
      if (target === undefined) continue;
      const from = appOf(file);
      const to = appOf(target);
      if (to !== undefined && from !== to) {
        found.push(`${file}: ${from ? `app ${from}` : 'a lib'} imports app ${to} (${relative('.', target)})`);
      }
      if (to === undefined && target.startsWith('test/') && !/\.spec\.ts$/.test(file)) found.push(`${file}: production code imports test code (${specifier})`);
    }
  }
  return found;
}

describe('import boundaries', () => {
  const files = ['apps', 'libs', 'projections'].flatMap(sources);

  it('reads the whole tree', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.startsWith('apps/cli/'))).toBe(true);
  });

  it('no app imports another app, no lib or projection imports an app, no import climbs four folders', () => {
    expect(violations(files)).toEqual([]);
  });

  it('would see each kind of breach', () => {
    const imports: Record<string, string[]> = {
      'apps/api/src/ops/rebuilds.ts': ['../../../projector/src/main'],
      'apps/cli/src/main.ts': ['../../api/src/auth/auth.guard'],
      'libs/jobs/src/sweeps.ts': ['../../../apps/api/src/common/command-context'],
      'projections/sales/sales.projection.ts': ['../../apps/api/src/create-app'],
      'libs/domain/src/views/sales.view.ts': ['../../../../test/support/until'],
      'apps/api/src/main.ts': ['@channel-ledger/domain', './create-app', '@nestjs/core'],
    };
    const found = violations(Object.keys(imports), (file) => imports[file]);
    expect(found).toHaveLength(6);
    expect(found.filter((v) => v.startsWith('apps/api/src/main.ts'))).toEqual([]);
  });
});
