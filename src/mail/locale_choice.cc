// Accept-Language parsing and RFC 4647 lookup. Pure functions; thread-safe.
#include "mail/locale_choice.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace portcullis::mail {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsRange(std::string_view range) {
  if (range == "*") return true;
  if (range.empty() || range.size() > 35 || range.front() == '-' || range.back() == '-') {
    return false;
  }
  return std::all_of(range.begin(), range.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
  });
}

// "q=0.8" → 800; -1 when malformed.
int ParseQuality(std::string_view parameter) {
  parameter = Trim(parameter);
  if (parameter.size() < 3 || (parameter[0] != 'q' && parameter[0] != 'Q') || parameter[1] != '=') {
    return -1;
  }
  const std::string_view value = parameter.substr(2);
  double q = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), q);
  if (ec != std::errc() || end != value.data() + value.size() || q < 0 || q > 1) return -1;
  return static_cast<int>(q * 1000 + 0.5);
}

}  // namespace

std::vector<std::string> PreferredLanguages(std::string_view accept_language) {
  struct Entry {
    std::string range;
    int quality;
  };
  std::vector<Entry> entries;
  while (!accept_language.empty()) {
    const auto comma = accept_language.find(',');
    std::string_view item = accept_language.substr(0, comma);
    accept_language.remove_prefix(comma == std::string_view::npos ? accept_language.size()
                                                                  : comma + 1);
    const auto semicolon = item.find(';');
    std::string_view range = Trim(item.substr(0, semicolon));
    int quality = 1000;
    if (semicolon != std::string_view::npos) quality = ParseQuality(item.substr(semicolon + 1));
    if (quality <= 0 || !IsRange(range)) continue;
    std::string lower(range);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    entries.push_back({std::move(lower), quality});
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.quality > b.quality; });
  std::vector<std::string> out;
  out.reserve(entries.size());
  for (auto& entry : entries) out.push_back(std::move(entry.range));
  return out;
}

std::string LookupLocale(const std::vector<std::string>& preferred,
                         const std::function<bool(std::string_view)>& available) {
  for (const std::string& range : preferred) {
    if (range == "*") continue;
    std::string_view candidate = range;
    for (;;) {
      if (available(candidate)) return std::string(candidate);
      const auto dash = candidate.rfind('-');
      if (dash == std::string_view::npos) break;
      candidate = candidate.substr(0, dash);
      // RFC 4647 3.4: a single-letter subtag (an extension) goes with the one after it.
      if (candidate.size() >= 2 && candidate[candidate.size() - 2] == '-') {
        candidate = candidate.substr(0, candidate.size() - 2);
      }
    }
  }
  return {};
}

}  // namespace portcullis::mail
