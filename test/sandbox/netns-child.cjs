// netns-child.cjs - test/sandbox/netns.test.ts runs this as root and as nobody: outside, it
// runs itself again inside a network namespace of its own (tools/sandbox/netns.ts); inside, it
// brings lo up and prints what it sees: its interfaces, with their state, and its routes.
/* global __filename */
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const netns = require(path.join(__dirname, '../../dist/tools/sandbox/netns.js'));

if (!netns.inOwnNetns()) {
  netns.runInOwnNetns(__filename, process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
} else {
  const why = netns.loopbackUp();
  if (why !== null) {
    console.log(why);
    process.exit(1);
  }
  process.stdout.write(
    execFileSync('ip', ['-br', 'link'], { encoding: 'utf8' }).replace(/ +/g, ' '),
  );
  process.stdout.write(
    `routes: ${execFileSync('ip', ['route'], { encoding: 'utf8' }).trim() || 'none'}\n`,
  );
}
