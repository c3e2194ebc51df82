// The import aliases of the repository, read from tsconfig.json's "paths": one place for the compiler, the
// test transform (swc) and the build's rewrite of compiled output.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8'));
const paths = tsconfig.compilerOptions.paths;

module.exports = { ROOT, paths };
