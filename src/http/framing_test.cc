// Tests for the request-framing checks: each head is parsed by Beast first, as the connection does.
// Single-threaded.
#include "http/framing.h"

#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

namespace portcullis::http {
namespace {

namespace beast = boost::beast;

// The framing problem of `head` (a request head ending in a blank line), or "<parse error>" when
// Beast itself refuses it.
std::string ProblemOf(const std::string& head) {
  beast::http::request_parser<beast::http::string_body> parser;
  parser.eager(false);  // stop at the end of the head, like a request whose body has not arrived
  beast::error_code ec;
  parser.put(boost::asio::buffer(head), ec);
  if (ec && ec != beast::http::error::need_more) return "<parse error>";
  EXPECT_TRUE(parser.is_header_done()) << head;
  return std::string(FramingProblem(parser.get().base(), parser.chunked()));
}

std::string Post(const std::string& fields) {
  return "POST /v1/echo HTTP/1.1\r\nHost: t\r\n" + fields + "\r\n";
}

TEST(FramingTest, AcceptsPlainRequests) {
  EXPECT_EQ(ProblemOf("GET / HTTP/1.1\r\nHost: t\r\n\r\n"), "");
  EXPECT_EQ(ProblemOf(Post("Content-Length: 3\r\n")), "");
  EXPECT_EQ(ProblemOf(Post("Transfer-Encoding: chunked\r\n")), "");
  EXPECT_EQ(ProblemOf(Post("Transfer-Encoding: Chunked\r\n")), "");
  EXPECT_EQ(ProblemOf("GET / HTTP/1.0\r\n\r\n"), "");  // HTTP/1.0 needs no Host
}

TEST(FramingTest, RefusesEveryTransferEncodingButALoneChunked) {
  for (const char* value : {"xchunked", "gzip", "identity", "chunked, identity", "chunkedx",
                            "chunked, chunked", "gzip, chunked", "", " ", ","}) {
    EXPECT_NE(ProblemOf(Post(std::string("Transfer-Encoding: ") + value + "\r\n")), "")
        << "Transfer-Encoding: '" << value << "'";
  }
  // The same codings spread over two lines are one list.
  EXPECT_NE(ProblemOf(Post("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n")), "");
  EXPECT_NE(ProblemOf(Post("Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n")), "");
}

TEST(FramingTest, RefusesTransferEncodingWithContentLength) {
  // Beast refuses these orders itself; the check covers the one it takes (a non-chunked coding
  // before the length, which Beast would frame by Content-Length).
  EXPECT_NE(ProblemOf(Post("Transfer-Encoding: xchunked\r\nContent-Length: 5\r\n")), "");
  EXPECT_NE(ProblemOf(Post("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n")), "");
  EXPECT_NE(ProblemOf(Post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n")), "");
}

TEST(FramingTest, RefusesTransferEncodingInHttp10) {
  EXPECT_NE(ProblemOf("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"), "");
}

TEST(FramingTest, RefusesConflictingOrBadContentLength) {
  EXPECT_NE(ProblemOf(Post("Content-Length: 1\r\nContent-Length: 2\r\n")), "");
  EXPECT_NE(ProblemOf(Post("Content-Length: 1, 2\r\n")), "");
  EXPECT_NE(ProblemOf(Post("Content-Length: -1\r\n")), "");
  EXPECT_NE(ProblemOf(Post("Content-Length: 0x10\r\n")), "");
}

TEST(FramingTest, Http11NeedsExactlyOneHost) {
  EXPECT_NE(ProblemOf("GET / HTTP/1.1\r\n\r\n"), "");
  EXPECT_NE(ProblemOf("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), "");
  EXPECT_NE(ProblemOf("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n"), "");
}

}  // namespace
}  // namespace portcullis::http
