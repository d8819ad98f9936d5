/**
 * getopt(3) of <unistd.h>, as the C twins of the tools call it, with C's globals:
 * `optarg` (the argument of the option just returned), `optind` (the index in argv of the
 * next word to read: once getopt gave -1, the first argument after the options) and
 * `opterr`. Imported, `optarg` and `optind` are read live, as C's globals are (the compiled
 * CommonJS reads `getopt_1.optarg` at each use); an import cannot be assigned, so C's
 * `opterr = 0;` is `set_opterr(0)`, as `errno = 0;` is `set_errno(0)`.
 *
 * Returns the option character, '?' for an unknown option or a missing argument (printed
 * on stderr as glibc prints it, unless opterr is 0), or -1 at the first word that is not an
 * option. A leading '+' in `optstring` stops there, as glibc does with it (and POSIX
 * always). Options may be grouped (`-ul`) and an argument attached (`-w1`); `--` ends them.
 */
import { fprintf, stderr } from 'bsd-sockets/libc';

export let optarg: string | null = null;
export let optind = 1;
export let opterr = 1;
/** Where the next option is inside argv[optind] (glibc's `nextchar`), for grouped options. */
let nextchar = 1;

/** `opterr = value;` */
export function set_opterr(value: number): void {
  opterr = value;
}

/** `int getopt(int argc, char *argv[], const char *optstring);` — getopt(3) */
export function getopt(argc: number, argv: readonly string[], optstring: string): string | -1 {
  const spec = optstring.replace(/^\+/, '');
  optarg = null;
  const word = argv[optind];
  if (optind >= argc || word === undefined || word[0] !== '-' || word.length === 1) return -1;
  if (word === '--') {
    optind++;
    return -1;
  }
  const option = word[nextchar];
  const at = option === ':' ? -1 : spec.indexOf(option);
  if (at >= 0 && spec[at + 1] === ':') {
    /* The argument: the rest of the word (-w1), or the next word (-w 1). */
    if (nextchar + 1 < word.length) optarg = word.slice(nextchar + 1);
    else if (optind + 1 < argc) optarg = argv[++optind];
    optind++;
    nextchar = 1;
    if (optarg !== null) return option;
    if (opterr) fprintf(stderr, "%s: option requires an argument -- '%s'\n", argv[0], option);
    return '?';
  }
  if (nextchar + 1 < word.length) {
    nextchar++;
  } else {
    optind++;
    nextchar = 1;
  }
  if (at >= 0) return option;
  if (opterr) fprintf(stderr, "%s: invalid option -- '%s'\n", argv[0], option);
  return '?';
}
