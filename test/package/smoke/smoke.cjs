// The smoke test of every entry as CommonJS (see smoke.mjs); it also says which binary
// loaded, so that a run under qemu proves prebuilds/linux-arm64 is the one.
'use strict';
const path = require('node:path');

const root = require('bsd-sockets');
const c = require('bsd-sockets/c');
const libc = require('bsd-sockets/libc');

const { binding_path } = require(
  path.join(path.dirname(require.resolve('bsd-sockets')), 'binding.js'),
);
console.log(`loaded ${binding_path}`);

import('./checks.mjs').then(({ run }) =>
  run('cjs', { root, c, libc, promises: async () => require('bsd-sockets/promises') }),
);
