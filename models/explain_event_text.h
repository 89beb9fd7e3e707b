#pragma once

#include "engine/platform/event.h"

#include <QString>

#include <cstdint>
#include <string_view>

namespace cd::platform {
class StringPool;
}

namespace cd::models {

// Short texts for the entries the "Why?" and diff panels link to, computed
// from the index's packed events (no file access, so cheap on any thread).

// "tenant.suspended", ...
QString explainTypeText(platform::EventType type);
// What the event says besides its type and tenant: "cycle c-1 · 2900 · Card declined".
QString explainEventDetail(const platform::Event& event, const platform::StringPool& pool);
// UTC wall time with seconds: "2025-11-24 16:00:01".
QString explainWallTime(std::int64_t wallMs);
// UTF-8 text cut to at most maxBytes at a character boundary, "…" appended when cut.
QString explainElided(std::string_view utf8, std::size_t maxBytes);

} // namespace cd::models
