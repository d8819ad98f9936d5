/**
 * The course's debugging tools (issue 11): the slides end on `netstat`, `netcat`,
 * `tcpdump`; each is here a small program written on bsd-sockets, beside its C twin, run
 * like the course programs: `npx bsd-sockets-course tools/nc [--c] …`.
 */
import type { CourseProgram } from '../programs';

export const tools: readonly CourseProgram[] = [
  {
    name: 'tools/nc',
    usage: '[-u] [-w secs] host port | -l [-u] [-w secs] port',
    shows:
      'the slides\' `echo "hello" | netcat -u localhost 3000`: stdin to the socket, the socket to stdout, with `poll`; `-l` serves (`accept`, or the first datagram\'s sender), `-w` ends when idle',
    example: '-u -w1 localhost 3000',
  },
  {
    name: 'tools/capture',
    usage: '[-i iface | -r file] [-w file] [-X] [-c N] [udp|tcp] [port N]',
    shows:
      "the slides' `tcpdump -i eth0 -X -vvv udp`: `socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL))` bound with a `sockaddr_ll`, `recvmsg` with `SCM_TIMESTAMP` and `PACKET_AUXDATA` cmsgs; IPv4/IPv6, UDP/TCP with flags, seq/ack, lengths, checksums, options; `-w`/`-r` pcap files for Wireshark; the kernel's drop count (root)",
    example: '-i lo -X -c 2 udp port 3000',
  },
  {
    name: 'tools/sockstat',
    usage: '[-t] [-u] [-a | -l] [-p] [state NAME]... [sport|dport OP :PORT]...',
    shows:
      "the slides' `netstat -aup` / `ss -tuan`: `NETLINK_SOCK_DIAG` requests (`sendmsg`) and `inet_diag_msg` replies (`recvmsg`): state, addresses, queues, and with `-p` the owning process; ss's filters (`state time-wait sport = :3000`)",
    example: '-tuap',
  },
];
