/*
 * sockopt_survey.ts - the default value of socket options, read with getsockopt(2) on a
 * fresh TCP socket (IPv6 for the IPPROTO_IPV6 options) into a union of the C types they
 * take, and printed by type.
 *
 * usage: sockopt_survey
 */
import {
  AF_INET,
  AF_INET6,
  IPPROTO_IP,
  IPPROTO_IPV6,
  IPPROTO_TCP,
  IPV6_UNICAST_HOPS,
} from 'bsd-sockets/c';
import { IPV6_V6ONLY, IP_TOS, IP_TTL, SOCK_STREAM, SOL_SOCKET, SO_BROADCAST } from 'bsd-sockets/c';
import {
  SO_DEBUG,
  SO_DONTROUTE,
  SO_ERROR,
  SO_KEEPALIVE,
  SO_LINGER,
  SO_OOBINLINE,
} from 'bsd-sockets/c';
import { SO_RCVLOWAT, SO_RCVTIMEO, SO_REUSEADDR, SO_REUSEPORT, SO_SNDLOWAT } from 'bsd-sockets/c';
import {
  SO_SNDTIMEO,
  SO_TYPE,
  TCP_MAXSEG,
  TCP_NODELAY,
  close,
  getsockopt,
  perror,
} from 'bsd-sockets/c';
import { as_int, as_linger, as_timeval, sizeof, socket } from 'bsd-sockets/c';
import type { socklen_t } from 'bsd-sockets/c';
import { exit, printf } from 'bsd-sockets/libc';
import { char_array } from 'bsd-sockets/libc';

const INT = 0,
  LINGER = 1,
  TIMEVAL = 2; /* enum kind */

interface option {
  name: string | null;
  level: number;
  optname: number;
  kind: number;
}

const options: readonly option[] = [
  { name: 'SO_BROADCAST', level: SOL_SOCKET, optname: SO_BROADCAST, kind: INT },
  { name: 'SO_DEBUG', level: SOL_SOCKET, optname: SO_DEBUG, kind: INT },
  { name: 'SO_DONTROUTE', level: SOL_SOCKET, optname: SO_DONTROUTE, kind: INT },
  { name: 'SO_ERROR', level: SOL_SOCKET, optname: SO_ERROR, kind: INT },
  { name: 'SO_KEEPALIVE', level: SOL_SOCKET, optname: SO_KEEPALIVE, kind: INT },
  { name: 'SO_LINGER', level: SOL_SOCKET, optname: SO_LINGER, kind: LINGER },
  { name: 'SO_OOBINLINE', level: SOL_SOCKET, optname: SO_OOBINLINE, kind: INT },
  { name: 'SO_RCVLOWAT', level: SOL_SOCKET, optname: SO_RCVLOWAT, kind: INT },
  { name: 'SO_SNDLOWAT', level: SOL_SOCKET, optname: SO_SNDLOWAT, kind: INT },
  { name: 'SO_RCVTIMEO', level: SOL_SOCKET, optname: SO_RCVTIMEO, kind: TIMEVAL },
  { name: 'SO_SNDTIMEO', level: SOL_SOCKET, optname: SO_SNDTIMEO, kind: TIMEVAL },
  { name: 'SO_REUSEADDR', level: SOL_SOCKET, optname: SO_REUSEADDR, kind: INT },
  { name: 'SO_REUSEPORT', level: SOL_SOCKET, optname: SO_REUSEPORT, kind: INT },
  { name: 'SO_TYPE', level: SOL_SOCKET, optname: SO_TYPE, kind: INT },
  { name: 'IP_TOS', level: IPPROTO_IP, optname: IP_TOS, kind: INT },
  { name: 'IP_TTL', level: IPPROTO_IP, optname: IP_TTL, kind: INT },
  { name: 'IPV6_UNICAST_HOPS', level: IPPROTO_IPV6, optname: IPV6_UNICAST_HOPS, kind: INT },
  { name: 'IPV6_V6ONLY', level: IPPROTO_IPV6, optname: IPV6_V6ONLY, kind: INT },
  { name: 'TCP_MAXSEG', level: IPPROTO_TCP, optname: TCP_MAXSEG, kind: INT },
  { name: 'TCP_NODELAY', level: IPPROTO_TCP, optname: TCP_NODELAY, kind: INT },
  { name: null, level: 0, optname: 0, kind: INT },
];

/* union val { int i_val; struct linger linger_val; struct timeval timeval_val; }: its
 * bytes (as many as its largest member's), read through the casts as_int, as_linger and
 * as_timeval */

export function main(): number {
  let fd: number, family: number;
  const len: socklen_t = { value: 0 };
  let opt: option, i: number;
  const val = char_array(sizeof.timeval);

  for (i = 0, opt = options[0]; opt.name !== null; opt = options[++i]) {
    printf('%s: ', opt.name);
    family = opt.level === IPPROTO_IPV6 ? AF_INET6 : AF_INET;
    if ((fd = socket(family, SOCK_STREAM, 0)) === -1) {
      perror('socket');
      exit(1);
    }
    len.value = sizeof(val);
    if (getsockopt(fd, opt.level, opt.optname, val, len) === -1) {
      perror('getsockopt');
      printf('(not read)\n');
    } else if (opt.kind === INT) {
      printf('%d\n', as_int(val));
    } else if (opt.kind === LINGER) {
      printf('l_onoff = %d, l_linger = %d\n', as_linger(val).l_onoff, as_linger(val).l_linger);
    } else {
      printf('%ld sec, %ld usec\n', as_timeval(val).tv_sec, as_timeval(val).tv_usec);
    }
    close(fd);
  }
  exit(0);
}
