#include "engine/history/stats.h"

#include "engine/history/history.h"
#include "engine/platform/json_writer.h"

#include <algorithm>
#include <vector>

namespace cd::history {

Stats computeStats(const History& history)
{
    Stats stats;
    const History::View view = history.view();
    const EntryIndex& index = view.index();
    stats.entries = std::int64_t(index.size());
    if (!index.empty()) {
        stats.firstSequence = index.sequence(0);
        stats.lastSequence = index.sequence(index.size() - 1);
        stats.firstWallMs = index.wallMs(0);
        stats.lastWallMs = index.wallMs(index.size() - 1);
    }
    stats.tenants = std::int64_t(view.latest().state.size());
    for (int t = 0; t < platform::EventTypeCount; ++t)
        stats.byType[std::size_t(t)] = index.typeCount(platform::EventType(t));
    return stats;
}

std::string statsJson(const Stats& stats)
{
    std::string out;
    platform::JsonWriter w(out);
    auto optional = [&w](std::optional<std::int64_t> v) {
        if (v)
            w.integer(*v);
        else
            w.null();
    };
    w.beginObject();
    w.key("entries");
    w.integer(stats.entries);
    w.key("firstSequence");
    optional(stats.firstSequence);
    w.key("lastSequence");
    optional(stats.lastSequence);
    w.key("firstWallMs");
    optional(stats.firstWallMs);
    w.key("lastWallMs");
    optional(stats.lastWallMs);
    w.key("tenants");
    w.integer(stats.tenants);
    w.key("byType");
    w.beginObject();
    std::vector<platform::EventType> types;
    for (int t = 0; t < platform::EventTypeCount; ++t)
        if (stats.byType[std::size_t(t)] > 0)
            types.push_back(platform::EventType(t));
    std::sort(types.begin(), types.end(), [](platform::EventType a, platform::EventType b) {
        return platform::eventTypeName(a) < platform::eventTypeName(b);
    });
    for (platform::EventType type : types) {
        w.key(platform::eventTypeName(type));
        w.integer(stats.byType[std::size_t(type)]);
    }
    w.endObject();
    w.endObject();
    return out;
}

} // namespace cd::history
