// Profiles for `npx cucumber-js` (default, ci, parallel). They are the presets of `npx kubespec run --profile`,
// built by src/cli/config.ts, so both entry points run the same steps with the same formats and reports.
require('./src/register.js');

module.exports = require('./src/cli/config.ts').profiles();
