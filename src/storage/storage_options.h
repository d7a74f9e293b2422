// StorageOptions: where stored files' bytes live (a directory or an S3-compatible bucket), the S3
// credentials and the transfer limits. Declared as settings in storage/storage_settings.cc. Plain
// value type.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace portcullis::storage {

struct StorageOptions {
  // file:PATH or s3://BUCKET[/PREFIX][?endpoint=URL&region=REGION]; empty: file:<data_dir>/storage
  // (the app fills it in at load).
  std::string url;
  // S3 credentials; empty: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN).
  std::string access_key_id;
  std::string secret_access_key;  // never shown or logged
  // S3 multipart: objects larger than one part go up in parts of this size (S3's minimum is 5 MiB);
  // also the most one upload holds in memory.
  uint32_t part_size_mib = 8;
  std::chrono::seconds connect_timeout{5};
  // The longest an S3 request waits for the next byte (a stalled backend fails with 503 after it).
  std::chrono::seconds io_timeout{30};
};

}  // namespace portcullis::storage
