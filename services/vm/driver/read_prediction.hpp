// Which storage keys a contract function will read: the keys it read in each
// of its last two calls on this executor. The driver sends their values with
// the call request, so a contract that reads the same keys every call (a
// counter, a total supply) needs no storage-read round trip. A wrong guess
// never costs correctness (see vm_client_dialogue.cpp), but in a node it costs
// a state read from the core, far more than the pipe round trip a right one
// saves: so a key read by only the last call (a token's balances, which change
// with every caller) is not guessed.
// One per executor; not thread-safe.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

namespace vireo::vm {

class read_prediction {
 public:
  /// Bounds, so that neither many functions nor many or long keys grow it
  /// without bound; it is cleared when full, as mapping_cache is.
  static constexpr size_t max_entries = 1024;
  static constexpr size_t max_keys = 16;
  static constexpr size_t max_key_bytes = 256;

  /// The keys to prefetch for `function` of `contract`: read by both of its
  /// last two calls; null when none. Valid until the next remember().
  const std::vector<std::string>* keys(const std::string& contract, const std::string& function);

  /// Records the keys the call read, for the next call of the same function.
  void remember(const std::string& contract, const std::string& function, const std::vector<std::string>& read);

 private:
  /// Sets scratch_ to the memo key of (contract, function), reusing its capacity.
  const std::string& memo_key(const std::string& contract, const std::string& function);

  struct history {
    std::vector<std::string> last_read;  ///< by the last call (bounded)
    std::vector<std::string> stable;     ///< by the last two calls
  };
  std::unordered_map<std::string, history> kept_;
  std::string scratch_;
};

}  // namespace vireo::vm
