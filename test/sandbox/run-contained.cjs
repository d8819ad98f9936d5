// run-contained.cjs - one contained run, as the checker makes it: test/sandbox/containment
/* global setTimeout, clearTimeout, Buffer */
// runs this script as root, and through `runuser -u nobody` as an ordinary user, so that both
// ways contain works are tested from the same code.
//   node run-contained.cjs '{"command":[...],"netns":true,"limits":{...}}'
// Prints one JSON line: the verdict, the exit, the output (capped), and whether its
// directory is gone after cleanup().
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { contain } = require(path.join(__dirname, '../../dist/tools/sandbox/index.js'));

const request = JSON.parse(process.argv[2]);
const run = contain(request.command, {
  netns: request.netns,
  noNamespaces: request.noNamespaces,
  limits: request.limits,
});
const child = spawn(run.argv[0], run.argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
const out = [];
const err = [];
let outBytes = 0;
child.stdout.on('data', (chunk) => {
  outBytes += chunk.length;
  if (outBytes <= 1 << 20) out.push(chunk);
});
child.stderr.on('data', (chunk) => err.push(chunk));
// contain ends at its wall time; this is the guard should contain itself fail to.
const guard = setTimeout(() => child.kill('SIGKILL'), (request.limits.wallSeconds + 20) * 1000);
child.on('close', (code, signal) => {
  clearTimeout(guard);
  const verdict = run.verdict();
  const dir = run.dir;
  run.cleanup();
  process.stdout.write(
    JSON.stringify({
      code,
      signal,
      verdict,
      stdout: Buffer.concat(out).toString('latin1'),
      stdoutBytes: outBytes,
      stderr: Buffer.concat(err).toString('utf8'),
      dirGone: !fs.existsSync(dir),
      containPid: child.pid,
    }) + '\n',
  );
});
