// Declaration of the storage settings (top level: storage, storage_access_key_id,
// storage_secret_access_key, storage_part_size_mib, storage_*_timeout). Pure functions;
// thread-safe.
#pragma once

#include "common/options.h"
#include "storage/storage_options.h"

namespace portcullis::storage {

options::Section<StorageOptions> StorageSection();

}  // namespace portcullis::storage
