/**
 * strace for the tests: whether it can run here, a trace of the network system calls of a
 * command, and the normalization that makes two runs comparable.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { run } from './child';

/** Why strace cannot be used here, or null when it can (ptrace is often denied in containers). */
export function straceUnavailable(): string | null {
  const probe = spawnSync('strace', ['-f', '-qq', '-o', '/dev/null', 'true'], {
    timeout: 5000,
    encoding: 'utf8',
  });
  if (probe.error) return `strace is not installed (${probe.error.message})`;
  if (probe.status !== 0) {
    return `\`strace -f true\` failed, ptrace is not permitted here: ${probe.stderr.trim()}`;
  }
  return null;
}

/**
 * The raw `strace -f -e trace=%network` lines of `command`, written to a file in `dir`.
 * The command's stdout and stderr go to files too: Node.js gives a child's pipes as Unix
 * sockets, whose getsockname/getsockopt at start-up would otherwise be in the trace.
 */
export async function traceNetwork(
  dir: string,
  name: string,
  command: string,
  args: readonly string[],
): Promise<{ trace: string; stdout: string }> {
  const [output, stdout, stderr] = ['strace', 'stdout', 'stderr'].map((kind) =>
    path.join(dir, `${name}.${kind}`),
  );
  const strace = ['strace', '-f', '-qq', '-e', 'trace=%network', '-e', 'signal=none', '-o', output];
  const traced = await run('sh', [
    '-c',
    'out=$1 err=$2; shift 2; exec "$@" >"$out" 2>"$err" </dev/null',
    'sh',
    stdout,
    stderr,
    ...strace,
    command,
    ...args,
  ]);
  if (traced.status !== 0) {
    const errors = fs.existsSync(stderr) ? fs.readFileSync(stderr, 'utf8') : traced.stderr;
    throw new Error(`${name} failed under strace (${traced.status}): ${errors}`);
  }
  return { trace: fs.readFileSync(output, 'utf8'), stdout: fs.readFileSync(stdout, 'utf8') };
}

/**
 * The trace's calls with what differs between two runs of the same program replaced:
 *   - fds made by socket() or accept() become FD1, FD2… in order of creation (a number
 *     reused after close gets a new label), where they are returned and as first argument;
 *     other numbers are left alone;
 *   - ports the kernel chose, `sin_port=htons(N)` / `sin6_port=htons(N)` with N ≠ 0, become
 *     PORT1, PORT2… in order of appearance;
 *   - the pid prefix and the padding strace puts before ` = ` go.
 * Everything else — flags, lengths (`[128 => 16]`), payloads, NULL, errnos — is kept.
 */
export function normalizeTrace(trace: string): string[] {
  const fdLabels = new Map<string, string>();
  const portLabels = new Map<string, string>();
  let created = 0;
  const lines: string[] = [];
  for (const raw of trace.split('\n')) {
    let line = raw.replace(/^(\[pid\s+)?\d+\]?\s+/, '');
    if (line === '' || line.startsWith('+++') || line.startsWith('---')) continue;
    line = line.replace(/\)\s+= /, ') = ');
    line = line.replace(/^(\w+)\((\d+)(?=[,)])/, (all, call: string, fd: string) =>
      fdLabels.has(fd) ? `${call}(${fdLabels.get(fd)}` : all,
    );
    line = line.replace(/(sin6?_port=htons\()(\d+)\)/g, (all, prefix: string, port: string) => {
      if (port === '0') return all;
      if (!portLabels.has(port)) portLabels.set(port, `PORT${portLabels.size + 1}`);
      return `${prefix}${portLabels.get(port)})`;
    });
    const creation = /^(socket|accept|accept4)\(.*\) = (\d+)$/.exec(line);
    if (creation) {
      const label = `FD${++created}`;
      fdLabels.set(creation[2], label);
      line = line.replace(/ = \d+$/, ` = ${label}`);
    }
    lines.push(line);
  }
  return lines;
}

/** The names of the calls of a normalized trace. */
export function callNames(lines: readonly string[]): Set<string> {
  return new Set(lines.map((line) => line.slice(0, line.indexOf('('))));
}
