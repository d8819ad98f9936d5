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
import { socket } from 'bsd-sockets/c';
import type { socklen_t } from 'bsd-sockets/c';
import { exit, printf } from 'bsd-sockets/libc';

enum kind {
  INT,
  LINGER,
  TIMEVAL,
}

interface option {
  name: string | null;
  level: number;
  optname: number;
  kind: kind;
}

const options: readonly option[] = [
  { name: 'SO_BROADCAST', level: SOL_SOCKET, optname: SO_BROADCAST, kind: kind.INT },
  { name: 'SO_DEBUG', level: SOL_SOCKET, optname: SO_DEBUG, kind: kind.INT },
  { name: 'SO_DONTROUTE', level: SOL_SOCKET, optname: SO_DONTROUTE, kind: kind.INT },
  { name: 'SO_ERROR', level: SOL_SOCKET, optname: SO_ERROR, kind: kind.INT },
  { name: 'SO_KEEPALIVE', level: SOL_SOCKET, optname: SO_KEEPALIVE, kind: kind.INT },
  { name: 'SO_LINGER', level: SOL_SOCKET, optname: SO_LINGER, kind: kind.LINGER },
  { name: 'SO_OOBINLINE', level: SOL_SOCKET, optname: SO_OOBINLINE, kind: kind.INT },
  { name: 'SO_RCVLOWAT', level: SOL_SOCKET, optname: SO_RCVLOWAT, kind: kind.INT },
  { name: 'SO_SNDLOWAT', level: SOL_SOCKET, optname: SO_SNDLOWAT, kind: kind.INT },
  { name: 'SO_RCVTIMEO', level: SOL_SOCKET, optname: SO_RCVTIMEO, kind: kind.TIMEVAL },
  { name: 'SO_SNDTIMEO', level: SOL_SOCKET, optname: SO_SNDTIMEO, kind: kind.TIMEVAL },
  { name: 'SO_REUSEADDR', level: SOL_SOCKET, optname: SO_REUSEADDR, kind: kind.INT },
  { name: 'SO_REUSEPORT', level: SOL_SOCKET, optname: SO_REUSEPORT, kind: kind.INT },
  { name: 'SO_TYPE', level: SOL_SOCKET, optname: SO_TYPE, kind: kind.INT },
  { name: 'IP_TOS', level: IPPROTO_IP, optname: IP_TOS, kind: kind.INT },
  { name: 'IP_TTL', level: IPPROTO_IP, optname: IP_TTL, kind: kind.INT },
  { name: 'IPV6_UNICAST_HOPS', level: IPPROTO_IPV6, optname: IPV6_UNICAST_HOPS, kind: kind.INT },
  { name: 'IPV6_V6ONLY', level: IPPROTO_IPV6, optname: IPV6_V6ONLY, kind: kind.INT },
  { name: 'TCP_MAXSEG', level: IPPROTO_TCP, optname: TCP_MAXSEG, kind: kind.INT },
  { name: 'TCP_NODELAY', level: IPPROTO_TCP, optname: TCP_NODELAY, kind: kind.INT },
  { name: null, level: 0, optname: 0, kind: kind.INT },
];

/* union val { int i_val; struct linger linger_val; struct timeval timeval_val; }: its
 * bytes, read through a DataView at the members' offsets */
const UNION_VAL_SIZE = 16;

export function main(): number {
  let fd: number;
  const len: socklen_t = { value: 0 };
  let opt: number;
  const val = new Uint8Array(UNION_VAL_SIZE),
    view = new DataView(val.buffer);

  for (opt = 0; options[opt].name !== null; opt++) {
    printf('%s: ', options[opt].name);
    if (
      (fd = socket(options[opt].level === IPPROTO_IPV6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0)) === -1
    ) {
      perror('socket');
      exit(1);
    }
    len.value = UNION_VAL_SIZE;
    if (getsockopt(fd, options[opt].level, options[opt].optname, val, len) === -1) {
      perror('getsockopt');
      printf('(not read)\n');
    } else {
      switch (options[opt].kind) {
        case kind.INT:
          printf('%d\n', view.getInt32(0, true));
          break;
        case kind.LINGER:
          printf('l_onoff = %d, l_linger = %d\n', view.getInt32(0, true), view.getInt32(4, true));
          break;
        case kind.TIMEVAL:
          printf('%ld sec, %ld usec\n', view.getBigInt64(0, true), view.getBigInt64(8, true));
          break;
      }
    }
    close(fd);
  }
  exit(0);
}
