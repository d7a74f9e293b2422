// Callback forms of core's services: Deferred<T> (a result whose last CPU step runs where it is
// called), Then<T> (the callback receiving it), Await. Values have one owner, handed over by posts.
#pragma once

#include <functional>
#include <future>
#include <utility>

#include "common/status.h"
#include "common/unique_function.h"

namespace portcullis::core {

// The result of a completed operation, minus its last CPU-only step (signing an access token):
// calling it runs that step and returns the result. The slow steps (hashing, the durable commit)
// are over when it is handed out, so the caller chooses the thread that pays for the CPU step —
// an HTTP route calls it back on its connection's I/O thread, not on the store's writer thread.
// Call it once.
template <class T>
using Deferred = UniqueFunction<Result<T>()>;

// Receives an async operation's Deferred, exactly once: on the thread that completed the last
// slow step (a hashing thread, the store's writer thread), or at once on the calling thread when
// a step was refused (kOverloaded) or failed early. It must be quick: post the continuation.
template <class T>
using Then = UniqueFunction<void(Deferred<T>)>;

// A Deferred that returns `result` as it is (an early error, or a value with no step left).
template <class T>
Deferred<T> Ready(Result<T> result) {
  return [result = std::move(result)]() mutable { return std::move(result); };
}

// Starts an async operation with a callback and blocks until it is called; returns what it was
// called with. For callers that may wait (commands, tests, worker-pool routes) — never on an I/O
// thread, a hashing thread or the store's writer thread, whose queues the operation may need.
template <class V>
V Await(const std::function<void(UniqueFunction<void(V)>)>& start) {
  std::promise<V> promise;
  std::future<V> future = promise.get_future();
  start([&promise](V value) { promise.set_value(std::move(value)); });
  return future.get();
}

// Await for a Then<T>: waits for the Deferred and runs its last step on this thread.
template <class T>
Result<T> AwaitResult(const std::function<void(Then<T>)>& start) {
  return Await<Deferred<T>>(start)();
}

}  // namespace portcullis::core
