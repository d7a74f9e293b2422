// QR codes for otpauth:// URIs: libqrencode's module matrix drawn as an SVG, as a data URL.
// Pure functions; thread-safe (libqrencode is built with pthread support on Debian).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace portcullis::api {

// The SVG text of a QR code (error correction level M, 4-module quiet zone) encoding `text`;
// nullopt when it does not fit in a QR code.
std::optional<std::string> QrSvg(std::string_view text);
// "data:image/svg+xml;base64,..." of QrSvg(text); empty when it does not fit.
std::string QrDataUrl(std::string_view text);

}  // namespace portcullis::api
