// Loading and first-start generation of the access-token signing key.
// Called once at start from one thread.
#include "app/key_material.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/logging.h"
#include "common/secret_bytes.h"
#include "crypto/base64url.h"
#include "crypto/digest.h"

namespace portcullis::app {
namespace {

Error KeyError(std::string_view setting, std::string detail) {
  return MakeError(ErrorCode::kInvalidRequest, "setting " + std::string(setting) + ": " + detail,
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
  std::string secret = settings.jwt_secret;
  if (secret.empty()) {
    const std::string path = settings.data_dir + "/jwt_secret";
    if (auto existing = ReadFile(path)) {
      secret = std::move(*existing);
    } else {
      secret = crypto::Base64UrlEncode(random.Bytes(64));
      if (Status s = WriteNewSecretFile(path, secret); !s) return s.error();
      LogWarn("no jwt_secret configured: generated one in " + path +
              "; keep it (and back it up) or every token becomes invalid");
    }
  }
  auto key = crypto::JwsKey::FromHmacSecret("hs-" + KidOf(secret), alg, secret);
  if (!key) return KeyError("jwt_secret", key.error().detail);
  return key;
}

Result<crypto::JwsKey> LoadPrivateKey(const Settings& settings, crypto::JwsAlgorithm alg) {
  const bool configured = !settings.jwt_key_file.empty();
  const std::string path = configured ? settings.jwt_key_file
                                      : settings.data_dir + "/jwt_" +
                                            std::string(crypto::JwsAlgorithmName(alg)) + ".pem";
  std::optional<std::string> pem = ReadFile(path);
  if (!pem && configured) return KeyError("jwt_key_file", "cannot read " + path);
  if (!pem) {
    auto generated = crypto::JwsKey::GeneratePrivatePem(alg);
    if (!generated) return generated.error();
    if (Status s = WriteNewSecretFile(path, generated->view()); !s) return s.error();
    LogWarn("no jwt_key_file configured: generated a " +
            std::string(crypto::JwsAlgorithmName(alg)) + " key in " + path);
    pem = std::string(generated->view());
  }
  auto probe = crypto::JwsKey::FromPrivatePem("probe", alg, *pem);
  if (!probe) return KeyError("jwt_key_file", probe.error().detail);
  const std::string kid = KidOf(probe->PublicJwk().value_or(""));
  auto key = crypto::JwsKey::FromPrivatePem(kid, alg, *pem);
  SecretBytes wipe(std::move(*pem));  // the PEM text is wiped when it goes
  return key;
}

}  // namespace

Status EnsureDataDir(const std::string& dir) {
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) return Status::Ok();
  std::filesystem::create_directories(dir, ec);
  if (ec) return KeyError("data_dir", "cannot create " + dir + ": " + ec.message());
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  return Status::Ok();
}

Result<crypto::JwsKey> LoadSigningKey(const Settings& settings, Random& random) {
  auto alg = crypto::JwsAlgorithmFromName(settings.jwt_alg);
  if (!alg) return KeyError("jwt_alg", "unknown algorithm");
  if (crypto::IsHmacAlgorithm(*alg)) return LoadHmacKey(settings, *alg, random);
  return LoadPrivateKey(settings, *alg);
}

}  // namespace portcullis::app
