// S3Location: where an S3 store's objects live — parsed from `storage = s3://BUCKET[/PREFIX]?...`
// — and the URL of each object. Path-style addressing (ENDPOINT/BUCKET/KEY) for an endpoint given
// explicitly; virtual-hosted style (https://BUCKET.s3.REGION.amazonaws.com/KEY) for AWS itself
// when the bucket name allows it. Plain value type; pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace portcullis::storage {

struct S3Location {
  std::string bucket;
  std::string prefix;    // "" or "a/b/" (ends in '/'): put before every key
  std::string endpoint;  // scheme://authority, no trailing '/'
  std::string region = "us-east-1";
  bool path_style = true;

  // The URL of `key` (prefix added, every segment percent-encoded as SigV4 expects), with
  // `query` (already canonical: sorted, encoded, "name=value&...") when not empty.
  std::string ObjectUrl(std::string_view key, std::string_view query = {}) const;
  bool plain_http() const { return endpoint.starts_with("http://"); }
};

// Parses s3://BUCKET[/PREFIX][?endpoint=URL][&region=REGION]. The bucket follows S3's naming rules
// (3-63 of a-z 0-9 . -); the endpoint is https://HOST[:PORT], or http:// only to a loopback host;
// the region is letters, digits and '-' (default us-east-1).
Result<S3Location> ParseS3Url(std::string_view url);

// The URL shown in logs and `portcullis settings`: as given (it holds no credential).
std::string DescribeS3Location(const S3Location& location);

}  // namespace portcullis::storage
