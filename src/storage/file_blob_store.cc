// FileBlobStore: objects as files under ROOT/objects, written through ROOT/tmp. Thread-safe: no
// shared mutable state; the writer and reader below are used by one thread at a time.
#include "storage/file_blob_store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>

#include "common/status_macros.h"
#include "storage/posix_files.h"

namespace portcullis::storage {
namespace {

constexpr std::chrono::hours kStaleTemporary{24};

std::chrono::system_clock::time_point ModifiedOf(const struct stat& st) {
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::seconds(st.st_mtim.tv_sec) + std::chrono::nanoseconds(st.st_mtim.tv_nsec)));
}

std::string_view ParentOf(std::string_view key) {
  const auto slash = key.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : key.substr(0, slash);
}

// Creates `dir` (0700) when missing; an existing one is kept as it is.
Status EnsureDirectory(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) return FileError("stat", dir, errno);
    if (!S_ISDIR(st.st_mode)) return FileError("open", dir, ENOTDIR);
    return Status::Ok();
  }
  return FileError("mkdir", dir, errno);
}

// Temporary files older than a day are what a killed process left behind.
void RemoveStaleTemporaries(const std::string& tmp) {
  DIR* dir = ::opendir(tmp.c_str());
  if (dir == nullptr) return;
  const auto cutoff = std::chrono::system_clock::now() - kStaleTemporary;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (!name.ends_with(".part")) continue;
    const std::string path = tmp + "/" + name;
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ModifiedOf(st) < cutoff) {
      ::unlink(path.c_str());
    }
  }
  ::closedir(dir);
}

class FileBlobWriter final : public core::BlobWriter {
 public:
  FileBlobWriter(std::string objects, std::string key, std::string temp_path, UniqueFd fd)
      : objects_(std::move(objects)),
        key_(std::move(key)),
        temp_path_(std::move(temp_path)),
        fd_(std::move(fd)) {}
  ~FileBlobWriter() override { Abort(); }

  Status Append(std::string_view bytes) override {
    if (fd_.get() < 0) return Spent();
    Status written = WriteAll(fd_.get(), bytes, temp_path_);
    if (!written.ok()) {
      Abort();
      return written;
    }
    bytes_written_ += bytes.size();
    return Status::Ok();
  }

  Result<core::BlobInfo> Commit() override {
    if (fd_.get() < 0) return Spent();
    auto info = MoveIntoPlace();
    Abort();  // after a success only the descriptor is left to close; after a failure, the file
    return info;
  }

  void Abort() override {
    if (fd_.get() < 0) return;
    fd_.Reset();
    if (!committed_) ::unlink(temp_path_.c_str());
  }

  uint64_t bytes_written() const override { return bytes_written_; }

 private:
  static Error Spent() {
    return MakeError(ErrorCode::kInternal, "storage: the writer was committed or aborted");
  }

  Result<core::BlobInfo> MoveIntoPlace() {
    if (::fsync(fd_.get()) != 0) return FileError("fsync", temp_path_, errno);
    struct stat st {};
    if (::fstat(fd_.get(), &st) != 0) return FileError("stat", temp_path_, errno);
    const std::string target = objects_ + "/" + key_;
    const std::string_view parent = ParentOf(key_);
    const std::string parent_path =
        parent.empty() ? objects_ : objects_ + "/" + std::string(parent);
    // A concurrent Delete may remove the (then empty) parent between the two steps: try again.
    for (int attempt = 0;; ++attempt) {
      RETURN_IF_ERROR(MakeDirectories(objects_, parent));
      if (::rename(temp_path_.c_str(), target.c_str()) == 0) break;
      const int err = errno;
      if (err == ENOENT && attempt < 3) continue;
      if (err == EISDIR || err == ENOTEMPTY || err == EEXIST) {
        return MakeError(ErrorCode::kConflict,
                         "storage: " + key_ + " holds other objects, so it cannot be one");
      }
      if (err == ENOTDIR) {
        return MakeError(ErrorCode::kConflict, "storage: a parent of " + key_ +
                                                   " is an object, so it cannot hold others");
      }
      return FileError("rename into", target, err);
    }
    committed_ = true;
    RETURN_IF_ERROR(SyncDirectory(parent_path));
    return core::BlobInfo{.size = static_cast<uint64_t>(st.st_size), .modified = ModifiedOf(st)};
  }

  const std::string objects_;
  const std::string key_;
  const std::string temp_path_;
  UniqueFd fd_;
  uint64_t bytes_written_ = 0;
  bool committed_ = false;
};

class FileBlobReader final : public core::BlobReader {
 public:
  FileBlobReader(UniqueFd fd, std::string path, uint64_t offset, uint64_t length,
                 uint64_t object_size)
      : fd_(std::move(fd)),
        path_(std::move(path)),
        next_(offset),
        end_(offset + length),
        length_(length),
        object_size_(object_size) {}

  Result<std::size_t> Read(std::span<char> buffer) override {
    const uint64_t want = std::min<uint64_t>(buffer.size(), end_ - next_);
    while (want > 0) {
      const ssize_t n = ::pread(fd_.get(), buffer.data(), want, static_cast<off_t>(next_));
      if (n < 0) {
        if (errno == EINTR) continue;
        return FileError("read", path_, errno);
      }
      if (n == 0) {
        return MakeError(ErrorCode::kUnavailable, "storage: " + path_ + " shrank while read");
      }
      next_ += static_cast<uint64_t>(n);
      return static_cast<std::size_t>(n);
    }
    return std::size_t{0};
  }
  uint64_t size() const override { return length_; }
  uint64_t object_size() const override { return object_size_; }

 private:
  UniqueFd fd_;
  const std::string path_;
  uint64_t next_;
  const uint64_t end_;
  const uint64_t length_;
  const uint64_t object_size_;
};

}  // namespace

FileBlobStore::FileBlobStore(std::string root)
    : root_(std::move(root)), objects_(root_ + "/objects"), tmp_(root_ + "/tmp") {}

Result<std::unique_ptr<FileBlobStore>> FileBlobStore::Open(std::string root) {
  while (root.size() > 1 && root.ends_with('/')) root.pop_back();
  if (root.empty()) return MakeError(ErrorCode::kInvalidRequest, "storage: empty directory");
  std::unique_ptr<FileBlobStore> store(new FileBlobStore(std::move(root)));
  RETURN_IF_ERROR(EnsureDirectory(store->root_));
  RETURN_IF_ERROR(EnsureDirectory(store->objects_));
  RETURN_IF_ERROR(EnsureDirectory(store->tmp_));
  RETURN_IF_ERROR(SyncDirectory(store->root_));
  RemoveStaleTemporaries(store->tmp_);
  return store;
}

Result<std::unique_ptr<core::BlobWriter>> FileBlobStore::OpenWriter(std::string_view key) {
  RETURN_IF_ERROR(core::CheckBlobKey(key));
  ASSIGN_OR_RETURN(std::string name, RandomName());
  std::string temp_path = tmp_ + "/" + name + ".part";
  UniqueFd fd(
      ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.get() < 0) return FileError("create", temp_path, errno);
  return std::unique_ptr<core::BlobWriter>(
      new FileBlobWriter(objects_, std::string(key), std::move(temp_path), std::move(fd)));
}

Result<std::unique_ptr<core::BlobReader>> FileBlobStore::OpenReader(
    std::string_view key, std::optional<core::ByteRange> range) {
  RETURN_IF_ERROR(core::CheckBlobKey(key));
  std::string path = objects_ + "/" + std::string(key);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0) {
    if (errno == ELOOP) return FileError("open", path, ENOENT, true);
    return FileError("open", path, errno, /*absent_is_not_found=*/true);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return FileError("stat", path, errno);
  if (!S_ISREG(st.st_mode)) return FileError("open", path, ENOENT, true);
  const auto size = static_cast<uint64_t>(st.st_size);
  uint64_t offset = 0;
  uint64_t length = size;
  if (range) {
    if (range->offset > size) {
      return MakeError(ErrorCode::kInvalidRequest, "storage: range starts past the end");
    }
    offset = range->offset;
    length = std::min(range->length.value_or(size - offset), size - offset);
  }
  return std::unique_ptr<core::BlobReader>(
      new FileBlobReader(std::move(fd), std::move(path), offset, length, size));
}

Result<core::BlobInfo> FileBlobStore::Stat(std::string_view key) {
  RETURN_IF_ERROR(core::CheckBlobKey(key));
  const std::string path = objects_ + "/" + std::string(key);
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return FileError("stat", path, errno, true);
  if (!S_ISREG(st.st_mode)) return FileError("stat", path, ENOENT, true);
  return core::BlobInfo{.size = static_cast<uint64_t>(st.st_size), .modified = ModifiedOf(st)};
}

Status FileBlobStore::Delete(std::string_view key) {
  RETURN_IF_ERROR(core::CheckBlobKey(key));
  const std::string path = objects_ + "/" + std::string(key);
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::Ok();
    return FileError("stat", path, errno);
  }
  if (!S_ISREG(st.st_mode)) return Status::Ok();  // a directory of other objects: no object here
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return FileError("delete", path, errno);
  }
  std::string_view parent = ParentOf(key);
  RETURN_IF_ERROR(SyncDirectory(parent.empty() ? objects_ : objects_ + "/" + std::string(parent)));
  // Directories left empty go too (best effort: a concurrent writer may be filling one).
  while (!parent.empty()) {
    if (::rmdir((objects_ + "/" + std::string(parent)).c_str()) != 0) break;
    parent = ParentOf(parent);
  }
  return Status::Ok();
}

}  // namespace portcullis::storage
