#include "services/vm/engine/host_api.hpp"

#include <stdexcept>

namespace vireo::vm {
namespace {

wabt::interp::ValueTypes parse_types(std::string_view spec) {
  wabt::interp::ValueTypes types;
  for (char c : spec) {
    if (c == 'i') {
      types.push_back(wabt::Type::I32);
    } else if (c == 'I') {
      types.push_back(wabt::Type::I64);
    } else {
      throw std::invalid_argument(std::string("bad type letter in host signature: ") + c);
    }
  }
  return types;
}

std::string join_types(const wabt::interp::ValueTypes& types) {
  std::string out;
  for (const auto& t : types) {
    if (!out.empty()) out += ", ";
    out += t.GetName();
  }
  return out;
}

}  // namespace

host_api::host_api() {
  register_argument_functions(*this);
  register_storage_functions(*this);
  register_context_functions(*this);
  register_crypto_functions(*this);
  register_big_int_functions(*this);
}

void host_api::add(std::string name, std::string_view params, std::string_view results,
                   host_body body) {
  wabt::interp::FuncType type(parse_types(params), parse_types(results));
  auto key = name;
  functions_.insert_or_assign(std::move(key), host_function{std::move(name), std::move(type),
                                                           std::move(body)});
}

const host_function* host_api::find(const std::string& name) const {
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : &it->second;
}

std::vector<std::string> host_api::names() const {
  std::vector<std::string> out;
  for (const auto& [name, fn] : functions_) out.push_back(name);
  return out;
}

std::string describe(const wabt::interp::FuncType& type) {
  return "(" + join_types(type.params) + ") -> (" + join_types(type.results) + ")";
}

}  // namespace vireo::vm
