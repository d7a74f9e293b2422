// Loading a settings schema (common/options.h) from its sources, each overriding the one before:
// the options struct's defaults < bare environment aliases (another product's variable names, e.g.
// HBP's MAGIC_LINK_ENABLED) < a TOML file < PORTCULLIS_ environment variables < flags; then the
// schema's checks.
// Stateless functions; call from one thread at start.
#pragma once

#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/options.h"
#include "common/status_macros.h"

namespace portcullis::app {

using SettingNames = std::vector<std::pair<std::string, options::Kind>>;

// The raw text of each source. The environment and flags are keyed by setting name (a full dotted
// name or a former one), as ReadEnvironment and the command line produce them.
struct ConfigSources {
  std::optional<std::string> config_file;  // a TOML file
  std::map<std::string, std::string> environment;
  std::map<std::string, std::string> flags;
  // Values of bare environment variables declared with EnvAlias, keyed by setting name, as
  // ReadEnvironmentAliases produces them: below every other source.
  std::map<std::string, std::string> environment_aliases;
};

// PORTCULLIS_<NAME> (dots as "__") for every name, read through `lookup`.
std::map<std::string, std::string> ReadEnvironment(
    const SettingNames& names, const std::function<const char*(const char*)>& lookup =
                                   [](const char* n) { return std::getenv(n); });

// The set variables among `aliases` ((variable, setting name) pairs, Section::EnvAliases()),
// keyed by setting name. When two variables alias one setting, the first set one is kept.
std::map<std::string, std::string> ReadEnvironmentAliases(
    const std::vector<std::pair<std::string, std::string>>& aliases,
    const std::function<const char*(const char*)>& lookup = [](const char* n) {
      return std::getenv(n);
    });

// The variable `aliases` gives for the setting `name` (its origin in messages); `name` if none.
std::string AliasVariableOf(const std::vector<std::pair<std::string, std::string>>& aliases,
                            const std::string& name);

// The values of a TOML document: tables become dotted names ("[sso.google] client_id" is
// sso.google.client_id), arrays lists, arrays of tables lists of tables.
Result<options::Table> TableFromTomlFile(const std::string& path);
Result<options::Table> TableFromToml(std::string_view text, const std::string& origin);
// The values of texts keyed by setting name: lists split at commas, lists of tables parsed as an
// inline TOML array ("[{route = '/a'}, {route = '/b'}]"). `origin_of` names a name's source.
Result<options::Table> TableFromTexts(
    const std::map<std::string, std::string>& texts, const SettingNames& names,
    const std::function<std::string(const std::string&)>& origin_of);

template <class O>
Result<O> LoadConfig(const options::Section<O>& schema, const ConfigSources& sources) {
  O out{};
  const SettingNames names = schema.Names();
  if (!sources.environment_aliases.empty()) {
    const auto aliases = schema.EnvAliases();
    ASSIGN_OR_RETURN(options::Table aliased,
                     TableFromTexts(sources.environment_aliases, names, [&](const std::string& n) {
                       return AliasVariableOf(aliases, n);
                     }));
    RETURN_IF_ERROR(schema.Apply(out, aliased));
  }
  if (sources.config_file) {
    ASSIGN_OR_RETURN(options::Table file, TableFromTomlFile(*sources.config_file));
    RETURN_IF_ERROR(schema.Apply(out, file));
  }
  ASSIGN_OR_RETURN(options::Table environment,
                   TableFromTexts(sources.environment, names, options::EnvironmentName));
  RETURN_IF_ERROR(schema.Apply(out, environment));
  ASSIGN_OR_RETURN(options::Table flags, TableFromTexts(sources.flags, names, [](auto& name) {
                     return options::FlagNames(name).front();
                   }));
  RETURN_IF_ERROR(schema.Apply(out, flags));
  RETURN_IF_ERROR(schema.Validate(out));
  return out;
}

}  // namespace portcullis::app
