#pragma once

#include "engine/platform/event.h"

#include <QString>

#include <cstdint>
#include <string>
#include <string_view>

namespace cd::platform {
class StringPool;
struct Entry;
} // namespace cd::platform

namespace cd::models {

// Texts the event panels show for an entry, computed from what the index
// holds (no file access): one short line per event, its type, its time.

// "invited u-1 <alice@example.com> as admin", "api_calls +150 by u-1", ...
QString eventSummary(const platform::Event& event, const platform::StringPool& pool);
QString eventTypeText(platform::EventType type);
// UTC wall time with milliseconds: "2025-11-24 16:00:00.000".
QString wallTimeText(std::int64_t wallMs);
QString numberText(double value);

// Indents compact JSON (2 spaces), keeping key order and string contents
// byte for byte; QJsonDocument would sort the keys.
std::string prettyJson(std::string_view json);
// The entry as the journal stores it, indented.
std::string prettyEntryJson(const platform::Entry& entry);

} // namespace cd::models
