#include "boundary.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <string>

#include "addon.h"

namespace bsd {

Args::Args(napi_env env, napi_callback_info info, const char* fn) : env_(env), fn_(fn) {
  void* data = nullptr;
  if (napi_get_cb_info(env, info, &argc_, argv_, nullptr, &data) != napi_ok) {
    ok_ = false;
    argc_ = 0;
    return;
  }
  scratch_ = static_cast<Scratch*>(data);
  // Absent arguments read as undefined (napi_get_cb_info fills them so up to kMax).
}

void Args::Fail(bool range, size_t i, const char* name, const char* what) {
  if (!ok_) return;  // the first error is the one reported
  ok_ = false;
  std::string message =
      std::string(fn_) + ": argument " + std::to_string(i + 1) + " (" + name + ") " + what;
  if (range) {
    napi_throw_range_error(env_, nullptr, message.c_str());
  } else {
    napi_throw_type_error(env_, nullptr, message.c_str());
  }
}

int32_t Args::Int(size_t i, const char* name) {
  int32_t value = 0;
  if (napi_get_value_int32(env_, argv_[i], &value) != napi_ok) {
    Fail(false, i, name, "must be a number");
  }
  return value;
}

uint32_t Args::Uint(size_t i, const char* name) {
  uint32_t value = 0;
  if (napi_get_value_uint32(env_, argv_[i], &value) != napi_ok) {
    Fail(false, i, name, "must be a number");
  }
  return value;
}

double Args::Size(size_t i, const char* name) {
  double value = 0;
  if (napi_get_value_double(env_, argv_[i], &value) != napi_ok) {
    Fail(false, i, name, "must be a number");
    return 0;
  }
  if (!(value >= 0 && value <= 9007199254740992.0) || value != floor(value)) {
    Fail(true, i, name, "must be an integer in [0, 2^53]");
    return 0;
  }
  return value;
}

View Args::Bytes(size_t i, const char* name, bool nullable) {
  napi_value v = argv_[i];
  if (nullable) {
    napi_valuetype type;
    if (napi_typeof(env_, v, &type) == napi_ok && (type == napi_null || type == napi_undefined)) {
      return View{nullptr, 0};
    }
  }
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env_, v, &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_uint8_array) {
    // napi_get_typedarray_info fails for anything but a typed array, with no JS exception.
    Fail(false, i, name, "must be a Uint8Array");
    return View{nullptr, 0};
  }
  // A detached ArrayBuffer reports a null pointer: nothing is read or written through it.
  if (data == nullptr) length = 0;
  return View{static_cast<uint8_t*>(data), length};
}

size_t Args::Len(size_t i, const char* name, const View& view, const char* view_name) {
  double len = Size(i, name);
  if (!ok_) return 0;
  if (len > static_cast<double>(view.length)) {
    char what[160];
    snprintf(what, sizeof what, "is %.0f, beyond the %zu bytes of %s", len, view.length, view_name);
    Fail(true, i, name, what);
    return 0;
  }
  return static_cast<size_t>(len);
}

Scratch* ScratchAndBuffer(napi_env env, napi_callback_info info, const char* fn, View* buf,
                          size_t* len) {
  size_t argc = 1;
  napi_value argv[1];
  void* data = nullptr;
  napi_typedarray_type type;
  size_t length = 0;
  void* bytes = nullptr;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, &data) != napi_ok || argc < 1 ||
      napi_get_typedarray_info(env, argv[0], &type, &length, &bytes, nullptr, nullptr) != napi_ok ||
      type != napi_uint8_array) {
    napi_throw_type_error(env, nullptr, (std::string(fn) + ": buf must be a Uint8Array").c_str());
    return nullptr;
  }
  if (bytes == nullptr) length = 0;  // detached: nothing is read or written through it
  auto* s = static_cast<Scratch*>(data);
  double n = s->length;
  if (!(n >= 0 && n <= static_cast<double>(length)) || n != floor(n)) {
    char what[160];
    snprintf(what, sizeof what, "%s: len (%.0f) exceeds the %zu bytes of buf", fn, n, length);
    napi_throw_range_error(env, nullptr, what);
    return nullptr;
  }
  *buf = View{static_cast<uint8_t*>(bytes), length};
  *len = static_cast<size_t>(n);
  return s;
}

bool SmallOrViewBuffer(napi_env env, napi_callback_info info, Scratch* s, const char* fn, View* buf,
                       size_t* len) {
  if (s->args[4] != 0) {
    double n = s->length;
    if (!(n >= 0 && n <= static_cast<double>(sizeof s->small_buf))) {
      napi_throw_range_error(env, nullptr,
                             (std::string(fn) + ": len exceeds Scratch::small_buf").c_str());
      return false;
    }
    *buf = View{s->small_buf, sizeof s->small_buf};
    *len = static_cast<size_t>(n);
    return true;
  }
  return ScratchAndBuffer(env, info, fn, buf, len) != nullptr;
}

napi_value Return(napi_env env, double value) {
  napi_value result = nullptr;
  napi_create_double(env, value, &result);
  return result;
}

void Export(napi_env env, napi_value target, const Entry* entries, size_t count) {
  Scratch* scratch = GetScratch(env);
  for (size_t i = 0; i < count; i++) {
    napi_value fn;
    napi_create_function(env, entries[i].name, NAPI_AUTO_LENGTH, entries[i].cb, scratch, &fn);
    napi_set_named_property(env, target, entries[i].name, fn);
  }
}

Scratch* GetScratch(napi_env env) {
  return GetInstance(Napi::Env(env)).scratch;
}

// Creates this instance's Scratch inside an ArrayBuffer that V8 allocates (zeroed) and
// exports it as `scratch`. The backing store of an ArrayBuffer never moves, so the pointer
// holds for the life of the environment; the reference keeps the buffer alive even if
// `exports.scratch` is deleted.
std::atomic<napi_env> first_env{nullptr};
Scratch* first_scratch = nullptr;

// At the end of the first instance's env: no env is known without napi_get_cb_info any more
// (a later instance asks it, as every other one does).
static void ForgetFirstEnv(void* env) {
  first_env.store(nullptr, std::memory_order_relaxed);
  (void)env;
}

void InitBoundary(Napi::Env env, Napi::Object exports) {
  Instance& instance = GetInstance(env);
  void* data = nullptr;
  napi_value buffer;
  NAPI_THROW_IF_FAILED_VOID(env, napi_create_arraybuffer(env, sizeof(Scratch), &data, &buffer));
  NAPI_THROW_IF_FAILED_VOID(env, napi_create_reference(env, buffer, 1, &instance.scratch_ref));
  instance.scratch = static_cast<Scratch*>(data);
  exports.Set("scratch", Napi::Value(env, buffer));
  // The first instance only, once: first_scratch is written before first_env says whose.
  static std::atomic<bool> taken{false};
  if (!taken.exchange(true)) {
    first_scratch = instance.scratch;
    first_env.store(env, std::memory_order_relaxed);
    napi_add_env_cleanup_hook(env, ForgetFirstEnv, env);
  }
}

}  // namespace bsd
