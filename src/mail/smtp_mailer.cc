// SmtpMailer: one libcurl easy handle per message, the MIME text of mail/mime_message uploaded as
// it is. Thread-safe: nothing shared but immutable options and an atomic flag.
#include "mail/smtp_mailer.h"

#include <curl/curl.h>

#include <cstring>
#include <mutex>
#include <string>

#include "common/status_macros.h"
#include "mail/mime_message.h"

namespace portcullis::mail {
namespace {

struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

int AbortWhenShuttingDown(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<std::atomic<bool>*>(user)->load() ? 1 : 0;
}

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

curl_usessl UseSsl(std::string_view starttls) {
  if (starttls == "off") return CURLUSESSL_NONE;
  if (starttls == "opportunistic") return CURLUSESSL_TRY;
  return CURLUSESSL_ALL;
}

// The reply code decides: 5xx is permanent, except a refused login (the operator's settings,
// not the message). Everything else (no connection, TLS, timeouts, 4xx) is worth retrying.
Status Classify(CURLcode code, long reply) {
  std::string detail = std::string("SMTP: ") + curl_easy_strerror(code);
  if (reply > 0) detail += " (reply " + std::to_string(reply) + ")";
  if (reply >= 500 && reply < 600 && code != CURLE_LOGIN_DENIED) {
    return MakeError(ErrorCode::kInvalidRequest, detail);
  }
  return MakeError(ErrorCode::kUnavailable, detail);
}

}  // namespace

Result<std::unique_ptr<SmtpMailer>> SmtpMailer::Create(const MailOptions& options) {
  if (!options.smtp_url.starts_with("smtp://") && !options.smtp_url.starts_with("smtps://")) {
    return MakeError(ErrorCode::kInvalidRequest, "setting smtp_url: must be smtp:// or smtps://");
  }
  auto from = ParseMailAddress(options.mail_from);
  if (!from) {
    return MakeError(ErrorCode::kInvalidRequest, "setting mail_from: " + from.error().detail);
  }
  static std::once_flag curl_initialised;
  std::call_once(curl_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  return std::unique_ptr<SmtpMailer>(new SmtpMailer(options, std::move(from).value()));
}

Status SmtpMailer::Send(const core::OutgoingMail& mail) {
  if (shutting_down_.load()) return MakeError(ErrorCode::kUnavailable, "SMTP: shutting down");
  ASSIGN_OR_RETURN(const std::string message, BuildMimeMessage(mail, from_));
  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  if (!easy) return MakeError(ErrorCode::kUnavailable, "SMTP: cannot create a curl handle");
  const std::string envelope_to = "<" + mail.to + ">";
  std::unique_ptr<curl_slist, ListDeleter> recipients(
      curl_slist_append(nullptr, envelope_to.c_str()));
  const std::string envelope_from = "<" + from_.address + ">";
  Upload upload{message};
  CURL* h = easy.get();
  curl_easy_setopt(h, CURLOPT_URL, options_.smtp_url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(UseSsl(options_.smtp_starttls)));
  if (!options_.smtp_user.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, options_.smtp_user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, options_.smtp_password.c_str());
  }
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
                   static_cast<long>(options_.smtp_connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(options_.smtp_timeout.count()));
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, envelope_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, AbortWhenShuttingDown);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &shutting_down_);
  const CURLcode code = curl_easy_perform(h);
  if (code == CURLE_OK) return Status::Ok();
  long reply = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  return Classify(code, reply);
}

}  // namespace portcullis::mail
