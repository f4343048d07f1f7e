#include "services/ctl/table_printer.hpp"

#include <cassert>

namespace vireo::ctl {

namespace {

void pad(std::ostream& out, const std::string& cell, size_t width) {
  out << cell;
  for (size_t w = display_width(cell); w < width; ++w)
    out << ' ';
}

}  // namespace

size_t display_width(const std::string& text) {
  size_t width = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80)
      ++width;
  return width;
}

std::string truncate(const std::string& text, size_t max_width) {
  if (max_width < 4 || display_width(text) <= max_width)
    return text;
  size_t kept = 0;
  size_t end = 0;
  while (end < text.size()) {
    if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80) {
      if (kept == max_width - 3)
        break;
      ++kept;
    }
    ++end;
  }
  return text.substr(0, end) + "...";
}

table_printer::table_printer(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void table_printer::add_row(std::vector<std::string> cells) {
  assert(cells.size() == headers_.size());
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

void table_printer::print(std::ostream& out) const {
  std::vector<size_t> widths;
  for (auto& header : headers_)
    widths.push_back(display_width(header));
  for (auto& row : rows_)
    for (size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
  auto print_row = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i + 1 == row.size()) {
        out << row[i];
      } else {
        pad(out, row[i], widths[i]);
        out << "  ";
      }
    }
    out << '\n';
  };
  print_row(headers_);
  for (auto& row : rows_)
    print_row(row);
}

void details_printer::add(std::string key, std::string value) {
  fields_.emplace_back(std::move(key), std::move(value));
}

void details_printer::print(std::ostream& out) const {
  size_t width = 0;
  for (auto& [key, value] : fields_)
    width = std::max(width, display_width(key) + 1);
  for (auto& [key, value] : fields_) {
    pad(out, key + ":", width);
    out << "  " << value << '\n';
  }
}

}  // namespace vireo::ctl
