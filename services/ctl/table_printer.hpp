// Human-readable output: aligned tables and aligned "key: value" blocks.
// Widths count UTF-8 code points, so non-ASCII values stay aligned.
#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace vireo::ctl {

/// Columns separated by two spaces, each as wide as its widest cell; the
/// header is printed first, the last column is not padded.
class table_printer {
 public:
  explicit table_printer(std::vector<std::string> headers);

  /// REQUIRES: as many cells as headers.
  void add_row(std::vector<std::string> cells);
  void print(std::ostream& out) const;
  size_t rows() const { return rows_.size(); }

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

/// One "key:  value" line per field, the values starting in one column.
class details_printer {
 public:
  void add(std::string key, std::string value);
  void print(std::ostream& out) const;

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

/// Number of UTF-8 code points in `text`.
size_t display_width(const std::string& text);

/// `text` cut to `max_width` code points, ending in "..." when cut.
std::string truncate(const std::string& text, size_t max_width);

}  // namespace vireo::ctl
