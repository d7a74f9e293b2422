// Tests for argon2_hasher.h: small-parameter hashing, old parameters, malformed input, the queue.
// Several tests run concurrent callers against one hasher.
#include "crypto/argon2_hasher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <optional>
#include <thread>
#include <vector>

#include "crypto/argon2_core.h"

namespace portcullis::crypto {
namespace {

Argon2HasherOptions Small(std::size_t workers = 2, std::size_t queue = 64) {
  Argon2HasherOptions o;
  o.params = {.m_cost_kib = 64, .t_cost = 1, .parallelism = 1};
  o.workers = workers;
  o.max_queue = queue;
  return o;
}

TEST(Argon2HasherTest, HashAndVerify) {
  Argon2Hasher hasher(Small());
  const auto encoded = hasher.Hash("correct horse");
  ASSERT_TRUE(encoded) << encoded.error().detail;
  EXPECT_EQ(encoded->rfind("$argon2id$v=19$m=64,t=1,p=1$", 0), 0u) << *encoded;
  EXPECT_EQ(*hasher.Verify("correct horse", *encoded), true);
  EXPECT_EQ(*hasher.Verify("correct horsE", *encoded), false);
  EXPECT_EQ(*hasher.Verify("", *encoded), false);
  EXPECT_NE(*hasher.Hash("correct horse"), *encoded);  // fresh salt
  EXPECT_FALSE(hasher.NeedsRehash(*encoded));
}

TEST(Argon2HasherTest, VerifiesHashesMadeWithOtherParameters) {
  Argon2Hasher old_hasher(Small());
  auto opts = Small();
  opts.params = {.m_cost_kib = 128, .t_cost = 2, .parallelism = 2, .salt_len = 24, .hash_len = 48};
  Argon2Hasher new_hasher(opts);
  const std::string old_hash = *old_hasher.Hash("pw");
  EXPECT_EQ(*new_hasher.Verify("pw", old_hash), true);
  EXPECT_TRUE(new_hasher.NeedsRehash(old_hash));
  const std::string new_hash = *new_hasher.Hash("pw");
  EXPECT_EQ(new_hash.rfind("$argon2id$v=19$m=128,t=2,p=2$", 0), 0u);
  EXPECT_EQ(*old_hasher.Verify("pw", new_hash), true);
  EXPECT_FALSE(new_hasher.NeedsRehash(new_hash));
}

TEST(Argon2HasherTest, MalformedOrExcessiveHashesAreFalse) {
  auto opts = Small();
  opts.max_m_cost_kib = 1024;
  Argon2Hasher hasher(opts);
  for (const char* bad : {"", "plaintext", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
                          "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$",
                          "$argon2id$v=19$m=8,t=1,p=4$c2FsdHNhbHQ$aGFzaGhhc2g",  // m < 8p
                          "$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
                          "$argon2id$v=19$m=64,t=0,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"}) {
    const auto result = hasher.Verify("pw", bad);
    ASSERT_TRUE(result) << bad;
    EXPECT_FALSE(*result) << bad;
    EXPECT_TRUE(hasher.NeedsRehash(bad));
  }
}

TEST(Argon2HasherTest, DecoyHashHasTheCurrentCostAndMatchesNothing) {
  Argon2Hasher hasher(Small());
  const std::string decoy = hasher.DecoyHash();
  const auto phc = ParseArgon2idPhc(decoy);
  ASSERT_TRUE(phc.has_value()) << decoy;
  EXPECT_EQ(phc->m_cost_kib, hasher.params().m_cost_kib);
  EXPECT_EQ(phc->t_cost, hasher.params().t_cost);
  EXPECT_EQ(phc->hash.size(), hasher.params().hash_len);
  EXPECT_NE(decoy, hasher.DecoyHash());  // fresh salt each time
  auto verified = hasher.Verify("", decoy);
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(*verified);
}

TEST(Argon2HasherTest, MatchesTheCoreDirectly) {
  Argon2Hasher hasher(Small());
  const std::string encoded = *hasher.Hash("pw");
  const auto phc = ParseArgon2idPhc(encoded);
  ASSERT_TRUE(phc);
  EXPECT_EQ(*Argon2idRaw({.password = "pw", .salt = phc->salt, .m_cost_kib = 64, .t_cost = 1}),
            phc->hash);
}

TEST(Argon2HasherTest, RejectsBadConfiguration) {
  auto bad = Small();
  bad.params.t_cost = 0;
  EXPECT_THROW(Argon2Hasher{bad}, std::invalid_argument);
  bad = Small();
  bad.params.salt_len = 4;
  EXPECT_THROW(Argon2Hasher{bad}, std::invalid_argument);
  bad = Small();
  bad.max_queue = 0;
  EXPECT_THROW(Argon2Hasher{bad}, std::invalid_argument);
  Argon2Hasher defaults(Argon2HasherOptions{.workers = 0});
  EXPECT_GE(defaults.worker_count(), 1u);
  EXPECT_EQ(defaults.params().m_cost_kib, 19456u);
}

TEST(Argon2HasherTest, ConcurrentCallersAllSucceedWithinQueue) {
  Argon2Hasher hasher(Small(2, 64));
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      const std::string pw = "pw" + std::to_string(t);
      for (int i = 0; i < 3; ++i) {
        const auto h = hasher.Hash(pw);
        ok += h.ok() && *hasher.Verify(pw, *h) && !*hasher.Verify("x", *h);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 24);
  EXPECT_EQ(hasher.queue_depth(), 0u);
}

TEST(Argon2HasherTest, FullQueueReturnsOverloaded) {
  // One worker, one queue slot: a slow job occupies the worker, a second waits, a third is refused.
  auto opts = Small(1, 1);
  opts.params = {.m_cost_kib = 4096, .t_cost = 64, .parallelism = 1};
  Argon2Hasher hasher(opts);
  std::thread running([&] { EXPECT_TRUE(hasher.Hash("a")); });
  // Wait until the worker has taken the first job ...
  while (hasher.executor().stats().running != 1 || hasher.queue_depth() != 0) {
    std::this_thread::yield();
  }
  std::thread waiting([&] { EXPECT_TRUE(hasher.Hash("b")); });
  // ... and the second sits in the queue.
  while (hasher.queue_depth() != 1) std::this_thread::yield();
  const auto refused = hasher.Hash("c");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kOverloaded);
  const auto refused_verify =
      hasher.Verify("c", "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g");
  ASSERT_FALSE(refused_verify);
  EXPECT_EQ(refused_verify.error().code, ErrorCode::kOverloaded);
  running.join();
  waiting.join();
  EXPECT_EQ(hasher.queue_depth(), 0u);
  EXPECT_EQ(hasher.executor().stats().rejected, 2u);
  EXPECT_EQ(hasher.executor().name(), "argon2");
  EXPECT_TRUE(hasher.Hash("d"));  // accepts work again
}

TEST(Argon2HasherTest, AsyncCallsAnswerOnAHashingThread) {
  Argon2Hasher hasher(Small());
  std::promise<std::pair<Result<std::string>, bool>> hashed;
  hasher.HashAsync("pw", [&](Result<std::string> r) {
    hashed.set_value({std::move(r), hasher.executor().RunningInThisThread()});
  });
  auto [encoded, on_hash_thread] = hashed.get_future().get();
  ASSERT_TRUE(encoded);
  EXPECT_TRUE(on_hash_thread);
  std::promise<Result<bool>> good;
  std::promise<Result<bool>> bad;
  hasher.VerifyAsync("pw", *encoded, [&](Result<bool> r) { good.set_value(std::move(r)); });
  hasher.VerifyAsync("px", *encoded, [&](Result<bool> r) { bad.set_value(std::move(r)); });
  EXPECT_EQ(*good.get_future().get(), true);
  EXPECT_EQ(*bad.get_future().get(), false);
  // Malformed: answered at once, without hashing.
  std::optional<Result<bool>> malformed;
  hasher.VerifyAsync("pw", "$argon2id$nope", [&](Result<bool> r) { malformed = std::move(r); });
  ASSERT_TRUE(malformed.has_value());
  EXPECT_EQ(**malformed, false);
}

TEST(Argon2HasherTest, AsyncRefusalCallsBackAtOnceWithOverloaded) {
  auto opts = Small(1, 1);
  opts.params = {.m_cost_kib = 4096, .t_cost = 64, .parallelism = 1};
  Argon2Hasher hasher(opts);
  std::atomic<int> finished{0};
  hasher.HashAsync("a", [&](Result<std::string> r) { finished += r.ok(); });
  hasher.HashAsync("b", [&](Result<std::string> r) { finished += r.ok(); });
  std::optional<ErrorCode> refused;
  const auto caller = std::this_thread::get_id();
  std::thread::id answered_on;
  hasher.HashAsync("c", [&](Result<std::string> r) {
    answered_on = std::this_thread::get_id();
    if (!r) refused = r.error().code;
  });
  EXPECT_EQ(refused, ErrorCode::kOverloaded);
  EXPECT_EQ(answered_on, caller);
}

TEST(Argon2HasherTest, DestructionRunsEveryAcceptedCallback) {
  std::atomic<int> answered{0};
  {
    Argon2Hasher hasher(Small(1, 8));
    for (int i = 0; i < 8; ++i) {
      hasher.HashAsync("pw", [&](Result<std::string> r) { answered += r.ok(); });
    }
  }
  EXPECT_EQ(answered.load(), 8);
}

TEST(Argon2HasherTest, BlockingCallsOnAHashingThreadComputeInline) {
  // One thread, one slot: were Hash to post to its own executor and wait, it would deadlock.
  Argon2Hasher hasher(Small(1, 1));
  std::promise<bool> ok;
  Executor::Task task = [&] {
    auto h = hasher.Hash("pw");
    ok.set_value(h.ok() && *hasher.Verify("pw", *h));
  };
  ASSERT_TRUE(hasher.executor().TryPost(task));
  auto result = ok.get_future();
  ASSERT_EQ(result.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  EXPECT_TRUE(result.get());
}

}  // namespace
}  // namespace portcullis::crypto
