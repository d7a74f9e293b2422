// TOML (toml++), environment and flag sources turned into options::Table values.
// Stateless; called from one thread at start.
#include "app/config_loader.h"

#include <toml++/toml.h>

namespace portcullis::app {
namespace {

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
    if (const char* value = lookup(options::EnvironmentName(name).c_str())) out[name] = value;
  }
  return out;
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
    options::Kind kind = options::Kind::kScalar;
    for (const auto& [known, known_kind] : names) {
      if (known == name) kind = known_kind;
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
