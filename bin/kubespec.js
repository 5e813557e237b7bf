#!/usr/bin/env node
'use strict';
// The `kubespec` command. Registers ts-node (transpile-only, kubespec's tsconfig), then hands over to src/cli/main.ts.
require('../src/register.js');
const { main } = require('../src/cli/main.ts');

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`kubespec: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
