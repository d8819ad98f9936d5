import { createSocket } from 'node:dgram';
import { connect, createServer, type AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { readlinkSync, realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareRuns, socketCalls } from '../../tools/trace/compare';
import { follow } from '../../tools/trace/follow';
import { parseTrace } from '../../tools/trace/parse';
import { ptraceAvailable, traceCommand, type PreparedSide } from '../../tools/trace/run';

const ptrace = ptraceAvailable();

/** A UDP client that sends "hi" to the port in argv and closes on the reply. */
const UDP_CLIENT = [
  "const s = require('dgram').createSocket('udp4');",
  's.on("message", () => s.close());',
  "s.send('hi', Number(process.argv[1]), '127.0.0.1');",
].join('\n');

/** A side whose helper is a UDP echo server in this process, on a port of its own. */
async function udpEchoSide(): Promise<PreparedSide> {
  const server = createSocket('udp4');
  server.on('message', (message, from) => server.send(message, from.port, from.address));
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  const port = server.address().port;
  return {
    command: ['node', '-e', UDP_CLIENT, String(port)],
    serverPort: port,
    stop: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}

/** A TCP port free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Connects to the port until it accepts (at most 100 tries, 50 ms apart) and reads to the end. */
async function readFromServer(port: number): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const reply = await new Promise<string | undefined>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', () => setTimeout(() => resolve(undefined), 50));
    });
    if (reply !== undefined) return reply;
  }
  throw new Error(`nothing listens on ${port}`);
}

describe('ptraceAvailable', () => {
  it('says whether strace -f works, and why not', () => {
    expect(typeof ptrace.available).toBe('boolean');
    expect(ptrace.reason === '').toBe(ptrace.available);
  });
});

describe.skipIf(!ptrace.available)(`traceCommand (${ptrace.reason || 'ptrace available'})`, () => {
  it('traces a command and its socket calls', async () => {
    const script =
      "const s = require('dgram').createSocket('udp4');" +
      "s.bind(0, '127.0.0.1', () => s.send('x', s.address().port, '127.0.0.1', () => s.close()));";
    const run = await traceCommand(['node', '-e', script], { timeoutMs: 15_000 });
    expect(run).toMatchObject({ exitCode: 0, signal: null, timedOut: false });
    expect(socketCalls(run.trace, { hideResolver: true }).map((call) => call.name)).toEqual([
      'socket',
      'bind',
      'getsockname',
      'sendmsg',
      'close',
    ]);
  });

  it('stops the command at the timeout with SIGTERM, recorded by strace with its blocked call', async () => {
    const started = Date.now();
    const run = await traceCommand(['sleep', '30'], { timeoutMs: 300 });
    // strace dies of its command's signal: the command was SIGTERMed, strace was not killed.
    expect(run).toMatchObject({ timedOut: true, signal: 'SIGTERM', exitCode: null });
    expect(run.trace.trimEnd().split('\n').at(-1)).toMatch(
      /^\d+ +\+\+\+ killed by SIGTERM \+\+\+$/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('kills the group at the timeout when SIGTERM is ignored, 3 s later', async () => {
    const started = Date.now();
    // An ignored signal stays ignored across exec: neither sh nor sleep dies of SIGTERM.
    const run = await traceCommand(['sh', '-c', 'trap "" TERM; sleep 30'], { timeoutMs: 300 });
    expect(run).toMatchObject({ timedOut: true, signal: 'SIGKILL', exitCode: null });
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_300);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("gives a helper the command's pid only: never a child strace forks to test ptrace", async () => {
    // strace forks test children at its start (seen: two in a row, gone within milliseconds):
    // a helper that took one for the command saw it end, and failed with "the traced command
    // ended". Polled as fast as the event loop allows, from before the command exists.
    const seen = new Map<number, string>();
    const run = await traceCommand(['sleep', '0.5'], {
      timeoutMs: 15_000,
      whileTraced: async (traced) => {
        const deadline = Date.now() + 10_000;
        for (let gone = false; !gone && Date.now() < deadline;) {
          const pid = traced.pid();
          if (pid !== undefined && !seen.has(pid)) {
            let exe = '?';
            try {
              exe = readlinkSync(`/proc/${pid}/exe`);
            } catch {
              // gone meanwhile
            }
            seen.set(pid, exe);
          }
          gone = pid === undefined && seen.size > 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
      },
    });
    expect(run).toMatchObject({ timedOut: false, exitCode: 0 });
    const tracedPid = Number(/^(\d+) /.exec(run.trace)?.[1]);
    expect([...seen]).toEqual([[tracedPid, realpathSync(whichSleep())]]);
  });

  it('fails when strace cannot start the command', async () => {
    await expect(traceCommand(['/nonexistent/program'])).rejects.toThrow(
      "strace wrote no trace for /nonexistent/program: strace: Can't stat '/nonexistent/program'",
    );
  });

  it('compares two sides with their own servers: the server port is normalized', async () => {
    let stopped = 0;
    const side = async (): Promise<PreparedSide> => {
      const prepared = await udpEchoSide();
      const stop = async (): Promise<void> => {
        await prepared.stop?.();
        stopped++;
      };
      return { ...prepared, stop };
    };
    const result = await compareRuns(side, side, { hideResolver: true, timeoutMs: 15_000 });
    expect(stopped).toBe(2);
    expect(result.c.serverPort).not.toBe(result.ts.serverPort);
    expect(result.diff.summary).toBe('identical: 5 socket calls');
    expect(result.diff.rows.map((row) => row.c?.name)).toEqual([
      'socket',
      'bind',
      'sendmsg',
      'recvmsg',
      'close',
    ]);
    expect(result.diff.rows[3].c?.text).toBe(
      'recvmsg(fd#1, {msg_name={sa_family=AF_INET, sin_port=htons(SERVER_PORT), sin_addr=inet_addr("127.0.0.1")}, msg_namelen=128 => 16, msg_iov=[{iov_base="hi", iov_len=65536}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 2',
    );
  });

  it('runs a helper beside a traced server, then stops the server with SIGTERM', async () => {
    const port = await freePort();
    const server = `require('net').createServer((s) => s.end('bye')).listen(${port}, '127.0.0.1')`;
    let reply = '';
    const run = await traceCommand(['node', '-e', server], {
      timeoutMs: 15_000,
      whileTraced: async () => {
        reply = await readFromServer(port);
      },
    });
    expect(reply).toBe('bye');
    expect(run).toMatchObject({ timedOut: false, signal: 'SIGTERM' });
    const events = follow(parseTrace(run.trace)).events.map(({ event }) =>
      event.kind === 'call' ? event.name : event.text,
    );
    expect(events).toContain('accept4');
    expect(events[events.length - 1]).toBe('+++ killed by SIGTERM +++');
  });
});

/** The sleep that `sleep` runs, found on PATH as strace finds it. */
function whichSleep(): string {
  return execFileSync('sh', ['-c', 'command -v sleep'], { encoding: 'utf8' }).trim();
}
