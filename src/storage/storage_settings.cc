// Declaration of the storage settings: names, checks and help. Pure functions; thread-safe.
#include "storage/storage_settings.h"

#include "storage/s3_location.h"

namespace portcullis::storage {

options::Section<StorageOptions> StorageSection() {
  using std::chrono::seconds;
  options::Section<StorageOptions> s("", "File storage");
  s.Add("storage", &StorageOptions::url,
        "where stored files' bytes live: file:PATH (a directory; default file:<data_dir>/storage) "
        "or s3://BUCKET[/PREFIX]?endpoint=URL&region=REGION (any S3-compatible service; without "
        "endpoint, AWS itself; plain http:// endpoints only on loopback) — docs/STORAGE.md")
      .Require(
          [](const std::string& v) {
            if (v.empty()) return true;
            if (v.starts_with("file:")) return v.size() > 5;
            return ParseS3Url(v).ok();
          },
          "must be file:PATH or s3://BUCKET[/PREFIX]?endpoint=https://HOST&region=REGION "
          "(http:// only to a loopback endpoint)");
  s.Add("storage_access_key_id", &StorageOptions::access_key_id,
        "S3 access key id (empty: the AWS_ACCESS_KEY_ID environment variable)");
  s.Add("storage_secret_access_key", &StorageOptions::secret_access_key,
        "S3 secret access key (empty: AWS_SECRET_ACCESS_KEY; AWS_SESSION_TOKEN is sent when set)")
      .Secret();
  s.Add("storage_part_size_mib", &StorageOptions::part_size_mib,
        "S3 multipart part size in MiB: larger objects are uploaded in parts of this size, and "
        "one upload holds at most one part in memory")
      .Between(5u, 512u);
  s.Add("storage_connect_timeout", &StorageOptions::connect_timeout,
        "seconds to connect to the S3 endpoint")
      .Between(seconds(1), seconds(120));
  s.Add("storage_io_timeout", &StorageOptions::io_timeout,
        "seconds an S3 request may wait for the next byte before it fails (503)")
      .Between(seconds(1), seconds(600));
  return s;
}

}  // namespace portcullis::storage
