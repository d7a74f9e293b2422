// Generic replay of a fuzz target's seed corpus (PORTCULLIS_FUZZ_CORPUS) through its
// LLVMFuzzerTestOneInput as an ordinary test; see cmake/Fuzz.cmake. Single-threaded.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#ifndef PORTCULLIS_FUZZ_CORPUS
#error "PORTCULLIS_FUZZ_CORPUS must name the seed corpus directory (see cmake/Fuzz.cmake)"
#endif
#ifndef PORTCULLIS_FUZZ_SUITE
#define PORTCULLIS_FUZZ_SUITE FuzzReplayTest
#endif
#ifndef PORTCULLIS_FUZZ_MIN_SEEDS
#define PORTCULLIS_FUZZ_MIN_SEEDS 1
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

int Replay(const std::string& bytes) {
  // A heap copy of exactly `size` bytes, as libFuzzer passes, so sanitizers catch over-reads.
  std::vector<uint8_t> copy(bytes.begin(), bytes.end());
  return LLVMFuzzerTestOneInput(copy.data(), copy.size());
}

TEST(PORTCULLIS_FUZZ_SUITE, SeedCorpus) {
  const std::filesystem::path dir(PORTCULLIS_FUZZ_CORPUS);
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    SCOPED_TRACE(entry.path().filename().string());
    EXPECT_EQ(Replay(bytes), 0);
    ++files;
  }
  EXPECT_GE(files, PORTCULLIS_FUZZ_MIN_SEEDS);
}

TEST(PORTCULLIS_FUZZ_SUITE, EdgeInputs) {
  EXPECT_EQ(LLVMFuzzerTestOneInput(nullptr, 0), 0);
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<char>(i));
  EXPECT_EQ(Replay(all_bytes), 0);
  for (int i = 0; i < 256; ++i) EXPECT_EQ(Replay(std::string(1, static_cast<char>(i))), 0);
  EXPECT_EQ(Replay(std::string(64 * 1024, 'A')), 0);
  EXPECT_EQ(Replay(std::string(64 * 1024, '.')), 0);
}

}  // namespace
