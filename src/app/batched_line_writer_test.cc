// Tests of BatchedLineWriter: every line arrives whole and in its thread's order, the destructor
// writes what is left, and a full buffer drops lines and says how many.
#include "app/batched_line_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace portcullis::app {
namespace {

// A temporary file that the writer appends to; its text is read after the writer is gone.
class TempFile {
 public:
  TempFile() {
    path_ = ::testing::TempDir() + "/batched_line_writer." + std::to_string(::getpid()) + "." +
            std::to_string(counter_++);
    file_ = std::fopen(path_.c_str(), "w+");
  }
  ~TempFile() {
    std::fclose(file_);
    std::remove(path_.c_str());
  }
  int fd() const { return ::fileno(file_); }
  std::vector<std::string> Lines() const {
    std::ifstream in(path_);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

 private:
  static inline int counter_ = 0;
  std::string path_;
  std::FILE* file_;
};

TEST(BatchedLineWriter, EveryLineArrivesWholeAndInItsThreadsOrder) {
  TempFile file;
  constexpr int kThreads = 12;  // more threads than slots: some share one
  constexpr int kLines = 2000;
  {
    BatchedLineWriter writer(file.fd(), std::chrono::milliseconds(2));
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&writer, t] {
        for (int i = 0; i < kLines; ++i) {
          writer.Append("thread " + std::to_string(t) + " line " + std::to_string(i) +
                        std::string(40, 'x'));
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(writer.dropped(), 0u);
  }
  std::map<int, int> next;  // thread -> the line number expected next
  int total = 0;
  for (const std::string& line : file.Lines()) {
    int t = -1;
    int i = -1;
    ASSERT_EQ(std::sscanf(line.c_str(), "thread %d line %d", &t, &i), 2) << line;
    ASSERT_EQ(line.size(), line.find('x') + 40) << "a torn line: " << line;
    EXPECT_EQ(i, next[t]) << "thread " << t << " out of order";
    next[t] = i + 1;
    ++total;
  }
  EXPECT_EQ(total, kThreads * kLines);
}

TEST(BatchedLineWriter, WritesOnItsTimerWithoutBeingAsked) {
  TempFile file;
  BatchedLineWriter writer(file.fd(), std::chrono::milliseconds(5));
  writer.Append("early");
  for (int i = 0; i < 400 && file.Lines().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(file.Lines(), std::vector<std::string>{"early"});
}

TEST(BatchedLineWriter, AFullBufferDropsLinesAndReportsTheCount) {
  TempFile file;
  {
    // An interval far beyond the test: nothing is written before the destructor.
    BatchedLineWriter writer(file.fd(), std::chrono::hours(1), /*max_buffered_bytes=*/64);
    for (int i = 0; i < 10; ++i) writer.Append("line " + std::to_string(i) + " 0123456789");
    EXPECT_EQ(writer.dropped(), 7u);  // 18 bytes with the newline: three fit in 64
  }
  const std::vector<std::string> lines = file.Lines();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_NE(lines[0].find("dropped"), std::string::npos);
  EXPECT_NE(lines[0].find("\"msg\":\"7 log lines dropped"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[1], "line 0 0123456789");
  EXPECT_EQ(lines[3], "line 2 0123456789");
}

}  // namespace
}  // namespace portcullis::app
