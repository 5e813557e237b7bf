'use strict';
// Cucumber loads formatters with import(), which cannot load TypeScript; this CommonJS entry can (its require()
// goes through ts-node). Point Cucumber's `format` at this file.
require('../register.js');
module.exports = require('./console_formatter.ts').default;
