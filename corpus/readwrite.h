/* readwrite.h - the corpus's small wrapper library: writen and readline. */
#include <sys/types.h>

ssize_t writen(int fd, const char *buf, size_t n);
ssize_t readline(int fd, char *line, size_t size);
