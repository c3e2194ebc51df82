// `npm run build`: compiles with tsc, then turns the import aliases (@channel-ledger/...) in the compiled
// output into relative paths, so `node dist/...` runs without a resolver hook.
const { execFileSync } = require('node:child_process');
const { readdirSync, readFileSync, writeFileSync, existsSync, statSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');
const { ROOT, paths } = require('./aliases');

const DIST = join(ROOT, 'dist');
execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });

// Longest alias first, so '@channel-ledger/domain/views' is not read as '@channel-ledger/domain' + '/views'.
const exact = new Map();
const prefixes = [];
for (const [alias, [target]] of Object.entries(paths)) {
  if (alias.endsWith('/*')) prefixes.push([alias.slice(0, -1), target.slice(0, -1)]);
  else exact.set(alias, target);
}
prefixes.sort((a, b) => b[0].length - a[0].length);

function targetOf(specifier) {
  if (exact.has(specifier)) return exact.get(specifier);
  for (const [prefix, target] of prefixes) if (specifier.startsWith(prefix)) return target + specifier.slice(prefix.length);
  return undefined;
}

function rewrite(file) {
  const source = readFileSync(file, 'utf8');
  const out = source.replace(/require\("(@channel-ledger\/[^"]+|@test\/[^"]+)"\)/g, (all, specifier) => {
    const target = targetOf(specifier);
    if (target === undefined) throw new Error(`${relative(ROOT, file)}: no alias for ${specifier}`);
    let path = relative(dirname(file), join(DIST, target));
    if (!path.startsWith('.')) path = `./${path}`;
    return `require("${path}")`;
  });
  if (out !== source) writeFileSync(file, out);
}

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.js')) rewrite(path);
  }
}
for (const top of ['apps', 'libs', 'projections']) if (existsSync(join(DIST, top))) walk(join(DIST, top));
