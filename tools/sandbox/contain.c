/*
 * contain: runs one command that nobody has vouched for (a student's port, an autograder's
 * submission) so that it cannot outlive, outgrow or look past its run.
 *
 *   contain [--netns] [--dir DIR] [--user NAME] [--cpu S] [--memory BYTES] [--nproc N]
 *           [--nofile N] [--wall S] [--output BYTES] [--report FILE] [--keep-fd N]
 *           -- command args...
 *
 * The layers, each a kernel mechanism rather than a convention the command could ignore:
 *  - a PID namespace whose init is this program's child: when it ends, the kernel kills every
 *    process left in the namespace, daemons that double-forked and setsid()ed included
 *    (pid_namespaces(7)); the command cannot see or signal a process outside it;
 *  - a mount namespace in which every mount is read-only but DIR, the command's own
 *    directory (mount_setattr(2), recursively), and /proc shows only the namespace;
 *  - with --netns, a network namespace with only `lo`, up: no route out (network_namespaces(7));
 *  - as root, the command runs as an unprivileged user (`nobody` unless --user); as an
 *    ordinary user, all of it is done inside a user namespace that maps that user to root
 *    (user_namespaces(7)), since an ordinary user may create one where the kernel allows it;
 *  - rlimits: RLIMIT_CPU, RLIMIT_AS (none with --memory 0), RLIMIT_NPROC, RLIMIT_NOFILE
 *    (setrlimit(2));
 *  - where the kernel refuses an ordinary user a user namespace (or with --no-namespaces), it
 *    falls back to the rlimits and the watch below, with init (I) a subreaper that kills the
 *    whole tree below it at the end; the report says so ("contained": "fallback");
 *  - wall time and output size, which no rlimit bounds, are watched here: the command's
 *    stdout and stderr are pipes that this program copies to its own, counting, and past the
 *    limit (or the time) the whole namespace is killed.
 *
 * Processes:  contain (P, in the caller's namespaces but its own mount/net ones)
 *               └─ init (I, pid 1 of the new PID namespace: reaps, forwards signals)
 *                    └─ the command (C, pid 2, in a process group of its own)
 * P exits as C did (the same code, or the same signal raised again), and writes its verdict
 * as one JSON line to --report FILE: {"status":…,"signal":…,"limit":…,"message":…}, where
 * `limit` names the limit the command broke, if any (wall, output, cpu, memory, nproc).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <linux/mount.h>
#include <net/if.h>
#include <poll.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_KEEP 16

static struct {
  int netns, no_namespaces;
  const char *dir;
  const char *user;
  double cpu, wall;
  long long memory, output;
  long nproc, nofile;
  const char *report;
  int keep[MAX_KEEP];
  int nkeep;
} opt = {
    .cpu = 10, .wall = 30, .memory = 2LL << 30, .output = 1 << 20, .nproc = 128, .nofile = 256};

static void die(const char *what) {
  fprintf(stderr, "contain: %s: %s\n", what, strerror(errno));
  exit(125);
}

static void usage(void) {
  fprintf(stderr,
          "usage: contain [--netns] [--dir DIR] [--user NAME] [--cpu S] [--memory BYTES]"
          " [--nproc N] [--nofile N] [--wall S] [--output BYTES] [--report FILE]"
          " [--keep-fd N] -- command args...\n");
  exit(125);
}

static void write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY);
  if (fd == -1 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) die(path);
  close(fd);
}

/* The user namespace of an ordinary user: the caller's uid and gid become root inside, the
 * only mapping an unprivileged process may write (setgroups denied first, as the kernel
 * requires for the gid map). 0 where the kernel refuses one (errno says why). */
static int enter_user_namespace(void) {
  uid_t uid = getuid();
  gid_t gid = getgid();
  char map[64];
  if (unshare(CLONE_NEWUSER) == -1) return 0;
  write_file("/proc/self/setgroups", "deny");
  snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)uid);
  write_file("/proc/self/uid_map", map);
  snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)gid);
  write_file("/proc/self/gid_map", map);
  return 1;
}

/* Whether this process is in the initial user namespace, whose uid_map maps all 2^32 - 1
 * ids to themselves. Root in another one (a checker run under `unshare -Ur`) cannot become
 * nobody, who is not mapped there: it is treated as the ordinary user it is outside. */
/* The user's entry, from /etc/passwd itself: getpwnam(3) would ask nscd first, through an
 * AF_UNIX socket that a trace of the command (strace -f contain …) would show as its own. */
static struct passwd *user_from_passwd(const char *name) {
  struct passwd *pw = NULL;
  FILE *f = fopen("/etc/passwd", "r");
  if (f == NULL) return NULL;
  while ((pw = fgetpwent(f)) != NULL)
    if (strcmp(pw->pw_name, name) == 0) break;
  fclose(f);
  return pw;
}

static int initial_user_namespace(void) {
  unsigned inside = 1, outside = 1, count = 0;
  FILE *f = fopen("/proc/self/uid_map", "r");
  if (f == NULL) return 1;
  if (fscanf(f, "%u %u %u", &inside, &outside, &count) != 3) count = 0;
  fclose(f);
  return inside == 0 && outside == 0 && count == 4294967295U;
}

/* A new network namespace has lo, down (network_namespaces(7)): bring it up. */
static void loopback_up(void) {
  struct ifreq ifr;
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s == -1) die("socket");
  memset(&ifr, 0, sizeof(ifr));
  strcpy(ifr.ifr_name, "lo");
  if (ioctl(s, SIOCGIFFLAGS, &ifr) == -1) die("SIOCGIFFLAGS lo");
  ifr.ifr_flags |= IFF_UP;
  if (ioctl(s, SIOCSIFFLAGS, &ifr) == -1) die("SIOCSIFFLAGS lo");
  close(s);
}

/* Every mount read-only, then DIR's own bind mount writable again. The bind mount comes first
 * so that the recursive change reaches it too, and only its flag is cleared afterwards. */
static void read_only_but(const char *dir) {
  struct mount_attr ro = {.attr_set = MOUNT_ATTR_RDONLY};
  struct mount_attr rw = {.attr_clr = MOUNT_ATTR_RDONLY};
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1) die("mount --make-rprivate /");
  if (mount(dir, dir, NULL, MS_BIND, NULL) == -1) die("mount --bind DIR");
  if (syscall(SYS_mount_setattr, AT_FDCWD, "/", AT_RECURSIVE, &ro, sizeof(ro)) == -1)
    die("mount_setattr / read-only");
  if (syscall(SYS_mount_setattr, AT_FDCWD, dir, 0, &rw, sizeof(rw)) == -1)
    die("mount_setattr DIR writable");
}

/* As root, the pids controller (cgroup v1 here, /sys/fs/cgroup/pids) bounds the tasks of one
 * run exactly and counts the forks it refused (pids.events), where RLIMIT_NPROC would count
 * every process of `nobody` on the machine. P joins it before forking, so P and I count: 2. */
static char cgroup[128];

static int cgroup_enter(long max) {
  char path[192], text[32];
  snprintf(cgroup, sizeof(cgroup), "/sys/fs/cgroup/pids/contain.%d", (int)getpid());
  if (mkdir(cgroup, 0755) == -1) {
    cgroup[0] = 0;
    return 0;
  }
  snprintf(path, sizeof(path), "%s/pids.max", cgroup);
  snprintf(text, sizeof(text), "%ld", max + 2);
  write_file(path, text);
  snprintf(path, sizeof(path), "%s/cgroup.procs", cgroup);
  snprintf(text, sizeof(text), "%d", (int)getpid());
  write_file(path, text);
  return 1;
}

/* The forks the cgroup refused; P leaves it and removes it. */
static long cgroup_leave(void) {
  char path[192], text[32];
  long refused = 0;
  FILE *f;
  if (cgroup[0] == 0) return 0;
  snprintf(path, sizeof(path), "%s/pids.events", cgroup);
  if ((f = fopen(path, "r")) != NULL) {
    if (fscanf(f, "max %ld", &refused) != 1) refused = 0;
    fclose(f);
  }
  snprintf(text, sizeof(text), "%d", (int)getpid());
  write_file("/sys/fs/cgroup/pids/cgroup.procs", text);
  rmdir(cgroup);
  return refused;
}

static void set_limit(int resource, rlim_t value, const char *name) {
  struct rlimit r = {value, value};
  if (resource == RLIMIT_CPU) r.rlim_max = value + 1; /* SIGXCPU first, SIGKILL a second on */
  if (setrlimit(resource, &r) == -1) die(name);
}

/* Every fd above 2 is closed in C but those given with --keep-fd: the caller's pipes and
 * files are not the command's to read or write. */
static void close_all_but_kept(void) {
  unsigned lo = 3;
  for (unsigned fd = 3; fd < 65536 && lo <= (unsigned)INT32_MAX; fd++) {
    int keep = 0;
    for (int i = 0; i < opt.nkeep; i++)
      if ((unsigned)opt.keep[i] == fd) keep = 1;
    if (!keep) continue;
    if (fd > lo) syscall(SYS_close_range, lo, fd - 1, 0);
    lo = fd + 1;
  }
  syscall(SYS_close_range, lo, ~0U, 0);
}

/* C: the command itself, pid 2 of the namespace. */
static void exec_command(char **argv, int out, int err, uid_t uid, gid_t gid, int drop) {
  if (dup2(out, 1) == -1 || dup2(err, 2) == -1) die("dup2");
  close_all_but_kept();
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  set_limit(RLIMIT_CPU, (rlim_t)opt.cpu, "setrlimit(RLIMIT_CPU)");
  if (opt.memory > 0) set_limit(RLIMIT_AS, (rlim_t)opt.memory, "setrlimit(RLIMIT_AS)");
  set_limit(RLIMIT_NOFILE, (rlim_t)opt.nofile, "setrlimit(RLIMIT_NOFILE)");
  /* RLIMIT_NPROC counts the tasks of the real uid: as an ordinary user, those of root in our
   * user namespace (P and I among them, hence 2 more); as root without the pids cgroup, every
   * task of the user we become. With the cgroup, pids.max alone bounds the run. */
  if (!drop)
    set_limit(RLIMIT_NPROC, (rlim_t)opt.nproc + 2, "setrlimit(RLIMIT_NPROC)");
  else if (cgroup[0] == 0)
    set_limit(RLIMIT_NPROC, (rlim_t)opt.nproc, "setrlimit(RLIMIT_NPROC)");
  if (drop) {
    if (setgroups(0, NULL) == -1) die("setgroups");
    if (setgid(gid) == -1) die("setgid");
    if (setuid(uid) == -1) die("setuid");
  }
  if (opt.dir != NULL && chdir(opt.dir) == -1) die("chdir DIR");
  signal(SIGPIPE, SIG_DFL);
  execvp(argv[0], argv);
  fprintf(stderr, "contain: %s: %s\n", argv[0], strerror(errno));
  _exit(127);
}

/* Whether the command runs in namespaces of its own (the normal case), or, where the kernel
 * refuses an ordinary user a user namespace, with its limits and a subreaper only. */
static int namespaced = 1;

/* The parent pid of `pid`, from /proc/PID/stat (after the command name, which may hold
 * spaces and parentheses: the last ')' ends it), or -1. */
static pid_t parent_of(pid_t pid) {
  char path[64], text[512];
  int ppid = -1;
  ssize_t n;
  int fd;
  snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
  if ((fd = open(path, O_RDONLY)) == -1) return -1;
  n = read(fd, text, sizeof(text) - 1);
  close(fd);
  if (n <= 0) return -1;
  text[n] = 0;
  char *end = strrchr(text, ')');
  if (end == NULL || sscanf(end + 1, " %*c %d", &ppid) != 1) return -1;
  return ppid;
}

/* Calls `each` for every process below `top` (children, theirs, and so on), from the whole
 * of /proc; returns how many there were. Without a PID namespace this is how the run's
 * processes are found. */
#define MAX_SCAN 8192
static int descendants(pid_t top, void (*each)(pid_t)) {
  static pid_t pids[MAX_SCAN], parents[MAX_SCAN];
  static char below[MAX_SCAN];
  int n = 0, found = 0, grew = 1;
  DIR *d = opendir("/proc");
  struct dirent *e;
  if (d == NULL) return 0;
  while ((e = readdir(d)) != NULL && n < MAX_SCAN) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    pids[n] = atoi(e->d_name);
    parents[n] = parent_of(pids[n]);
    below[n] = parents[n] == top;
    n++;
  }
  closedir(d);
  while (grew) { /* a fixed point: a process is below top if its parent is */
    grew = 0;
    for (int i = 0; i < n; i++) {
      if (below[i]) continue;
      for (int j = 0; j < n; j++)
        if (below[j] && parents[i] == pids[j]) {
          below[i] = 1;
          grew = 1;
          break;
        }
    }
  }
  for (int i = 0; i < n; i++)
    if (below[i]) {
      found++;
      if (each != NULL) each(pids[i]);
    }
  return found;
}

static void kill_now(pid_t pid) {
  kill(pid, SIGKILL);
}

/* I: init of the namespace. Forwards the signals P passes on to C's group, reaps every
 * orphan, and once C has ended kills what is left and reports C's wait status as its own. */
static volatile sig_atomic_t forward_signal;
static void on_forward(int sig) {
  forward_signal = sig;
}

static int run_init(char **argv, int out, int err, int to_parent, uid_t uid, gid_t gid, int drop) {
  sigset_t all, old;
  int status = 0;
  struct rusage usage;
  pid_t command;
  char line[64];
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (namespaced && mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == -1)
    die("mount /proc");
  /* Without a PID namespace, orphans of the command come to I rather than to init(1). */
  if (!namespaced && prctl(PR_SET_CHILD_SUBREAPER, 1) == -1) die("prctl(PR_SET_CHILD_SUBREAPER)");
  if (write(to_parent, "r", 1) != 1) die("write"); /* /proc is the namespace's: P may sample */
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, &old);
  command = fork();
  if (command == -1) die("fork");
  if (command == 0) {
    sigprocmask(SIG_SETMASK, &old, NULL);
    exec_command(argv, out, err, uid, gid, drop);
  }
  close(out);
  close(err);
  {
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_forward;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
  }
  sigprocmask(SIG_SETMASK, &old, NULL);
  for (;;) {
    int st;
    pid_t pid = wait4(-1, &st, 0, &usage);
    if (pid == command) {
      status = st;
      break;
    }
    if (pid == -1 && errno == EINTR && forward_signal != 0) {
      kill(-command, forward_signal);
      kill(command, forward_signal);
      forward_signal = 0;
    }
  }
  if (namespaced) {
    kill(-1, SIGKILL); /* from pid 1: every other process of the namespace */
    while (waitpid(-1, NULL, 0) > 0 || errno == EINTR) {
    }
  } else {
    /* The command's group, then whatever is still below I (setsid() leaves the group, not
     * the tree), until nothing is: each round reaps what the last one killed. */
    kill(-command, SIGKILL);
    for (int round = 0; round < 100; round++) {
      int left = descendants(getpid(), kill_now);
      while (waitpid(-1, NULL, WNOHANG) > 0) {
      }
      if (left == 0) break;
      usleep(10000);
    }
  }
  /* C's end, its CPU time and its largest resident set, for P's verdict:
   * "<exit code or -1> <signal or 0> <seconds> <max RSS in KiB>". */
  snprintf(line, sizeof(line), "%d %d %.3f %ld\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1,
           WIFSIGNALED(status) ? WTERMSIG(status) : 0,
           usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
               (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6,
           usage.ru_maxrss);
  if (write(to_parent, line, strlen(line)) != (ssize_t)strlen(line)) _exit(125);
  _exit(0);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

/* What P samples of the namespace every few ms, through the namespace's own /proc: tasks
 * (threads count, as they do for RLIMIT_NPROC and pids.max) and the largest address space. */
static long peak_processes;
static long long peak_vm; /* bytes, the largest VmPeak of one process */

static pid_t init_pid;
static long sampled;

static void sample_one(pid_t pid) {
  char path[64], line[256];
  FILE *f;
  sampled++;
  snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
  if ((f = fopen(path, "r")) == NULL) return;
  while (fgets(line, sizeof(line), f) != NULL) {
    long long kb;
    long threads;
    if (sscanf(line, "VmPeak: %lld kB", &kb) == 1 && kb * 1024 > peak_vm) peak_vm = kb * 1024;
    if (sscanf(line, "Threads: %ld", &threads) == 1) sampled += threads - 1;
  }
  fclose(f);
}

/* Without namespaces RLIMIT_NPROC counts every task of our real uid on the machine, this
 * program's and the caller's too: that count, sampled, is what says a fork was refused. */
static long peak_uid_tasks;

static void sample_uid_tasks(void) {
  DIR *d = opendir("/proc");
  struct dirent *e;
  long count = 0;
  unsigned uid = getuid();
  if (d == NULL) return;
  while ((e = readdir(d)) != NULL) {
    char path[300], line[256];
    unsigned real = 0;
    int mine = 0;
    FILE *f;
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    snprintf(path, sizeof(path), "/proc/%s/status", e->d_name);
    if ((f = fopen(path, "r")) == NULL) continue;
    while (fgets(line, sizeof(line), f) != NULL) {
      long threads;
      if (sscanf(line, "Uid: %u", &real) == 1) mine = real == uid;
      if (mine && sscanf(line, "Threads: %ld", &threads) == 1) count += threads;
    }
    fclose(f);
  }
  closedir(d);
  if (count > peak_uid_tasks) peak_uid_tasks = count;
}

static void sample(void) {
  DIR *d;
  if (!namespaced) { /* the host's /proc: the run is what is below I */
    sampled = 0;
    descendants(init_pid, sample_one);
    if (sampled > peak_processes) peak_processes = sampled;
    sample_uid_tasks();
    return;
  }
  d = opendir("/proc");
  struct dirent *e;
  long count = 0;
  if (d == NULL) return;
  while ((e = readdir(d)) != NULL) {
    char path[300], line[256];
    FILE *f;
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    if (strcmp(e->d_name, "1") == 0) continue; /* init, ours */
    count++;
    snprintf(path, sizeof(path), "/proc/%s/status", e->d_name);
    if ((f = fopen(path, "r")) == NULL) continue;
    while (fgets(line, sizeof(line), f) != NULL) {
      long long kb;
      long threads;
      if (sscanf(line, "VmPeak: %lld kB", &kb) == 1 && kb * 1024 > peak_vm) peak_vm = kb * 1024;
      if (sscanf(line, "Threads: %ld", &threads) == 1) count += threads - 1;
    }
    fclose(f);
  }
  closedir(d);
  if (count > peak_processes) peak_processes = count;
}

/* Ends the run at once, for a limit of ours. In a PID namespace killing its init kills all
 * of it; without one, killing I would hand its orphans to init(1), so the tree below I is
 * killed instead, and I, seeing the command end, makes sure and reports as usual. */
static void stop_run(void) {
  if (namespaced) {
    kill(init_pid, SIGKILL);
    return;
  }
  for (int round = 0; round < 10 && descendants(init_pid, kill_now) > 0; round++) usleep(1000);
}

static volatile sig_atomic_t pending_signal;
static void on_signal(int sig) {
  pending_signal = sig;
}

static int output_overflow;

/* Copies what one pipe holds to our fd `to`, never past --output bytes in all. */
static int copy_out(int from, int to, long long *total) {
  char buf[65536];
  ssize_t n = read(from, buf, sizeof(buf));
  if (n <= 0) return n == 0 || errno != EINTR ? 0 : 1;
  if (*total + n > opt.output) {
    n = opt.output - *total;
    output_overflow = 1;
  }
  *total += n;
  for (ssize_t done = 0; done < n;) {
    ssize_t w = write(to, buf + done, n - done);
    if (w <= 0) break; /* our reader went away: keep counting, drop the bytes */
    done += w;
  }
  return 1;
}

static const char *human_bytes(long long n, char *buf, size_t size) {
  if (n % (1LL << 30) == 0)
    snprintf(buf, size, "%lld GiB", n >> 30);
  else if (n % (1LL << 20) == 0)
    snprintf(buf, size, "%lld MiB", n >> 20);
  else if (n % 1024 == 0)
    snprintf(buf, size, "%lld KiB", n >> 10);
  else
    snprintf(buf, size, "%lld bytes", n);
  return buf;
}

int main(int argc, char **argv) {
  static const struct option longs[] = {{"netns", no_argument, 0, 'n'},
                                        {"dir", required_argument, 0, 'd'},
                                        {"user", required_argument, 0, 'u'},
                                        {"cpu", required_argument, 0, 'c'},
                                        {"memory", required_argument, 0, 'm'},
                                        {"nproc", required_argument, 0, 'p'},
                                        {"nofile", required_argument, 0, 'f'},
                                        {"wall", required_argument, 0, 'w'},
                                        {"output", required_argument, 0, 'o'},
                                        {"report", required_argument, 0, 'r'},
                                        {"keep-fd", required_argument, 0, 'k'},
                                        {"no-namespaces", no_argument, 0, 'N'},
                                        {0, 0, 0, 0}};
  int c, out[2], err[2], from_init[2], root = geteuid() == 0 && initial_user_namespace();
  uid_t uid = getuid();
  gid_t gid = getgid();
  const char *limit = NULL;
  char message[160] = "", size[32], fallback[256] = "";
  long long output_total = 0;
  int code = -1, sig = SIGKILL;
  double cpu = 0;
  long refused = 0;
  double start;
  FILE *report = NULL;

  while ((c = getopt_long(argc, argv, "+", longs, NULL)) != -1) {
    switch (c) {
      case 'n': opt.netns = 1; break;
      case 'N': opt.no_namespaces = 1; break;
      case 'd': opt.dir = optarg; break;
      case 'u': opt.user = optarg; break;
      case 'c': opt.cpu = atof(optarg); break;
      case 'm': opt.memory = atoll(optarg); break;
      case 'p': opt.nproc = atol(optarg); break;
      case 'f': opt.nofile = atol(optarg); break;
      case 'w': opt.wall = atof(optarg); break;
      case 'o': opt.output = atoll(optarg); break;
      case 'r': opt.report = optarg; break;
      case 'k':
        if (opt.nkeep == MAX_KEEP) usage();
        opt.keep[opt.nkeep++] = atoi(optarg);
        break;
      default: usage();
    }
  }
  if (optind >= argc || opt.dir == NULL || opt.cpu < 1 || opt.wall <= 0 || opt.memory < 0 ||
      opt.output < 0 || opt.nproc < 1 || opt.nofile < 3)
    usage();
  if (opt.report != NULL && (report = fopen(opt.report, "w")) == NULL) die(opt.report);
  if (root) {
    struct passwd *pw = user_from_passwd(opt.user != NULL ? opt.user : "nobody");
    if (pw == NULL) {
      fprintf(stderr, "contain: no user %s\n", opt.user != NULL ? opt.user : "nobody");
      return 125;
    }
    uid = pw->pw_uid;
    gid = pw->pw_gid;
    if (opt.dir != NULL && chown(opt.dir, uid, gid) == -1) die("chown DIR");
  } else {
    if (opt.user != NULL) {
      fprintf(stderr, "contain: --user needs root\n");
      return 125;
    }
    if (opt.no_namespaces || !enter_user_namespace()) {
      namespaced = 0;
      snprintf(fallback, sizeof(fallback),
               "no user namespace here (%s): the program runs with its limits, in a process "
               "group below a subreaper; it shares your network and can write where you can",
               opt.no_namespaces ? "--no-namespaces" : strerror(errno));
    }
  }
  if (namespaced) {
    if (unshare(CLONE_NEWNS | CLONE_NEWPID | (opt.netns ? CLONE_NEWNET : 0)) == -1) die("unshare");
    if (opt.netns) loopback_up();
    read_only_but(opt.dir);
  }
  if (pipe2(out, O_CLOEXEC) == -1 || pipe2(err, O_CLOEXEC) == -1 ||
      pipe2(from_init, O_CLOEXEC) == -1)
    die("pipe2");

  {
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
  }
  if (root) cgroup_enter(opt.nproc);
  start = now();
  init_pid = fork();
  if (init_pid == -1) die("fork");
  if (init_pid == 0) {
    close(out[0]);
    close(err[0]);
    close(from_init[0]);
    signal(SIGPIPE, SIG_DFL);
    return run_init(argv + optind, out[1], err[1], from_init[1], uid, gid, root);
  }
  close(out[1]);
  close(err[1]);
  close(from_init[1]);
  {
    char ready;
    if (read(from_init[0], &ready, 1) != 1) { /* init could not start: its error is said */
      waitpid(init_pid, NULL, 0);
      cgroup_leave();
      return 125;
    }
  }

  {
    /* Until I has reported (it does once everything of the run has ended), then until the
     * pipes are drained: a command that closed its stdout and stderr is still watched. */
    struct pollfd fds[3] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {from_init[0], POLLIN, 0}};
    char line[64] = "";
    double reported = 0;
    while (fds[0].fd >= 0 || fds[1].fd >= 0 || fds[2].fd >= 0) {
      if (pending_signal != 0) {
        kill(init_pid, pending_signal);
        pending_signal = 0;
      }
      if (limit == NULL && reported == 0 && now() >= start + opt.wall) {
        limit = "wall";
        snprintf(message, sizeof(message), "killed: %g s of wall time", opt.wall);
        stop_run();
      }
      if (reported != 0 && now() > reported + 1) break; /* a pipe held open past the end */
      if (reported == 0) sample();
      if (poll(fds, 3, 20) <= 0) continue;
      if (fds[2].fd >= 0 && fds[2].revents != 0) {
        ssize_t n = read(fds[2].fd, line, sizeof(line) - 1);
        line[n > 0 ? n : 0] = 0;
        close(fds[2].fd);
        fds[2].fd = -1;
        reported = now();
      }
      for (int i = 0; i < 2; i++) {
        if (fds[i].fd < 0 || fds[i].revents == 0) continue;
        if (!copy_out(fds[i].fd, i + 1, &output_total)) {
          close(fds[i].fd);
          fds[i].fd = -1;
        }
      }
      if (limit == NULL && output_overflow) {
        limit = "output";
        snprintf(message, sizeof(message), "stopped: %s of output",
                 human_bytes(opt.output, size, sizeof(size)));
        stop_run();
      }
    }
    waitpid(init_pid, NULL, 0);
    refused = cgroup_leave();
    /* An empty line: I was killed (a limit of ours) before it could say. */
    if (line[0] != 0) {
      long max_rss_kb = 0;
      sscanf(line, "%d %d %lf %ld", &code, &sig, &cpu, &max_rss_kb);
      /* The address space is at least what was resident: a program that fills what it
       * allocates and ends between two samples (malloc's NULL, then exit) is still seen
       * near RLIMIT_AS (the samples alone missed it once on a loaded machine). */
      if (max_rss_kb * 1024LL > peak_vm) peak_vm = max_rss_kb * 1024LL;
    }
  }
  {
    if (limit != NULL) { /* ours: I was SIGKILLed, C with it */
      code = -1;
      sig = SIGKILL;
    }
    if (refused > 0 || (cgroup[0] == 0 && namespaced && peak_processes >= opt.nproc) ||
        (!namespaced && peak_uid_tasks >= opt.nproc + 2)) {
      /* First: a fork bomb runs into the wall time or the output limit only because its
       * forks were refused. Without the cgroup this is seen in samples, not counted: of the
       * namespace's tasks, or without namespaces, of all the tasks of our uid. */
      limit = "nproc";
      snprintf(message, sizeof(message), "fork refused: %ld processes", opt.nproc);
    } else if (limit == NULL && (sig == SIGXCPU || cpu >= opt.cpu)) {
      limit = "cpu";
      snprintf(message, sizeof(message), "killed: %g s of CPU time", opt.cpu);
    } else if (limit == NULL && opt.memory > 0 && (sig != 0 || code != 0) &&
               peak_vm >= opt.memory * 9 / 10) {
      /* A process that ran out of address space ends as it chooses (malloc's NULL, V8's
       * abort): an abnormal end within 10% of the limit is taken for it. */
      limit = "memory";
      snprintf(message, sizeof(message), "stopped: %s of memory (RLIMIT_AS)",
               human_bytes(opt.memory, size, sizeof(size)));
    }
    if (report != NULL) {
      fprintf(report,
              "{\"status\":%d,\"signal\":%d,\"limit\":%s%s%s,\"message\":\"%s\","
              "\"peakProcesses\":%ld,\"peakVirtualBytes\":%lld,\"outputBytes\":%lld,"
              "\"cpuSeconds\":%.3f,\"seconds\":%.3f,\"contained\":\"%s\",\"note\":\"%s\"}\n",
              code, sig, limit ? "\"" : "", limit ? limit : "null", limit ? "\"" : "", message,
              peak_processes, peak_vm, output_total, cpu, now() - start,
              namespaced ? "namespaces" : "fallback", fallback);
      fclose(report);
    }
    if (limit != NULL) fprintf(stderr, "contain: %s\n", message);
    fflush(stderr);
    if (sig != 0) { /* end as C ended, so that our caller sees what it would see without us */
      signal(sig, SIG_DFL);
      kill(getpid(), sig);
      return 128 + sig;
    }
    return code;
  }
}
