import { describe, expect, it } from 'vitest';
import { parseLine, parseResult, parseTrace, splitTopLevel } from '../../tools/trace/parse';
import { fixture } from './fixture';

describe('parseLine', () => {
  it('reads a pid column line (strace -f -o FILE)', () => {
    const line =
      '2880  sendto(3, "hello\\n", 6, 0, {sa_family=AF_INET, sin_port=htons(9100), sin_addr=inet_addr("127.0.0.1")}, 16) = 6';
    expect(parseLine(line)).toEqual({
      kind: 'call',
      pid: 2880,
      name: 'sendto',
      argsText:
        '3, "hello\\n", 6, 0, {sa_family=AF_INET, sin_port=htons(9100), sin_addr=inet_addr("127.0.0.1")}, 16',
      result: '6',
    });
  });

  it('reads a [pid N] prefixed line and a line without pid', () => {
    expect(parseLine('[pid  4503] close(4)                    = 0')).toEqual({
      kind: 'call',
      pid: 4503,
      name: 'close',
      argsText: '4',
      result: '0',
    });
    expect(parseLine('listen(3, 5)                            = 0')).toEqual({
      kind: 'call',
      pid: undefined,
      name: 'listen',
      argsText: '3, 5',
      result: '0',
    });
  });

  it('reads unfinished and resumed halves', () => {
    expect(parseLine('[pid  4524] recvfrom(4,  <unfinished ...>')).toEqual({
      kind: 'unfinished',
      pid: 4524,
      name: 'recvfrom',
      argsText: '4,',
    });
    expect(
      parseLine('[pid  4524] <... recvfrom resumed>"ping\\n", 64, 0, NULL, NULL) = 5'),
    ).toEqual({
      kind: 'resumed',
      pid: 4524,
      name: 'recvfrom',
      restText: '"ping\\n", 64, 0, NULL, NULL',
      result: '5',
    });
  });

  it('reads signal, exit and killed lines', () => {
    expect(
      parseLine('3384  --- SIGPIPE {si_signo=SIGPIPE, si_code=SI_USER, si_pid=3384, si_uid=0} ---'),
    ).toEqual({
      kind: 'signal',
      pid: 3384,
      signal: 'SIGPIPE',
      info: 'si_signo=SIGPIPE, si_code=SI_USER, si_pid=3384, si_uid=0',
    });
    expect(parseLine('2880  +++ exited with 0 +++')).toEqual({
      kind: 'exit',
      pid: 2880,
      code: 0,
      signal: undefined,
    });
    expect(parseLine('3384  +++ killed by SIGPIPE +++')).toEqual({
      kind: 'exit',
      pid: 3384,
      code: undefined,
      signal: 'SIGPIPE',
    });
  });

  it('keeps parentheses inside strings out of the argument nesting', () => {
    const parsed = parseLine('7  write(1, "a) = 3 (b", 8) = 8');
    expect(parsed).toMatchObject({ kind: 'call', argsText: '1, "a) = 3 (b", 8', result: '8' });
  });

  it('calls anything else other', () => {
    expect(parseLine('strace: Process 12 attached')).toEqual({
      kind: 'other',
      pid: undefined,
      text: 'strace: Process 12 attached',
    });
  });
});

describe('parseResult', () => {
  it('splits errno and its text', () => {
    expect(parseResult('-1 EAGAIN (Resource temporarily unavailable)')).toEqual({
      ret: '-1',
      errno: 'EAGAIN',
      errnoText: 'Resource temporarily unavailable',
      retNote: undefined,
    });
  });

  it('keeps the decoding of a successful result apart', () => {
    expect(parseResult('0x8001 (flags O_WRONLY|O_LARGEFILE)')).toEqual({
      ret: '0x8001',
      errno: undefined,
      errnoText: undefined,
      retNote: 'flags O_WRONLY|O_LARGEFILE',
    });
    expect(parseResult('?')).toEqual({
      ret: '?',
      errno: undefined,
      errnoText: undefined,
      retNote: undefined,
    });
  });
});

describe('splitTopLevel', () => {
  it('splits on commas outside {} [] () and strings', () => {
    expect(
      splitTopLevel(
        '3, {msg_name={sa_family=AF_INET, sin_port=htons(9100)}, msg_iov=[{iov_base="a,\\"b", iov_len=4}]}, 0',
      ),
    ).toEqual([
      '3',
      '{msg_name={sa_family=AF_INET, sin_port=htons(9100)}, msg_iov=[{iov_base="a,\\"b", iov_len=4}]}',
      '0',
    ]);
    expect(splitTopLevel('')).toEqual([]);
  });
});

describe('parseTrace', () => {
  it('parses a whole C trace into calls and the exit', () => {
    const events = parseTrace(fixture('udp-client.c.strace'));
    expect(events.map((event) => (event.kind === 'call' ? event.name : event.kind))).toEqual([
      'execve',
      'close',
      'read',
      'close',
      'socket',
      'sendto',
      'recvfrom',
      'write',
      'close',
      'exit',
    ]);
    expect(events[4]).toEqual({
      kind: 'call',
      pid: 4391,
      name: 'socket',
      args: ['AF_INET', 'SOCK_DGRAM', 'IPPROTO_IP'],
      ret: '3',
      errno: undefined,
      errnoText: undefined,
      retNote: undefined,
      text: 'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3',
      line: 5,
    });
  });

  it('merges an unfinished call with its resumption, placed where it returned', () => {
    const events = parseTrace(fixture('fd-reuse-fork.c.strace'));
    const read = events.find(
      (event) =>
        event.kind === 'call' &&
        event.name === 'read' &&
        event.pid === 4489 &&
        event.args[0] === '4',
    );
    expect(read).toMatchObject({
      args: ['4', '"hi"', '64'],
      ret: '2',
      line: 13,
      text: 'read(4, "hi", 64) = 2',
    });
    const order = events
      .filter((event) => event.kind === 'call')
      .map((event) => event.kind === 'call' && `${event.pid} ${event.name}`);
    // The child's close(4) and write(5) printed between the halves come first.
    expect(order.slice(order.indexOf('4490 close'), order.indexOf('4490 close') + 3)).toEqual([
      '4490 close',
      '4490 write',
      '4489 read',
    ]);
  });

  it('gives lines without a pid to the only live process', () => {
    const events = parseTrace(fixture('fork-server.stderr.strace'));
    const pids = new Set(events.map((event) => event.pid));
    expect([...pids]).toEqual([4503, 4517, 4524]);
    const last = events[events.length - 1];
    expect(last).toMatchObject({ kind: 'exit', pid: 4503, code: 0 });
    const clone = events.find(
      (event) => event.kind === 'call' && event.name === 'clone' && event.ret === '4524',
    );
    expect(clone).toMatchObject({
      pid: 4503,
      args: [
        'child_stack=NULL',
        'flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD',
        'child_tidptr=0x7fa628329a10',
      ],
    });
  });

  it('reads errno results from a trace', () => {
    const recv = parseTrace(fixture('eagain.c.strace')).find(
      (event) => event.kind === 'call' && event.name === 'recvfrom',
    );
    expect(recv).toMatchObject({
      args: ['3', '0x7ffe1a8818f0', '16', 'MSG_DONTWAIT', 'NULL', 'NULL'],
      ret: '-1',
      errno: 'EAGAIN',
      errnoText: 'Resource temporarily unavailable',
    });
  });
});
