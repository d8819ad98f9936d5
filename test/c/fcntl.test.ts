// fcntl through both entries: bsd-sockets/c returns -1 and leaves errno, the root entry
// throws an ErrnoError with the same errno.
import { afterEach, describe, expect, it } from 'vitest';

import * as c from '../../src/c/fcntl';
import {
  AF_INET,
  EBADF,
  FD_CLOEXEC,
  F_GETFD,
  F_GETFL,
  F_SETFD,
  F_SETFL,
  O_NONBLOCK,
  SOCK_DGRAM,
  fcntl,
} from '../../src/index';
import { get_errno, set_errno } from '../../src/scratch';
import { OpenSockets } from '../helpers/addresses';
import { expectArgError, expectErrno } from '../helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

describe('fcntl, bsd-sockets/c', () => {
  it('gets and sets O_NONBLOCK and FD_CLOEXEC; a success leaves errno as it was', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    set_errno(0);
    const flags = c.fcntl(fd, F_GETFL);
    expect(flags & O_NONBLOCK).toBe(0);
    expect(c.fcntl(fd, F_SETFL, flags | O_NONBLOCK)).toBe(0);
    expect(c.fcntl(fd, F_GETFL, 0)).toBe(flags | O_NONBLOCK);
    expect(c.fcntl(fd, F_SETFD, FD_CLOEXEC)).toBe(0);
    expect(c.fcntl(fd, F_GETFD)).toBe(FD_CLOEXEC);
    expect(get_errno()).toBe(0);
  });

  it('EBADF on a closed fd and on -1, through both entries', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    sockets.close(fd);
    for (const bad of [fd, -1]) {
      for (const [cmd, arg] of [
        [F_GETFL, undefined],
        [F_SETFL, O_NONBLOCK],
        [F_GETFD, undefined],
        [F_SETFD, FD_CLOEXEC],
      ]) {
        set_errno(0);
        expect(c.fcntl(bad, cmd!, arg)).toBe(-1);
        expect(get_errno()).toBe(EBADF);
        expectErrno(() => fcntl(bad, cmd!, arg), 'EBADF', 'fcntl');
      }
    }
  });

  it('refuses a command that takes a pointer, and F_SETFL without arg', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    expectArgError(() => c.fcntl(fd, 5), RangeError, 'fcntl', /cmd 5 is not one of F_GETFL/);
    expectArgError(
      () => c.fcntl(fd, F_SETFL),
      TypeError,
      'fcntl',
      /arg must be an integer, got undefined/,
    );
    expectArgError(() => c.fcntl(fd, F_GETFL, 0.5), RangeError, 'fcntl', /arg must be an integer/);
  });
});
