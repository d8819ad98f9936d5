/**
 * getopt(3), as the C twins of the tools call it, with `opterr = 0` (an unknown option or a
 * missing argument returns '?' and prints nothing: the tool prints its usage). A leading
 * '+' in `optstring` stops at the first argument that is not an option, as glibc does with
 * it (and POSIX always). Options may be grouped (`-ul`) and an argument attached (`-w1`).
 */
export interface Getopt {
  /** The next option character, '?' for an unknown one, or -1 at the first argument. */
  next(): string | -1;
  /** The argument of the option just returned (`-w 1`, `-w1`). */
  optarg: string | null;
  /** The index in argv of the first argument after the options (once next() gave -1). */
  optind: number;
}

export function getopt(argc: number, argv: readonly string[], optstring: string): Getopt {
  const spec = optstring.replace(/^\+/, '');
  let inGroup = 1; // position inside argv[optind] while reading grouped options
  const state: Getopt = {
    optarg: null,
    optind: 1,
    next(): string | -1 {
      state.optarg = null;
      const word = argv[state.optind];
      if (state.optind >= argc || word === undefined || word[0] !== '-' || word.length === 1) {
        return -1;
      }
      if (word === '--') {
        state.optind++;
        return -1;
      }
      const option = word[inGroup];
      const at = spec.indexOf(option);
      const takesArg = at >= 0 && spec[at + 1] === ':';
      if (takesArg) {
        if (inGroup + 1 < word.length) {
          state.optarg = word.slice(inGroup + 1);
          state.optind++;
        } else if (state.optind + 1 < argc) {
          state.optarg = argv[state.optind + 1];
          state.optind += 2;
        } else {
          state.optind++;
          inGroup = 1;
          return '?';
        }
        inGroup = 1;
        return option;
      }
      if (inGroup + 1 < word.length) {
        inGroup++;
      } else {
        state.optind++;
        inGroup = 1;
      }
      return at >= 0 && option !== ':' ? option : '?';
    },
  };
  return state;
}
