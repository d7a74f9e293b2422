// Drives a hiredis async context from a Boost.Asio io_context: hiredis's event hooks (addRead,
// delRead, addWrite, delWrite, cleanup) become async_waits on the context's socket. Everything runs
// on the io_context's one thread; the hooks and the handlers touch no other state.
#pragma once

#include <hiredis/async.h>

#include <boost/asio/io_context.hpp>

namespace portcullis::store::redis {

// Installs the hooks on `context` (right after redisAsyncConnect, before any command or the connect
// callback). hiredis calls `cleanup` when it frees the context; after that no handler touches it.
// The socket stays hiredis's: it is released, never closed, here.
void AttachToAsio(redisAsyncContext& context, boost::asio::io_context& io);

}  // namespace portcullis::store::redis
