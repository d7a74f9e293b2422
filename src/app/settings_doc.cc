// Generation of --help lines, the settings reference and the effective-settings listing from the
// declarations in SettingsSchema(). Pure functions; thread-safe.
#include "app/settings_doc.h"

#include <vector>

namespace portcullis::app {
namespace {

std::string Code(const std::string& text) { return text.empty() ? "" : "`" + text + "`"; }

std::string FormerNames(const options::Option<Settings>& option) {
  std::string out;
  for (const auto& alias : option.aliases) out += (out.empty() ? "" : ", ") + Code(alias);
  return out;
}

std::string TableHeading(const options::Option<Settings>& option) {
  const std::string where =
      option.table.empty() ? std::string("top-level keys") : "`[" + option.table + "]`";
  return "### " + option.title + " (" + where + ")\n\n";
}

}  // namespace

std::string SettingHelp(const options::Option<Settings>& option) {
  const std::string fallback = option.show(Settings{});
  std::string help = option.help;
  if (!option.secret && !fallback.empty()) help += " (default " + fallback + ")";
  help += " [env " + options::EnvironmentName(option.name);
  for (const auto& alias : option.aliases) {
    help += "; former name " + alias + ": " + options::FlagNames(alias).back() + ", " +
            options::EnvironmentName(alias);
  }
  return help + "]";
}

std::string SettingsReferenceMarkdown() {
  const Settings defaults;
  std::string out = std::string(kReferenceBegin) + "\n";
  std::vector<std::string> tables;  // in order of first appearance
  for (const auto& option : SettingsSchema().options()) {
    bool seen = false;
    for (const auto& t : tables) seen = seen || t == option.table;
    if (!seen) tables.push_back(option.table);
  }
  for (const auto& table : tables) {
    bool first = true;
    for (const auto& option : SettingsSchema().options()) {
      if (option.table != table) continue;
      if (first) {
        out += "\n" + TableHeading(option);
        out += "| setting | environment | former name | default | meaning |\n";
        out += "|---|---|---|---|---|\n";
        first = false;
      }
      std::string meaning = option.help;
      if (option.kind == options::Kind::kList) meaning += " (a list)";
      if (option.kind == options::Kind::kTables) meaning += " (an array of tables)";
      if (option.kind == options::Kind::kKeyedTables) {
        meaning += " (tables [" + option.name +
                   ".NAME], one per NAME; or, in the environment or a "
                   "flag, an inline TOML table of tables)";
      }
      if (option.secret) meaning += "; secret: never shown";
      out += "| " + Code(option.name) + " | " + Code(options::EnvironmentName(option.name)) +
             " | " + FormerNames(option) + " | " +
             (option.secret ? "" : Code(option.show(defaults))) + " | " + meaning + " |\n";
      for (const auto& element : option.elements) {
        const std::string name = option.name + ".NAME." + element.key;
        std::string help = element.help;
        if (element.kind == options::Kind::kList) help += " (a list)";
        if (element.secret) help += "; secret: never shown";
        out += "| " + Code(name) + " | " + Code(options::EnvironmentName(name)) + " |  | " +
               (element.secret ? "" : Code(element.default_text)) + " | " + help + " |\n";
      }
    }
  }
  return out + "\n" + kReferenceEnd + "\n";
}

std::string EffectiveSettingsText(const Settings& settings) {
  std::string out;
  for (const auto& option : SettingsSchema().options()) {
    out += option.name + " = " + option.show(settings) + "\n";
  }
  return out;
}

}  // namespace portcullis::app
