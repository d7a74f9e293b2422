// Tests for file_blob_store.h: byte-exact round trips (empty, small, multi-MB streamed), ranges,
// nothing left by an abort, refused keys, owner-only modes, key conflicts, and an acknowledged
// Commit surviving SIGKILL of the process that made it (a child process: this binary exec'd).
// Single-threaded, but the durability test starts a child process.
#include "storage/file_blob_store.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "storage/blob_testing.h"

namespace portcullis::storage {
namespace {

using testing::PatternBytes;
using testing::ReadAll;
using testing::WriteAll;

class FileBlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/pc-blob-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    root_ = dir_ + "/storage";
    auto store = FileBlobStore::Open(root_);
    ASSERT_TRUE(store.ok()) << store.error().detail;
    store_ = std::move(*store);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<std::string> TemporaryFiles() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(root_ + "/tmp")) {
      names.push_back(entry.path().filename());
    }
    return names;
  }
  static mode_t ModeOf(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 0777;
  }

  std::string dir_;
  std::string root_;
  std::unique_ptr<FileBlobStore> store_;
};

TEST_F(FileBlobStoreTest, RoundTripsEmptySmallAndMultiMegabyteObjects) {
  const std::string big = PatternBytes(5 * 1024 * 1024 + 123, 7);
  for (const auto& [key, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"empty", ""}, {"user/1/small.txt", "hello, storage"}, {"user/1/big.bin", big}}) {
    auto info = WriteAll(*store_, key, bytes);
    ASSERT_TRUE(info.ok()) << info.error().detail;
    EXPECT_EQ(info->size, bytes.size());
    auto read = ReadAll(*store_, key);
    ASSERT_TRUE(read.ok()) << read.error().detail;
    EXPECT_TRUE(*read == bytes) << key;
    auto stat = store_->Stat(key);
    ASSERT_TRUE(stat.ok());
    EXPECT_EQ(stat->size, bytes.size());
  }
  EXPECT_TRUE(TemporaryFiles().empty());
}

TEST_F(FileBlobStoreTest, ReadsRanges) {
  const std::string bytes = PatternBytes(1000, 3);
  ASSERT_TRUE(WriteAll(*store_, "r", bytes).ok());
  EXPECT_EQ(*ReadAll(*store_, "r", core::ByteRange{.offset = 10, .length = 20}),
            bytes.substr(10, 20));
  EXPECT_EQ(*ReadAll(*store_, "r", core::ByteRange{.offset = 990}), bytes.substr(990));
  EXPECT_EQ(*ReadAll(*store_, "r", core::ByteRange{.offset = 900, .length = 5000}),
            bytes.substr(900));
  EXPECT_EQ(*ReadAll(*store_, "r", core::ByteRange{.offset = 1000}), "");
  auto reader = store_->OpenReader("r", core::ByteRange{.offset = 5, .length = 7});
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->size(), 7u);
  EXPECT_EQ((*reader)->object_size(), 1000u);
  auto past = store_->OpenReader("r", core::ByteRange{.offset = 1001});
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().code, ErrorCode::kInvalidRequest);
}

TEST_F(FileBlobStoreTest, AbortAndDestructionWithoutCommitLeaveNothing) {
  {
    auto writer = store_->OpenWriter("a/b/aborted");
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append(PatternBytes(300000, 1)).ok());
    EXPECT_EQ(TemporaryFiles().size(), 1u);
    (*writer)->Abort();
    (*writer)->Abort();
    EXPECT_FALSE((*writer)->Commit().ok());
  }
  {
    auto writer = store_->OpenWriter("dropped");
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append("never committed").ok());
  }
  EXPECT_TRUE(TemporaryFiles().empty());
  EXPECT_EQ(*store_->Exists("a/b/aborted"), false);
  EXPECT_EQ(*store_->Exists("dropped"), false);
  EXPECT_EQ(store_->OpenReader("dropped").error().code, ErrorCode::kNotFound);
}

TEST_F(FileBlobStoreTest, CommitReplacesWholeAndDeleteRemovesEmptyDirectories) {
  ASSERT_TRUE(WriteAll(*store_, "d/e/f", "first version, longer").ok());
  ASSERT_TRUE(WriteAll(*store_, "d/e/f", "second").ok());
  EXPECT_EQ(*ReadAll(*store_, "d/e/f"), "second");
  ASSERT_TRUE(store_->Delete("d/e/f").ok());
  EXPECT_EQ(store_->Stat("d/e/f").error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(root_ + "/objects/d"));
  EXPECT_TRUE(store_->Delete("d/e/f").ok());  // idempotent
}

TEST_F(FileBlobStoreTest, FilesAreOwnerOnly) {
  ASSERT_TRUE(WriteAll(*store_, "p/q/secret.txt", "x").ok());
  EXPECT_EQ(ModeOf(root_), 0700u);
  EXPECT_EQ(ModeOf(root_ + "/objects/p"), 0700u);
  EXPECT_EQ(ModeOf(root_ + "/objects/p/q"), 0700u);
  EXPECT_EQ(ModeOf(root_ + "/objects/p/q/secret.txt"), 0600u);
}

TEST_F(FileBlobStoreTest, RefusesBadKeysEverywhere) {
  for (const std::string& key : std::vector<std::string>{
           "../escape", "/abs", "a/../../b", "a\\b", std::string("a\0b", 3), std::string("a//b")}) {
    EXPECT_EQ(store_->OpenWriter(key).error().code, ErrorCode::kInvalidRequest) << key;
    EXPECT_EQ(store_->OpenReader(key).error().code, ErrorCode::kInvalidRequest) << key;
    EXPECT_EQ(store_->Stat(key).error().code, ErrorCode::kInvalidRequest) << key;
    EXPECT_EQ(store_->Delete(key).error().code, ErrorCode::kInvalidRequest) << key;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/escape"));
}

TEST_F(FileBlobStoreTest, AKeyCannotBeBothAnObjectAndADirectory) {
  ASSERT_TRUE(WriteAll(*store_, "x/y", "file").ok());
  auto under = WriteAll(*store_, "x/y/z", "below a file");
  ASSERT_FALSE(under.ok());
  EXPECT_EQ(under.error().code, ErrorCode::kConflict);
  auto over = WriteAll(*store_, "x", "over a directory");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->Stat("x").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(TemporaryFiles().empty());
  EXPECT_EQ(*ReadAll(*store_, "x/y"), "file");
}

TEST_F(FileBlobStoreTest, ReaderDoesNotFollowASymlinkedObject) {
  ASSERT_EQ(::symlink("/etc/hostname", (root_ + "/objects/link").c_str()), 0);
  EXPECT_EQ(store_->OpenReader("link").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->Stat("link").error().code, ErrorCode::kNotFound);
}

constexpr unsigned kDurableSeed = 11;
constexpr std::size_t kDurableSize = 3 * 1024 * 1024 + 17;

// The child of AnAcknowledgedCommitSurvivesSigkill, run as its own process (this binary again,
// exec'd: no fork without exec, which the sanitizers dislike). It commits one object, starts a
// second without committing, answers 'y' on the descriptor PC_BLOB_CHILD_FD and waits to be
// killed. Disabled: it runs only when the parent asks for it.
TEST(FileBlobStoreChild, DISABLED_CommitsThenWaitsForSigkill) {
  const char* root = std::getenv("PC_BLOB_CHILD_ROOT");
  const char* fd_text = std::getenv("PC_BLOB_CHILD_FD");
  if (root == nullptr || fd_text == nullptr) GTEST_SKIP() << "run by the durability test only";
  const int fd = std::atoi(fd_text);
  const std::string bytes = PatternBytes(kDurableSize, kDurableSeed);
  auto store = FileBlobStore::Open(root);
  bool ok = store.ok() && WriteAll(**store, "durable/object.bin", bytes).ok();
  auto writer = ok ? (*store)->OpenWriter("durable/unfinished.bin")
                   : Result<std::unique_ptr<core::BlobWriter>>(MakeError(ErrorCode::kInternal));
  ok = ok && writer.ok() && (*writer)->Append(bytes).ok();
  const char answer = ok ? 'y' : 'n';
  ASSERT_EQ(::write(fd, &answer, 1), 1);
  while (true) ::pause();
}

// A child process commits and says so; the parent kills it with SIGKILL, reopens the store and
// finds the object byte-exact, and nothing of the upload the child had not committed.
TEST_F(FileBlobStoreTest, AnAcknowledgedCommitSurvivesSigkill) {
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const std::string fd_text = std::to_string(ready[1]);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(ready[0]);
    ::setenv("PC_BLOB_CHILD_ROOT", root_.c_str(), 1);
    ::setenv("PC_BLOB_CHILD_FD", fd_text.c_str(), 1);
    char filter[] = "--gtest_filter=FileBlobStoreChild.DISABLED_CommitsThenWaitsForSigkill";
    char disabled[] = "--gtest_also_run_disabled_tests";
    char self[] = "/proc/self/exe";
    char* argv[] = {self, filter, disabled, nullptr};
    ::execv(self, argv);
    ::_exit(127);
  }
  ::close(ready[1]);
  char answer = 0;
  const ssize_t got = ::read(ready[0], &answer, 1);
  ::close(ready[0]);
  ::kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_EQ(got, 1) << "the child ended before it answered";
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  ASSERT_EQ(answer, 'y');

  auto reopened = FileBlobStore::Open(root_);
  ASSERT_TRUE(reopened.ok());
  auto read = ReadAll(**reopened, "durable/object.bin");
  ASSERT_TRUE(read.ok()) << read.error().detail;
  EXPECT_TRUE(*read == PatternBytes(kDurableSize, kDurableSeed));
  EXPECT_EQ((*reopened)->Stat("durable/unfinished.bin").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace portcullis::storage
