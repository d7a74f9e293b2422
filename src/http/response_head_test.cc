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

TEST(ResponseHeadTest, NoStoreAlsoSaysPragmaNoCache) {
  std::string out;
  Response plain;
  ASSERT_TRUE(SerializeResponseHead(plain, HeadOptions{}, out).valid);
  EXPECT_TRUE(Contains(out, "\r\nPragma: no-cache\r\n"));
  Response own;
  own.AddHeader("Cache-Control", "private, no-store");
  ASSERT_TRUE(SerializeResponseHead(own, HeadOptions{}, out).valid);
  EXPECT_TRUE(Contains(out, "\r\nPragma: no-cache\r\n"));
  Response cacheable;
  cacheable.AddHeader("Cache-Control", "public, max-age=300");
  ASSERT_TRUE(SerializeResponseHead(cacheable, HeadOptions{}, out).valid);
  EXPECT_FALSE(Contains(out, "Pragma"));
}

TEST(ResponseHeadTest, NosniffOnEveryResponse) {
  std::string out;
  Response r;
  r.status = 404;
  ASSERT_TRUE(SerializeResponseHead(r, HeadOptions{}, out).valid);
  EXPECT_TRUE(Contains(out, "\r\nX-Content-Type-Options: nosniff\r\n"));
  r.AddHeader("X-Content-Type-Options", "nosniff");
  ASSERT_TRUE(SerializeResponseHead(r, HeadOptions{}, out).valid);
  EXPECT_EQ(out.find("X-Content-Type-Options"), out.rfind("X-Content-Type-Options"));
}

TEST(ResponseHeadTest, CspOnlyOnHtmlAndNotOverHandlersOwn) {
  HeadOptions options;
  options.content_security_policy = "default-src 'none'";
  std::string out;
  Response json;
  json.content_type = "application/json";
  ASSERT_TRUE(SerializeResponseHead(json, options, out).valid);
  EXPECT_FALSE(Contains(out, "Content-Security-Policy"));
  Response html;
  html.content_type = "text/html; charset=utf-8";
  ASSERT_TRUE(SerializeResponseHead(html, options, out).valid);
  EXPECT_TRUE(Contains(out, "\r\nContent-Security-Policy: default-src 'none'\r\n"));
  html.AddHeader("Content-Security-Policy", "script-src 'nonce-x'");
  ASSERT_TRUE(SerializeResponseHead(html, options, out).valid);
  EXPECT_FALSE(Contains(out, "default-src"));
  EXPECT_TRUE(Contains(out, "script-src 'nonce-x'"));
  options.content_security_policy = {};
  Response bare;
  bare.content_type = "text/html";
  ASSERT_TRUE(SerializeResponseHead(bare, options, out).valid);
  EXPECT_FALSE(Contains(out, "Content-Security-Policy"));
}

TEST(ResponseHeadTest, HstsWhenAsked) {
  std::string out;
  Response r;
  ASSERT_TRUE(SerializeResponseHead(r, HeadOptions{}, out).valid);
  EXPECT_FALSE(Contains(out, "Strict-Transport-Security"));
  HeadOptions options;
  options.strict_transport_security = "max-age=31536000";
  ASSERT_TRUE(SerializeResponseHead(r, options, out).valid);
  EXPECT_TRUE(Contains(out, "\r\nStrict-Transport-Security: max-age=31536000\r\n"));
}

}  // namespace
}  // namespace portcullis::http
