// Thread names, so that `top -H`, `perf` and /proc tell a node's threads
// apart: CAF names all of a system's threads alike ("caf.actor" for every
// detached actor), and a node runs two systems side by side.
// docs/operations.md lists the names a node gives.
#pragma once

#include <string>
#include <thread>
#include <utility>

namespace vireo {

/// Names the calling thread; Linux keeps the first 15 bytes.
void name_this_thread(const std::string& name);

/// Starts a thread named `name` that runs `body`.
template <class Body>
std::thread named_thread(std::string name, Body body) {
  return std::thread([name = std::move(name), body = std::move(body)]() mutable {
    name_this_thread(name);
    body();
  });
}

/// The calling thread's name.
std::string this_thread_name();

}  // namespace vireo
