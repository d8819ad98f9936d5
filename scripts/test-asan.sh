#!/usr/bin/env bash
# Runs the test suite, then a longer fuzz run, against the sanitizer build of the addon
# (build-asan/, made by `npm run build:asan`: AddressSanitizer + UndefinedBehaviorSanitizer,
# CMakeLists.txt's BSD_SOCKETS_SANITIZE option).
#
#   npm run build:asan && bash scripts/test-asan.sh [vitest arguments…]
#
# node itself is not instrumented, so the ASan runtime has to be in the process before
# anything else allocates: LD_PRELOAD of the libasan.so the compiler links against (gcc
# -print-file-name finds the one of this gcc). libubsan is a dependency of the addon and
# is loaded with it. Every process of the run inherits the preload: vitest's workers, the
# tests' node children, and the C programs and tools they start (harmless for them: the
# runtime only replaces malloc and watches; see the list below for the one exception).
#
# ASAN_OPTIONS:
#   detect_leaks=0     node does not free its heaps at exit (V8, isolates, libuv: by design),
#                      and LeakSanitizer would report megabytes that are not the addon's.
#                      The addon's leaks are measured by test/hardening/leaks.test.ts.
#   abort_on_error=1   a report ends the process with SIGABRT: the fuzz test sees a signal,
#                      and any other test a crashed child or worker.
#   handle_segv=0      V8 handles SIGSEGV itself (WebAssembly bounds checks), ASan must not.
#   allocator_may_return_null=1  a huge allocation fails (std::bad_alloc, ENOMEM) as it
#                      does without ASan, instead of ASan aborting on it.
# UBSAN_OPTIONS: halt_on_error=1 with a stack trace (the build also passes
#   -fno-sanitize-recover=undefined, so any undefined behaviour is fatal).
#
# Not run under the preload: test/trace (strace comparisons of syscall sequences; the ASan
# runtime's own mmap/sigaltstack calls in every traced program would be reported as
# differences). They exercise the same addon calls as the rest of the suite. The RSS half
# of test/hardening/leaks.test.ts skips itself (ASan's quarantine holds freed memory).
set -euo pipefail
cd "$(dirname "$0")/.."

addon=build-asan/Release/bsd_sockets.node
if [ ! -f "$addon" ]; then
  echo "test-asan: $addon is missing: run \`npm run build:asan\` first" >&2
  exit 1
fi
if ! ldd "$addon" | grep -q libasan; then
  echo "test-asan: $addon is not linked with libasan: rebuild with \`npm run build:asan\`" >&2
  exit 1
fi
libasan=$(gcc -print-file-name=libasan.so)
if [ ! -e "$libasan" ]; then
  echo "test-asan: gcc has no libasan.so ($libasan)" >&2
  exit 1
fi

export BSD_SOCKETS_BUILD=build-asan
export LD_PRELOAD="$libasan"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:handle_segv=0:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# The runtime is really there: a process without it would not have libasan mapped.
node -e "
  const maps = require('fs').readFileSync('/proc/self/maps', 'utf8');
  if (!maps.includes('libasan')) { console.error('test-asan: libasan is not loaded'); process.exit(1); }
  require('./dist/src/binding.js');
  console.log('test-asan: node runs with the ASan runtime and loads', '$addon');
"

# Two runs, so that the CPU-heavy hardening tests (the fuzzer, thousands of calls under ASan)
# do not starve the course tests, whose servers must bind their port within 5 s.
# test/multiclient/fork.test.ts is in: its TS server keeps a pool of Node processes that
# grows with demand (serveur_fork.ts), no longer one per client: 200 clients under ASan take
# about 11 s, where 200 node processes starting under the ASan runtime took over two minutes.
# Also left out: the tools' own tests (lab, the checker and the exercises, containment, the
# API reference, the package), which test tools and run the addon as the course tests do.
echo "test-asan: the test suite, without test/trace, test/hardening and the tools' tests"
npx vitest run --exclude 'test/trace/**' --exclude 'test/hardening/**' --exclude 'test/lab/**' \
  --exclude 'test/tools/**' --exclude 'test/sandbox/**' --exclude 'test/docs/**' \
  --exclude 'test/package/**' "$@"

echo "test-asan: test/hardening, the fuzzer with up to 60 s"
FUZZ_MS=60000 FUZZ_ROUNDS=3000 npx vitest run test/hardening "$@"
