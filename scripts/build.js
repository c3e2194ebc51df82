// `npm run build`: compiles with tsc, then turns the import aliases (@channel-ledger/...) in the compiled
// output into relative paths, so `node dist/...` runs without a resolver hook; and builds the workspace web app
// (apps/workspace, with Vite) into dist/workspace, which the API serves at /workspace/. Each part that nothing it
// is made from changed since its last build is skipped (silently): `npm start` then starts in a second, not eight.
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
      if (entry.isDirectory()) {
        // The web app is built by Vite, apart (see workspaceInputs).
        if (path !== join(root, 'apps', 'workspace')) walk(path);
      }
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

// The workspace web app: every file under apps/workspace, the dependencies and this build.
const WORKSPACE_STAMP = join('dist', 'workspace-build-stamp');

function workspaceInputs(root = ROOT) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(join(root, 'apps', 'workspace'));
  for (const name of ['package.json', 'scripts/build.js']) files.push(join(root, name));
  return files.map((file) => relative(root, file)).sort();
}

function workspaceNeedsBuild(root = ROOT) {
  const stamp = join(root, WORKSPACE_STAMP);
  if (!existsSync(stamp) || !existsSync(join(root, 'dist', 'workspace', 'index.html'))) return true;
  const inputs = workspaceInputs(root);
  if (readFileSync(stamp, 'utf8') !== inputs.join('\n')) return true;
  const builtAt = statSync(stamp).mtimeMs;
  return inputs.some((file) => statSync(join(root, file)).mtimeMs > builtAt);
}

function buildWorkspace(root = ROOT) {
  const inputs = workspaceInputs(root);
  // A production build whatever NODE_ENV the caller runs under (jest's global setup has it at "test", which would
  // bundle React's development build).
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(root, 'apps', 'workspace', 'vite.config.mts')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, WORKSPACE_STAMP), inputs.join('\n'));
}

function buildWorkspaceIfNeeded(root = ROOT) {
  if (workspaceNeedsBuild(root)) buildWorkspace(root);
}

module.exports = { buildInputs, needsBuild, markBuilt, buildWorkspaceIfNeeded };

if (require.main === module) {
  if (needsBuild()) build();
  buildWorkspaceIfNeeded();
}
