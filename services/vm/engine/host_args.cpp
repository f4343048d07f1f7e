// Arguments and return data: getNumArguments, getArgumentLength, getArgument,
// int64getArgument, finish, int64finish.
#include "proto-msgs/vm/big_int_codec.hpp"
#include "services/vm/engine/host_api.hpp"
#include "services/vm/engine/host_error.hpp"

namespace vireo::vm {

using namespace vm_proto;
using wabt::interp::Values;

void register_argument_functions(host_api& api) {
  api.add("getNumArguments", "", "i", [](call_state& s, const Values&, Values& r) {
    r[0] = i32_value(static_cast<int32_t>(s.input().args.size()));
  });
  api.add("getArgumentLength", "i", "i", [](call_state& s, const Values& p, Values& r) {
    const int32_t id = i32_at(p, 0);
    r[0] = i32_value(s.has_argument(id) ? static_cast<int32_t>(s.argument(id).size()) : -1);
  });
  api.add("getArgument", "ii", "i", [](call_state& s, const Values& p, Values& r) {
    const int32_t id = i32_at(p, 0);
    if (!s.has_argument(id)) {
      r[0] = i32_value(-1);
      return;
    }
    const std::string& arg = s.argument(id);
    s.write_memory(u32_at(p, 1), arg);
    r[0] = i32_value(static_cast<int32_t>(arg.size()));
  });
  api.add("int64getArgument", "i", "I", [](call_state& s, const Values& p, Values& r) {
    const int32_t id = i32_at(p, 0);
    auto value = to_int64(from_signed_bytes(s.argument(id)));
    if (!value) {
      throw host_error(return_code::user_error,
                       "argument " + std::to_string(id) + " does not fit in int64");
    }
    r[0] = i64_value(*value);
  });
  api.add("finish", "ii", "", [](call_state& s, const Values& p, Values&) {
    s.finish(s.read_memory(u32_at(p, 0), u32_at(p, 1)));
  });
  api.add("int64finish", "I", "", [](call_state& s, const Values& p, Values&) {
    s.finish(to_signed_bytes(big_int(i64_at(p, 0))));
  });
}

}  // namespace vireo::vm
