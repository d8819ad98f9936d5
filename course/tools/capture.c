/*
 * capture.c - une capture de paquets, le sous-ensemble de tcpdump des slides :
 * « tcpdump -i eth0 -X -vvv udp ».
 *
 * usage : capture [-i interface] [-X] [-c nombre] [udp|tcp] [port N]
 *
 * Une socket AF_PACKET/SOCK_RAW reçoit chaque trame de l'interface (lo par défaut), telle
 * que la carte la voit, en-tête Ethernet compris : socket(AF_PACKET, SOCK_RAW,
 * htons(ETH_P_ALL)), attachée à l'interface par bind() d'une struct sockaddr_ll. Chaque
 * trame est lue par recvmsg(), avec deux messages de contrôle (cmsg) :
 *   SCM_TIMESTAMP   (SO_TIMESTAMP)   l'heure d'arrivée, donnée par le noyau ;
 *   PACKET_AUXDATA  (SOL_PACKET)     tp_status, dont TP_STATUS_CSUMNOTREADY : la somme de
 *                   contrôle n'est pas encore calculée (la carte, ou ici le noyau pour lo,
 *                   la calculera à l'envoi). C'est pourquoi tcpdump écrit « bad udp cksum »
 *                   pour chaque datagramme de lo : ici, « not computed yet (offload) ».
 * Sur lo, chaque paquet passe deux fois (en sortie, puis en entrée) : la copie sortante
 * (sll_pkttype PACKET_OUTGOING) est ignorée, comme le fait tcpdump.
 *
 * Affiche, comme tcpdump -v, une ligne IP (ou IP6) puis une ligne UDP ou TCP : adresses et
 * ports, drapeaux TCP, seq/ack, longueurs, sommes de contrôle vérifiées ; -X ajoute les
 * octets du paquet IP en hexadécimal et en ASCII. -c N : fin après N paquets. Filtre :
 * udp, tcp, port N (ou les deux : « udp port 3000 », « and » permis).
 * stdout est tamponné par ligne même redirigé (tcpdump demande -l pour cela).
 * Il faut être root (CAP_NET_RAW) : sinon socket: Operation not permitted.
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define SNAPLEN 65536

static void usage(void) {
  fprintf(stderr, "usage : capture [-i interface] [-X] [-c nombre] [udp|tcp] [port N]\n");
  exit(1);
}

/* Le filtre : protocole (0 : tous) et port (-1 : tous). */
static int want_proto = 0, want_port = -1;

static uint16_t get16(const unsigned char *p) {
  return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Somme des mots de 16 bits (complément à un), sans le repli final. */
static uint32_t sum16(const unsigned char *p, size_t len, uint32_t sum) {
  size_t i;
  for (i = 0; i + 1 < len; i += 2) sum += get16(p + i);
  if (len & 1) sum += (uint32_t)p[len - 1] << 8;
  return sum;
}

static uint16_t fold(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t)~sum;
}

/* L'état de la somme de contrôle `stored` d'un segment : calculée par le noyau plus tard
 * (offload), juste, ou fausse (avec la valeur juste). `sum` : la somme du pseudo-en-tête et
 * du segment, champ compris. */
static void print_cksum(uint16_t stored, uint32_t sum, int notready, int complete) {
  printf(", cksum 0x%04x", stored);
  if (notready)
    printf(" (not computed yet: offload)");
  else if (!complete)
    printf(" (not checked: truncated)");
  else if (fold(sum) == 0)
    printf(" (correct)");
  else
    printf(" (incorrect)");
}

/* Le port d'un segment UDP ou TCP passe-t-il le filtre ? */
static int port_matches(int proto, const unsigned char *l4, size_t len) {
  if (want_proto != 0 && proto != want_proto) return 0;
  if (want_port < 0) return 1;
  if ((proto != IPPROTO_UDP && proto != IPPROTO_TCP) || len < 4) return 0;
  return get16(l4) == want_port || get16(l4 + 2) == want_port;
}

/* La ligne UDP ou TCP : "    src.port > dst.port: …". */
static void print_l4(int proto, const char *src, const char *dst, const unsigned char *l4,
                     size_t len, size_t captured, uint32_t pseudo, int notready) {
  if (proto == IPPROTO_UDP && len >= 8 && captured >= 8) {
    uint16_t ulen = get16(l4 + 4);
    printf("    %s.%u > %s.%u: UDP, length %u", src, get16(l4), dst, get16(l4 + 2),
           ulen >= 8 ? ulen - 8 : 0);
    if (get16(l4 + 6) == 0)
      printf(", no cksum");
    else
      print_cksum(get16(l4 + 6), sum16(l4, len, pseudo), notready, captured >= len);
    printf("\n");
  } else if (proto == IPPROTO_TCP && len >= 20 && captured >= 20) {
    static const struct {
      int bit;
      char c;
    } names[] = {{0x01, 'F'}, {0x02, 'S'}, {0x04, 'R'}, {0x08, 'P'},
                 {0x20, 'U'}, {0x40, 'E'}, {0x80, 'W'}, {0x10, '.'}};
    unsigned flags = l4[13], off = (l4[12] >> 4) * 4, i;
    char f[10];
    size_t k = 0;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
      if (flags & names[i].bit) f[k++] = names[i].c;
    if (k == 0) f[k++] = 'n'; /* none, comme tcpdump */
    f[k] = '\0';
    printf("    %s.%u > %s.%u: Flags [%s]", src, get16(l4), dst, get16(l4 + 2), f);
    print_cksum(get16(l4 + 16), sum16(l4, len, pseudo), notready, captured >= len);
    printf(", seq %u", get32(l4 + 4));
    if (flags & 0x10) printf(", ack %u", get32(l4 + 8));
    printf(", win %u, length %u\n", get16(l4 + 14), off <= len ? (unsigned)(len - off) : 0);
  } else {
    printf("    %s > %s: proto %d, length %u\n", src, dst, proto, (unsigned)len);
  }
}

/* -X : les octets, 16 par ligne, en hexadécimal par paires puis en ASCII. */
static void hex_ascii(const unsigned char *p, size_t len) {
  size_t line, i;
  for (line = 0; line < len; line += 16) {
    printf("\t0x%04x:  ", (unsigned)line);
    for (i = 0; i < 16; i += 2) {
      if (line + i + 1 < len)
        printf("%02x%02x", p[line + i], p[line + i + 1]);
      else if (line + i < len)
        printf("%02x  ", p[line + i]);
      else
        printf("    ");
      if (i < 14) printf(" ");
    }
    printf("  ");
    for (i = 0; i < 16 && line + i < len; i++)
      putchar(p[line + i] >= 0x20 && p[line + i] < 0x7f ? p[line + i] : '.');
    printf("\n");
  }
}

/* Un paquet IPv4 ou IPv6 : rend 1 s'il passe le filtre (et il est affiché), 0 sinon. */
static int show(const char *stamp, int ethertype, const unsigned char *ip, size_t captured,
                int notready, int hex) {
  char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
  const unsigned char *l4;
  size_t total, l4len;
  uint32_t pseudo;
  int proto;

  if (ethertype == ETH_P_IP && captured >= 20 && (ip[0] >> 4) == 4) {
    size_t hl = (ip[0] & 0x0f) * 4;
    unsigned frag = get16(ip + 6);
    total = get16(ip + 2);
    if (hl < 20 || total < hl || captured < hl) return 0;
    proto = ip[9];
    l4 = ip + hl;
    l4len = total - hl;
    if (!port_matches(proto, l4, captured - hl)) return 0;
    inet_ntop(AF_INET, ip + 12, src, sizeof src);
    inet_ntop(AF_INET, ip + 16, dst, sizeof dst);
    printf("%s IP (tos 0x%x, ttl %u, id %u, offset %u, flags [%s], proto %s (%d), length %u", stamp,
           ip[1], ip[8], get16(ip + 4), (frag & 0x1fff) * 8,
           (frag & 0x4000)   ? "DF"
           : (frag & 0x2000) ? "+"
                             : "none",
           proto == IPPROTO_UDP   ? "UDP"
           : proto == IPPROTO_TCP ? "TCP"
                                  : "?",
           proto, (unsigned)total);
    printf(", cksum 0x%04x (%s))\n", get16(ip + 10),
           fold(sum16(ip, hl, 0)) == 0 ? "correct" : "incorrect");
    /* Pseudo-en-tête : adresses, protocole, longueur du segment. */
    pseudo = sum16(ip + 12, 8, 0) + (uint32_t)proto + (uint32_t)l4len;
    print_l4(proto, src, dst, l4, l4len, captured - hl, pseudo, notready);
  } else if (ethertype == ETH_P_IPV6 && captured >= 40 && (ip[0] >> 4) == 6) {
    l4len = get16(ip + 4);
    total = 40 + l4len;
    proto = ip[6];
    l4 = ip + 40;
    if (!port_matches(proto, l4, captured - 40)) return 0;
    inet_ntop(AF_INET6, ip + 8, src, sizeof src);
    inet_ntop(AF_INET6, ip + 24, dst, sizeof dst);
    printf("%s IP6 (flowlabel 0x%05x, hlim %u, next-header %s (%d), payload length %u)\n", stamp,
           (unsigned)(get32(ip) & 0xfffff), ip[7],
           proto == IPPROTO_UDP   ? "UDP"
           : proto == IPPROTO_TCP ? "TCP"
                                  : "?",
           proto, (unsigned)l4len);
    pseudo = sum16(ip + 8, 32, 0) + (uint32_t)proto + (uint32_t)l4len;
    print_l4(proto, src, dst, l4, l4len, captured - 40, pseudo, notready);
  } else {
    if (want_proto != 0 || want_port >= 0) return 0;
    printf("%s ethertype 0x%04x, length %u\n", stamp, (unsigned)ethertype, (unsigned)captured);
    total = captured;
  }
  if (hex) hex_ascii(ip, total < captured ? total : captured);
  return 1;
}

int main(int argc, char **argv) {
  const char *iface = "lo";
  int hex = 0, count = -1, captured = 0, opt, s, on = 1;
  unsigned ifindex;
  struct sockaddr_ll addr, from;
  static unsigned char frame[SNAPLEN];
  /* La place des deux messages de contrôle. */
  union {
    char buf[CMSG_SPACE(sizeof(struct timeval)) + CMSG_SPACE(sizeof(struct tpacket_auxdata))];
    struct cmsghdr align;
  } control;
  struct iovec iov;
  struct msghdr msg;
  struct cmsghdr *cmsg;

  setvbuf(stdout, NULL, _IOLBF, 0);

  opterr = 0;
  while ((opt = getopt(argc, argv, "+i:Xc:")) != -1) {
    if (opt == 'i')
      iface = optarg;
    else if (opt == 'X')
      hex = 1;
    else if (opt == 'c')
      count = atoi(optarg);
    else
      usage();
  }
  /* Le filtre. */
  for (; optind < argc; optind++) {
    if (strcmp(argv[optind], "udp") == 0)
      want_proto = IPPROTO_UDP;
    else if (strcmp(argv[optind], "tcp") == 0)
      want_proto = IPPROTO_TCP;
    else if (strcmp(argv[optind], "port") == 0 && optind + 1 < argc)
      want_port = atoi(argv[++optind]);
    else if (strcmp(argv[optind], "and") != 0)
      usage();
  }

  if ((s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL))) == -1) {
    perror("socket");
    exit(1);
  }
  if ((ifindex = if_nametoindex(iface)) == 0) {
    perror(iface);
    exit(1);
  }
  memset(&addr, 0, sizeof addr);
  addr.sll_family = AF_PACKET;
  addr.sll_protocol = htons(ETH_P_ALL);
  addr.sll_ifindex = (int)ifindex;
  if (bind(s, (struct sockaddr *)&addr, sizeof addr) == -1) {
    perror("bind");
    exit(1);
  }
  if (setsockopt(s, SOL_PACKET, PACKET_AUXDATA, &on, sizeof on) == -1 ||
      setsockopt(s, SOL_SOCKET, SO_TIMESTAMP, &on, sizeof on) == -1) {
    perror("setsockopt");
    exit(1);
  }
  fprintf(stderr, "listening on %s\n", iface);

  while (count < 0 || captured < count) {
    struct timeval tv = {0, 0};
    struct tpacket_auxdata aux;
    struct tm tm;
    time_t sec;
    char stamp[32];
    ssize_t n;

    memset(&aux, 0, sizeof aux);
    iov.iov_base = frame;
    iov.iov_len = sizeof frame;
    memset(&msg, 0, sizeof msg);
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof control.buf;
    if ((n = recvmsg(s, &msg, 0)) == -1) {
      perror("recvmsg");
      exit(1);
    }
    /* lo : la copie sortante d'un paquet qui reviendra en entrée. */
    if (from.sll_pkttype == PACKET_OUTGOING && from.sll_hatype == ARPHRD_LOOPBACK) continue;
    for (cmsg = CMSG_FIRSTHDR(&msg); cmsg != NULL; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
      if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_TIMESTAMP)
        memcpy(&tv, CMSG_DATA(cmsg), sizeof tv);
      else if (cmsg->cmsg_level == SOL_PACKET && cmsg->cmsg_type == PACKET_AUXDATA)
        memcpy(&aux, CMSG_DATA(cmsg), sizeof aux);
    }
    if (msg.msg_flags & MSG_CTRUNC) fprintf(stderr, "capture: control data truncated\n");
    if ((size_t)n < aux.tp_net) continue;
    sec = tv.tv_sec;
    localtime_r(&sec, &tm);
    snprintf(stamp, sizeof stamp, "%02d:%02d:%02d.%06ld", tm.tm_hour, tm.tm_min, tm.tm_sec,
             (long)tv.tv_usec);
    if (show(stamp, ntohs(from.sll_protocol), frame + aux.tp_net, (size_t)n - aux.tp_net,
             (aux.tp_status & TP_STATUS_CSUMNOTREADY) != 0, hex))
      captured++;
  }
  fprintf(stderr, "%d packets captured\n", captured);
  close(s);
  return 0;
}
