// Declarative settings: a module declares, against its own options struct, the settings it takes
// (dotted name, help, parsing, display, secrecy, former names); the struct's member initialisers
// are the defaults. Sections are built once at start, then only read (safe to share read-only).
//
//   options::Section<ServerOptions> section("http", "HTTP server");
//   section.Add("io_threads", &ServerOptions::io_threads, "HTTP I/O threads")
//       .Between(1, 256).Alias("io_threads");
//
// A setting's name is its section's TOML table plus its key ("http.io_threads"). Its environment
// variable puts `__` between levels (PORTCULLIS_HTTP__IO_THREADS) and its flag keeps the dots
// (--http.io_threads, or --http.io-threads). The app composes the modules' sections into one schema
// with Nest() and applies the sources (common/ knows no file format: see app/config_loader.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/status.h"

namespace portcullis::options {

// How a setting's value is written: one scalar, a list of scalars (a TOML array; comma-separated in
// the environment or a flag), a list of tables (a TOML array of tables; an inline TOML array of
// inline tables in the environment or a flag) or tables keyed by name (`[sso.google]`,
// `[sso.corp]`: each key of a table is also a setting of its own, sso.google.client_id and
// PORTCULLIS_SSO__GOOGLE__CLIENT_ID; an inline TOML table of inline tables under the bare name).
enum class Kind { kScalar, kList, kTables, kKeyedTables };

// In Names(), the segment of a keyed table's name that stands for any key: "sso.*.client_id".
inline constexpr std::string_view kAnyKey = "*";

struct Table;

// One value as a source gave it.
struct Value {
  Kind kind = Kind::kScalar;
  std::vector<std::string> items;  // kScalar: exactly one; kList: the elements
  std::vector<Table> tables;       // kTables, kKeyedTables: the elements
  std::string origin;             // where it came from, for messages: "PORTCULLIS_X", "--x", a path
  std::vector<std::string> keys;  // kKeyedTables: tables[i] is the table keyed keys[i]
};

// The values of one source by dotted name as given (a setting's name or one of its former names).
struct Table {
  std::map<std::string, Value> values;
};

// --- text helpers shared by every source (options.cc)

// "PORTCULLIS_" + the name upper-cased, with "__" for each dot: sso.google.client_id →
// PORTCULLIS_SSO__GOOGLE__CLIENT_ID.
std::string EnvironmentName(std::string_view name);
// The flag spellings of a name: "--name", and "--na-me" when the name has underscores.
std::vector<std::string> FlagNames(std::string_view name);
// A value from the text of an environment variable or flag: a list is split at commas (items are
// trimmed; an empty text is an empty list). kTables text is kept as one item for the caller.
Value ValueFromText(Kind kind, std::string text, std::string origin);

// Parsing and showing of one scalar; Traits<T> is specialised for integers, bool, std::string and
// std::chrono durations (a count of the duration's unit), and for std::vector<scalar> (a list).
Result<long long> ParseSigned(std::string_view text);
Result<unsigned long long> ParseUnsigned(std::string_view text);
Result<bool> ParseBool(std::string_view text);  // true/false, 1/0, yes/no, on/off

template <class T, class = void>
struct Traits;

template <class T>
struct Traits<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
  static constexpr Kind kKind = Kind::kScalar;
  static Result<T> Parse(std::string_view text) {
    if constexpr (std::is_signed_v<T>) {
      auto value = ParseSigned(text);
      if (!value) return value.error();
      if (*value < std::numeric_limits<T>::min() || *value > std::numeric_limits<T>::max()) {
        return MakeError(ErrorCode::kInvalidRequest, "out of range");
      }
      return static_cast<T>(*value);
    } else {
      auto value = ParseUnsigned(text);
      if (!value) return value.error();
      if (*value > std::numeric_limits<T>::max()) {
        return MakeError(ErrorCode::kInvalidRequest, "out of range");
      }
      return static_cast<T>(*value);
    }
  }
  static std::string Show(const T& value) { return std::to_string(value); }
};

template <>
struct Traits<bool> {
  static constexpr Kind kKind = Kind::kScalar;
  static Result<bool> Parse(std::string_view text) { return ParseBool(text); }
  static std::string Show(bool value) { return value ? "true" : "false"; }
};

template <>
struct Traits<std::string> {
  static constexpr Kind kKind = Kind::kScalar;
  static Result<std::string> Parse(std::string_view text) { return std::string(text); }
  static std::string Show(const std::string& value) { return value; }
};

template <class Rep, class Period>
struct Traits<std::chrono::duration<Rep, Period>> {
  using Duration = std::chrono::duration<Rep, Period>;
  static constexpr Kind kKind = Kind::kScalar;
  static Result<Duration> Parse(std::string_view text) {
    auto count = Traits<Rep>::Parse(text);
    if (!count) return count.error();
    return Duration(*count);
  }
  static std::string Show(const Duration& value) { return std::to_string(value.count()); }
};

template <class T>
struct Traits<std::vector<T>> {
  static constexpr Kind kKind = Kind::kList;
  static std::string Show(const std::vector<T>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ",") + Traits<T>::Show(v);
    return out;
  }
};

// One setting inside each of a keyed table's entries, for the documentation and the names.
struct ElementDoc {
  std::string key;  // relative to the entry: "client_id"
  std::string help;
  Kind kind = Kind::kScalar;
  bool secret = false;
  std::string default_text;  // the entry struct's default, shown ("" for a secret)
};

// One setting of an options struct O, type-erased. Built by Section; read-only afterwards.
template <class O>
struct Option {
  std::string name;                  // full dotted name: "http.io_threads"
  std::string table;                 // the TOML table that holds it ("" at the top level): "http"
  std::string title;                 // that table's title, for documentation
  std::string help;                  // what it means, for --help and the documentation
  std::vector<std::string> aliases;  // former full names, accepted in every source
  // Bare environment variables read as this setting below every other source (an HBP
  // deployment's MAGIC_LINK_ENABLED): a PORTCULLIS_ variable, the file and flags win over them.
  std::vector<std::string> env_aliases;
  Kind kind = Kind::kScalar;
  bool secret = false;  // never shown: `show` says "(set)" or nothing
  // Parses `value` and stores it; on failure the error detail is the reason only ("must be ...").
  std::function<Status(O&, const Value&)> assign;
  std::function<std::string(const O&)> show;  // the current value as text
  std::vector<ElementDoc> elements;           // kKeyedTables: each entry's settings
};

template <class O>
class Section;

// Returned by Section::Add and friends to refine the option just declared.
template <class O>
class OptionRef {
 public:
  OptionRef(Section<O>& section, std::size_t index) : section_(&section), index_(index) {}
  // A former full name that keeps working in the file, the environment and flags.
  OptionRef& Alias(std::string full_name) {
    option().aliases.push_back(std::move(full_name));
    return *this;
  }
  // A bare environment variable (another product's name for the setting) read as this setting,
  // below every other source. See Option::env_aliases.
  OptionRef& EnvAlias(std::string variable) {
    option().env_aliases.push_back(std::move(variable));
    return *this;
  }
  // Never shown in --help, the documentation, `portcullis settings` or messages.
  OptionRef& Secret() {
    Option<O>& o = option();
    o.secret = true;
    o.show = [show = std::move(o.show)](const O& options) {
      return show(options).empty() ? std::string() : std::string("(set)");
    };
    return *this;
  }

 protected:
  Option<O>& option() { return section_->options_[index_]; }

 private:
  Section<O>* section_;
  std::size_t index_;
};

// An option bound to a member of type T: adds value checks.
template <class O, class T>
class FieldRef : public OptionRef<O> {
 public:
  using Check = std::function<std::optional<std::string>(const T&)>;  // a reason when bad

  FieldRef(Section<O>& section, std::size_t index, std::shared_ptr<std::vector<Check>> checks)
      : OptionRef<O>(section, index), checks_(std::move(checks)) {}

  FieldRef& Alias(std::string full_name) {
    OptionRef<O>::Alias(std::move(full_name));
    return *this;
  }
  FieldRef& EnvAlias(std::string variable) {
    OptionRef<O>::EnvAlias(std::move(variable));
    return *this;
  }
  FieldRef& Secret() {
    OptionRef<O>::Secret();
    return *this;
  }
  // The value must be `ok`; otherwise the setting is refused with `why` ("must be ...").
  FieldRef& Require(std::function<bool(const T&)> ok, std::string why) {
    checks_->push_back([ok = std::move(ok), why = std::move(why)](const T& v) {
      return ok(v) ? std::nullopt : std::optional<std::string>(why);
    });
    return *this;
  }
  FieldRef& Between(T min, T max) {
    return Require([min, max](const T& v) { return !(v < min) && !(max < v); },
                   "must be between " + Traits<T>::Show(min) + " and " + Traits<T>::Show(max));
  }
  FieldRef& OneOf(std::vector<T> allowed) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + Traits<T>::Show(a);
    return Require(
        [allowed](const T& v) {
          for (const auto& a : allowed) {
            if (a == v) return true;
          }
          return false;
        },
        "must be one of " + list);
  }

 private:
  std::shared_ptr<std::vector<Check>> checks_;
};

// The settings of one options struct O in one TOML table. Also the app's whole schema: a Section
// of the app's settings struct into which each module's section is nested.
template <class O>
class Section {
 public:
  // `table`: the dotted TOML table ("http", "sso.google"; "" for top-level keys). `title` heads
  // the table in the documentation.
  explicit Section(std::string table = "", std::string title = "")
      : table_(std::move(table)), title_(std::move(title)) {}

  // A setting stored in `member` (an integer, bool, string, duration or a std::vector of those).
  template <class T>
  FieldRef<O, T> Add(std::string key, T O::*member, std::string help) {
    auto checks = std::make_shared<std::vector<typename FieldRef<O, T>::Check>>();
    Option<O> o = Declare(std::move(key), std::move(help), Traits<T>::kKind);
    o.assign = [member, checks](O& options, const Value& value) -> Status {
      auto parsed = ParseValue<T>(value);
      if (!parsed) return parsed.error();
      for (const auto& check : *checks) {
        if (auto why = check(*parsed)) return MakeError(ErrorCode::kInvalidRequest, *why);
      }
      options.*member = std::move(*parsed);
      return Status::Ok();
    };
    o.show = [member](const O& options) { return Traits<T>::Show(options.*member); };
    options_.push_back(std::move(o));
    return FieldRef<O, T>(*this, options_.size() - 1, std::move(checks));
  }

  // A scalar setting with its own parsing (e.g. HOST:PORT into two members). `parse` returns the
  // reason only on failure.
  OptionRef<O> Custom(std::string key, std::string help,
                      std::function<Status(O&, std::string_view)> parse,
                      std::function<std::string(const O&)> show) {
    Option<O> o = Declare(std::move(key), std::move(help), Kind::kScalar);
    o.assign = [parse = std::move(parse)](O& options, const Value& value) -> Status {
      if (value.kind != Kind::kScalar || value.items.size() != 1) {
        return Reason("must be a single value, not a list");
      }
      return parse(options, value.items.front());
    };
    o.show = std::move(show);
    options_.push_back(std::move(o));
    return OptionRef<O>(*this, options_.size() - 1);
  }

  // A list of tables (`[[key]]` in TOML) stored in `member`; each table is read with `element`,
  // whose names are relative to the table and whose struct's initialisers are its defaults.
  template <class E>
  OptionRef<O> Tables(std::string key, std::vector<E> O::*member, Section<E> element,
                      std::string help) {
    Option<O> o = Declare(std::move(key), std::move(help), Kind::kTables);
    o.assign = [member, element = std::move(element)](O& options, const Value& value) -> Status {
      const bool empty_array = value.kind == Kind::kList && value.items.empty();
      if (value.kind != Kind::kTables && !empty_array) return Reason("must be an array of tables");
      std::vector<E> out;
      for (std::size_t i = 0; i < value.tables.size(); ++i) {
        E e{};
        Status ok = element.Apply(e, value.tables[i], /*qualified=*/false);
        if (ok) ok = element.Validate(e, /*qualified=*/false);
        if (!ok) return Reason("entry " + std::to_string(i + 1) + ": " + ok.error().detail);
        out.push_back(std::move(e));
      }
      options.*member = std::move(out);
      return Status::Ok();
    };
    o.show = [member](const O& options) {
      const std::size_t n = (options.*member).size();
      return n == 0 ? std::string() : std::to_string(n) + (n == 1 ? " table" : " tables");
    };
    options_.push_back(std::move(o));
    return OptionRef<O>(*this, options_.size() - 1);
  }

  // Tables keyed by name (`[TABLE.NAME]` in TOML, TABLE being this section's table) stored in
  // `member`; each is read with `element` (names relative to the entry; its struct's initialisers
  // are the defaults) and gets its key in `key_member`. The sources merge entry by entry (the
  // environment can add a file's entry's secret); each entry is validated once all are applied.
  template <class E>
  OptionRef<O> KeyedTables(std::map<std::string, E, std::less<>> O::*member,
                           std::string E::*key_member, Section<E> element, std::string help) {
    Option<O> o = Declare("", std::move(help), Kind::kKeyedTables);
    // Names relative to the entry: the element section's own table, if it has one, is dropped.
    if (!element.table_.empty()) {
      const std::string prefix = element.table_ + ".";
      for (Option<E>& inner : element.options_) {
        if (inner.name.starts_with(prefix)) inner.name = inner.name.substr(prefix.size());
        inner.table.clear();
      }
      element.table_.clear();
    }
    auto shared = std::make_shared<const Section<E>>(std::move(element));
    for (const Option<E>& inner : shared->options()) {
      const E defaults{};
      o.elements.push_back({inner.name, inner.help, inner.kind, inner.secret,
                            inner.secret ? std::string() : inner.show(defaults)});
    }
    o.assign = [member, key_member, shared](O& options, const Value& value) -> Status {
      const bool empty = (value.kind == Kind::kList || value.kind == Kind::kTables) &&
                         value.items.empty() && value.tables.empty();
      if (value.kind != Kind::kKeyedTables && !empty) return Reason("must be tables keyed by name");
      for (std::size_t i = 0; i < value.tables.size(); ++i) {
        const std::string& key = value.keys[i];
        if (!IsEntryKey(key)) {
          return Reason("'" + key + "' must be a name of lower-case letters, digits, '_' or '-'");
        }
        auto [entry, fresh] = (options.*member).try_emplace(key);
        if (fresh) entry->second.*key_member = key;
        if (Status ok = shared->Apply(entry->second, value.tables[i], /*qualified=*/false); !ok) {
          return Reason(key + "." + ok.error().detail);
        }
      }
      return Status::Ok();
    };
    o.show = [member](const O& options) {
      std::string keys;
      for (const auto& [key, entry] : options.*member) keys += (keys.empty() ? "" : ",") + key;
      return keys;
    };
    const std::string name = o.name;
    checks_.push_back([member, shared, name](const O& options) -> Status {
      for (const auto& [key, entry] : options.*member) {
        if (Status ok = shared->Validate(entry, /*qualified=*/false); !ok) {
          return Invalid(name + "." + key, ok.error().detail);
        }
      }
      return Status::Ok();
    });
    options_.push_back(std::move(o));
    return OptionRef<O>(*this, options_.size() - 1);
  }

  // Takes every option and check of `section` (a module's) for the member `member` of O. Names are
  // kept: a section's table is absolute.
  template <class S>
  Section& Nest(const Section<S>& section, S O::*member) {
    for (const Option<S>& inner : section.options()) {
      Option<O> o;
      o.name = inner.name;
      o.table = inner.table;
      o.title = inner.title;
      o.help = inner.help;
      o.aliases = inner.aliases;
      o.env_aliases = inner.env_aliases;
      o.kind = inner.kind;
      o.secret = inner.secret;
      o.elements = inner.elements;
      o.assign = [member, assign = inner.assign](O& options, const Value& value) {
        return assign(options.*member, value);
      };
      o.show = [member, show = inner.show](const O& options) { return show(options.*member); };
      options_.push_back(std::move(o));
    }
    for (const auto& check : section.checks_) {
      checks_.push_back([member, check](const O& options) { return check(options.*member); });
    }
    return *this;
  }

  // A check over several settings, run after every source was applied. Report a failure with
  // Invalid(name, why), naming the setting at fault by its full name.
  Section& Check(std::function<Status(const O&)> check) {
    checks_.push_back(std::move(check));
    return *this;
  }
  static Error Invalid(std::string name, std::string why) {
    return MakeError(ErrorCode::kInvalidRequest, std::move(why), std::move(name));
  }

  const std::string& table() const { return table_; }
  const std::vector<Option<O>>& options() const { return options_; }

  // The option called `name` (its full name or a former one), or null.
  const Option<O>* Find(std::string_view name) const {
    for (const auto& o : options_) {
      if (o.name == name) return &o;
      for (const auto& a : o.aliases) {
        if (a == name) return &o;
      }
    }
    return nullptr;
  }

  // "mfa.issuer (mfa_issuer)": a setting's name with its former names, as messages show it.
  std::string Label(std::string_view name) const {
    const Option<O>* o = Find(name);
    if (o == nullptr) return std::string(name);
    std::string label = o->name;
    for (std::size_t i = 0; i < o->aliases.size(); ++i) {
      label += (i == 0 ? " (" : ", ") + o->aliases[i] + (i + 1 == o->aliases.size() ? ")" : "");
    }
    return label;
  }

  // Applies one source. An unknown name, a setting given twice (by its name and a former one) or a
  // bad value is an error "setting LABEL from ORIGIN: why"; its field is the setting's full name.
  // `qualified` = false leaves "setting " and the origin out (for the entries of a list of tables).
  // The settings of a keyed table's entry ("sso.google.client_id") are gathered into one value of
  // the keyed option ("sso"), applied after the other names.
  Status Apply(O& options, const Table& given, bool qualified = true) const {
    std::map<const Option<O>*, std::string> seen;  // option → the name it was given by
    std::map<const Option<O>*, Value> keyed;       // keyed option → its entries given by piece
    for (const auto& [name, value] : given.values) {
      const Option<O>* o = Find(name);
      if (o == nullptr) {
        if (AddKeyedPiece(name, value, keyed)) continue;
        return Failure(qualified, name, value.origin, "unknown setting", name);
      }
      if (auto [it, fresh] = seen.emplace(o, name); !fresh) {
        return Failure(qualified, Label(o->name), value.origin,
                       "given twice (as " + it->second + " and as " + name + ")", o->name);
      }
      if (Status ok = o->assign(options, value); !ok) {
        const std::string why = o->secret ? WithoutValue(ok.error().detail) : ok.error().detail;
        return Failure(qualified, Label(o->name), value.origin, why, o->name);
      }
    }
    for (const auto& [o, value] : keyed) {
      if (seen.contains(o)) {
        return Failure(
            qualified, o->name, value.origin,
            "given twice (as a whole and as " + o->name + "." + value.keys.front() + ".*)",
            o->name);
      }
      if (Status ok = o->assign(options, value); !ok) {
        const std::string why = WithoutValue(ok.error().detail);
        return Failure(qualified, o->name, value.origin, why, o->name);
      }
    }
    return Status::Ok();
  }

  // Runs the checks over several settings: "setting LABEL: why".
  Status Validate(const O& options, bool qualified = true) const {
    for (const auto& check : checks_) {
      if (Status ok = check(options); !ok) {
        const std::string& name = ok.error().member;
        return Failure(qualified, Label(name), "", ok.error().detail, name);
      }
    }
    return Status::Ok();
  }

  // Every name a source may use (full and former), with its kind.
  std::vector<std::pair<std::string, Kind>> Names() const {
    std::vector<std::pair<std::string, Kind>> out;
    for (const auto& o : options_) {
      out.emplace_back(o.name, o.kind);
      for (const auto& a : o.aliases) out.emplace_back(a, o.kind);
      for (const auto& e : o.elements) {
        out.emplace_back(o.name + "." + std::string(kAnyKey) + "." + e.key, e.kind);
      }
    }
    return out;
  }

  // Every bare environment variable an option reads (EnvAlias), with the option's full name.
  std::vector<std::pair<std::string, std::string>> EnvAliases() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& o : options_) {
      for (const auto& variable : o.env_aliases) out.emplace_back(variable, o.name);
    }
    return out;
  }

  // A bug check for tests: no two options share a name, a former name, an environment name or an
  // environment alias.
  Status CheckUnique() const {
    std::map<std::string, std::string> env;
    for (const auto& [name, kind] : Names()) {
      if (auto [it, fresh] = env.emplace(EnvironmentName(name), name); !fresh) {
        return MakeError(ErrorCode::kInternal,
                         "setting names collide: " + it->second + " and " + name, name);
      }
    }
    for (const auto& [variable, name] : EnvAliases()) {
      if (auto [it, fresh] = env.emplace(variable, name); !fresh) {
        return MakeError(
            ErrorCode::kInternal,
            "environment alias " + variable + " of " + name + " is taken by " + it->second, name);
      }
    }
    return Status::Ok();
  }

 private:
  template <class>
  friend class Section;
  template <class>
  friend class OptionRef;

  Option<O> Declare(std::string key, std::string help, Kind kind) const {
    Option<O> o;
    o.name = table_.empty() ? key : key.empty() ? table_ : table_ + "." + key;
    o.table = table_;
    o.title = title_;
    o.help = std::move(help);
    o.kind = kind;
    return o;
  }

  static Error Reason(std::string why) {
    return MakeError(ErrorCode::kInvalidRequest, std::move(why));
  }

  // A keyed table's key: lower-case letters, digits, '_' and '-' (it is also part of a URL path).
  static bool IsEntryKey(std::string_view key) {
    if (key.empty() || key == kAnyKey) return false;
    for (const char c : key) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    }
    return true;
  }

  // When `name` is "KEYED.KEY.REST" for a keyed option KEYED, adds REST = value to KEY's table in
  // `keyed` and says so.
  bool AddKeyedPiece(const std::string& name, const Value& value,
                     std::map<const Option<O>*, Value>& keyed) const {
    for (const auto& o : options_) {
      if (o.kind != Kind::kKeyedTables || !name.starts_with(o.name + ".")) continue;
      const std::string rest = name.substr(o.name.size() + 1);
      const auto dot = rest.find('.');
      if (dot == std::string::npos || dot == 0) continue;
      Value& entries = keyed[&o];
      entries.kind = Kind::kKeyedTables;
      if (entries.origin.empty()) entries.origin = value.origin;
      const std::string key = rest.substr(0, dot);
      std::size_t i = 0;
      while (i < entries.keys.size() && entries.keys[i] != key) ++i;
      if (i == entries.keys.size()) {
        entries.keys.push_back(key);
        entries.tables.emplace_back();
      }
      entries.tables[i].values[rest.substr(dot + 1)] = value;
      return true;
    }
    return false;
  }

  static Error Failure(bool qualified, const std::string& label, const std::string& origin,
                       const std::string& why, std::string field) {
    std::string detail = qualified ? "setting " + label : label;
    if (qualified && !origin.empty()) detail += " from " + origin;
    return MakeError(ErrorCode::kInvalidRequest, detail + ": " + why, std::move(field));
  }

  template <class T>
  static Result<T> ParseValue(const Value& value) {
    if constexpr (Traits<T>::kKind == Kind::kList) {
      using Item = typename T::value_type;
      if (value.kind != Kind::kList) return Reason("must be a list");
      T out;
      for (const auto& text : value.items) {
        auto item = Traits<Item>::Parse(text);
        if (!item) return Reason("each item " + Expectation<Item>() + ", got '" + text + "'");
        out.push_back(std::move(*item));
      }
      return out;
    } else {
      if (value.kind != Kind::kScalar || value.items.size() != 1) {
        return Reason("must be a single value, not a list");
      }
      auto parsed = Traits<T>::Parse(value.items.front());
      if (!parsed) return Reason(Expectation<T>() + ", got '" + value.items.front() + "'");
      return parsed;
    }
  }

  template <class T>
  static std::string Expectation() {
    if constexpr (requires { Traits<T>::kExpectation; }) {  // a type that says what it wants
      return std::string(Traits<T>::kExpectation);
    } else if constexpr (std::is_same_v<T, bool>) {
      return "must be true or false";
    } else if constexpr (std::is_unsigned_v<T>) {
      return "must be a whole number";
    } else {
      return "must be an integer";
    }
  }

  // A reason without the ", got '...'" that echoes the value (for secrets).
  static std::string WithoutValue(const std::string& why) {
    const auto got = why.find(", got '");
    return got == std::string::npos ? why : why.substr(0, got);
  }

  std::string table_;
  std::string title_;
  std::vector<Option<O>> options_;
  std::vector<std::function<Status(const O&)>> checks_;
};

}  // namespace portcullis::options
