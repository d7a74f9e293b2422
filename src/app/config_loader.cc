// TOML (toml++), environment and flag sources turned into options::Table values.
// Stateless; called from one thread at start.
#include "app/config_loader.h"

#include <toml++/toml.h>

#include <cctype>

extern char** environ;

namespace portcullis::app {
namespace {

// True when `name` is `pattern`, a pattern's "*" segment matching any one segment.
bool NameMatches(std::string_view pattern, std::string_view name) {
  const auto star = pattern.find(options::kAnyKey);
  if (star == std::string_view::npos) return pattern == name;
  const std::string_view head = pattern.substr(0, star);
  const std::string_view tail = pattern.substr(star + 1);
  if (name.size() <= head.size() + tail.size()) return false;
  if (!name.starts_with(head) || !name.ends_with(tail)) return false;
  const std::string_view key = name.substr(head.size(), name.size() - head.size() - tail.size());
  return key.find('.') == std::string_view::npos;
}

// The kind of `name` among `names` (patterns included); kScalar when unknown.
options::Kind KindOf(const SettingNames& names, std::string_view name) {
  for (const auto& [known, kind] : names) {
    if (NameMatches(known, name)) return kind;
  }
  return options::Kind::kScalar;
}

// Every environment variable a pattern's environment name ("PORTCULLIS_SSO__*__CLIENT_ID")
// matches, as the setting name it stands for ("sso.google.client_id"; the key lower-cased).
void ReadPatternEnvironment(const std::string& pattern, std::map<std::string, std::string>& out) {
  const std::string env = options::EnvironmentName(pattern);
  const auto star = env.find('*');
  const std::string head = env.substr(0, star);
  const std::string tail = env.substr(star + 1);
  const auto name_star = pattern.find(options::kAnyKey);
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view variable(*entry);
    const auto equals = variable.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string_view var_name = variable.substr(0, equals);
    if (var_name.size() <= head.size() + tail.size() || !var_name.starts_with(head) ||
        !var_name.ends_with(tail)) {
      continue;
    }
    std::string key(var_name.substr(head.size(), var_name.size() - head.size() - tail.size()));
    if (key.find("__") != std::string::npos) continue;
    for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out[pattern.substr(0, name_star) + key + pattern.substr(name_star + 1)] =
        std::string(variable.substr(equals + 1));
  }
}

Error Bad(const std::string& name, const std::string& origin, const std::string& why) {
  return MakeError(ErrorCode::kInvalidRequest, "setting " + name + " from " + origin + ": " + why,
                   name);
}

// "setting config from PATH: what (line N)": a document that is not TOML.
Error ParseError(const std::string& origin, const toml::parse_error& e) {
  std::string detail = "setting config from " + origin + ": " + std::string(e.description());
  if (e.source().begin.line > 0) detail += " (line " + std::to_string(e.source().begin.line) + ")";
  return MakeError(ErrorCode::kInvalidRequest, detail, "config");
}

std::optional<std::string> ScalarText(const toml::node& node) {
  if (auto v = node.as_string()) return v->get();
  if (auto v = node.as_integer()) return std::to_string(v->get());
  if (auto v = node.as_boolean()) return std::string(v->get() ? "true" : "false");
  return std::nullopt;
}

Status Flatten(const toml::table& table, const std::string& prefix, const std::string& origin,
               options::Table& out);

Result<options::Value> ValueOf(const toml::node& node, const std::string& name,
                               const std::string& origin) {
  options::Value value;
  value.origin = origin;
  if (const toml::array* array = node.as_array()) {
    if (!array->empty() && array->is_array_of_tables()) {
      value.kind = options::Kind::kTables;
      for (const toml::node& element : *array) {
        options::Table entry;
        RETURN_IF_ERROR(Flatten(*element.as_table(), "", origin, entry));
        value.tables.push_back(std::move(entry));
      }
      return value;
    }
    value.kind = options::Kind::kList;
    for (const toml::node& element : *array) {
      auto text = ScalarText(element);
      if (!text) return Bad(name, origin, "each item must be a string, an integer or a boolean");
      value.items.push_back(std::move(*text));
    }
    return value;
  }
  auto text = ScalarText(node);
  if (!text) return Bad(name, origin, "must be a string, an integer, a boolean or an array");
  value.items.push_back(std::move(*text));
  return value;
}

Status Flatten(const toml::table& table, const std::string& prefix, const std::string& origin,
               options::Table& out) {
  for (const auto& [key, node] : table) {
    const std::string name =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const toml::table* inner = node.as_table()) {
      RETURN_IF_ERROR(Flatten(*inner, name, origin, out));
      continue;
    }
    ASSIGN_OR_RETURN(out.values[name], ValueOf(node, name, origin));
  }
  return Status::Ok();
}

}  // namespace

std::map<std::string, std::string> ReadEnvironment(
    const SettingNames& names, const std::function<const char*(const char*)>& lookup) {
  std::map<std::string, std::string> out;
  for (const auto& [name, kind] : names) {
    if (name.find(options::kAnyKey) != std::string::npos) {
      ReadPatternEnvironment(name, out);
      continue;
    }
    if (const char* value = lookup(options::EnvironmentName(name).c_str())) out[name] = value;
  }
  return out;
}

std::map<std::string, std::string> ReadEnvironmentAliases(
    const std::vector<std::pair<std::string, std::string>>& aliases,
    const std::function<const char*(const char*)>& lookup) {
  std::map<std::string, std::string> out;
  for (const auto& [variable, name] : aliases) {
    if (const char* value = lookup(variable.c_str())) out.emplace(name, value);
  }
  return out;
}

std::string AliasVariableOf(const std::vector<std::pair<std::string, std::string>>& aliases,
                            const std::string& name) {
  for (const auto& [variable, setting] : aliases) {
    if (setting == name) return variable;
  }
  return name;
}

Result<options::Table> TableFromToml(std::string_view text, const std::string& origin) {
  toml::table document;
  try {
    document = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    return ParseError(origin, e);
  }
  options::Table out;
  RETURN_IF_ERROR(Flatten(document, "", origin, out));
  return out;
}

Result<options::Table> TableFromTomlFile(const std::string& path) {
  toml::table document;
  try {
    document = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return ParseError(path, e);
  }
  options::Table out;
  RETURN_IF_ERROR(Flatten(document, "", path, out));
  return out;
}

Result<options::Table> TableFromTexts(
    const std::map<std::string, std::string>& texts, const SettingNames& names,
    const std::function<std::string(const std::string&)>& origin_of) {
  options::Table out;
  for (const auto& [name, text] : texts) {
    const std::string origin = origin_of(name);
    const options::Kind kind = KindOf(names, name);
    if (kind == options::Kind::kKeyedTables) {
      // An inline table of inline tables: each entry's settings as "name.key.setting".
      auto parsed = TableFromToml("value = " + text, origin);
      if (!parsed) {
        return Bad(name, origin,
                   "must be an inline TOML table of tables, e.g. {google = {client_id = \"x\"}}");
      }
      for (auto& [inner, value] : parsed->values) {
        out.values[name + inner.substr(std::string_view("value").size())] = std::move(value);
      }
      continue;
    }
    if (kind != options::Kind::kTables) {
      out.values[name] = options::ValueFromText(kind, text, origin);
      continue;
    }
    auto parsed = TableFromToml("value = " + text, origin);
    options::Value* value = nullptr;
    if (parsed) {
      auto it = parsed->values.find("value");
      if (it != parsed->values.end()) value = &it->second;
    }
    const bool tables =
        value != nullptr && (value->kind == options::Kind::kTables ||
                             (value->kind == options::Kind::kList && value->items.empty()));
    if (!tables) {
      return Bad(name, origin, "must be an inline TOML array of tables, e.g. [{key = \"value\"}]");
    }
    out.values[name] = std::move(*value);
  }
  return out;
}

}  // namespace portcullis::app
