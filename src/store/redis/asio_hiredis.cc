// The hiredis-on-Asio adapter: one Watcher per context, shared by its pending waits so a wait that
// completes after hiredis freed the context finds `attached` false and does nothing.
// Single-threaded: the io_context's thread only.
#include "store/redis/asio_hiredis.h"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <memory>

namespace portcullis::store::redis {
namespace {

namespace asio = boost::asio;

// A wait that is no longer wanted when it completes is simply not renewed (hiredis's hooks are
// idempotent and a spare readiness notification is harmless), so nothing is ever cancelled but at
// cleanup.
struct Watcher {
  Watcher(redisAsyncContext& c, asio::io_context& io) : context(&c), socket(io, c.c.fd) {}

  redisAsyncContext* context;
  asio::posix::stream_descriptor socket;
  bool attached = true;
  bool want_read = false;
  bool want_write = false;
  bool read_waiting = false;
  bool write_waiting = false;
};
using WatcherPtr = std::shared_ptr<Watcher>;

void ArmWrite(const WatcherPtr& w);

void ArmRead(const WatcherPtr& w) {
  if (!w->attached || !w->want_read || w->read_waiting) return;
  w->read_waiting = true;
  w->socket.async_wait(asio::posix::stream_descriptor::wait_read,
                       [w](const boost::system::error_code& ec) {
                         w->read_waiting = false;
                         if (!w->attached || ec == asio::error::operation_aborted) return;
                         // An error on the socket is hiredis's to find (a read fails).
                         if (w->want_read) redisAsyncHandleRead(w->context);
                         ArmRead(w);  // no-op when hiredis freed the context meanwhile
                       });
}

void ArmWrite(const WatcherPtr& w) {
  if (!w->attached || !w->want_write || w->write_waiting) return;
  w->write_waiting = true;
  w->socket.async_wait(asio::posix::stream_descriptor::wait_write,
                       [w](const boost::system::error_code& ec) {
                         w->write_waiting = false;
                         if (!w->attached || ec == asio::error::operation_aborted) return;
                         if (w->want_write) redisAsyncHandleWrite(w->context);
                         ArmWrite(w);
                       });
}

WatcherPtr& Of(void* data) { return *static_cast<WatcherPtr*>(data); }

void AddRead(void* data) {
  Of(data)->want_read = true;
  ArmRead(Of(data));
}
void DelRead(void* data) { Of(data)->want_read = false; }
void AddWrite(void* data) {
  Of(data)->want_write = true;
  ArmWrite(Of(data));
}
void DelWrite(void* data) { Of(data)->want_write = false; }

void Cleanup(void* data) {
  auto* holder = static_cast<WatcherPtr*>(data);
  Watcher& w = **holder;
  w.attached = false;
  w.context = nullptr;
  w.socket.release();  // cancels the waits; hiredis closes the socket itself
  delete holder;       // waits still pending keep the Watcher alive until they complete
}

}  // namespace

void AttachToAsio(redisAsyncContext& context, asio::io_context& io) {
  auto* holder = new WatcherPtr(std::make_shared<Watcher>(context, io));
  context.ev.data = holder;
  context.ev.addRead = AddRead;
  context.ev.delRead = DelRead;
  context.ev.addWrite = AddWrite;
  context.ev.delWrite = DelWrite;
  context.ev.cleanup = Cleanup;
}

}  // namespace portcullis::store::redis
