'use strict';
// Loads kubespec's TypeScript in this process, and in Cucumber's parallel workers (they require this file through
// `requireModule`). Transpile only: start-up must not pay for type-checking (`npm run typecheck` does that).
// kubespec's own tsconfig: the built-in steps compile the same way whatever the user's project looks like, and
// ts-node's node_modules ignore rule is evaluated relative to this package, so the steps still compile when
// kubespec is installed under a user's node_modules.
// Plain JavaScript because it runs before any TypeScript can be loaded.
const path = require('node:path');

const root = path.resolve(__dirname, '..');

if (!process[Symbol.for('ts-node.register.instance')]) {
  require('ts-node').register({
    project: path.join(root, 'tsconfig.json'),
    transpileOnly: true,
  });
}
