// QR codes for otpauth:// URIs: libqrencode's module matrix drawn as an SVG or a PNG, as data URLs.
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

// The PNG bytes of the same QR code: 1-bit greyscale, `scale` pixels per module (quiet zone
// included), its image data in stored (uncompressed) deflate blocks; nullopt when it does not fit.
std::optional<std::string> QrPng(std::string_view text, int scale = 4);
// "data:image/png;base64,..." of QrPng(text), for clients that put it in <img src> and expect a
// raster image (HBP's mfa/generate); empty when it does not fit.
std::string QrPngDataUrl(std::string_view text);

}  // namespace portcullis::api
