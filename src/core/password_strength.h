// Password strength as zxcvbn sees it (libzxcvbn, the C port, with its built-in dictionaries):
// the one pattern a password is wholly made of, if any, and zxcvbn's 0-4 score. Pure functions;
// thread-safe (ZxcvbnMatch keeps no state between calls).
#pragma once

#include <string_view>
#include <vector>

namespace portcullis::core {

// What a whole password is, when zxcvbn explains all of it with one match.
enum class WholePattern {
  kNone,        // several parts, or a part zxcvbn could only brute-force
  kDictionary,  // one entry of its dictionaries (common passwords, words, names), maybe l33t
  kUserWord,    // one of the caller's user words (the email and its parts), maybe l33t
  kRepetition,  // one character or a short or guessable chunk repeated ("aaaaaaaa", "        ",
                // "abcabcabc", "passwordpassword"); a chunk of 8 characters or more that has no
                // whole pattern of its own, repeated, is not one
  kSequence,    // an alphabetic or numeric run ("abcdefgh") or a keyboard walk
};

struct PasswordStrength {
  WholePattern whole = WholePattern::kNone;
  double entropy_bits = 0;  // ZxcvbnMatch's estimate
  int score = 0;            // ScoreOfEntropy(entropy_bits)
};

// zxcvbn-c returns an entropy in bits, not zxcvbn's 0-4 score; this derives the score the way
// zxcvbn does from its guess count (guesses = 2^bits): below 10^3 is 0, 10^6 is 1, 10^8 is 2,
// 10^10 is 3, anything more 4 (each bound plus zxcvbn's delta of 5 guesses).
int ScoreOfEntropy(double bits);

// `password` is UTF-8 (zxcvbn-c reads bytes; its dictionaries are ASCII). zxcvbn details only the
// first 100 bytes; a longer password is wholly a pattern only when it is one chunk repeated.
// Chunks of a repetition are found here (the shortest period of the bytes), not by zxcvbn.
PasswordStrength AssessPassword(std::string_view password,
                                const std::vector<std::string_view>& user_words);

}  // namespace portcullis::core
