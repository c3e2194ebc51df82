// Lets a plain Node child process load the project's TypeScript (compiled on load with swc), so tests can run
// real projector processes and kill them.
const { transformFileSync } = require('@swc/core');
const options = require('./swc-options');

require.extensions['.ts'] = (module, file) => module._compile(transformFileSync(file, { ...options, filename: file }).code, file);
