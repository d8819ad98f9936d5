/*
 * readwrite.c - writen and readline, as the socket textbooks give them to their programs.
 *
 * writen: all n bytes, again after a short write or a signal.
 * readline: one line, '\n' kept and a NUL added, one byte per read(2) so that nothing past
 * the '\n' is taken from the socket; returns its length, 0 at end of file, -1 on error.
 */
#include "readwrite.h"

#include <errno.h>
#include <unistd.h>

ssize_t writen(int fd, const char *buf, size_t n) {
  size_t done = 0;
  ssize_t w;

  while (done < n) {
    w = write(fd, buf + done, n - done);
    if (w == -1 && errno == EINTR) continue;
    if (w <= 0) return -1;
    done += w;
  }
  return done;
}

ssize_t readline(int fd, char *line, size_t size) {
  size_t len = 0;
  ssize_t r;
  char c;

  while (len + 1 < size) {
    r = read(fd, &c, 1);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) return -1;
    if (r == 0) break;
    line[len++] = c;
    if (c == '\n') break;
  }
  line[len] = 0;
  return len;
}
