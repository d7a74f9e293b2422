// EmlFileMailer: POSIX file calls for an atomic, durable write of one file per message.
// Thread-safe: nothing shared but immutable members.
#include "mail/eml_file_mailer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "common/status_macros.h"
#include "mail/mime_message.h"

namespace portcullis::mail {
namespace {

Status Failed(std::string_view what, const std::string& path) {
  return MakeError(ErrorCode::kUnavailable,
                   std::string(what) + " " + path + ": " + std::strerror(errno));
}

// 20261201T213800Z: files sort by the time their message was made.
std::string CompactTime(int64_t epoch_seconds) {
  const std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[24];
  const std::size_t n = std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
  return std::string(buffer, n);
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Failed("cannot write", path);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::Ok();
}

Status SyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Failed("cannot open", dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : Failed("cannot fsync", dir);
}

}  // namespace

Result<std::unique_ptr<EmlFileMailer>> EmlFileMailer::Create(const MailOptions& options,
                                                             std::string dir, LogLine log) {
  auto from = ParseMailAddress(options.mail_from);
  if (!from) {
    return MakeError(ErrorCode::kInvalidRequest, "setting mail_from: " + from.error().detail);
  }
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Failed("cannot create the mail directory", dir).error();
  }
  return std::unique_ptr<EmlFileMailer>(
      new EmlFileMailer(std::move(from).value(), std::move(dir), std::move(log)));
}

Status EmlFileMailer::Send(const core::OutgoingMail& mail) {
  ASSIGN_OR_RETURN(const std::string message, BuildMimeMessage(mail, from_));
  const std::string name = CompactTime(mail.created_at) + "-" + mail.id + ".eml";
  const std::string path = dir_ + "/" + name;
  const std::string temp = dir_ + "/." + name + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Failed("cannot create", temp);
  Status written = WriteAll(fd, message, temp);
  if (written && ::fsync(fd) != 0) written = Failed("cannot fsync", temp);
  ::close(fd);
  if (written && ::rename(temp.c_str(), path.c_str()) != 0) written = Failed("cannot rename", temp);
  if (!written) {
    ::unlink(temp.c_str());
    return written;
  }
  RETURN_IF_ERROR(SyncDirectory(dir_));
  if (log_) log_("mail: wrote " + path + " (" + mail.kind + " to " + mail.to + ")");
  return Status::Ok();
}

}  // namespace portcullis::mail
