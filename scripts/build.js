// `npm run build`: compiles with tsc, then turns the import aliases (@channel-ledger/...) in the compiled
// output into relative paths, so `node dist/...` runs without a resolver hook. When nothing that goes into dist/
// changed since the last build, it does nothing (and says nothing): `npm start` then starts in a second, not eight.
const { execFileSync } = require('node:child_process');
const { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync, statSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');
const { ROOT, paths } = require('./aliases');

const DIST = join(ROOT, 'dist');
// Written after a complete build: its time is when dist/ was last made, its text the source files it was made from
// (a deleted or renamed file leaves its old output behind, so a different list rebuilds too).
const STAMP = '.build-stamp';

// Everything the compiled output depends on: the compiled sources (tests excluded, as tsconfig.build.json does), the
// compiler settings, the dependencies and this build itself.
function buildInputs(root) {
  const files = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) files.push(path);
    }
  };
  for (const top of ['apps', 'libs', 'projections']) walk(join(root, top));
  for (const name of readdirSync(root)) if (/^tsconfig.*\.json$/.test(name)) files.push(join(root, name));
  for (const name of ['package.json', 'scripts/aliases.js', 'scripts/build.js']) if (existsSync(join(root, name))) files.push(join(root, name));
  return files.map((file) => relative(root, file)).sort();
}

// Whether dist/ under `root` must be built again: no stamp, another set of sources, or a source newer than the stamp.
function needsBuild(root = ROOT) {
  const stamp = join(root, 'dist', STAMP);
  if (!existsSync(stamp)) return true;
  const inputs = buildInputs(root);
  if (readFileSync(stamp, 'utf8') !== inputs.join('\n')) return true;
  const builtAt = statSync(stamp).mtimeMs;
  return inputs.some((file) => statSync(join(root, file)).mtimeMs > builtAt);
}

// Records that dist/ under `root` was built from `inputs` (read before compiling: a source edited while tsc runs is
// newer than the stamp and is built next time).
function markBuilt(root = ROOT, inputs = buildInputs(root)) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist', STAMP), inputs.join('\n'));
}

function build() {
  const inputs = buildInputs(ROOT);
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  for (const top of ['apps', 'libs', 'projections']) if (existsSync(join(DIST, top))) walk(join(DIST, top));
  markBuilt(ROOT, inputs);
}

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

module.exports = { buildInputs, needsBuild, markBuilt };

if (require.main === module && needsBuild()) build();
