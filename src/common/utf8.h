// UTF-8 hygiene for text that came from the network and is stored or echoed (a User-Agent, a
// header): invalid bytes replaced, cuts made on a character boundary. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace portcullis {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not valid (overlongs,
// surrogates and code points above U+10FFFF are invalid).
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i);
// `s` when it is valid UTF-8; otherwise a copy in `scratch` with every invalid byte replaced by
// U+FFFD, and a view of it.
std::string_view ValidUtf8(std::string_view s, std::string& scratch);
// `s` made valid UTF-8 (as ValidUtf8) and cut to at most `max_bytes` without splitting a character.
std::string ValidUtf8Prefix(std::string_view s, std::size_t max_bytes);

}  // namespace portcullis
