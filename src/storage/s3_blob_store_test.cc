// Tests for s3_blob_store.h against a real S3-compatible server (s3rver, started by
// scripts/test.sh): PORTCULLIS_TEST_S3=http://127.0.0.1:PORT/BUCKET names it (access key and
// secret S3RVER unless AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY say otherwise). Without it the
// tests skip, unless PORTCULLIS_TEST_REQUIRE_S3 is set (CI): then they fail. What the store
// writes is checked with an independent client (tests/s3/check_object.mjs, @aws-sdk/client-s3,
// from PORTCULLIS_S3_NODE_DIR) and an object that client wrote is read back through the store.
// Single-threaded.
#include "storage/s3_blob_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "storage/blob_store_factory.h"
#include "storage/blob_testing.h"
#include "storage/s3_blob_writer.h"

namespace portcullis::storage {
namespace {

using testing::PatternBytes;
using testing::ReadAll;
using testing::WriteAll;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

struct S3Target {
  std::string endpoint;  // http://127.0.0.1:PORT
  std::string bucket;
};

std::optional<S3Target> TargetFromEnvironment() {
  const std::string url = Env("PORTCULLIS_TEST_S3");
  const auto slash = url.find('/', url.find("://") + 3);
  if (url.empty() || slash == std::string::npos) return std::nullopt;
  return S3Target{.endpoint = url.substr(0, slash), .bucket = url.substr(slash + 1)};
}

std::string AccessKey(const char* name) {
  const std::string value = Env(name);
  return value.empty() ? "S3RVER" : value;
}

class S3BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto target = TargetFromEnvironment();
    if (!target) {
      if (!Env("PORTCULLIS_TEST_REQUIRE_S3").empty()) {
        FAIL() << "PORTCULLIS_TEST_REQUIRE_S3 is set but PORTCULLIS_TEST_S3 is not";
      }
      GTEST_SKIP() << "PORTCULLIS_TEST_S3 is not set (scripts/test.sh starts s3rver)";
    }
    target_ = *target;
    // One prefix per run, so runs and tests never see each other's objects.
    prefix_ = "cxx-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name();
    StorageOptions options{.url = "s3://" + target_.bucket + "/" + prefix_ +
                                  "?endpoint=" + target_.endpoint + "&region=us-east-1",
                           .access_key_id = AccessKey("AWS_ACCESS_KEY_ID"),
                           .secret_access_key = AccessKey("AWS_SECRET_ACCESS_KEY"),
                           .part_size_mib = 5};
    auto store = OpenBlobStore(options);
    ASSERT_TRUE(store.ok()) << store.error().detail;
    store_ = std::move(*store);
  }

  // Runs tests/s3/check_object.mjs: exit status 0 when the check holds.
  int RunChecker(const std::string& arguments) {
    const std::string dir = Env("PORTCULLIS_S3_NODE_DIR");
    if (dir.empty()) {
      if (!Env("PORTCULLIS_TEST_REQUIRE_S3").empty()) return -1;
      return -2;
    }
    const std::string command = "NODE_NO_WARNINGS=1 node '" + dir + "/check_object.mjs' " +
                                target_.endpoint + " " + target_.bucket + " " + arguments;
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  S3Target target_;
  std::string prefix_;
  std::unique_ptr<core::BlobStore> store_;
};

TEST_F(S3BlobStoreTest, RoundTripsEmptyAndSmallObjects) {
  for (const auto& [key, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"empty", ""}, {"user/1/small file+ü.txt", "hello, s3"}}) {
    auto info = WriteAll(*store_, key, bytes);
    ASSERT_TRUE(info.ok()) << info.error().detail;
    auto read = ReadAll(*store_, key);
    ASSERT_TRUE(read.ok()) << read.error().detail;
    EXPECT_EQ(*read, bytes);
    auto stat = store_->Stat(key);
    ASSERT_TRUE(stat.ok()) << stat.error().detail;
    EXPECT_EQ(stat->size, bytes.size());
  }
}

TEST_F(S3BlobStoreTest, ReadsRangesAndReportsMissingObjects) {
  const std::string bytes = PatternBytes(100000, 5);
  ASSERT_TRUE(WriteAll(*store_, "r.bin", bytes).ok());
  EXPECT_EQ(*ReadAll(*store_, "r.bin", core::ByteRange{.offset = 10, .length = 20}),
            bytes.substr(10, 20));
  EXPECT_EQ(*ReadAll(*store_, "r.bin", core::ByteRange{.offset = 99990}), bytes.substr(99990));
  EXPECT_EQ(*ReadAll(*store_, "r.bin", core::ByteRange{.offset = 100000}), "");
  auto reader = store_->OpenReader("r.bin", core::ByteRange{.offset = 5, .length = 7});
  ASSERT_TRUE(reader.ok()) << reader.error().detail;
  EXPECT_EQ((*reader)->size(), 7u);
  EXPECT_EQ((*reader)->object_size(), 100000u);
  EXPECT_EQ(store_->OpenReader("r.bin", core::ByteRange{.offset = 100001}).error().code,
            ErrorCode::kInvalidRequest);
  EXPECT_EQ(store_->OpenReader("missing").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->Stat("missing").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(*store_->Exists("missing"), false);
}

TEST_F(S3BlobStoreTest, DeletesAndRefusesBadKeys) {
  ASSERT_TRUE(WriteAll(*store_, "gone", "x").ok());
  ASSERT_TRUE(store_->Delete("gone").ok());
  EXPECT_EQ(store_->Stat("gone").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->Delete("gone").ok());
  EXPECT_EQ(store_->OpenWriter("../x").error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(store_->OpenReader("/x").error().code, ErrorCode::kInvalidRequest);
}

TEST_F(S3BlobStoreTest, AbortedUploadLeavesNoObject) {
  auto writer = store_->OpenWriter("aborted.bin");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append(PatternBytes(6 * 1024 * 1024, 2)).ok());  // one part went up
  (*writer)->Abort();
  EXPECT_EQ(store_->Stat("aborted.bin").error().code, ErrorCode::kNotFound);
}

// 12 MiB + a bit through multipart (5 MiB parts: two full parts go up while appending, the
// rest with Complete), read back streamed, and checked byte for byte by the independent client,
// which also lists it.
TEST_F(S3BlobStoreTest, LargeObjectGoesUpInPartsAndTheIndependentClientReadsIt) {
  const std::string bytes = PatternBytes(12 * 1024 * 1024 + 4321, 9);
  auto opened = store_->OpenWriter("large/multipart.bin");
  ASSERT_TRUE(opened.ok());
  auto* writer = dynamic_cast<S3BlobWriter*>(opened->get());
  ASSERT_NE(writer, nullptr);
  for (std::size_t at = 0; at < bytes.size(); at += 1000 * 1000) {
    ASSERT_TRUE(writer->Append(std::string_view(bytes).substr(at, 1000 * 1000)).ok());
  }
  EXPECT_EQ(writer->parts_uploaded(), 2u);
  auto info = writer->Commit();
  ASSERT_TRUE(info.ok()) << info.error().detail;
  EXPECT_EQ(info->size, bytes.size());
  EXPECT_EQ(writer->parts_uploaded(), 3u);
  auto read = ReadAll(*store_, "large/multipart.bin");
  ASSERT_TRUE(read.ok()) << read.error().detail;
  EXPECT_TRUE(*read == bytes);
  ASSERT_TRUE(WriteAll(*store_, "small/put.bin", PatternBytes(70000, 4)).ok());
  const int multipart = RunChecker("verify " + prefix_ + "/large/multipart.bin " +
                                   std::to_string(bytes.size()) + " 9");
  const int put = RunChecker("verify " + prefix_ + "/small/put.bin 70000 4");
  if (multipart == -2) GTEST_SKIP() << "PORTCULLIS_S3_NODE_DIR is not set: no independent check";
  EXPECT_EQ(multipart, 0);
  EXPECT_EQ(put, 0);
}

TEST_F(S3BlobStoreTest, ReadsWhatTheIndependentClientWrote) {
  const int written = RunChecker("write " + prefix_ + "/from-sdk.bin 300000 13");
  if (written == -2) GTEST_SKIP() << "PORTCULLIS_S3_NODE_DIR is not set: no independent check";
  ASSERT_EQ(written, 0);
  auto read = ReadAll(*store_, "from-sdk.bin", std::nullopt, 4096);
  ASSERT_TRUE(read.ok()) << read.error().detail;
  EXPECT_TRUE(*read == PatternBytes(300000, 13));
}

// A misconfigured store (its bucket does not exist) is unavailable (503), never "not found".
TEST_F(S3BlobStoreTest, AMissingBucketIsUnavailableNotNotFound) {
  StorageOptions options{.url = "s3://no-such-bucket-here?endpoint=" + target_.endpoint,
                         .access_key_id = "S3RVER",
                         .secret_access_key = "S3RVER"};
  auto store = OpenBlobStore(options);
  ASSERT_TRUE(store.ok());
  auto written = WriteAll(**store, "nope", "x");
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ((*store)->OpenReader("nope").error().code, ErrorCode::kUnavailable);
}

TEST(S3BlobStoreOfflineTest, ADeadEndpointIsUnavailable) {
  StorageOptions options{.url = "s3://bucket?endpoint=http://127.0.0.1:9",
                         .access_key_id = "a",
                         .secret_access_key = "b",
                         .connect_timeout = std::chrono::seconds(2)};
  auto store = OpenBlobStore(options);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->Stat("x").error().code, ErrorCode::kUnavailable);
  EXPECT_EQ((*store)->OpenReader("x").error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(WriteAll(**store, "x", "y").error().code, ErrorCode::kUnavailable);
}

TEST(S3BlobStoreOfflineTest, CredentialsComeFromSettingsOrTheEnvironment) {
  StorageOptions options{.url = "s3://bucket?endpoint=http://127.0.0.1:9"};
  const auto none = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_EQ(OpenBlobStore(options, none).error().code, ErrorCode::kInvalidRequest);
  const auto aws = [](std::string_view name) -> std::optional<std::string> {
    if (name == "AWS_ACCESS_KEY_ID") return "id";
    if (name == "AWS_SECRET_ACCESS_KEY") return "secret";
    return std::nullopt;
  };
  EXPECT_TRUE(OpenBlobStore(options, aws).ok());
  options.access_key_id = "only-the-id";
  EXPECT_EQ(OpenBlobStore(options, aws).error().code, ErrorCode::kInvalidRequest);
}

}  // namespace
}  // namespace portcullis::storage
