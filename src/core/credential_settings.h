// The settings of company API keys and personal access tokens: the key prefixes a company may
// choose and how often their last use is written. Value type and pure functions; thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "common/options.h"

namespace portcullis::core {

// A personal access token starts with this; no API key prefix may be it.
inline constexpr std::string_view kPersonalTokenPrefix = "pat_";

struct CredentialOptions {
  // Setting api_key_prefixes: what an API key may start with; the first is the default.
  std::vector<std::string> api_key_prefixes = {"hbx_", "mchx_"};
  // Setting credential_use_flush_interval: how often the coalesced last_used_at times are written.
  std::chrono::seconds use_flush_interval{5};
};

// Whether `prefix` is a well-formed API key prefix: 2-16 lower-case letters, digits or '_', ending
// in '_', and not the personal-token prefix.
bool IsValidApiKeyPrefix(std::string_view prefix);

options::Section<CredentialOptions> CredentialSection();

}  // namespace portcullis::core
