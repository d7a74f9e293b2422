// MustacheComposer: loading (built-ins, then the override directory) and rendering.
// Thread-safe after Create: templates_ is only read, and every render copies its template.
#include "mail/mustache_composer.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>
#include <system_error>

#include "common/ascii_case.h"
#include "common/status_macros.h"
#include "mail/builtin_templates.h"
#include "mail/locale_choice.h"

namespace portcullis::mail {

struct MustacheComposer::Parsed {
  kainjow::mustache::mustache subject;
  kainjow::mustache::mustache text;
  kainjow::mustache::mustache html;
};

namespace {

namespace fs = std::filesystem;
using kainjow::mustache::mustache;

constexpr std::array<std::string_view, 3> kParts = {"subject", "txt", "html"};

Result<mustache> Parse(std::string_view source, std::string_view where) {
  mustache parsed{std::string(source)};
  if (!parsed.is_valid()) {
    return MakeError(ErrorCode::kInvalidRequest, "mail template " + std::string(where) +
                                                     " does not parse: " + parsed.error_message());
  }
  return parsed;
}

Result<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  if (!in) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "mail template " + path.string() + " cannot be read");
  }
  return content.str();
}

bool IsKnownKind(std::string_view kind) {
  return std::find(kMailKinds.begin(), kMailKinds.end(), kind) != kMailKinds.end();
}

// A kind's three templates, each named by `base` + its extension in an error.
Result<std::unique_ptr<MustacheComposer::Parsed>> ParseKind(std::string_view subject,
                                                            std::string_view text,
                                                            std::string_view html,
                                                            const std::string& base) {
  ASSIGN_OR_RETURN(mustache parsed_subject, Parse(subject, base + ".subject"));
  ASSIGN_OR_RETURN(mustache parsed_text, Parse(text, base + ".txt"));
  ASSIGN_OR_RETURN(mustache parsed_html, Parse(html, base + ".html"));
  return std::make_unique<MustacheComposer::Parsed>(MustacheComposer::Parsed{
      std::move(parsed_subject), std::move(parsed_text), std::move(parsed_html)});
}

std::string Render(const mustache& source, const kainjow::mustache::data& data, bool escape_html) {
  mustache copy = source;  // rendering writes to the template's error state: never share it
  if (!escape_html) copy.set_custom_escape([](const std::string& s) { return s; });
  return copy.render(data);
}

std::string OneLine(std::string subject) {
  for (char& c : subject) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  }
  const auto end = subject.find_last_not_of(' ');
  subject.erase(end == std::string::npos ? 0 : end + 1);
  subject.erase(0, std::min(subject.size(), subject.find_first_not_of(' ')));
  return subject;
}

}  // namespace

MustacheComposer::MustacheComposer(std::string default_locale, std::string app_name)
    : default_locale_(std::move(default_locale)), app_name_(std::move(app_name)) {}

MustacheComposer::~MustacheComposer() = default;

Result<std::unique_ptr<MustacheComposer>> MustacheComposer::Create(const MailOptions& options) {
  std::unique_ptr<MustacheComposer> composer(
      new MustacheComposer(AsciiLower(options.default_locale), options.app_name));
  for (const std::string_view kind : kMailKinds) {
    const TemplateTexts texts = BuiltinTemplates(kind);
    ASSIGN_OR_RETURN(
        composer->templates_["en"][std::string(kind)],
        ParseKind(texts.subject, texts.text, texts.html, "built-in en/" + std::string(kind)));
  }
  if (options.templates_dir.empty()) return composer;

  const fs::path root(options.templates_dir);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "setting mail_templates_dir: " + root.string() + " is not a directory");
  }
  for (const fs::directory_entry& locale_dir : fs::directory_iterator(root, ec)) {
    if (!locale_dir.is_directory()) continue;
    const std::string locale = AsciiLower(locale_dir.path().filename().string());
    // kind → part → source, for the kinds this locale overrides.
    std::map<std::string, std::map<std::string, std::string>> sources;
    for (const fs::directory_entry& file : fs::directory_iterator(locale_dir.path(), ec)) {
      const std::string extension = file.path().extension().string();
      if (!file.is_regular_file() || extension.size() < 2) continue;
      const std::string part = extension.substr(1);
      if (std::find(kParts.begin(), kParts.end(), part) == kParts.end()) continue;
      const std::string kind = file.path().stem().string();
      if (!IsKnownKind(kind)) {
        return MakeError(ErrorCode::kInvalidRequest,
                         "mail template " + file.path().string() + ": unknown kind " + kind);
      }
      ASSIGN_OR_RETURN(sources[kind][part], ReadFile(file.path()));
    }
    for (auto& [kind, parts] : sources) {
      const fs::path base = locale_dir.path() / kind;
      for (const std::string_view part : kParts) {
        if (!parts.contains(std::string(part))) {
          return MakeError(ErrorCode::kInvalidRequest,
                           "mail template " + base.string() + "." + std::string(part) +
                               " is missing (a kind needs its .subject, .txt and .html)");
        }
      }
      ASSIGN_OR_RETURN(composer->templates_[locale][kind],
                       ParseKind(parts["subject"], parts["txt"], parts["html"], base.string()));
    }
  }
  if (ec) {
    return MakeError(ErrorCode::kInvalidRequest, "setting mail_templates_dir: cannot read " +
                                                     root.string() + ": " + ec.message());
  }
  return composer;
}

std::string MustacheComposer::LocaleFor(std::string_view kind,
                                        std::string_view accept_language) const {
  const auto has = [&](std::string_view locale) {
    const auto it = templates_.find(locale);
    return it != templates_.end() && it->second.find(kind) != it->second.end();
  };
  std::string chosen = LookupLocale(PreferredLanguages(accept_language), has);
  if (!chosen.empty()) return chosen;
  chosen = LookupLocale({default_locale_}, has);
  return chosen.empty() ? "en" : chosen;
}

Result<core::MailContent> MustacheComposer::Compose(std::string_view kind, std::string_view locale,
                                                    const core::MailValues& values) {
  if (!IsKnownKind(kind)) {
    return MakeError(ErrorCode::kInternal, "no mail template of kind " + std::string(kind));
  }
  const Parsed& parsed = *templates_.find(LocaleFor(kind, locale))->second.find(kind)->second;
  kainjow::mustache::data data;
  // An empty value is false in a section ({{#link}}...{{/link}}) and renders as nothing.
  const auto put = [&data](const std::string& name, const std::string& value) {
    if (value.empty()) {
      data.set(name, kainjow::mustache::data(false));
    } else {
      data.set(name, value);
    }
  };
  put("app_name", app_name_);
  put("display_name", "");
  for (const auto& [name, value] : values) put(name, value);
  core::MailContent content;
  content.subject = OneLine(Render(parsed.subject, data, false));
  content.text = Render(parsed.text, data, false);
  content.html = Render(parsed.html, data, true);
  return content;
}

}  // namespace portcullis::mail
