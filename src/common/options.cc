// Text helpers of the declarative settings: environment and flag names, list splitting, scalar
// parsing. Pure functions; thread-safe.
#include "common/options.h"

#include <cctype>
#include <charconv>

namespace portcullis::options {
namespace {

Error Bad(std::string why) { return MakeError(ErrorCode::kInvalidRequest, std::move(why)); }

std::string Trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

template <class Int>
Result<Int> ParseWhole(std::string_view text) {
  Int value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return Bad("not an integer");
  return value;
}

}  // namespace

std::string EnvironmentName(std::string_view name) {
  std::string out = "PORTCULLIS_";
  for (char c : name) {
    if (c == '.') {
      out += "__";
    } else {
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

std::vector<std::string> FlagNames(std::string_view name) {
  std::vector<std::string> out = {"--" + std::string(name)};
  std::string dashed(name);
  for (auto& c : dashed) c = c == '_' ? '-' : c;
  if (dashed != name) out.push_back("--" + dashed);
  return out;
}

Value ValueFromText(Kind kind, std::string text, std::string origin) {
  Value value;
  value.kind = kind;
  value.origin = std::move(origin);
  if (kind != Kind::kList) {
    value.items.push_back(std::move(text));
    return value;
  }
  if (Trimmed(text).empty()) return value;
  std::size_t start = 0;
  while (true) {
    const auto comma = text.find(',', start);
    value.items.push_back(Trimmed(std::string_view(text).substr(
        start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return value;
}

Result<long long> ParseSigned(std::string_view text) { return ParseWhole<long long>(text); }

Result<unsigned long long> ParseUnsigned(std::string_view text) {
  return ParseWhole<unsigned long long>(text);
}

Result<bool> ParseBool(std::string_view text) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "0" || text == "no" || text == "off") return false;
  return Bad("not a boolean");
}

}  // namespace portcullis::options
