#include "support/config.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace vireo {
namespace {

// A TOML file in a fresh temporary directory, removed at the end; also
// clears the environment overrides a test sets.
class config_file : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pattern = (std::filesystem::temp_directory_path() / "vireo-config-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    for (auto& name : env_set_)
      unsetenv(name.c_str());
    std::filesystem::remove_all(dir_);
  }

  std::string write(const std::string& text) {
    auto path = dir_ + "/vireo.toml";
    std::ofstream(path) << text;
    return path;
  }
  void set_env(const std::string& name, const std::string& value) {
    setenv(name.c_str(), value.c_str(), 1);
    env_set_.push_back(name);
  }

  /// The message of the config_error that load_config(path) throws.
  std::string load_error(const std::string& path) {
    try {
      load_config(path);
    } catch (const config_error& e) {
      return e.what();
    }
    ADD_FAILURE() << "load_config accepted " << path;
    return {};
  }

 private:
  std::string dir_;
  std::vector<std::string> env_set_;
};

TEST(config, has_documented_defaults_without_a_file) {
  auto c = load_config("");
  EXPECT_EQ(c.data_dir, "./vireo-data");
  EXPECT_EQ(c.roles, (std::vector<std::string>{"core", "worker", "gateway"}));
  EXPECT_EQ(c.node_scheduler_threads, 0u);
  EXPECT_EQ(c.node_cpu_scheduling, "batch");
  EXPECT_EQ(c.http_listen, "127.0.0.1:8080");
  EXPECT_EQ(c.http_max_body_bytes, 1u << 20);
  EXPECT_EQ(c.ledger_max_wal_mb, 0u);
  EXPECT_EQ(c.ledger_delete_mb_per_s, 0u);
  EXPECT_EQ(c.journal_max_batch, 4096u);
  EXPECT_EQ(c.journal_sync_linger_us, 2000u);
  EXPECT_EQ(c.invoker_max_backlog, 100000u);
  EXPECT_EQ(c.invoker_exec_timeout_ms, 10000u);
  EXPECT_EQ(c.invoker_mvcc_max_retries, 5u);
  EXPECT_EQ(c.committer_max_batch, 4096u);
  EXPECT_EQ(c.blocks_interval_ms, 1000u);
  EXPECT_EQ(c.worker_bus_endpoint, "inproc://vireo-bus");
  EXPECT_EQ(c.worker_executors, 16u);
  EXPECT_EQ(c.log_level, "info");
  EXPECT_EQ(c.log_format, "text");
  EXPECT_NO_THROW(validate_config(c));
}

TEST_F(config_file, parses_every_kind_of_option_from_toml) {
  auto c = load_config(write(R"(
[node]
data_dir = "/var/lib/vireo"
roles = ["core", "worker"]
[http]
listen = "0.0.0.0:9000"
max_body_bytes = 2048
[journal]
max_batch = 64
[invoker]
mvcc_max_retries = 9
[worker]
executors = 3
[log]
format = "json"
)"));
  EXPECT_EQ(c.data_dir, "/var/lib/vireo");
  EXPECT_EQ(c.roles, (std::vector<std::string>{"core", "worker"}));
  EXPECT_EQ(c.http_listen, "0.0.0.0:9000");
  EXPECT_EQ(c.http_max_body_bytes, 2048u);
  EXPECT_EQ(c.journal_max_batch, 64u);
  EXPECT_EQ(c.invoker_mvcc_max_retries, 9u);
  EXPECT_EQ(c.worker_executors, 3u);
  EXPECT_EQ(c.log_format, "json");
  EXPECT_EQ(c.committer_max_batch, 4096u) << "options absent from the file keep their default";
}

TEST_F(config_file, rejects_an_unknown_key_by_its_name) {
  auto message = load_error(write("[journal]\nmax_batchez = 3\n"));
  EXPECT_NE(message.find("journal.max_batchez"), std::string::npos) << message;
  message = load_error(write("[nosuch]\nkey = 1\n"));
  EXPECT_NE(message.find("nosuch.key"), std::string::npos) << message;
}

TEST_F(config_file, rejects_bad_values_naming_the_key) {
  struct bad {
    const char* toml;
    const char* names;
  };
  for (auto& [toml, names] : {bad{"[journal]\nmax_batch = \"many\"\n", "journal.max_batch"},
                              bad{"[journal]\nmax_batch = -1\n", "journal.max_batch"},
                              bad{"[worker]\nexecutors = 4294967296\n", "worker.executors"},
                              bad{"[node]\ndata_dir = 7\n", "node.data_dir"},
                              bad{"[node]\nroles = \"core\"\n", "node.roles"},
                              bad{"[node]\nroles = [1, 2]\n", "node.roles"},
                              bad{"journal = 3\n", "journal"}}) {
    auto message = load_error(write(toml));
    EXPECT_NE(message.find(names), std::string::npos) << toml << " -> " << message;
  }
  auto message = load_error(write("[journal\nmax_batch = 3\n"));
  EXPECT_NE(message.find("vireo.toml:1"), std::string::npos) << "a syntax error names file and line: " << message;
}

TEST_F(config_file, environment_overrides_win_over_the_file) {
  auto path = write("[http]\nlisten = \"127.0.0.1:1111\"\n[journal]\nmax_batch = 10\n");
  set_env("VIREO_HTTP_LISTEN", "127.0.0.1:2222");
  set_env("VIREO_NODE_ROLES", "worker,core");
  auto c = load_config(path);
  EXPECT_EQ(c.http_listen, "127.0.0.1:2222");
  EXPECT_EQ(c.roles, (std::vector<std::string>{"worker", "core"}));
  EXPECT_EQ(c.journal_max_batch, 10u) << "options without an env override come from the file";
}

TEST_F(config_file, rejects_a_bad_environment_value) {
  set_env("VIREO_JOURNAL_MAX_BATCH", "12x");
  try {
    load_config("");
    FAIL() << "a non-integer env value was accepted";
  } catch (const config_error& e) {
    EXPECT_NE(std::string(e.what()).find("journal.max_batch"), std::string::npos) << e.what();
  }
}

TEST(config, set_overrides_apply_and_reject_unknown_keys_and_bad_values) {
  auto c = load_config("");
  apply_config_override(c, "committer.max_batch=17");
  apply_config_override(c, "node.data_dir=/tmp/x=y");
  apply_config_override(c, "node.roles=gateway");
  EXPECT_EQ(c.committer_max_batch, 17u);
  EXPECT_EQ(c.data_dir, "/tmp/x=y") << "only the first '=' separates key and value";
  EXPECT_EQ(c.roles, (std::vector<std::string>{"gateway"}));
  EXPECT_THROW(apply_config_override(c, "committer.max_bach=1"), config_error);
  EXPECT_THROW(apply_config_override(c, "committer.max_batch=ten"), config_error);
  EXPECT_THROW(apply_config_override(c, "committer.max_batch="), config_error);
  EXPECT_THROW(apply_config_override(c, "committer.max_batch=-3"), config_error);
  EXPECT_THROW(apply_config_override(c, "max_batch=3"), config_error);
  EXPECT_THROW(apply_config_override(c, "committer.max_batch"), config_error);
  EXPECT_EQ(c.committer_max_batch, 17u) << "a rejected override changes nothing";
}

TEST(config, validation_rejects_inconsistent_settings) {
  auto invalid = [](auto change) {
    auto c = load_config("");
    change(c);
    EXPECT_THROW(validate_config(c), config_error);
  };
  invalid([](node_config& c) { c.roles = {}; });
  invalid([](node_config& c) { c.roles = {"core", "miner"}; });
  invalid([](node_config& c) { c.http_listen = "localhost"; });
  invalid([](node_config& c) { c.http_listen = "localhost:99999"; });
  invalid([](node_config& c) { c.http_listen = "localhost:"; });
  invalid([](node_config& c) { c.worker_executors = 0; });
  invalid([](node_config& c) { c.node_scheduler_threads = 257; });
  invalid([](node_config& c) { c.node_cpu_scheduling = "fifo"; });
  invalid([](node_config& c) { c.journal_max_batch = 0; });
  invalid([](node_config& c) { c.journal_sync_linger_us = 1000001; });
  invalid([](node_config& c) { c.ledger_max_wal_mb = (uint64_t{1} << 42) + 1; });
  invalid([](node_config& c) { c.ledger_delete_mb_per_s = (uint64_t{1} << 42) + 1; });
  invalid([](node_config& c) { c.log_format = "xml"; });
  EXPECT_EQ(split_host_port("127.0.0.1:0"), (std::pair<std::string, uint16_t>{"127.0.0.1", 0}));
  EXPECT_EQ(split_host_port("[::1]:8080"), (std::pair<std::string, uint16_t>{"[::1]", 8080}));
}

TEST_F(config_file, render_config_round_trips_through_load_config) {
  auto original = load_config("");
  original.data_dir = "/data/with \"quotes\", a \\ backslash and ünïcode";
  original.roles = {"worker"};
  original.http_listen = "10.0.0.1:7";
  original.http_max_body_bytes = 123456789012ull;
  original.journal_max_batch = 1;
  original.invoker_serial_idle_ms = 42;
  original.worker_bus_endpoint = "tcp://10.0.0.2:5555";
  original.log_level = "debug";
  auto rendered = render_config(original);
  auto loaded = load_config(write(rendered));
  EXPECT_EQ(loaded.data_dir, original.data_dir);
  EXPECT_EQ(loaded.roles, original.roles);
  EXPECT_EQ(loaded.http_listen, original.http_listen);
  EXPECT_EQ(loaded.http_max_body_bytes, original.http_max_body_bytes);
  EXPECT_EQ(loaded.journal_max_batch, original.journal_max_batch);
  EXPECT_EQ(loaded.invoker_serial_idle_ms, original.invoker_serial_idle_ms);
  EXPECT_EQ(loaded.worker_bus_endpoint, original.worker_bus_endpoint);
  EXPECT_EQ(loaded.log_level, original.log_level);
  EXPECT_EQ(render_config(loaded), rendered) << "every option survives the round trip";
  EXPECT_NE(rendered.find("# "), std::string::npos) << "each option carries its meaning as a comment";
}

}  // namespace
}  // namespace vireo
