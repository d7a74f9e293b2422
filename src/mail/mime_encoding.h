// The encodings a MIME message needs: CRLF lines, base64, quoted-printable (RFC 2045), RFC 2047
// encoded words for non-ASCII headers and the RFC 5322 date. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace portcullis::mail {

bool IsAscii(std::string_view text);
// Every line ending (\n, \r\n or a lone \r) as \r\n.
std::string WithCrlf(std::string_view text);
// Quoted-printable of CRLF text: lines of at most 76 characters (soft breaks "=\r\n").
std::string QuotedPrintable(std::string_view crlf_text);
// UTF-8 text as RFC 2047 encoded words ("=?UTF-8?B?...?="), each at most 75 characters, folded
// with "\r\n "; a character is never split between words.
std::string EncodedWords(std::string_view utf8);
// A header value: CR and LF become spaces (no header injection), then encoded words when the
// value is not ASCII.
std::string HeaderText(std::string_view utf8);
// "Tue, 01 Dec 2026 21:38:00 +0000" (RFC 5322 section 3.3) for epoch seconds.
std::string Rfc5322Date(int64_t epoch_seconds);

}  // namespace portcullis::mail
