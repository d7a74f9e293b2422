// media_transform_tool: a test-only command that runs one transform through the real engine, so
// an independent decoder (tests/media/test_transforms.py, Pillow) can judge the result.
//   media_transform_tool [--path] [--time-limit-ms N] IN OUT 'w=100&h=50&f=png' [ACCEPT]
// Prints the content type; exit 0 on success, 2 for kInvalidRequest, 3 for any other error (the
// error code and detail on stderr), 64 for bad usage. Single-threaded.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/image_transform.h"
#include "media/vips_transform_engine.h"

namespace {

using portcullis::core::QueryParameter;

// "a=1&b=2" → {{"a","1"},{"b","2"}}; no percent-decoding (the test passes plain values).
std::vector<QueryParameter> SplitQuery(std::string_view query) {
  std::vector<QueryParameter> params;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? "" : query.substr(amp + 1);
    if (item.empty()) continue;
    std::size_t eq = item.find('=');
    params.emplace_back(std::string(item.substr(0, eq)),
                        eq == std::string_view::npos ? "" : std::string(item.substr(eq + 1)));
  }
  return params;
}

int Usage() {
  std::cerr << "usage: media_transform_tool [--path] [--time-limit-ms N] IN OUT QUERY [ACCEPT]\n";
  return 64;
}

int Fail(const portcullis::Error& error) {
  std::cerr << "error: " << portcullis::ErrorCodeName(error.code) << ": " << error.detail << "\n";
  return error.code == portcullis::ErrorCode::kInvalidRequest ? 2 : 3;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  bool by_path = false;
  portcullis::media::VipsTransformLimits limits;
  while (!args.empty() && args.front().starts_with("--")) {
    if (args.front() == "--path") {
      by_path = true;
      args.erase(args.begin());
    } else if (args.front() == "--time-limit-ms" && args.size() > 1) {
      limits.time_limit = std::chrono::milliseconds(std::stoll(args[1]));
      args.erase(args.begin(), args.begin() + 2);
    } else {
      return Usage();
    }
  }
  if (args.size() < 3 || args.size() > 4) return Usage();

  const auto params = SplitQuery(args[2]);
  auto transform = portcullis::core::ParseImageTransform(params);
  if (!transform) return Fail(transform.error());

  portcullis::core::ImageSource source{.etag = "tool"};
  if (by_path) {
    source.path = args[0];
  } else {
    std::ifstream in(args[0], std::ios::binary | std::ios::ate);
    if (!in) {
      std::cerr << "cannot read " << args[0] << "\n";
      return 64;
    }
    source.bytes.resize(static_cast<std::size_t>(in.tellg()));
    in.seekg(0);
    in.read(source.bytes.data(), static_cast<std::streamsize>(source.bytes.size()));
  }

  auto engine = portcullis::media::VipsTransformEngine::Create(limits);
  if (!engine) return Fail(engine.error());
  const bool accepts_webp = args.size() == 4 && portcullis::core::AcceptsWebp(args[3]);
  auto result = (*engine)->Run(source, *transform, accepts_webp);
  if (!result) return Fail(result.error());

  std::ofstream out(args[1], std::ios::binary | std::ios::trunc);
  out.write(result->bytes.data(), static_cast<std::streamsize>(result->bytes.size()));
  if (!out) {
    std::cerr << "cannot write " << args[1] << "\n";
    return 3;
  }
  std::cout << result->content_type() << "\n";
  return 0;
}
