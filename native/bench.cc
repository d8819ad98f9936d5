// Two functions for bench/instructions.ts, not API: the floor every entry point is measured
// against, and the marker between the counts of one callgrind run.
//
//   empty()  a raw Node-API function that reads no argument and returns undefined: what
//            one call through Node-API costs, with nothing done on either side.
//   mark()   calls bsd_bench_mark, which callgrind dumps its counters before
//            (--dump-before=bsd_bench_mark): the instructions between two marks are the
//            loop's alone, counted in the same process as the others.
#include <node_api.h>

#include "addon.h"

extern "C" __attribute__((noinline, used)) void bsd_bench_mark(void) {
  // Nothing: callgrind acts on entering it. The asm keeps the call from being removed.
  __asm__ volatile("");
}

namespace bsd {

static napi_value Empty(napi_env, napi_callback_info) {
  return nullptr;
}

static napi_value Mark(napi_env, napi_callback_info) {
  bsd_bench_mark();
  return nullptr;
}

void InitBench(Napi::Env env, Napi::Object exports) {
  napi_value bench;
  napi_create_object(env, &bench);
  napi_property_descriptor properties[] = {
      {"empty", nullptr, Empty, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"mark", nullptr, Mark, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, bench, 2, properties);
  napi_set_named_property(env, exports, "bench", bench);
}

}  // namespace bsd
