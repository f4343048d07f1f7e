// The human-readable rendering of the API's documents, shared by the
// commands: one function per kind of document, each printing on `out`.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace vireo::ctl {

/// A cell for a JSON value: strings as they are, null/absent as "-", anything
/// else as compact JSON.
std::string cell_text(const nlohmann::json& value);

/// The field `key` of `object` as cell_text ("-" when absent).
std::string field_text(const nlohmann::json& object, const char* key);

/// Unix milliseconds as UTC ISO 8601, e.g. 2024-05-01T12:00:00.123Z ("-" for 0).
std::string format_time_ms(int64_t ms);

/// A contract entry ({"name", "kind", ...}) as key: value lines.
void print_contract(std::ostream& out, const nlohmann::json& entry);

/// A transaction ({"id", "type", "timestamp_ms", "payload", ...}) as key: value lines.
void print_transaction(std::ostream& out, const nlohmann::json& tx);

/// A receipt document ({"receipt", "output", "events"}): the receipt, the
/// output transaction's payload and the events.
void print_receipt_document(std::ostream& out, const nlohmann::json& doc);

/// A block ({"height", "hash", ..., "transaction_ids"}) with its transaction ids.
void print_block(std::ostream& out, const nlohmann::json& block);

}  // namespace vireo::ctl
