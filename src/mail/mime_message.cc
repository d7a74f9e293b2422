// BuildMimeMessage: headers, then both parts, each 7bit when it is short ASCII lines and
// quoted-printable otherwise (so an English .eml shows its link as written). Pure; thread-safe.
#include "mail/mime_message.h"

#include "mail/mime_encoding.h"

namespace portcullis::mail {
namespace {

// 7bit (RFC 2045): ASCII without NUL, lines of at most 998 octets, and not the boundary.
bool Fits7bit(std::string_view crlf_text, std::string_view boundary) {
  if (!IsAscii(crlf_text) || crlf_text.find('\0') != std::string_view::npos) return false;
  if (crlf_text.find(boundary) != std::string_view::npos) return false;
  std::size_t line = 0;
  for (const char c : crlf_text) {
    line = c == '\n' ? 0 : line + 1;
    if (line > 998) return false;
  }
  return true;
}

void AppendPart(std::string& out, std::string_view boundary, std::string_view type,
                std::string_view body) {
  std::string text = WithCrlf(body);
  if (!text.ends_with("\r\n")) text += "\r\n";
  const bool plain = Fits7bit(text, boundary);
  out += "--";
  out += boundary;
  out += "\r\nContent-Type: ";
  out += type;
  out += "; charset=utf-8\r\nContent-Transfer-Encoding: ";
  out += plain ? "7bit" : "quoted-printable";
  out += "\r\n\r\n";
  out += plain ? text : QuotedPrintable(text);
  if (!out.ends_with("\r\n")) out += "\r\n";
}

}  // namespace

std::string MessageId(const core::OutgoingMail& mail, const MailAddress& from) {
  return "<" + mail.id + "@" + from.domain + ">";
}

Result<std::string> BuildMimeMessage(const core::OutgoingMail& mail, const MailAddress& from) {
  if (!IsPlainAddress(mail.to)) {
    return MakeError(ErrorCode::kInvalidRequest, "the recipient is not a plain address");
  }
  // "=_" cannot occur in quoted-printable output, and the id makes it unique.
  const std::string boundary = "=_portcullis_" + mail.id;
  std::string out;
  out += "Date: " + Rfc5322Date(mail.created_at) + "\r\n";
  out += "From: " + HeaderForm(from) + "\r\n";
  out += "To: " + mail.to + "\r\n";
  out += "Subject: " + HeaderText(mail.content.subject) + "\r\n";
  out += "Message-ID: " + MessageId(mail, from) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
  out += "\r\n";
  AppendPart(out, boundary, "text/plain", mail.content.text);
  AppendPart(out, boundary, "text/html", mail.content.html);
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace portcullis::mail
