// A Boost.JSON SAX handler that tracks each open object's member names and the path to the value
// being read, and stops at a repeated name or a non-finite number. One handler per scan; pure.
#include "api/common/json_body_scan.h"

#include <boost/json/basic_parser_impl.hpp>
#include <cmath>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace portcullis::api {
namespace {

using boost::json::string_view;
using boost::system::error_code;

class ScanHandler {
 public:
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_array_begin(error_code&) {
    frames_.push_back(Frame{.object = false});
    return true;
  }
  bool on_array_end(std::size_t, error_code&) { return EndContainer(); }
  bool on_object_begin(error_code&) {
    frames_.push_back(Frame{.object = true});
    return true;
  }
  bool on_object_end(std::size_t, error_code&) { return EndContainer(); }
  bool on_string_part(string_view, std::size_t, error_code&) { return true; }
  bool on_string(string_view, std::size_t, error_code&) { return Scalar(); }
  bool on_key_part(string_view s, std::size_t, error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(string_view s, std::size_t, error_code& ec) {
    key_.append(s.data(), s.size());
    Frame& frame = frames_.back();
    frame.key = std::move(key_);
    key_.clear();
    if (!frame.names.insert(frame.key).second) {
      return Fail(ec, "member " + Path() + " appears twice");
    }
    return true;
  }
  bool on_number_part(string_view, error_code&) { return true; }
  bool on_int64(int64_t, string_view, error_code&) { return Scalar(); }
  bool on_uint64(uint64_t, string_view, error_code&) { return Scalar(); }
  bool on_double(double d, string_view, error_code& ec) {
    if (!std::isfinite(d)) return Fail(ec, Path() + " must be a finite number");
    return Scalar();
  }
  bool on_bool(bool, error_code&) { return Scalar(); }
  bool on_null(error_code&) { return Scalar(); }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }

  const std::optional<Error>& problem() const { return problem_; }

 private:
  struct Frame {
    bool object = false;
    std::unordered_set<std::string> names;  // objects: every member name so far
    std::string key;                        // objects: the member being read
    std::size_t index = 0;                  // arrays: the element being read
  };

  // A value ended: in an array, the next one has the next index.
  bool Scalar() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    return true;
  }
  bool EndContainer() {
    frames_.pop_back();
    return Scalar();
  }

  // "metadata.tags[2]" (the body itself when no member is open).
  std::string Path() const {
    std::string path;
    for (std::size_t i = 0; i < frames_.size(); ++i) {
      const Frame& frame = frames_[i];
      if (frame.object) {
        if (i > 0) path += '.';
        path += frame.key;
      } else {
        path += "[" + std::to_string(frame.index) + "]";
      }
    }
    return path.empty() ? std::string("the body") : path;
  }

  // The top-level member the value sits in ("" when the body is no object).
  std::string Member() const {
    return !frames_.empty() && frames_.front().object ? frames_.front().key : std::string();
  }

  bool Fail(error_code& ec, std::string detail) {
    problem_ = MakeError(ErrorCode::kInvalidRequest, std::move(detail), Member());
    ec = boost::json::error::syntax;  // stops the parser; problem_ says why
    return false;
  }

  std::vector<Frame> frames_;
  std::string key_;
  std::optional<Error> problem_;
};

}  // namespace

Status ScanJsonBody(std::string_view text, std::size_t max_depth) {
  boost::json::parse_options options;
  options.max_depth = max_depth;
  boost::json::basic_parser<ScanHandler> parser(options);
  error_code ec;
  parser.write_some(false, text.data(), text.size(), ec);
  if (const auto& problem = parser.handler().problem()) return *problem;
  if (ec) {
    return MakeError(ErrorCode::kInvalidRequest, "the body is not valid JSON");
  }
  return Status::Ok();
}

}  // namespace portcullis::api
