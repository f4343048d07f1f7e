// Talk-backs served with Fabric's simulation semantics, against the in-memory
// ledger that stands in for the core's state service.
#include <gtest/gtest.h>

#include "ledger/queryresult/kv_query_result.pb.h"
#include "services/peer/talkback.hpp"
#include "tests/services/peer/memory_state.hpp"
#include "tests/services/peer/recording_sink.hpp"

namespace vireo::peer {
namespace {

using testing::message;
using type = protos::ChaincodeMessage;

struct talkback_fixture : ::testing::Test {
  testing::memory_ledger ledger;
  std::unique_ptr<testing::memory_state> state = ledger.begin("asset");
  talkback_server server{*state, "asset", 3};  // batches of 3 records

  protos::ChaincodeMessage ok(type::Type t, const google::protobuf::Message& request) {
    auto reply = server.serve(message(t, request.SerializeAsString(), "tx"));
    EXPECT_EQ(reply.message.type(), type::RESPONSE) << reply.message.payload();
    EXPECT_TRUE(reply.abort_reason.empty());
    EXPECT_EQ(reply.message.txid(), "tx");
    EXPECT_EQ(reply.message.channel_id(), "ch");
    return reply.message;
  }
  std::string get(const std::string& key) {
    protos::GetState req;
    req.set_key(key);
    return ok(type::GET_STATE, req).payload();
  }
  void put(const std::string& key, const std::string& value) {
    protos::PutState req;
    req.set_key(key);
    req.set_value(value);
    ok(type::PUT_STATE, req);
  }
  static std::vector<std::string> keys_of(const protos::QueryResponse& r) {
    std::vector<std::string> keys;
    for (const auto& row : r.results()) {
      queryresult::KV kv;
      EXPECT_TRUE(kv.ParseFromString(row.resultbytes()));
      EXPECT_EQ(kv.namespace_(), "asset");
      keys.push_back(kv.key());
    }
    return keys;
  }
  protos::QueryResponse range(const std::string& start, const std::string& end, int32_t page = 0,
                              const std::string& bookmark = "") {
    protos::GetStateByRange req;
    req.set_startkey(start);
    req.set_endkey(end);
    if (page > 0) {
      protos::QueryMetadata md;
      md.set_pagesize(page);
      md.set_bookmark(bookmark);
      req.set_metadata(md.SerializeAsString());
    }
    protos::QueryResponse r;
    EXPECT_TRUE(r.ParseFromString(ok(type::GET_STATE_BY_RANGE, req).payload()));
    return r;
  }
  protos::QueryResponse next(const std::string& id) {
    protos::QueryStateNext req;
    req.set_id(id);
    protos::QueryResponse r;
    EXPECT_TRUE(r.ParseFromString(ok(type::QUERY_STATE_NEXT, req).payload()));
    return r;
  }
  void seed_keys(int n) {
    for (int i = 0; i < n; ++i) ledger.seed("asset", "k" + std::to_string(i), "v" + std::to_string(i));
  }
};

TEST_F(talkback_fixture, get_state_returns_the_committed_value_and_records_its_version) {
  ledger.seed("asset", "a", "1");
  EXPECT_EQ(get("a"), "1");
  EXPECT_EQ(get("missing"), "");
  EXPECT_EQ(state->tx().reads["asset"].at("a"), 1u);
  EXPECT_EQ(state->tx().reads["asset"].at("missing"), 0u);
}

TEST_F(talkback_fixture, put_state_is_buffered_without_read_your_writes) {
  ledger.seed("asset", "a", "old");
  put("a", "new");
  EXPECT_EQ(get("a"), "old") << "GetState after PutState returns the committed value";
  EXPECT_EQ(ledger.value("asset", "a"), "old");
  EXPECT_EQ(state->tx().writes["asset"].at("a"), "new");
  ASSERT_TRUE(ledger.commit(state->tx()));
  EXPECT_EQ(ledger.value("asset", "a"), "new");
}

TEST_F(talkback_fixture, del_state_buffers_a_delete) {
  ledger.seed("asset", "a", "1");
  protos::DelState req;
  req.set_key("a");
  ok(type::DEL_STATE, req);
  EXPECT_FALSE(state->tx().writes["asset"].at("a").has_value());
  ASSERT_TRUE(ledger.commit(state->tx()));
  EXPECT_FALSE(ledger.value("asset", "a"));
}

TEST_F(talkback_fixture, a_stale_read_fails_mvcc_validation) {
  ledger.seed("asset", "a", "1");
  get("a");
  put("b", "x");
  ledger.seed("asset", "a", "2");  // a concurrent commit
  EXPECT_FALSE(ledger.commit(state->tx()));
}

TEST_F(talkback_fixture, range_results_come_in_batches_with_has_more_and_query_state_next) {
  seed_keys(7);  // k0..k6
  auto first = range("k1", "k6");
  EXPECT_EQ(keys_of(first), (std::vector<std::string>{"k1", "k2", "k3"}));
  EXPECT_TRUE(first.has_more());
  auto second = next(first.id());
  EXPECT_EQ(keys_of(second), (std::vector<std::string>{"k4", "k5"}));
  EXPECT_FALSE(second.has_more());
  EXPECT_EQ(second.id(), first.id());
  EXPECT_FALSE(state->tx().ranges["asset"].empty()) << "range reads are recorded for phantom checks";
}

TEST_F(talkback_fixture, range_with_empty_end_runs_to_the_last_key) {
  seed_keys(4);
  auto first = range("k2", "");
  EXPECT_EQ(keys_of(first), (std::vector<std::string>{"k2", "k3"}));
  EXPECT_FALSE(first.has_more());
}

TEST_F(talkback_fixture, paginated_range_stops_at_page_size_and_returns_a_bookmark) {
  seed_keys(9);
  auto page = range("k0", "k9", 4);  // batch 3 + 1
  EXPECT_EQ(keys_of(page), (std::vector<std::string>{"k0", "k1", "k2"}));
  ASSERT_TRUE(page.has_more());
  auto rest = next(page.id());
  EXPECT_EQ(keys_of(rest), (std::vector<std::string>{"k3"}));
  EXPECT_FALSE(rest.has_more());
  protos::QueryResponseMetadata md;
  ASSERT_TRUE(md.ParseFromString(rest.metadata()));
  EXPECT_EQ(md.fetched_records_count(), 4);
  EXPECT_EQ(md.bookmark(), "k4");
  auto last = range("k0", "k9", 10, md.bookmark());
  auto more = next(last.id());
  EXPECT_EQ(keys_of(more), (std::vector<std::string>{"k7", "k8"}));
  ASSERT_TRUE(md.ParseFromString(more.metadata()));
  EXPECT_EQ(md.fetched_records_count(), 5);
  EXPECT_EQ(md.bookmark(), "") << "no bookmark once the range is exhausted";
}

TEST_F(talkback_fixture, query_state_close_answers_and_forgets_the_iterator) {
  seed_keys(7);
  auto first = range("k0", "");
  protos::QueryStateClose close;
  close.set_id(first.id());
  protos::QueryResponse closed;
  ASSERT_TRUE(closed.ParseFromString(ok(type::QUERY_STATE_CLOSE, close).payload()));
  EXPECT_FALSE(closed.has_more());
  EXPECT_EQ(closed.id(), first.id());
  protos::QueryStateNext again;
  again.set_id(first.id());
  auto reply = server.serve(message(type::QUERY_STATE_NEXT, again.SerializeAsString(), "tx"));
  EXPECT_EQ(reply.message.type(), type::ERROR);
  EXPECT_TRUE(reply.abort_reason.empty()) << "an unknown iterator is the chaincode's problem, not a fatal one";
}

TEST_F(talkback_fixture, history_is_newest_first_and_marks_deletes) {
  ledger.seed("asset", "a", "1");
  ledger.seed("asset", "a", "2");
  testing::memory_tx deletion;
  deletion.invocation_id = "inv-del";
  deletion.writes["asset"]["a"] = std::nullopt;
  ASSERT_TRUE(ledger.commit(deletion));
  ledger.seed("asset", "a", "3");
  protos::GetHistoryForKey req;
  req.set_key("a");
  protos::QueryResponse first;
  ASSERT_TRUE(first.ParseFromString(ok(type::GET_HISTORY_FOR_KEY, req).payload()));
  ASSERT_EQ(first.results_size(), 3);
  EXPECT_TRUE(first.has_more());
  std::vector<std::string> seen;
  for (const auto& r : first.results()) {
    queryresult::KeyModification m;
    ASSERT_TRUE(m.ParseFromString(r.resultbytes()));
    seen.push_back(m.is_delete() ? "<deleted by " + m.tx_id() + ">" : m.value());
    EXPECT_GT(m.timestamp().seconds(), 0);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"3", "<deleted by inv-del>", "2"}));
  EXPECT_EQ(next(first.id()).results_size(), 1);
}

TEST_F(talkback_fixture, state_metadata_round_trips_after_commit_and_is_hidden_from_ranges) {
  ledger.seed("asset", "a", "1");
  protos::PutStateMetadata put_md;
  put_md.set_key("a");
  put_md.mutable_metadata()->set_metakey("VALIDATION_PARAMETER");
  put_md.mutable_metadata()->set_value("policy");
  ok(type::PUT_STATE_METADATA, put_md);
  ASSERT_TRUE(ledger.commit(state->tx()));

  auto next_tx = ledger.begin("asset");
  talkback_server reader(*next_tx, "asset", 3);
  protos::GetStateMetadata get_md;
  get_md.set_key("a");
  auto reply = reader.serve(message(type::GET_STATE_METADATA, get_md.SerializeAsString(), "tx"));
  protos::StateMetadataResult result;
  ASSERT_TRUE(result.ParseFromString(reply.message.payload()));
  ASSERT_EQ(result.entries_size(), 1);
  EXPECT_EQ(result.entries(0).metakey(), "VALIDATION_PARAMETER");
  EXPECT_EQ(result.entries(0).value(), "policy");
  EXPECT_EQ(keys_of(range(std::string(1, '\0'), "")), (std::vector<std::string>{"a"}));
}

TEST_F(talkback_fixture, rich_queries_and_private_data_get_a_clear_error) {
  protos::GetQueryResult query;
  query.set_query("{\"selector\":{}}");
  auto reply = server.serve(message(type::GET_QUERY_RESULT, query.SerializeAsString(), "tx"));
  EXPECT_EQ(reply.message.type(), type::ERROR);
  EXPECT_NE(reply.message.payload().find("not supported by Vireo: GET_QUERY_RESULT"), std::string::npos)
      << reply.message.payload();
  protos::GetState private_get;
  private_get.set_key("a");
  private_get.set_collection("secrets");
  reply = server.serve(message(type::GET_STATE, private_get.SerializeAsString(), "tx"));
  EXPECT_EQ(reply.message.type(), type::ERROR);
  EXPECT_NE(reply.message.payload().find("private data"), std::string::npos);
  reply = server.serve(message(type::GET_PRIVATE_DATA_HASH, private_get.SerializeAsString(), "tx"));
  EXPECT_EQ(reply.message.type(), type::ERROR);
  EXPECT_TRUE(reply.abort_reason.empty());
}

TEST_F(talkback_fixture, a_payload_that_does_not_parse_fails_the_transaction) {
  auto reply = server.serve(message(type::PUT_STATE, "\x0a\xff\xff\xff", "tx"));
  EXPECT_EQ(reply.message.type(), type::ERROR);
  EXPECT_EQ(reply.abort_reason, "malformed message from chaincode: PUT_STATE payload does not parse");
  EXPECT_TRUE(state->tx().writes.empty());
}

TEST_F(talkback_fixture, reserved_keys_cannot_be_written) {
  protos::PutState req;
  req.set_key(std::string("\x00\xff", 2) + "meta");
  auto reply = server.serve(message(type::PUT_STATE, req.SerializeAsString(), "tx"));
  EXPECT_EQ(reply.message.type(), type::ERROR);
  EXPECT_TRUE(state->tx().writes.empty());
}

}  // namespace
}  // namespace vireo::peer
