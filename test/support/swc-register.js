// Lets a plain Node child process load the project's TypeScript (compiled on load with swc), so tests can run
// real projector processes and kill them.
const { transformFileSync } = require('@swc/core');
require.extensions['.ts'] = (module, file) =>
  module._compile(
    transformFileSync(file, {
      jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
      module: { type: 'commonjs' },
    }).code,
    file,
  );
