// CrossNodeRevocationList: the local list plus one broadcast message per Add, and the decoding of
// other nodes' messages. Thread-safe as documented in cross_node_revocation_list.h.
#include "core/cross_node_revocation_list.h"

#include <charconv>

namespace portcullis::core {
namespace {

constexpr std::string_view kVersion = "v1";

// Session ids and node ids are UUIDs; anything else in a message is refused.
bool IsId(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::optional<std::string_view> NextWord(std::string_view& rest) {
  const auto start = rest.find_first_not_of(' ');
  if (start == std::string_view::npos) return std::nullopt;
  rest.remove_prefix(start);
  const auto end = rest.find(' ');
  const std::string_view word = rest.substr(0, end);
  rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  return word;
}

}  // namespace

CrossNodeRevocationList::CrossNodeRevocationList(RevocationList& local, EphemeralStore& broadcast,
                                                 const Clock& clock, std::string node_id)
    : local_(local), broadcast_(broadcast), clock_(clock), node_id_(std::move(node_id)) {
  subscription_ = broadcast_.Subscribe(std::string(kChannel),
                                       [this](const std::string& message) { Apply(message); });
}

CrossNodeRevocationList::~CrossNodeRevocationList() { subscription_.reset(); }

void CrossNodeRevocationList::Add(std::span<const Revocation> revocations, int64_t now) {
  if (revocations.empty()) return;
  local_.Add(revocations, now);  // visible here before anyone hears of it
  broadcast_.Publish(std::string(kChannel), Encode(node_id_, revocations));
}

void CrossNodeRevocationList::Apply(const std::string& message) {
  std::optional<Decoded> decoded = Decode(message);
  if (!decoded || decoded->node_id == node_id_) return;
  local_.Add(decoded->revocations, clock_.NowSeconds());
}

std::string CrossNodeRevocationList::Encode(std::string_view node_id,
                                            std::span<const Revocation> revocations) {
  std::string out(kVersion);
  out += ' ';
  out += node_id;
  std::optional<int64_t> current;
  for (const Revocation& r : revocations) {
    if (current != r.forget_after) {
      current = r.forget_after;
      out += " @" + std::to_string(r.forget_after);
    }
    out += ' ';
    out += r.session_id;
  }
  return out;
}

std::optional<CrossNodeRevocationList::Decoded> CrossNodeRevocationList::Decode(
    std::string_view message) {
  std::string_view rest = message;
  if (NextWord(rest) != kVersion) return std::nullopt;
  const auto node = NextWord(rest);
  if (!node || !IsId(*node)) return std::nullopt;
  Decoded out{std::string(*node), {}};
  std::optional<int64_t> forget_after;
  while (const auto word = NextWord(rest)) {
    if (word->starts_with('@')) {
      int64_t t = 0;
      const auto [end, ec] = std::from_chars(word->data() + 1, word->data() + word->size(), t);
      if (ec != std::errc() || end != word->data() + word->size()) return std::nullopt;
      forget_after = t;
    } else if (forget_after && IsId(*word)) {
      out.revocations.push_back({std::string(*word), *forget_after});
    } else {
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace portcullis::core
