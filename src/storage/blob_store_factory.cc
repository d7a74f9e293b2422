// OpenBlobStore: from the `storage` setting to a BlobStore. Called once at start; thread-safe.
#include "storage/blob_store_factory.h"

#include <cstdlib>

#include "common/status_macros.h"
#include "storage/file_blob_store.h"
#include "storage/s3_blob_store.h"

namespace portcullis::storage {
namespace {

Result<S3Credentials> CredentialsFor(const StorageOptions& options,
                                     const EnvironmentLookup& environment) {
  if (!options.access_key_id.empty() || !options.secret_access_key.empty()) {
    if (options.access_key_id.empty() || options.secret_access_key.empty()) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "storage: set both storage_access_key_id and storage_secret_access_key");
    }
    return S3Credentials{.access_key_id = options.access_key_id,
                         .secret_access_key = options.secret_access_key};
  }
  S3Credentials credentials{.access_key_id = environment("AWS_ACCESS_KEY_ID").value_or(""),
                            .secret_access_key = environment("AWS_SECRET_ACCESS_KEY").value_or(""),
                            .session_token = environment("AWS_SESSION_TOKEN").value_or("")};
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "storage: S3 needs credentials: storage_access_key_id and "
                     "storage_secret_access_key, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
  }
  return credentials;
}

}  // namespace

std::optional<std::string> ProcessEnvironment(std::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

Result<std::unique_ptr<core::BlobStore>> OpenBlobStore(const StorageOptions& options,
                                                       const EnvironmentLookup& environment) {
  constexpr std::string_view kFile = "file:";
  if (options.url.starts_with(kFile) && options.url.size() > kFile.size()) {
    ASSIGN_OR_RETURN(auto store, FileBlobStore::Open(options.url.substr(kFile.size())));
    return std::unique_ptr<core::BlobStore>(std::move(store));
  }
  ASSIGN_OR_RETURN(S3Location location, ParseS3Url(options.url));
  ASSIGN_OR_RETURN(S3Credentials credentials, CredentialsFor(options, environment));
  return std::unique_ptr<core::BlobStore>(
      new S3BlobStore(std::move(location), std::move(credentials),
                      {.connect = options.connect_timeout, .io = options.io_timeout},
                      std::size_t{options.part_size_mib} * 1024 * 1024));
}

}  // namespace portcullis::storage
