// Loading and first-start generation of the access-token signing key.
// Called once at start from one thread.
#include "app/key_material.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "app/logging.h"
#include "common/secret_bytes.h"
#include "crypto/base64url.h"
#include "crypto/digest.h"

namespace portcullis::app {
namespace {

// "setting jwt.secret (jwt_secret): detail".
Error KeyError(std::string_view setting, std::string detail) {
  return MakeError(ErrorCode::kInvalidRequest, "setting " + SettingLabel(setting) + ": " + detail,
                   std::string(setting));
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// Writes `content` to a new file readable by the owner only; fails if the file exists.
Status WriteNewSecretFile(const std::string& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return MakeError(ErrorCode::kInternal, "cannot create " + path);
  const bool written =
      ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced) return MakeError(ErrorCode::kInternal, "cannot write " + path);
  return Status::Ok();
}

std::string KidOf(std::string_view material) { return crypto::Sha256Hex(material).substr(0, 16); }

Result<crypto::JwsKey> LoadHmacKey(const Settings& settings, crypto::JwsAlgorithm alg,
                                   Random& random) {
  std::string secret = settings.jwt.secret;
  if (secret.empty()) {
    const std::string path = settings.data_dir + "/jwt_secret";
    if (auto existing = ReadFile(path)) {
      secret = std::move(*existing);
    } else {
      secret = crypto::Base64UrlEncode(random.Bytes(64));
      if (Status s = WriteNewSecretFile(path, secret); !s) return s.error();
      LogWarn("no jwt.secret configured: generated one in " + path +
              "; keep it (and back it up) or every token becomes invalid");
    }
  }
  auto key = crypto::JwsKey::FromHmacSecret("hs-" + KidOf(secret), alg, secret);
  if (!key) return KeyError("jwt.secret", key.error().detail);
  return key;
}

Result<crypto::JwsKey> LoadPrivateKey(const Settings& settings, crypto::JwsAlgorithm alg) {
  const bool configured = !settings.jwt.key_file.empty();
  const std::string path = configured ? settings.jwt.key_file
                                      : settings.data_dir + "/jwt_" +
                                            std::string(crypto::JwsAlgorithmName(alg)) + ".pem";
  std::optional<std::string> pem = ReadFile(path);
  if (!pem && configured) return KeyError("jwt.key_file", "cannot read " + path);
  if (!pem) {
    auto generated = crypto::JwsKey::GeneratePrivatePem(alg);
    if (!generated) return generated.error();
    if (Status s = WriteNewSecretFile(path, generated->view()); !s) return s.error();
    LogWarn("no jwt.key_file configured: generated a " +
            std::string(crypto::JwsAlgorithmName(alg)) + " key in " + path);
    pem = std::string(generated->view());
  }
  auto probe = crypto::JwsKey::FromPrivatePem("probe", alg, *pem);
  if (!probe) return KeyError("jwt.key_file", probe.error().detail);
  const std::string kid = KidOf(probe->PublicJwk().value_or(""));
  auto key = crypto::JwsKey::FromPrivatePem(kid, alg, *pem);
  SecretBytes wipe(std::move(*pem));  // the PEM text is wiped when it goes
  return key;
}

// Parses "kid:base64url[,kid:base64url...]" into AEAD keys; the first one seals.
Result<crypto::Aead> ParseAeadKeys(const std::string& text) {
  std::vector<crypto::AeadKey> keys;
  std::string seal_kid;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    std::string item =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!item.empty() && (item.back() == '\n' || item.back() == ' ')) item.pop_back();
    const auto colon = item.find(':');
    if (colon == std::string::npos) {
      return KeyError("mfa.encryption_key", "each key must be KID:BASE64URL");
    }
    auto key = crypto::Base64UrlDecode(item.substr(colon + 1));
    if (!key || key->size() != crypto::Aead::kKeySize) {
      return KeyError("mfa.encryption_key", "each key must be 32 bytes in base64url");
    }
    if (seal_kid.empty()) seal_kid = item.substr(0, colon);
    keys.push_back({item.substr(0, colon), SecretBytes(std::move(*key))});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  auto aead = crypto::Aead::Create(std::move(keys), seal_kid);
  if (!aead) return KeyError("mfa.encryption_key", aead.error().detail);
  return aead;
}

// The configured value, or the content of data_dir/`file`, or a new value made by `generate`
// and written there.
Result<std::string> ConfiguredOrGenerated(const Settings& settings, const std::string& configured,
                                          const std::string& file, std::string_view setting,
                                          const std::function<std::string()>& generate) {
  if (!configured.empty()) return configured;
  const std::string path = settings.data_dir + "/" + file;
  if (auto existing = ReadFile(path)) return std::move(*existing);
  std::string value = generate();
  if (Status s = WriteNewSecretFile(path, value); !s) return s.error();
  LogWarn("no " + std::string(setting) + " configured: generated one in " + path +
          "; keep it and back it up: what it protects is lost without it");
  return value;
}

}  // namespace

Result<crypto::Aead> LoadDataKeys(const Settings& settings, Random& random) {
  auto keys = ConfiguredOrGenerated(
      settings, settings.mfa_keys.encryption_key, "mfa_encryption_key", "mfa.encryption_key", [&] {
        SecretBytes key(random.Bytes(crypto::Aead::kKeySize));
        return "k" + KidOf(key.view()).substr(0, 8) + ":" + crypto::Base64UrlEncode(key.view());
      });
  if (!keys) return keys.error();
  SecretBytes keys_text(std::move(*keys));
  return ParseAeadKeys(std::string(keys_text.view()));
}

namespace {

// The recovery-code HMAC key (mfa_recovery_key), generated into data_dir when not configured.
Result<SecretBytes> LoadRecoveryKey(const Settings& settings, Random& random) {
  auto recovery = ConfiguredOrGenerated(settings, settings.mfa_keys.recovery_key,
                                        "mfa_recovery_key", "mfa.recovery_key",
                                        [&] { return crypto::Base64UrlEncode(random.Bytes(32)); });
  if (!recovery) return recovery.error();
  std::string text = std::move(*recovery);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  auto recovery_key = crypto::Base64UrlDecode(text);
  SecretBytes wipe(std::move(text));
  if (!recovery_key || recovery_key->size() < 32) {
    return KeyError("mfa.recovery_key", "must be at least 32 bytes in base64url");
  }
  return SecretBytes(std::move(*recovery_key));
}

}  // namespace

Result<std::unique_ptr<crypto::SodiumMfaCrypto>> LoadMfaCrypto(const Settings& settings,
                                                               Random& random) {
  auto aead = LoadDataKeys(settings, random);
  if (!aead) return aead.error();
  auto recovery_key = LoadRecoveryKey(settings, random);
  if (!recovery_key) return recovery_key.error();
  return std::make_unique<crypto::SodiumMfaCrypto>(std::move(*aead), std::move(*recovery_key));
}

Result<SecretBytes> LoadClientSecretKey(const Settings& settings, Random& random) {
  auto recovery_key = LoadRecoveryKey(settings, random);
  if (!recovery_key) return recovery_key.error();
  // A key of its own, derived so that neither use of the material can stand in for the other.
  return SecretBytes(crypto::HmacSha256(recovery_key->view(), "portcullis client-secret key v1"));
}

Status EnsureDataDir(const std::string& dir) {
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) return Status::Ok();
  std::filesystem::create_directories(dir, ec);
  if (ec) return KeyError("data_dir", "cannot create " + dir + ": " + ec.message());
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  return Status::Ok();
}

Result<crypto::JwsKey> LoadSigningKey(const Settings& settings, Random& random) {
  auto alg = crypto::JwsAlgorithmFromName(settings.jwt.alg);
  if (!alg) return KeyError("jwt.alg", "unknown algorithm");
  if (crypto::IsHmacAlgorithm(*alg)) return LoadHmacKey(settings, *alg, random);
  return LoadPrivateKey(settings, *alg);
}

}  // namespace portcullis::app
