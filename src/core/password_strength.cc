// zxcvbn's verdict on a password: its whole-password pattern and its 0-4 score.
// Pure functions; thread-safe.
#include "core/password_strength.h"

#include <zxcvbn.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace portcullis::core {
namespace {

// zxcvbn-c details this many bytes (its ZXCVBN_DETAIL_LEN); the rest is one LONG_PWD_MATCH.
constexpr std::size_t kDetailedBytes = 100;
// A repeated chunk at least this long (in characters) is judged by itself, not as a repetition.
constexpr std::size_t kStandaloneChunkChars = 8;

struct FreeInfo {
  void operator()(ZxcMatch_t* info) const { ZxcvbnFreeInfo(info); }
};

// The length of the shortest chunk that `s` is a repetition of (`s.size()` when it is none).
std::size_t RepeatedChunkLength(std::string_view s) {
  const std::size_t n = s.size();
  if (n < 2) return n;
  std::vector<std::size_t> border(n, 0);  // KMP failure function
  for (std::size_t i = 1, k = 0; i < n; ++i) {
    while (k > 0 && s[i] != s[k]) k = border[k - 1];
    if (s[i] == s[k]) ++k;
    border[i] = k;
  }
  const std::size_t period = n - border[n - 1];
  return n % period == 0 ? period : n;
}

std::size_t CodePoints(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

WholePattern PatternOf(int type) {
  if ((type & MULTIPLE_MATCH) != 0) return WholePattern::kRepetition;
  switch (type) {
    case DICTIONARY_MATCH:
    case DICT_LEET_MATCH:
      return WholePattern::kDictionary;
    case USER_MATCH:
    case USER_LEET_MATCH:
      return WholePattern::kUserWord;
    case REPEATS_MATCH:
      return WholePattern::kRepetition;
    case SEQUENCE_MATCH:
    case SPATIAL_MATCH:
      return WholePattern::kSequence;
    default:  // brute force, dates, years: not a single guessable entry
      return WholePattern::kNone;
  }
}

}  // namespace

int ScoreOfEntropy(double bits) {
  constexpr double kDelta = 5;
  const double guesses = std::exp2(bits);
  if (guesses < 1e3 + kDelta) return 0;
  if (guesses < 1e6 + kDelta) return 1;
  if (guesses < 1e8 + kDelta) return 2;
  if (guesses < 1e10 + kDelta) return 3;
  return 4;
}

PasswordStrength AssessPassword(std::string_view password,
                                const std::vector<std::string_view>& user_words) {
  const std::string text(password);  // zxcvbn reads a NUL-terminated string
  std::vector<std::string> words;
  for (std::string_view word : user_words) {
    if (!word.empty()) words.emplace_back(word);
  }
  std::vector<const char*> dictionary;
  for (const std::string& word : words) dictionary.push_back(word.c_str());
  dictionary.push_back(nullptr);

  ZxcMatch_t* raw_info = nullptr;
  PasswordStrength strength;
  strength.entropy_bits = ZxcvbnMatch(text.c_str(), dictionary.data(), &raw_info);
  const std::unique_ptr<ZxcMatch_t, FreeInfo> info(raw_info);
  strength.score = ScoreOfEntropy(strength.entropy_bits);

  const std::size_t chunk = RepeatedChunkLength(text);
  if (text.size() > kDetailedBytes) {
    if (chunk < text.size()) strength.whole = WholePattern::kRepetition;
  } else {
    const ZxcMatch_t* only = info.get();
    const bool one_match = only != nullptr && only->Next == nullptr && only->Begin == 0 &&
                           static_cast<std::size_t>(only->Length) == text.size();
    if (one_match) strength.whole = PatternOf(static_cast<int>(only->Type));
  }
  // A repetition adds almost nothing to its chunk, so it is judged by the chunk: a chunk that would
  // stand on its own (8 characters or more, no whole pattern) repeated is not refused for it.
  if (strength.whole == WholePattern::kRepetition && chunk < text.size()) {
    const std::string_view unit = std::string_view(text).substr(0, chunk);
    if (CodePoints(unit) >= kStandaloneChunkChars &&
        AssessPassword(unit, user_words).whole == WholePattern::kNone) {
      strength.whole = WholePattern::kNone;
    }
  }
  return strength;
}

}  // namespace portcullis::core
