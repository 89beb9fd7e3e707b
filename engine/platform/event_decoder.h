#pragma once

// Internal to chronodesk_platform: the validation of an event object shared by
// EntryCodec::decodeEntry and EntryCodec::decodeData.

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

namespace cd::platform {

class StringPool;
struct Event;

// Validates data (platform.md tables, journal-format.md "Validation"); on
// failure sets error to "data.<field>: <reason>". Fills event when both event
// and pool are given. keys is scratch space reused between calls.
bool decodeEventObject(simdjson::dom::object data, std::string& error, Event* event, StringPool* pool,
    std::vector<std::string_view>& keys);

// The first key that appears twice in keys, or an empty view.
std::string_view findDuplicateKey(std::vector<std::string_view>& keys);

// Short reason for a simdjson parse error ("invalid UTF-8", "invalid JSON: ...").
std::string parseErrorText(simdjson::error_code code);

} // namespace cd::platform
