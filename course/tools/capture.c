/*
 * capture.c - une capture de paquets, le sous-ensemble de tcpdump des slides :
 * « tcpdump -i eth0 -X -vvv udp ».
 *
 * usage : capture [-i interface | -r fichier] [-w fichier] [-X] [-c nombre] [udp|tcp] [port N]
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
 *
 * Options TCP : comme tcpdump (mss, wscale, sackOK, TS val/ecr, nop...), après la longueur.
 *
 * -w fichier : écrit les paquets retenus dans un fichier pcap, le format de tcpdump -w et
 * de Wireshark (libpcap classique : nombre magique 0xa1b2c3d4, version 2.4, dans l'ordre
 * des octets de la machine, longueur de capture SNAPLEN, type de lien 1 LINKTYPE_ETHERNET,
 * celui qu'écrit tcpdump pour lo ; puis par paquet ts_sec, ts_usec, longueur capturée,
 * longueur d'origine et les octets de la trame). Un write() par paquet, comme tcpdump -U :
 * le fichier est complet à chaque instant, même si la capture est tuée. -w seul n'affiche
 * rien (comme tcpdump -w) ; avec -X, les paquets sont aussi affichés.
 * -r fichier : lit un fichier pcap (les deux ordres des octets ; les microsecondes ou les
 * nanosecondes, magique 0xa1b23c4d) et l'affiche comme une capture, même filtre, même -X.
 * pcapng, ou tout autre contenu : une erreur qui dit ce qui ne va pas et à quel octet, et
 * la sortie 1. Sur lo, la somme de contrôle d'un segment que le noyau n'a pas encore
 * calculée (offload) contient la somme du pseudo-en-tête : c'est à cela qu'un fichier la
 * reconnaît, faute de tp_status.
 *
 * Les pertes : la file de la socket est agrandie (SO_RCVBUFFORCE, RCVBUF octets), sur lo la
 * copie sortante de chaque paquet n'y entre pas (PACKET_IGNORE_OUTGOING), et à la fin, comme
 * tcpdump, « N packets dropped by kernel » dit combien de trames le noyau a jetées faute de place
 * (getsockopt PACKET_STATISTICS). SIGTERM ou SIGINT (Ctrl-C) arrêtent la capture proprement :
 * recvmsg() est interrompu (EINTR : une socket qui a un SO_RCVTIMEO n'est jamais relancée après un
 * signal, même avec SA_RESTART, signal(7)), les trames déjà en file sont lues (MSG_DONTWAIT,
 * jusqu'à EAGAIN ou une trame arrivée après le signal : sur un lo chargé, la file ne se vide
 * jamais), puis les comptes sont écrits. Un signal qui arrive hors de recvmsg() (pendant
 * l'affichage d'un paquet) n'interrompt rien : il faut le renvoyer (un second Ctrl-C).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define SNAPLEN 262144            /* celle de tcpdump */
#define RCVBUF (16 * 1024 * 1024) /* la file de la socket, en octets */
#define LINKTYPE_ETHERNET 1

static void usage(void) {
  fprintf(stderr,
          "usage : capture [-i interface | -r fichier] [-w fichier] [-X] [-c nombre] "
          "[udp|tcp] [port N]\n");
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
 * du segment, champ compris ; `pseudo` : celle du pseudo-en-tête seul. notready : 1, le
 * noyau dit qu'elle n'est pas calculée (tp_status) ; 0, elle l'est ; -1, on ne sait pas (un
 * fichier) : elle ne l'est pas si elle vaut la somme du pseudo-en-tête, ce que le noyau y
 * laisse pour la carte (~csum_tcpudp_magic(…, 0), CHECKSUM_PARTIAL). */
static void print_cksum(uint16_t stored, uint32_t sum, uint32_t pseudo, int notready,
                        int complete) {
  printf(", cksum 0x%04x", stored);
  if (notready == 1 || (notready == -1 && stored + fold(pseudo) == 0xffff))
    printf(" (not computed yet: offload)");
  else if (!complete)
    printf(" (not checked: truncated)");
  else if (fold(sum) == 0)
    printf(" (correct)");
  else
    printf(" (incorrect)");
}

/* Les options TCP, comme tcpdump : ", options [mss 65495,sackOK,TS val 1 ecr 0,nop,wscale 7]". */
static void print_options(const unsigned char *o, size_t len) {
  size_t i = 0, k;
  unsigned kind, size;
  printf(", options [");
  while (i < len) {
    kind = o[i];
    if (i > 0) printf(",");
    if (kind == 0) { /* fin de la liste : le reste est du bourrage */
      printf("eol");
      break;
    }
    if (kind == 1) {
      printf("nop");
      i++;
      continue;
    }
    if (i + 1 >= len || (size = o[i + 1]) < 2 || i + size > len) {
      printf("bad opt");
      break;
    }
    if (kind == 2 && size == 4)
      printf("mss %u", get16(o + i + 2));
    else if (kind == 3 && size == 3)
      printf("wscale %u", o[i + 2]);
    else if (kind == 4 && size == 2)
      printf("sackOK");
    else if (kind == 8 && size == 10)
      printf("TS val %u ecr %u", get32(o + i + 2), get32(o + i + 6));
    else if (kind == 5 && (size - 2) % 8 == 0) {
      printf("sack %u", (size - 2) / 8);
      for (k = i + 2; k < i + size; k += 8) printf(" {%u:%u}", get32(o + k), get32(o + k + 4));
    } else
      printf("opt-%u len %u", kind, size);
    i += size;
  }
  printf("]");
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
      print_cksum(get16(l4 + 6), sum16(l4, len, pseudo), pseudo, notready, captured >= len);
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
    print_cksum(get16(l4 + 16), sum16(l4, len, pseudo), pseudo, notready, captured >= len);
    printf(", seq %u", get32(l4 + 4));
    if (flags & 0x10) printf(", ack %u", get32(l4 + 8));
    printf(", win %u, length %u", get16(l4 + 14), off <= len ? (unsigned)(len - off) : 0);
    if (off > 20 && off <= len && off <= captured) print_options(l4 + 20, off - 20);
    printf("\n");
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

/* Le paquet passe-t-il le filtre ? Ce que show() vérifie avant d'afficher, sans afficher
 * (pour -w seul). */
static int matches(int ethertype, const unsigned char *ip, size_t captured) {
  size_t hl;
  if (ethertype == ETH_P_IP && captured >= 20 && (ip[0] >> 4) == 4) {
    hl = (ip[0] & 0x0f) * 4;
    if (hl < 20 || get16(ip + 2) < hl || captured < hl) return 0;
    return port_matches(ip[9], ip + hl, captured - hl);
  }
  if (ethertype == ETH_P_IPV6 && captured >= 40 && (ip[0] >> 4) == 6)
    return port_matches(ip[6], ip + 40, captured - 40);
  return want_proto == 0 && want_port < 0;
}

/* L'heure d'un paquet, "HH:MM:SS.uuuuuu", dans le fuseau de TZ. */
static void format_stamp(char *stamp, size_t size, time_t sec, long usec) {
  struct tm tm;
  localtime_r(&sec, &tm);
  snprintf(stamp, size, "%02d:%02d:%02d.%06ld", tm.tm_hour, tm.tm_min, tm.tm_sec, usec);
}

/* La trame reçue, ou lue dans le fichier -r. */
static unsigned char frame[SNAPLEN];
/* Un enregistrement du fichier -w : son en-tête, puis la trame. */
static unsigned char record[16 + SNAPLEN];

/* Un entier dans l'ordre des octets de la machine, comme tcpdump écrit ses fichiers. */
static void put16(unsigned char *p, uint16_t v) {
  memcpy(p, &v, sizeof v);
}

static void put32(unsigned char *p, uint32_t v) {
  memcpy(p, &v, sizeof v);
}

/* L'en-tête du fichier pcap (struct pcap_file_header, 24 octets). */
static void write_header(int fd) {
  unsigned char h[24];
  put32(h, 0xa1b2c3d4);             /* magic : microsecondes, ordre de la machine */
  put16(h + 4, 2);                  /* version_major */
  put16(h + 6, 4);                  /* version_minor */
  put32(h + 8, 0);                  /* thiszone */
  put32(h + 12, 0);                 /* sigfigs */
  put32(h + 16, SNAPLEN);           /* snaplen */
  put32(h + 20, LINKTYPE_ETHERNET); /* linktype */
  if (write(fd, h, sizeof h) != (ssize_t)sizeof h) {
    perror("write");
    exit(1);
  }
}

/* Un paquet dans le fichier -w : ts_sec, ts_usec, incl_len, orig_len, puis les octets, en
 * un write(). */
static void save(int fd, uint32_t sec, uint32_t usec, const unsigned char *p, uint32_t caplen,
                 uint32_t len) {
  put32(record, sec);
  put32(record + 4, usec);
  put32(record + 8, caplen);
  put32(record + 12, len);
  memcpy(record + 16, p, caplen);
  if (write(fd, record, 16 + caplen) != (ssize_t)(16 + caplen)) {
    perror("write");
    exit(1);
  }
}

/* read() jusqu'à n octets ou la fin du fichier : rend le nombre d'octets lus. */
static size_t read_full(int fd, const char *path, unsigned char *buf, size_t n) {
  size_t got = 0;
  ssize_t r;
  while (got < n) {
    if ((r = read(fd, buf + got, n - got)) == -1) {
      perror(path);
      exit(1);
    }
    if (r == 0) break;
    got += (size_t)r;
  }
  return got;
}

/* Un entier du fichier, dans son ordre des octets (big : celui du réseau). */
static uint32_t file32(const unsigned char *p, int big) {
  return big ? get32(p) : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static unsigned file16(const unsigned char *p, int big) {
  return big ? get16(p) : (unsigned)(p[1] << 8 | p[0]);
}

/* Ce qui ne va pas dans le fichier, et à quel octet : sortie 1. */
static void bad_file(const char *path, const char *what, unsigned long at) {
  fprintf(stderr, "capture: %s: %s at byte %lu\n", path, what, at);
  exit(1);
}

/* -r : les paquets du fichier, affichés (et écrits dans le fichier -w) comme une capture.
 * Rend le nombre de paquets retenus. */
static int read_file(const char *path, int wfd, int print, int hex, int count) {
  unsigned char h[24];
  char what[128], stamp[32];
  unsigned long at = 0;
  int fd, big, nano, captured = 0, number = 0;
  size_t got;
  uint32_t magic, sec, frac, caplen, len;

  if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
    perror(path);
    exit(1);
  }
  got = read_full(fd, path, h, 24);
  magic = got >= 4 ? get32(h) : 0;
  if (magic == 0x0a0d0d0a)
    bad_file(path,
             "pcapng (block type 0x0a0d0d0a) is not supported, only pcap: "
             "editcap -F pcap converts it",
             0);
  if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d)
    big = 1;
  else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1)
    big = 0;
  else if (got < 4) {
    snprintf(what, sizeof what, "truncated file header: %zu of 24 bytes", got);
    bad_file(path, what, got);
  } else {
    snprintf(what, sizeof what, "not a pcap file: magic 0x%08x", magic);
    bad_file(path, what, 0);
  }
  nano = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
  if (got < 24) {
    snprintf(what, sizeof what, "truncated file header: %zu of 24 bytes", got);
    bad_file(path, what, got);
  }
  if (file16(h + 4, big) != 2 || file16(h + 6, big) != 4) {
    snprintf(what, sizeof what, "version %u.%u is not supported (2.4 expected)", file16(h + 4, big),
             file16(h + 6, big));
    bad_file(path, what, 4);
  }
  if (file32(h + 20, big) != LINKTYPE_ETHERNET) {
    snprintf(what, sizeof what, "link type %u is not supported (1, Ethernet, expected)",
             file32(h + 20, big));
    bad_file(path, what, 20);
  }
  fprintf(stderr, "reading from file %s, link-type EN10MB (Ethernet), snapshot length %u\n", path,
          file32(h + 16, big));
  at = 24;
  while (count < 0 || captured < count) {
    number++;
    if ((got = read_full(fd, path, h, 16)) == 0) break;
    if (got < 16) {
      snprintf(what, sizeof what, "packet %d: truncated header: %zu of 16 bytes", number, got);
      bad_file(path, what, at + got);
    }
    sec = file32(h, big);
    frac = file32(h + 4, big);
    caplen = file32(h + 8, big);
    len = file32(h + 12, big);
    if (frac >= (nano ? 1000000000u : 1000000u)) {
      snprintf(what, sizeof what, "packet %d: %s %u out of range", number,
               nano ? "nanoseconds" : "microseconds", frac);
      bad_file(path, what, at + 4);
    }
    if (caplen > SNAPLEN || caplen > len || caplen < 14) {
      snprintf(what, sizeof what,
               "packet %d: captured length %u (original length %u) is not from 14 to %u and "
               "at most the original length",
               number, caplen, len, SNAPLEN);
      bad_file(path, what, at + 8);
    }
    if ((got = read_full(fd, path, frame, caplen)) < caplen) {
      snprintf(what, sizeof what, "packet %d: truncated data: %zu of %u bytes", number, got,
               caplen);
      bad_file(path, what, at + 16 + got);
    }
    at += 16 + caplen;
    if (nano) frac /= 1000;
    /* La trame Ethernet : le type du paquet à l'octet 12, le paquet IP à l'octet 14. */
    if (matches(get16(frame + 12), frame + 14, caplen - 14)) {
      format_stamp(stamp, sizeof stamp, (time_t)sec, (long)frac);
      if (print) show(stamp, get16(frame + 12), frame + 14, caplen - 14, -1, hex);
      if (wfd != -1) save(wfd, sec, frac, frame, caplen, len);
      captured++;
    }
  }
  close(fd);
  return captured;
}

/* SIGTERM, SIGINT : le gestionnaire ne fait rien ; il est là pour que recvmsg() soit
 * interrompu (EINTR) au lieu que le processus meure. */
static void on_signal(int sig) {
  (void)sig;
}

int main(int argc, char **argv) {
  const char *iface = "lo", *wfile = NULL, *rfile = NULL;
  int hex = 0, count = -1, captured = 0, opt, s, on = 1, wfd = -1, print, flags = 0;
  long long stop_us = 0; /* l'heure du signal, en microsecondes */
  int rcvbuf = RCVBUF;
  unsigned ifindex;
  struct sockaddr_ll addr, from;
  socklen_t len;
  /* La place des deux messages de contrôle. */
  union {
    char buf[CMSG_SPACE(sizeof(struct timeval)) + CMSG_SPACE(sizeof(struct tpacket_auxdata))];
    struct cmsghdr align;
  } control;
  struct iovec iov;
  struct msghdr msg;
  struct cmsghdr *cmsg;
  /* Une heure : la durée ne compte pas, c'est SO_RCVTIMEO qui fait qu'un signal interrompt
   * recvmsg() (signal(7)) ; à son terme, recvmsg() est simplement rappelé. */
  struct timeval timeout = {3600, 0};
  struct sigaction sa;
  struct tpacket_stats st;

  setvbuf(stdout, NULL, _IOLBF, 0);

  opterr = 0;
  while ((opt = getopt(argc, argv, "+i:Xc:w:r:")) != -1) {
    if (opt == 'i')
      iface = optarg;
    else if (opt == 'X')
      hex = 1;
    else if (opt == 'c')
      count = atoi(optarg);
    else if (opt == 'w')
      wfile = optarg;
    else if (opt == 'r')
      rfile = optarg;
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
  /* -w seul n'affiche rien, comme tcpdump -w. */
  print = wfile == NULL || hex;
  if (wfile != NULL) {
    if ((wfd = open(wfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) == -1) {
      perror(wfile);
      exit(1);
    }
    write_header(wfd);
  }
  if (rfile != NULL) {
    read_file(rfile, wfd, print, hex, count);
    if (wfd != -1) close(wfd);
    return 0;
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
      setsockopt(s, SOL_SOCKET, SO_TIMESTAMP, &on, sizeof on) == -1 ||
      setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) == -1) {
    perror("setsockopt");
    exit(1);
  }
  /* La file : RCVBUF octets, au-delà de net.core.rmem_max avec SO_RCVBUFFORCE (root :
   * CAP_NET_ADMIN), sinon SO_RCVBUF, que le noyau borne à rmem_max. */
  if (setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) == -1 &&
      setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf) == -1) {
    perror("setsockopt");
    exit(1);
  }
  /* Le type de lien de l'interface (sll_hatype) : lo, et pour -w, Ethernet. */
  len = sizeof addr;
  if (getsockname(s, (struct sockaddr *)&addr, &len) == -1) {
    perror("getsockname");
    exit(1);
  }
  if (wfd != -1 && addr.sll_hatype != ARPHRD_ETHER && addr.sll_hatype != ARPHRD_LOOPBACK) {
    fprintf(stderr, "capture: -w: %s has link type %u (ARPHRD), not Ethernet\n", iface,
            addr.sll_hatype);
    exit(1);
  }
  /* Sur lo, chaque paquet passe deux fois : la copie sortante n'entre pas dans la file
   * (PACKET_IGNORE_OUTGOING, Linux 4.20), qui tient deux fois plus de paquets. Un noyau plus
   * ancien refuse (ENOPROTOOPT) : la boucle l'écarte alors elle-même. */
  if (addr.sll_hatype == ARPHRD_LOOPBACK)
    setsockopt(s, SOL_PACKET, PACKET_IGNORE_OUTGOING, &on, sizeof on);
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART; /* comme libuv : write() reprend ; recvmsg() non (SO_RCVTIMEO) */
  if (sigaction(SIGTERM, &sa, NULL) == -1 || sigaction(SIGINT, &sa, NULL) == -1) {
    perror("sigaction");
    exit(1);
  }
  fprintf(stderr, "listening on %s\n", iface);

  while (count < 0 || captured < count) {
    struct timeval tv = {0, 0};
    struct tpacket_auxdata aux;
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
    if ((n = recvmsg(s, &msg, flags)) == -1) {
      if (errno == EINTR) { /* SIGTERM, SIGINT : lire ce qui est en file, puis finir */
        struct timeval now;
        gettimeofday(&now, NULL); /* le vDSO : pas un appel système */
        stop_us = now.tv_sec * 1000000LL + now.tv_usec;
        flags = MSG_DONTWAIT;
        continue;
      }
      if (errno == EAGAIN && flags == MSG_DONTWAIT) break; /* la file est vide */
      if (errno == EAGAIN) continue;                       /* l'heure de SO_RCVTIMEO */
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
    /* Une trame arrivée après le signal : la fin. */
    if (flags == MSG_DONTWAIT && tv.tv_sec * 1000000LL + tv.tv_usec > stop_us) break;
    if ((size_t)n < aux.tp_net) continue;
    if (!matches(ntohs(from.sll_protocol), frame + aux.tp_net, (size_t)n - aux.tp_net)) continue;
    format_stamp(stamp, sizeof stamp, tv.tv_sec, (long)tv.tv_usec);
    if (print)
      show(stamp, ntohs(from.sll_protocol), frame + aux.tp_net, (size_t)n - aux.tp_net,
           (aux.tp_status & TP_STATUS_CSUMNOTREADY) != 0, hex);
    /* La trame entière, en-tête Ethernet compris ; tp_len : sa longueur d'origine. */
    if (wfd != -1)
      save(wfd, (uint32_t)tv.tv_sec, (uint32_t)tv.tv_usec, frame, (uint32_t)n, aux.tp_len);
    captured++;
  }
  /* struct tpacket_stats : les trames reçues, et jetées faute de place dans la file. */
  len = sizeof st;
  if (getsockopt(s, SOL_PACKET, PACKET_STATISTICS, &st, &len) == -1) {
    perror("getsockopt");
    exit(1);
  }
  fprintf(stderr, "%d packets captured\n", captured);
  fprintf(stderr, "%u packets dropped by kernel\n", st.tp_drops);
  close(s);
  if (wfd != -1) close(wfd);
  return 0;
}
