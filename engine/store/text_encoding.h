#pragma once

#include <string>
#include <string_view>

namespace cd::store {

// True when bytes are well-formed UTF-8 (simdjson's validator).
bool isValidUtf8(std::string_view bytes);

// RFC 4648 base64 with padding, for raw bytes that are not UTF-8.
std::string base64Encode(std::string_view bytes);

// ASCII lower-case copy (non-ASCII bytes unchanged).
std::string asciiLower(std::string_view text);

// How a byte reads in an error message: 'x' when printable ASCII, else 0xNN.
std::string describeByte(char c);

} // namespace cd::store
