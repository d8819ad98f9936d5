{
  "targets": [
    {
      "target_name": "bsd_sockets",
      "sources": [
        "native/addon.cc",
        "native/boundary.cc",
        "native/layout.cc",
        "native/constants.cc",
        "native/socket.cc",
        "native/connection.cc",
        "native/sockname.cc",
        "native/send.cc",
        "native/recv.cc",
        "native/sockopt.cc",
        "native/addrinfo.cc",
        "native/hostent.cc",
        "native/inet.cc",
        "native/strerror.cc",
        "native/malloc.cc",
        "native/poll.cc",
        "native/select.cc",
        "native/fcntl.cc",
        "native/readiness.cc",
        "native/promises.cc",
        "native/msg.cc",
        "native/ifname.cc",
        "native/interrupt.cc",
        "native/bench.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_CPP_EXCEPTIONS_ALL", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra", "-O2"],
      "conditions": [
        ["OS=='linux'", {
          "sources": ["compat/libstdcxx.cc"],
          "ldflags": ["-Wl,--as-needed", "-Wl,--gc-sections"],
          "cflags_cc": ["-ffunction-sections", "-fdata-sections"]
        }]
      ]
    }
  ]
}
