/*
 * sockstat.c - la liste des sockets, le sous-ensemble de « ss -tuan » (ou netstat -tuan)
 * des slides et des TP (lab 1.2 et 1.3 : l'état des sockets du client et du serveur).
 *
 * usage : sockstat [-t] [-u] [-a | -l] [-p] [filtre]
 *   -t, -u  TCP, UDP (les deux si aucun) ;
 *   -a      toutes les sockets ; -l : celles qui écoutent (LISTEN, et UDP non connecté) ;
 *           sans -a ni -l : les connexions (ni LISTEN, ni UNCONN, ni TIME-WAIT, comme ss) ;
 *   -p      le processus qui la détient : users:(("nom",pid=…,fd=…)), lu dans /proc.
 *   filtre  comme ss l'écrit : « state NOM » (une ou plusieurs fois : established,
 *           syn-sent, syn-recv, fin-wait-1, fin-wait-2, time-wait, closed, close-wait,
 *           last-ack, listening, closing, all, connected, synchronized, bucket, big), qui
 *           remplace -a et -l, puis des conditions sur les ports, « sport = :3000 »,
 *           « dport != :22 » (= == eq != ne neq), séparées par « and » ou rien : toutes
 *           doivent tenir (ss refuse un « and » juste après l'état).
 *           Exemple : sockstat -tan state time-wait sport = :3000
 * Les adresses sont numériques (-n de ss, toujours).
 *
 * La liste vient du noyau par une socket netlink : socket(AF_NETLINK, SOCK_RAW,
 * NETLINK_SOCK_DIAG), une requête SOCK_DIAG_BY_FAMILY (struct inet_diag_req_v2) par
 * protocole (UDP puis TCP) et par famille (AF_INET puis AF_INET6), envoyée au noyau par
 * sendmsg() (msg_name : une struct sockaddr_nl de nl_pid 0), puis des réponses lues par
 * recvmsg() jusqu'à NLMSG_DONE : une struct inet_diag_msg par socket (sock_diag(7)).
 * Les colonnes sont celles de ss : Recv-Q et Send-Q, pour une socket LISTEN, sont les
 * connexions en attente d'accept() et le backlog de listen().
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define BUF_MAX 32768

static void usage(void) {
  fprintf(stderr,
          "usage : sockstat [-t] [-u] [-a | -l] [-p] [state NOM]... [sport|dport OP :PORT]...\n");
  exit(1);
}

/* Les états d'un « state NOM » de ss, en bits (1 << état du noyau) ; 0 : nom inconnu. */
static unsigned state_bits(const char *name) {
  unsigned connected = ~(1u << TCP_LISTEN | 1u << TCP_CLOSE);
  if (strcmp(name, "established") == 0) return 1u << TCP_ESTABLISHED;
  if (strcmp(name, "syn-sent") == 0) return 1u << TCP_SYN_SENT;
  if (strcmp(name, "syn-recv") == 0) return 1u << TCP_SYN_RECV;
  if (strcmp(name, "fin-wait-1") == 0) return 1u << TCP_FIN_WAIT1;
  if (strcmp(name, "fin-wait-2") == 0) return 1u << TCP_FIN_WAIT2;
  if (strcmp(name, "time-wait") == 0) return 1u << TCP_TIME_WAIT;
  if (strcmp(name, "closed") == 0) return 1u << TCP_CLOSE;
  if (strcmp(name, "close-wait") == 0) return 1u << TCP_CLOSE_WAIT;
  if (strcmp(name, "last-ack") == 0) return 1u << TCP_LAST_ACK;
  if (strcmp(name, "listening") == 0) return 1u << TCP_LISTEN | 1u << TCP_CLOSE;
  if (strcmp(name, "closing") == 0) return 1u << TCP_CLOSING;
  if (strcmp(name, "all") == 0) return ~0u;
  if (strcmp(name, "connected") == 0) return connected;
  if (strcmp(name, "synchronized") == 0) return connected & ~(1u << TCP_SYN_SENT);
  if (strcmp(name, "bucket") == 0) return 1u << TCP_SYN_RECV | 1u << TCP_TIME_WAIT;
  if (strcmp(name, "big") == 0) return ~(1u << TCP_SYN_RECV | 1u << TCP_TIME_WAIT);
  return 0;
}

/* Une condition « sport = :3000 » : le port local (ou distant, dport), égal ou non. */
struct port_cond {
  int dport, equal;
  unsigned port;
};
static struct port_cond conds[16];
static int n_conds;

/* Si une socket de ports sport et dport (ordre de l'hôte) tient toutes les conditions. */
static int matches(unsigned sport, unsigned dport) {
  int k;
  for (k = 0; k < n_conds; k++)
    if (((conds[k].dport ? dport : sport) == conds[k].port) != conds[k].equal) return 0;
  return 1;
}

/* Les noms d'état de ss, indexés par l'état TCP du noyau (<netinet/tcp.h>). */
static const char *state_name(int state, int udp) {
  switch (state) {
    case TCP_ESTABLISHED: return "ESTAB";
    case TCP_SYN_SENT: return "SYN-SENT";
    case TCP_SYN_RECV: return "SYN-RECV";
    case TCP_FIN_WAIT1: return "FIN-WAIT-1";
    case TCP_FIN_WAIT2: return "FIN-WAIT-2";
    case TCP_TIME_WAIT: return "TIME-WAIT";
    case TCP_CLOSE: return udp ? "UNCONN" : "CLOSE";
    case TCP_CLOSE_WAIT: return "CLOSE-WAIT";
    case TCP_LAST_ACK: return "LAST-ACK";
    case TCP_LISTEN: return "LISTEN";
    case TCP_CLOSING: return "CLOSING";
    default: return "UNKNOWN";
  }
}

/* Qui détient chaque socket : (inode, pid, fd, nom), lu une fois dans /proc. */
struct owner {
  unsigned long inode;
  int pid, fd;
  char comm[64];
};
static struct owner *owners;
static size_t n_owners;

/* Les entrées numériques d'un répertoire de /proc, dans l'ordre croissant. */
static int numeric(const struct dirent *d) {
  return d->d_name[0] >= '0' && d->d_name[0] <= '9';
}
static int by_number(const struct dirent **a, const struct dirent **b) {
  return atoi((*a)->d_name) - atoi((*b)->d_name);
}

static void read_owners(void) {
  struct dirent **pids, **fds;
  int n, m, i, j;
  char path[600], link[64], comm[64];
  FILE *f;
  if ((n = scandir("/proc", &pids, numeric, by_number)) == -1) return;
  for (i = 0; i < n; i++) {
    snprintf(path, sizeof path, "/proc/%s/comm", pids[i]->d_name);
    comm[0] = '\0';
    if ((f = fopen(path, "r")) != NULL) {
      if (fgets(comm, sizeof comm, f) != NULL) comm[strcspn(comm, "\n")] = '\0';
      fclose(f);
    }
    snprintf(path, sizeof path, "/proc/%s/fd", pids[i]->d_name);
    if ((m = scandir(path, &fds, numeric, by_number)) != -1) {
      for (j = 0; j < m; j++) {
        ssize_t len;
        unsigned long inode;
        snprintf(path, sizeof path, "/proc/%s/fd/%s", pids[i]->d_name, fds[j]->d_name);
        if ((len = readlink(path, link, sizeof link - 1)) > 0) {
          link[len] = '\0';
          if (sscanf(link, "socket:[%lu]", &inode) == 1) {
            owners = realloc(owners, (n_owners + 1) * sizeof *owners);
            owners[n_owners].inode = inode;
            owners[n_owners].pid = atoi(pids[i]->d_name);
            owners[n_owners].fd = atoi(fds[j]->d_name);
            snprintf(owners[n_owners].comm, sizeof owners[n_owners].comm, "%s", comm);
            n_owners++;
          }
        }
        free(fds[j]);
      }
      free(fds);
    }
    free(pids[i]);
  }
  free(pids);
}

/* "127.0.0.1:3000", "[::1]:3000", "0.0.0.0:*" : comme ss -n. */
static void format_address(char *out, size_t size, int family, const __be32 *addr, __be16 port) {
  char host[INET6_ADDRSTRLEN];
  char p[8];
  inet_ntop(family, addr, host, sizeof host);
  if (port == 0)
    snprintf(p, sizeof p, "*");
  else
    snprintf(p, sizeof p, "%u", ntohs(port));
  if (family == AF_INET6)
    snprintf(out, size, "[%s]:%s", host, p);
  else
    snprintf(out, size, "%s:%s", host, p);
}

int main(int argc, char **argv) {
  int tcp = 0, udp = 0, all = 0, listening = 0, processes = 0, opt, s, i, j;
  unsigned states;
  static const int protocols[2] = {IPPROTO_UDP, IPPROTO_TCP};
  static const int families[2] = {AF_INET, AF_INET6};
  static char buf[BUF_MAX];
  struct sockaddr_nl kernel;

  setvbuf(stdout, NULL, _IOLBF, 0);

  opterr = 0;
  while ((opt = getopt(argc, argv, "+tualnp")) != -1) {
    if (opt == 't')
      tcp = 1;
    else if (opt == 'u')
      udp = 1;
    else if (opt == 'a')
      all = 1;
    else if (opt == 'l')
      listening = 1;
    else if (opt == 'p')
      processes = 1;
    else if (opt != 'n')
      usage();
  }
  if (!tcp && !udp) tcp = udp = 1;
  if (all)
    states = ~0u;
  else if (listening)
    states = 1u << TCP_LISTEN | 1u << TCP_CLOSE;
  else
    states = ~(1u << TCP_LISTEN | 1u << TCP_CLOSE | 1u << TCP_TIME_WAIT | 1u << TCP_SYN_RECV);
  /* Le filtre : « state NOM »..., puis « sport|dport OP :PORT » reliées par « and ». */
  for (i = optind, j = 0; i < argc; i++) {
    if (strcmp(argv[i], "state") == 0 && i + 1 < argc && state_bits(argv[i + 1]) != 0) {
      states = (j++ ? states : 0) | state_bits(argv[++i]);
    } else if ((strcmp(argv[i], "sport") == 0 || strcmp(argv[i], "dport") == 0) && i + 2 < argc &&
               n_conds < 16) {
      const char *op = argv[i + 1], *value = argv[i + 2];
      conds[n_conds].dport = argv[i][0] == 'd';
      if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0 || strcmp(op, "eq") == 0)
        conds[n_conds].equal = 1;
      else if (strcmp(op, "!=") == 0 || strcmp(op, "ne") == 0 || strcmp(op, "neq") == 0)
        conds[n_conds].equal = 0;
      else
        usage();
      if (value[0] == ':') value++;
      if (value[0] < '0' || value[0] > '9' || atoi(value) > 65535) usage();
      conds[n_conds++].port = (unsigned)atoi(value);
      i += 2;
    } else if (strcmp(argv[i], "and") != 0) {
      usage();
    }
  }
  if (processes) read_owners();

  if ((s = socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG)) == -1) {
    perror("socket");
    exit(1);
  }
  memset(&kernel, 0, sizeof kernel);
  kernel.nl_family = AF_NETLINK; /* nl_pid 0 : le noyau */

  printf("%-5s %-10s %-6s %-6s %-30s %s\n", "Netid", "State", "Recv-Q", "Send-Q",
         "Local Address:Port",
         processes ? "Peer Address:Port              Process" : "Peer Address:Port");
  for (i = 0; i < 2; i++) {
    if ((protocols[i] == IPPROTO_UDP && !udp) || (protocols[i] == IPPROTO_TCP && !tcp)) continue;
    for (j = 0; j < 2; j++) {
      struct {
        struct nlmsghdr nlh;
        struct inet_diag_req_v2 req;
      } request;
      struct iovec iov;
      struct msghdr msg;
      int done = 0;

      /* La requête : toutes les sockets de ce protocole et de cette famille, dans ces
       * états. */
      memset(&request, 0, sizeof request);
      request.nlh.nlmsg_len = sizeof request;
      request.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
      request.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
      request.nlh.nlmsg_seq = (unsigned)(i * 2 + j + 1);
      request.req.sdiag_family = (unsigned char)families[j];
      request.req.sdiag_protocol = (unsigned char)protocols[i];
      request.req.idiag_states = states;
      iov.iov_base = &request;
      iov.iov_len = sizeof request;
      memset(&msg, 0, sizeof msg);
      msg.msg_name = &kernel;
      msg.msg_namelen = sizeof kernel;
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      if (sendmsg(s, &msg, 0) == -1) {
        perror("sendmsg");
        exit(1);
      }

      /* Les réponses : des messages netlink, jusqu'à NLMSG_DONE. */
      while (!done) {
        struct sockaddr_nl from;
        struct nlmsghdr *nlh;
        ssize_t n;
        int len;
        iov.iov_base = buf;
        iov.iov_len = sizeof buf;
        memset(&msg, 0, sizeof msg);
        msg.msg_name = &from;
        msg.msg_namelen = sizeof from;
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        if ((n = recvmsg(s, &msg, 0)) == -1) {
          perror("recvmsg");
          exit(1);
        }
        len = (int)n;
        for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
          struct inet_diag_msg *d = NLMSG_DATA(nlh);
          char local[64], peer[64];
          size_t k;
          if (nlh->nlmsg_type == NLMSG_DONE) {
            done = 1;
            break;
          }
          if (nlh->nlmsg_type == NLMSG_ERROR) {
            fprintf(stderr, "sockstat: netlink error %d\n",
                    ((struct nlmsgerr *)NLMSG_DATA(nlh))->error);
            exit(1);
          }
          if (!matches(ntohs(d->id.idiag_sport), ntohs(d->id.idiag_dport))) continue;
          format_address(local, sizeof local, d->idiag_family, d->id.idiag_src, d->id.idiag_sport);
          format_address(peer, sizeof peer, d->idiag_family, d->id.idiag_dst, d->id.idiag_dport);
          printf("%-5s %-10s %-6u %-6u %-30s %-*s", protocols[i] == IPPROTO_UDP ? "udp" : "tcp",
                 state_name(d->idiag_state, protocols[i] == IPPROTO_UDP), d->idiag_rqueue,
                 d->idiag_wqueue, local, processes ? 30 : 0, peer);
          if (processes && d->idiag_inode != 0) {
            int first = 1;
            for (k = 0; k < n_owners; k++) {
              if (owners[k].inode != d->idiag_inode) continue;
              printf("%s\"%s\",pid=%d,fd=%d)", first ? " users:((" : ",(", owners[k].comm,
                     owners[k].pid, owners[k].fd);
              first = 0;
            }
            if (!first) printf(")");
          }
          printf("\n");
        }
      }
    }
  }
  close(s);
  return 0;
}
