// How deeply JSON may nest where the node reads it from outside: request
// bodies, a contract's response, the outputs and values it serves back.
//
// nlohmann-json parses without recursion but copies, compares and dumps a
// value recursively, one stack frame per level: a 200 KB request body of
// 100,000 nested arrays overflowed a thread's stack and stopped the node.
// Text nested deeper than max_json_depth is refused before it is parsed.
#pragma once

#include <cstddef>
#include <string_view>

namespace vireo {

/// The deepest nesting of arrays and objects accepted (a transaction's body
/// counts as the first level): far beyond what a document needs, far below
/// what a thread's stack holds.
inline constexpr size_t max_json_depth = 512;

/// The deepest nesting of arrays and objects in `text`, counted without
/// parsing (brackets inside strings are skipped, escapes honoured). For text
/// that is not JSON the count means nothing, and the parser refuses the text.
size_t json_nesting_depth(std::string_view text);

/// Whether `text` nests no deeper than max_json_depth.
inline bool within_json_depth(std::string_view text) { return json_nesting_depth(text) <= max_json_depth; }

}  // namespace vireo
