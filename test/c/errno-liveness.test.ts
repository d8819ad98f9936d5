// errno and h_errno are live, as in C: a C program and its TypeScript twin (on
// bsd-sockets/c) make the same calls — failures, successes after failures, calls that
// return NULL or 0 without failing, gethostbyname returning NULL, getaddrinfo failing —
// and call perror (and herror) after each. Their stderr must be the same bytes.
//
// No name is looked up: numeric addresses only, and failures that glibc answers before
// asking any resolver (checked by strace in strace-calls.test.ts for gethostbyaddr;
// gethostbyname("256.1.1.1") is refused by glibc's digits-and-dots check).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makeTempDir, repoRoot, run, runScript } from '../helpers/child';

const gccMissing = spawnSync('gcc', ['--version']).error ? 'gcc is not installed' : null;

const C_PROGRAM = `
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  struct in_addr a;
  struct in6_addr any6 = IN6ADDR_ANY_INIT;
  struct addrinfo hints, *res;
  struct sockaddr_in sin;
  char text[INET_ADDRSTRLEN], host[NI_MAXHOST], serv[NI_MAXSERV];
  int s, rc;

  perror("start");
  close(-1);
  perror("close(-1)");
  s = socket(AF_INET, SOCK_DGRAM, 0);
  perror("socket after a failure");
  if (inet_pton(AF_INET, "1.2.3", &a) == 0) perror("inet_pton returned 0");
  if (inet_pton(12345, "1.2.3.4", &a) == -1) perror("inet_pton returned -1");
  if (inet_pton(AF_INET, "127.0.0.1", &a) == 1) perror("inet_pton returned 1");
  if (gethostbyname("256.1.1.1") == NULL) {
    herror("gethostbyname");
    perror("gethostbyname");
  }
  if (gethostbyaddr(&any6, sizeof any6, AF_INET6) == NULL) {
    herror("gethostbyaddr in6addr_any");
    perror("gethostbyaddr in6addr_any");
  }
  if (gethostbyaddr(&a, sizeof a, AF_INET6) == NULL) {
    herror("gethostbyaddr 4 bytes as AF_INET6");
    perror("gethostbyaddr 4 bytes as AF_INET6");
  }
  if (gethostbyname("127.0.0.1") != NULL) {
    herror("gethostbyname 127.0.0.1");
    perror("gethostbyname 127.0.0.1");
  }
  memset(&hints, 0, sizeof hints);
  hints.ai_flags = AI_NUMERICHOST;
  if ((rc = getaddrinfo("localhost", NULL, &hints, &res)) != 0) {
    fprintf(stderr, "getaddrinfo: %s\\n", gai_strerror(rc));
    perror("getaddrinfo failed");
  }
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  if ((rc = getaddrinfo("127.0.0.1", "80", &hints, &res)) == 0) {
    perror("getaddrinfo succeeded");
    freeaddrinfo(res);
  }
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_port = htons(7);
  sin.sin_addr = a;
  if ((rc = getnameinfo((struct sockaddr *)&sin, sizeof sin, host, sizeof host, serv,
                        sizeof serv, 0x7fff0000)) != 0) {
    fprintf(stderr, "getnameinfo: %s\\n", gai_strerror(rc));
    perror("getnameinfo failed");
  }
  if (getnameinfo((struct sockaddr *)&sin, sizeof sin, host, sizeof host, serv, sizeof serv,
                  NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    fprintf(stderr, "%s %s\\n", host, serv);
    perror("getnameinfo succeeded");
  }
  if (inet_ntop(AF_INET, &a, text, 4) == NULL) perror("inet_ntop");
  if (inet_ntop(AF_INET, &a, text, sizeof text) != NULL) perror(text);
  if (inet_addr("not an address") == INADDR_NONE) perror("inet_addr");
  fprintf(stderr, "%s\\n", strerror(EBADF));
  perror("after strerror");
  if (inet_aton("1.2.3.4.5", &a) == 0) perror("inet_aton returned 0");
  fprintf(stderr, "%s\\n", inet_ntoa(a));
  perror("inet_ntoa");
  if (socket(AF_INET, 9999, 0) == -1) perror("socket");
  if (close(s) == 0) perror("close");
  errno = 0;
  perror("errno = 0");
  perror(NULL);
  perror("");
  herror(NULL);
  return 0;
}
`;

// The same program on bsd-sockets/c, line for line. fprintf(stderr, …) is a synchronous
// write to fd 2, as C's unbuffered stderr is.
const TS_PROGRAM = `
const path = require('node:path');
const fs = require('node:fs');
const dist = path.dirname(process.env.BSD_SOCKETS_ENTRY);
const { native } = require(path.join(dist, 'binding.js'));
const { set_errno } = require(path.join(dist, 'scratch.js'));
const { socket, close } = require(path.join(dist, 'c', 'socket.js'));
const { getaddrinfo, freeaddrinfo, gai_strerror, getnameinfo } = require(path.join(dist, 'c', 'addrinfo.js'));
const { gethostbyname, gethostbyaddr, herror } = require(path.join(dist, 'c', 'hostent.js'));
const { inet_pton, inet_ntop, inet_aton, inet_ntoa, inet_addr } = require(path.join(dist, 'c', 'inet.js'));
const { strerror, perror } = require(path.join(dist, 'c', 'strerror.js'));
const { AF_INET, AF_INET6, SOCK_DGRAM, AI_NUMERICHOST, AI_NUMERICSERV, NI_NUMERICHOST,
  NI_NUMERICSERV, NI_MAXHOST, NI_MAXSERV, INET_ADDRSTRLEN, INADDR_NONE, EBADF } = native.constants;
const fprintf = (text) => fs.writeSync(2, text);
const cstr = (buf) => Buffer.from(buf.subarray(0, buf.indexOf(0))).toString();
const htons = (n) => ((n & 0xff) << 8) | (n >> 8);

const a = { s_addr: 0 };
const any6 = { s6_addr: new Uint8Array(16) };
const res = { value: null };
const text = new Uint8Array(INET_ADDRSTRLEN), host = new Uint8Array(NI_MAXHOST), serv = new Uint8Array(NI_MAXSERV);
let s, rc;

perror('start');
close(-1);
perror('close(-1)');
s = socket(AF_INET, SOCK_DGRAM, 0);
perror('socket after a failure');
if (inet_pton(AF_INET, '1.2.3', a) === 0) perror('inet_pton returned 0');
if (inet_pton(12345, '1.2.3.4', a) === -1) perror('inet_pton returned -1');
if (inet_pton(AF_INET, '127.0.0.1', a) === 1) perror('inet_pton returned 1');
if (gethostbyname('256.1.1.1') === null) {
  herror('gethostbyname');
  perror('gethostbyname');
}
if (gethostbyaddr(any6, 16, AF_INET6) === null) {
  herror('gethostbyaddr in6addr_any');
  perror('gethostbyaddr in6addr_any');
}
if (gethostbyaddr(a, 4, AF_INET6) === null) {
  herror('gethostbyaddr 4 bytes as AF_INET6');
  perror('gethostbyaddr 4 bytes as AF_INET6');
}
if (gethostbyname('127.0.0.1') !== null) {
  herror('gethostbyname 127.0.0.1');
  perror('gethostbyname 127.0.0.1');
}
const hints = { ai_flags: AI_NUMERICHOST };
if ((rc = getaddrinfo('localhost', null, hints, res)) !== 0) {
  fprintf('getaddrinfo: ' + gai_strerror(rc) + '\\n');
  perror('getaddrinfo failed');
}
hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
if ((rc = getaddrinfo('127.0.0.1', '80', hints, res)) === 0) {
  perror('getaddrinfo succeeded');
  freeaddrinfo(res.value);
}
const sin = { sin_family: AF_INET, sin_port: htons(7), sin_addr: a };
if ((rc = getnameinfo(sin, 16, host, host.length, serv, serv.length, 0x7fff0000)) !== 0) {
  fprintf('getnameinfo: ' + gai_strerror(rc) + '\\n');
  perror('getnameinfo failed');
}
if (getnameinfo(sin, 16, host, host.length, serv, serv.length, NI_NUMERICHOST | NI_NUMERICSERV) === 0) {
  fprintf(cstr(host) + ' ' + cstr(serv) + '\\n');
  perror('getnameinfo succeeded');
}
if (inet_ntop(AF_INET, a, text, 4) === null) perror('inet_ntop');
if (inet_ntop(AF_INET, a, text, text.length) !== null) perror(cstr(text));
if (inet_addr('not an address') === INADDR_NONE) perror('inet_addr');
fprintf(strerror(EBADF) + '\\n');
perror('after strerror');
if (inet_aton('1.2.3.4.5', a) === 0) perror('inet_aton returned 0');
fprintf(inet_ntoa(a) + '\\n');
perror('inet_ntoa');
if (socket(AF_INET, 9999, 0) === -1) perror('socket');
if (close(s) === 0) perror('close');
set_errno(0);
perror('errno = 0');
perror(null);
perror('');
herror(null);
`;

describe.skipIf(gccMissing !== null)('errno and h_errno are live (bsd-sockets/c)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let binary: string;

  beforeAll(async () => {
    temp = makeTempDir();
    const source = path.join(temp.dir, 'liveness.c');
    binary = path.join(temp.dir, 'liveness');
    fs.writeFileSync(source, C_PROGRAM);
    const compiled = await run('gcc', ['-Wall', '-o', binary, source]);
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
  });
  afterAll(() => temp?.remove());

  it('perror and herror after the same calls print the same bytes as in C', async () => {
    const c = await run(binary, [], { cwd: repoRoot, timeoutMs: 10_000 });
    const ts = await runScript(TS_PROGRAM, { timeoutMs: 10_000 });
    expect(c.status, c.stderr).toBe(0);
    expect(ts.status, ts.stderr).toBe(0);
    console.log(`C and TypeScript stderr (${c.stderr.length} bytes):\n${c.stderr}`);
    // The run shows the liveness it is about: a success after a failure leaves errno,
    // inet_pton's 0 and gethostbyname's NULL leave errno, h_errno stays after a success.
    expect(c.stderr).toContain('socket after a failure: Bad file descriptor\n');
    expect(c.stderr).toContain('inet_pton returned 0: Bad file descriptor\n');
    expect(c.stderr).toContain('gethostbyname: Unknown host\n');
    expect(c.stderr).toContain('gethostbyname 127.0.0.1: Resolver internal error\n');
    expect(ts.stderr).toBe(c.stderr);
    expect(Buffer.from(ts.stderr)).toEqual(Buffer.from(c.stderr));
    expect(ts.stdout).toBe(c.stdout);
  });
});
