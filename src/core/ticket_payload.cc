// TicketPayload: encoding and decoding of a flat JSON object of string members.
// Pure functions; thread-safe.
#include "core/ticket_payload.h"

#include <cstdio>

namespace portcullis::core {
namespace {

void AppendString(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  out += '"';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads a string that AppendString wrote (\" \\ and \u00XX escapes) at `in`'s start.
bool ReadString(std::string_view& in, std::string& out) {
  if (in.empty() || in.front() != '"') return false;
  in.remove_prefix(1);
  out.clear();
  while (!in.empty()) {
    const char c = in.front();
    in.remove_prefix(1);
    if (c == '"') return true;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (in.empty()) return false;
    const char e = in.front();
    in.remove_prefix(1);
    if (e == '"' || e == '\\' || e == '/') {
      out += e;
    } else if (e == 'u' && in.size() >= 4 && in.substr(0, 2) == "00") {
      const int high = HexValue(in[2]);
      const int low = HexValue(in[3]);
      if (high < 0 || low < 0) return false;
      out += static_cast<char>(high * 16 + low);
      in.remove_prefix(4);
    } else {
      return false;
    }
  }
  return false;
}

bool Consume(std::string_view& in, char c) {
  if (in.empty() || in.front() != c) return false;
  in.remove_prefix(1);
  return true;
}

}  // namespace

std::optional<TicketPayload> TicketPayload::Decode(std::string_view json) {
  TicketPayload payload;
  if (!Consume(json, '{')) return std::nullopt;
  if (Consume(json, '}')) return json.empty() ? std::optional(payload) : std::nullopt;
  while (true) {
    std::string key;
    std::string value;
    if (!ReadString(json, key) || !Consume(json, ':') || !ReadString(json, value)) {
      return std::nullopt;
    }
    payload.Set(key, value);
    if (Consume(json, '}')) break;
    if (!Consume(json, ',')) return std::nullopt;
  }
  if (!json.empty()) return std::nullopt;
  return payload;
}

std::string TicketPayload::Encode() const {
  std::string out = "{";
  for (const auto& [key, value] : members_) {
    if (out.size() > 1) out += ',';
    AppendString(out, key);
    out += ':';
    AppendString(out, value);
  }
  out += '}';
  return out;
}

TicketPayload& TicketPayload::Set(std::string_view key, std::string_view value) {
  for (auto it = members_.begin(); it != members_.end(); ++it) {
    if (it->first == key) {
      members_.erase(it);
      break;
    }
  }
  if (!value.empty()) members_.emplace_back(std::string(key), std::string(value));
  return *this;
}

std::string TicketPayload::Get(std::string_view key) const {
  for (const auto& [k, value] : members_) {
    if (k == key) return value;
  }
  return {};
}

}  // namespace portcullis::core
