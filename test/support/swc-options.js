// The swc options of the tests and of child processes that load TypeScript: decorators as tsc compiles them, and
// tsconfig.json's import aliases resolved to files.
const { ROOT, paths } = require('../../scripts/aliases');

module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    baseUrl: ROOT,
    paths,
  },
  module: { type: 'commonjs' },
};
