#include "support/thread_name.hpp"

#include <pthread.h>

namespace vireo {

namespace {

constexpr size_t kernel_name_limit = 15;

}  // namespace

void name_this_thread(const std::string& name) {
  pthread_setname_np(pthread_self(), name.substr(0, kernel_name_limit).c_str());
}

std::string this_thread_name() {
  char name[kernel_name_limit + 1] = {};
  pthread_getname_np(pthread_self(), name, sizeof(name));
  return name;
}

}  // namespace vireo
