// OpenBlobStore: the BlobStore that `storage` names — FileBlobStore for file:PATH, S3BlobStore for
// s3://... with the credentials from the settings or the AWS environment variables. Called once
// at start by the app; thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/ports/blob_store.h"
#include "storage/storage_options.h"

namespace portcullis::storage {

// Reads one environment variable (std::getenv by default; tests pass their own).
using EnvironmentLookup = std::function<std::optional<std::string>(std::string_view name)>;
std::optional<std::string> ProcessEnvironment(std::string_view name);

// `options.url` must be set (the app fills in file:<data_dir>/storage when it is empty).
Result<std::unique_ptr<core::BlobStore>> OpenBlobStore(
    const StorageOptions& options, const EnvironmentLookup& environment = ProcessEnvironment);

}  // namespace portcullis::storage
