// Tests for response head serialization.
// Single-threaded.
#include "http/response_head.h"

#include <gtest/gtest.h>

namespace portcullis::http {
namespace {

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

TEST(ResponseHeadTest, DefaultHeaders) {
  Response r;
  r.content_type = "application/json";
  r.body = "{}";
  std::string out;
  const HeadResult result = SerializeResponseHead(r, HeadOptions{}, out);
  ASSERT_TRUE(result.valid);
  EXPECT_TRUE(result.send_body);
  EXPECT_TRUE(result.keep_alive);
  EXPECT_EQ(out.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_TRUE(Contains(out, "\r\nServer: portcullis\r\n"));
  EXPECT_TRUE(Contains(out, "\r\nDate: "));
  EXPECT_TRUE(Contains(out, "\r\nContent-Type: application/json\r\n"));
  EXPECT_TRUE(Contains(out, "\r\nContent-Length: 2\r\n"));
  EXPECT_TRUE(Contains(out, "\r\nCache-Control: no-store\r\n"));
  EXPECT_FALSE(Contains(out, "Connection"));
  EXPECT_EQ(out.substr(out.size() - 4), "\r\n\r\n");
}

TEST(ResponseHeadTest, HandlerHeadersAndOverrides) {
  Response r;
  r.status = 201;
  r.AddHeader("Cache-Control", "max-age=60")
      .AddHeader("Set-Cookie", "a=1")
      .AddHeader("Content-Length", "999")
      .AddHeader("Connection", "close");
  std::string out;
  const HeadResult result = SerializeResponseHead(r, HeadOptions{}, out);
  ASSERT_TRUE(result.valid);
  EXPECT_FALSE(result.keep_alive);
  EXPECT_FALSE(result.send_body);  // empty body
  EXPECT_TRUE(Contains(out, "HTTP/1.1 201 Created\r\n"));
  EXPECT_TRUE(Contains(out, "\r\nCache-Control: max-age=60\r\n"));
  EXPECT_FALSE(Contains(out, "no-store"));
  EXPECT_TRUE(Contains(out, "\r\nSet-Cookie: a=1\r\n"));
  EXPECT_TRUE(Contains(out, "\r\nContent-Length: 0\r\n"));
  EXPECT_FALSE(Contains(out, "999"));
  EXPECT_TRUE(Contains(out, "\r\nConnection: close\r\n"));
}

TEST(ResponseHeadTest, KeepAliveForHttp10AndHead) {
  Response r;
  r.body = "hello";
  std::string out;
  HeadOptions options;
  options.http10 = true;
  options.head_request = true;
  const HeadResult result = SerializeResponseHead(r, options, out);
  ASSERT_TRUE(result.valid);
  EXPECT_FALSE(result.send_body);
  EXPECT_TRUE(Contains(out, "\r\nContent-Length: 5\r\n"));
  EXPECT_TRUE(Contains(out, "\r\nConnection: keep-alive\r\n"));
}

TEST(ResponseHeadTest, NoContentHasNoLength) {
  Response r;
  r.status = 204;
  r.body = "ignored";
  std::string out;
  const HeadResult result = SerializeResponseHead(r, HeadOptions{}, out);
  ASSERT_TRUE(result.valid);
  EXPECT_FALSE(result.send_body);
  EXPECT_FALSE(Contains(out, "Content-Length"));
}

TEST(ResponseHeadTest, RejectsInjection) {
  std::string out;
  Response r;
  r.AddHeader("X-A", "a\r\nSet-Cookie: evil=1");
  EXPECT_FALSE(SerializeResponseHead(r, HeadOptions{}, out).valid);
  Response name;
  name.AddHeader("X A", "b");
  EXPECT_FALSE(SerializeResponseHead(name, HeadOptions{}, out).valid);
  Response type;
  type.content_type = "text/plain\n";
  EXPECT_FALSE(SerializeResponseHead(type, HeadOptions{}, out).valid);
  Response status;
  status.status = 101;
  EXPECT_FALSE(SerializeResponseHead(status, HeadOptions{}, out).valid);
}

}  // namespace
}  // namespace portcullis::http
