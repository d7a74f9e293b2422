// `portcullis bench-responder`: the project's http/ layer answering a fixed JSON object, the
// ceiling bench/run.sh measures profile reads against. Main thread waits; I/O threads answer.
#include <array>
#include <iostream>
#include <string>
#include <string_view>

#include "app/bench_commands.h"
#include "common/clock.h"
#include "common/status_macros.h"
#include "crypto/jwt_codec.h"
#include "crypto/random.h"
#include "http/server.h"

namespace portcullis::app {
namespace {

// 156 bytes, the size of a small profile answer.
constexpr std::string_view kBody =
    R"({"id":"6f1c2a9e-4b7d-4e3a-9c51-2d8f0b7a6e34","email":"bench@example.com","username":null,)"
    R"("display_name":"Bench U","role":"member","metadata":{},"mfa":false})";
static_assert(kBody.size() == 156);

// "/", "/{p1}", "/{p1}/{p2}", ...: every path of up to 8 segments matches one of them.
constexpr int kMaxSegments = 8;

// An HS256 codec with a fresh random secret, and one access token it signed.
struct Hs256Check {
  std::unique_ptr<crypto::JwtAccessTokenCodec> codec;
  std::string token;
};

Result<Hs256Check> MakeHs256Check(const Settings& settings, const Clock& clock) {
  crypto::SodiumRandom random;
  const std::string secret = random.Bytes(32);
  ASSIGN_OR_RETURN(crypto::JwsKey key,
                   crypto::JwsKey::FromHmacSecret("bench", crypto::JwsAlgorithm::kHs256, secret));
  ASSIGN_OR_RETURN(crypto::JwsSigner signer, crypto::JwsSigner::Create(key));
  ASSIGN_OR_RETURN(crypto::JwsVerifier verifier, crypto::JwsVerifier::Create({key}));
  Hs256Check check;
  check.codec = std::make_unique<crypto::JwtAccessTokenCodec>(
      std::move(signer), std::move(verifier), settings.auth.issuer, settings.auth.token_leeway);
  core::AccessClaims claims;
  claims.sub = "6f1c2a9e-4b7d-4e3a-9c51-2d8f0b7a6e34";
  claims.sid = "0b7a6e34-2d8f-4e3a-9c51-6f1c2a9e4b7d";
  claims.jti = "bench";
  claims.role = "member";
  claims.iat = clock.NowSeconds();
  claims.auth_time = claims.iat;
  claims.exp = claims.iat + 86400;
  claims.amr = {"pwd"};
  check.token = check.codec->Encode(claims);
  return check;
}

http::Response Fixed() {
  http::Response response;
  response.content_type = "application/json";
  response.body = kBody;
  return response;
}

}  // namespace

int BenchResponder(const Settings& settings, const ResponderOptions& options) {
  if (options.beast && options.verify_hs256) {
    std::cerr << "portcullis: bench-responder: --beast does not verify tokens\n";
    return 2;
  }
  if (options.beast) return BeastResponder(settings, options, kBody);
  SystemClock clock;
  Hs256Check check;
  if (options.verify_hs256) {
    auto made = MakeHs256Check(settings, clock);
    if (!made) {
      std::cerr << "portcullis: bench-responder: " << made.error().detail << "\n";
      return 2;
    }
    check = std::move(*made);
  }
  http::Handler handler = [&](http::Request& request) {
    if (!options.verify_hs256) return Fixed();
    constexpr std::string_view kBearer = "Bearer ";
    const auto authorization = request.Header("authorization");
    if (!authorization || !authorization->starts_with(kBearer) ||
        !check.codec->Decode(authorization->substr(kBearer.size()), clock.NowSeconds())) {
      http::Response denied;
      denied.status = 401;
      return denied;
    }
    return Fixed();
  };
  http::Router router;
  std::string pattern;
  for (int segments = 0; segments <= kMaxSegments; ++segments) {
    if (segments > 0) pattern += "/{p" + std::to_string(segments) + "}";
    for (const char* method : {"GET", "POST"}) {
      if (Status added =
              router.Add(method, pattern.empty() ? "/" : pattern, handler, http::Dispatch::kInline);
          !added) {
        std::cerr << "portcullis: bench-responder: " << added.error().detail << "\n";
        return 2;
      }
    }
  }
  http::ServerOptions server_options;
  server_options.host = "127.0.0.1";
  server_options.port = options.port;
  server_options.io_threads = settings.http.io_threads;
  server_options.worker_threads = 1;  // unused: every route runs inline
  http::Server server(server_options, router);
  try {
    server.Start();
  } catch (const std::exception& e) {
    std::cerr << "portcullis: bench-responder: " << e.what() << "\n";
    return 2;
  }
  std::cout << "listening 127.0.0.1:" << server.port() << "\n";
  if (options.verify_hs256) std::cout << "access_token " << check.token << "\n";
  std::cout.flush();
  server.WaitForSignal();
  return 0;
}

}  // namespace portcullis::app
