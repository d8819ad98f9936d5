/**
 * Progress (tools/progress.ts, issue 25) and Ctrl-C in bsd-sockets-lab.
 *
 * The module alone: nothing at all written to a stream that is not a terminal (auto), one
 * line redrawn in place and erased at the end on one, plain lines with `plain`, none with
 * `quiet`; what strace's live output says each process is in.
 *
 * The CLI: under a pseudo-terminal (script(1), util-linux) serveur_sleep's progress shows
 * its steps and the server in its 10 s clock_nanosleep, and stdout has no trace of it; in a
 * pipe stderr is byte-identical to a --quiet run's (empty: the programs are built first).
 * A SIGINT to its process group (what Ctrl-C sends) mid-run: exit status 130, the timeline
 * so far marked incomplete, no process of the group left (the namespace, unnamed, ends with
 * its last process) and no temporary file (TMPDIR is a directory of the test's own).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runProgram } from '../../course/lib/harness';
import { packageRoot } from '../../course/programs';
import {
  describeWait,
  liveWaits,
  Progress,
  progressOptions,
  waitClock,
} from '../../tools/progress';
import { scaled } from '../course/timeouts';
import { cli, whyNot } from './run-lab';

const dir = mkdtempSync(join(tmpdir(), 'bsd-sockets-lab-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const haveScript = spawnSync('script', ['--version']).status === 0;

/** A stream that keeps what is written. */
function sink(
  isTTY: boolean,
  columns = 120,
): {
  isTTY: boolean;
  columns: number;
  text: string;
  write(t: string): boolean;
} {
  return {
    isTTY,
    columns,
    text: '',
    write(t: string) {
      this.text += t;
      return true;
    },
  };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('tools/progress', () => {
  it('writes nothing to a pipe (auto) or with --quiet; in place on a terminal, erased at the end; plain lines with --progress=plain', async () => {
    for (const [mode, isTTY] of [
      ['auto', false],
      ['quiet', true],
      ['quiet', false],
    ] as const) {
      const stream = sink(isTTY);
      const p = new Progress('lab', mode, stream, 10);
      p.step('starting the server');
      p.watch(() => ['server: in accept']);
      await delay(40);
      p.end();
      expect(stream.text, `${mode} ${isTTY}`).toBe('');
      expect(p.active).toBe(false);
    }
    const tty = sink(true);
    const p = new Progress('lab', 'auto', tty, 10);
    p.step('starting the server');
    p.watch(() => [undefined, 'server: blocked in accept on fd 3, 1.0 s so far']);
    await delay(40);
    p.end();
    expect(tty.text.startsWith('\r\x1b[2Klab: starting the server · 0.0 s')).toBe(true);
    expect(tty.text).toContain(' · server: blocked in accept on fd 3, 1.0 s so far');
    expect(tty.text.endsWith('\r\x1b[2K')).toBe(true);
    expect(tty.text).not.toContain('\n');
    // Each drawn line fits the terminal (one column left for the cursor).
    const narrow = sink(true, 30);
    const r = new Progress('lab', 'auto', narrow, 10);
    r.step('starting the server, a step with a long name');
    r.end();
    expect(narrow.text).toBe('\r\x1b[2Klab: starting the server, a …\r\x1b[2K');

    const plain = sink(false);
    const q = new Progress('lab', 'plain', plain, 10);
    q.step('starting the server');
    await delay(40);
    q.step('the client');
    q.end();
    expect(plain.text.split('\n')).toEqual([
      'lab: starting the server · 0.0 s',
      expect.stringMatching(/^lab: the client · 0\.\d s$/),
      '',
    ]);
  });

  it('reads the options: --progress=plain, --quiet, an unknown mode', () => {
    expect(progressOptions(['tp_tcp', '--progress=plain', '--c'])).toEqual({
      mode: 'plain',
      rest: ['tp_tcp', '--c'],
    });
    expect(progressOptions(['--quiet', 'x'])).toEqual({ mode: 'quiet', rest: ['x'] });
    expect(progressOptions(['x'])).toEqual({ mode: 'auto', rest: ['x'] });
    expect(progressOptions(['--progress=loud'])).toBe(
      'unknown --progress=loud (auto, plain or none)',
    );
  });

  it("what each process is in, from strace's live output: the unterminated last line, an unfinished call; threads left out", () => {
    const live = `700 100.000000 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3 <0.000010>
700 100.100000 clone3({flags=CLONE_VM|CLONE_THREAD, exit_signal=0}, 88) = 701 <0.000100>
701 100.200000 futex(0x1, FUTEX_WAIT_PRIVATE, 0, NULL <unfinished ...>
702 100.300000 recvfrom(4,  <unfinished ...>
700 101.000000 clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=10, tv_nsec=0}, `;
    const waits = liveWaits(live);
    expect(waits.map((w) => [w.pid, w.name, w.since])).toEqual([
      [702, 'recvfrom', 100.3],
      [700, 'clock_nanosleep', 101],
    ]);
    expect(
      describeWait(
        'server',
        waits.filter((w) => w.pid === 700),
        105.2,
      ),
    ).toBe('server: in clock_nanosleep (sleep 10 s), 4.2 s so far');
    expect(
      describeWait(
        'client',
        waits.filter((w) => w.pid === 702),
        102.3,
      ),
    ).toBe('client: blocked in recvfrom on fd 4, 2.0 s so far');
    // A call entered 0.1 s ago is no wait yet; a finished one is none.
    expect(
      describeWait(
        'client',
        waits.filter((w) => w.pid === 702),
        100.4,
      ),
    ).toBeUndefined();
    expect(liveWaits(`${live}) = 0 <10.000100>\n`).map((w) => w.pid)).toEqual([702]);
    // Without -ttt (the trace tool's flags): timed from when the wait was first seen.
    const clock = waitClock();
    const untimed = '900 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3\n900 accept(3, ';
    expect(clock(liveWaits(untimed), 50)[0].since).toBe(50);
    expect(describeWait('serveur', clock(liveWaits(untimed), 52.5), 52.5)).toBe(
      'serveur: blocked in accept on fd 3, 2.5 s so far',
    );
  });
});

describe('bsd-sockets-lab progress and Ctrl-C', () => {
  it('under a pseudo-terminal: the steps and the server in its 10 s sleep, erased; stdout without a trace of it', async (ctx) => {
    const why = whyNot('serveur_sleep', ['c']);
    if (why) return ctx.skip(why);
    if (!haveScript) return ctx.skip('script (util-linux) is not installed');
    const out = join(dir, 'tty.out');
    const log = join(dir, 'tty.log');
    // script(1) gives the command a terminal; stdout goes to a file, stderr stays on it.
    const result = await runProgram(
      [
        'script',
        '-q',
        '-e',
        '-c',
        `stty cols 160; ${process.execPath} ${cli} serveur_sleep > ${out}`,
        log,
      ],
      { killAfterMs: 120_000 },
    );
    expect(result.status, result.stderr.toString()).toBe(0);
    const terminal = readFileSync(log, 'utf8');
    expect(terminal).toContain('serveur_sleep: starting the server · ');
    expect(terminal).toContain('serveur_sleep: waiting for the server to close · ');
    expect(terminal).toMatch(/server: in clock_nanosleep \(sleep 10 s\), \d\.\d s so far/);
    // Erased before the timeline: the last thing written on the terminal is the erasure.
    expect(
      terminal
        .replace(/\n?Script done[^\n]*\n?$/, '')
        .trimEnd()
        .endsWith('\x1b[2K'),
    ).toBe(true);
    const stdout = readFileSync(out, 'utf8');
    expect(stdout.includes('\r') || stdout.includes('\u001b')).toBe(false);
    expect(stdout).toContain('bsd-sockets-lab serveur_sleep (c, port 3000)');
  }, 180_000);

  it('in a pipe: stderr byte-identical to a --quiet run (nothing)', async (ctx) => {
    const why = whyNot('udp_ipv4', ['c']);
    if (why) return ctx.skip(why);
    const plain = await runProgram([process.execPath, cli, 'udp_ipv4'], { killAfterMs: 90_000 });
    const quiet = await runProgram([process.execPath, cli, 'udp_ipv4', '--quiet'], {
      killAfterMs: 90_000,
    });
    expect(plain.status).toBe(0);
    expect(quiet.status).toBe(0);
    expect(plain.stderr.toString('hex')).toBe(quiet.stderr.toString('hex'));
    expect(plain.stderr.length).toBe(0);
    expect(plain.stdout.includes('\r') || plain.stdout.includes('\u001b')).toBe(false);
  }, 180_000);

  it('a SIGINT mid-run (Ctrl-C): the timeline so far, marked incomplete; no process, no namespace, no temporary file left', async (ctx) => {
    const why = whyNot('serveur_sleep', ['c']);
    if (why) return ctx.skip(why);
    const tmp = mkdtempSync(join(dir, 'tmp-'));
    // A process group of its own, as a shell's foreground job: Ctrl-C signals all of it.
    const child = spawn(process.execPath, [cli, 'serveur_sleep', '--progress=plain'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TMPDIR: tmp },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => resolve(code)),
    );
    const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), scaled(90_000));
    try {
      // In the 10 s sleep (the plain progress says when): the server not yet closed.
      for (let i = 0; i < 600 && !/server: in clock_nanosleep \(sleep 10 s\)/.test(stderr); i++)
        await delay(100);
      expect(stderr).toMatch(/server: in clock_nanosleep \(sleep 10 s\)/);
      process.kill(-child.pid!, 'SIGINT');
      const status = await exited;
      expect(status, stderr).toBe(130);
    } finally {
      clearTimeout(killer);
    }
    expect(stdout).toContain('INCOMPLETE: interrupted');
    expect(stdout).toContain('note: interrupted (Ctrl-C)');
    // What was recorded: the exchange and the server's sleep entered.
    expect(stdout).toContain('connect(3, 127.0.0.1:3000, 16) = 0');
    expect(stdout).toContain('1> serveur 1 dort 10 s');
    // No process of its group left (a signal 0 to the group: ESRCH); one killed a moment ago
    // may still be a zombie being reaped by init: 2 s at most.
    let left: string | undefined;
    for (let i = 0; i < 20; i++) {
      try {
        process.kill(-child.pid!, 0);
        left = spawnSync('ps', ['-o', 'pid,stat,cmd', '-g', String(child.pid)], {
          encoding: 'utf8',
        }).stdout;
      } catch (e) {
        left = (e as NodeJS.ErrnoException).code;
        break;
      }
      await delay(100);
    }
    expect(left).toBe('ESRCH');
    expect(readdirSync(tmp)).toEqual([]);
  }, 180_000);

  it('bsd-sockets-trace: under a pseudo-terminal the command it traces and what it waits in; in a pipe nothing on stderr, as with --quiet', async (ctx) => {
    const why = whyNot('tp_tcp', ['c', 'ts']);
    if (why) return ctx.skip(why);
    if (!haveScript) return ctx.skip('script (util-linux) is not installed');
    const trace = join(packageRoot(), 'dist', 'tools', 'trace', 'cli.js');
    const log = join(dir, 'trace.log');
    const out = join(dir, 'trace.out');
    const tty = await runProgram(
      [
        'script',
        '-q',
        '-e',
        '-c',
        `stty cols 160; ${process.execPath} ${trace} tp_tcp/serveur > ${out}`,
        log,
      ],
      { killAfterMs: 120_000 },
    );
    expect(tty.status, tty.stderr.toString()).toBe(0);
    const terminal = readFileSync(log, 'utf8');
    expect(terminal).toMatch(/bsd-sockets-trace: tracing course\/bin\/tp_tcp\/serveur 1 \d+ · /);
    expect(terminal).toMatch(
      /bsd-sockets-trace: tracing node dist\/course\/tp_tcp\/serveur\.js 1 \d+ · /,
    );
    expect(terminal).toMatch(/ · clientt(\.js)?: blocked in read on fd \d+, \d\.\d s so far/);
    const stdout = readFileSync(out, 'utf8');
    expect(stdout.includes('\r') || stdout.includes('\u001b')).toBe(false);
    const piped = await runProgram([process.execPath, trace, 'tp_tcp/serveur'], {
      killAfterMs: 120_000,
    });
    const quiet = await runProgram([process.execPath, trace, 'tp_tcp/serveur', '--quiet'], {
      killAfterMs: 120_000,
    });
    expect(piped.stderr.toString('hex')).toBe(quiet.stderr.toString('hex'));
    expect(piped.stderr.length).toBe(0);
    expect(piped.status).toBe(quiet.status);
  }, 240_000);
});
