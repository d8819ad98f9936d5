// Module entry point. node-addon-api's NODE_API_MODULE registers a context-aware module
// (napi_module_register with per-env instance data), so the addon loads in every
// worker_thread as well as on the main thread.
#include "addon.h"

namespace bsd {

Instance& GetInstance(Napi::Env env) {
  return *env.GetInstanceData<Instance>();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* instance = new Instance();
  env.SetInstanceData(instance);

  InitBoundary(env, exports);  // first: every entry point gets its Scratch
  InitLayout(env, exports);
  InitConstants(env, exports);
  InitSocket(env, exports);
  InitConnection(env, exports);
  InitSockname(env, exports);
  InitSend(env, exports);
  InitRecv(env, exports);
  InitSockopt(env, exports);
  InitAddrinfo(env, exports);
  InitHostent(env, exports);
  InitInet(env, exports);
  InitStrerror(env, exports);
  InitMalloc(env, exports);
  InitPoll(env, exports);
  InitSelect(env, exports);
  InitFcntl(env, exports);
  InitPromises(env, exports);
  InitMsg(env, exports);
  InitIfname(env, exports);
  InitInterrupt(env, exports);
  InitBench(env, exports);
  return exports;
}

}  // namespace bsd

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  return bsd::Init(env, exports);
}

NODE_API_MODULE(bsd_sockets, InitModule)
