#pragma once

// The plain way to get a state: decode every entry and fold from zero, with
// no index and no snapshot. The history suites compare against it.

#include "engine/platform/codec.h"
#include "engine/platform/entry.h"
#include "engine/platform/event.h"
#include "engine/platform/fold.h"
#include "engine/platform/json_writer.h"
#include "engine/platform/platform_state.h"
#include "engine/platform/state_json.h"
#include "engine/platform/string_pool.h"

#include <QTest>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cd::history::test {

class ReferenceFold {
public:
    explicit ReferenceFold(const std::vector<platform::Entry>& entries)
        : m_entries(entries)
    {
        m_events.reserve(entries.size());
        for (const auto& e : entries) {
            platform::Event event;
            std::string error;
            if (!m_codec.decodeData(e.data, error, &event, &m_pool))
                QTest::qFail(("reference: entry rejected: " + error).c_str(), __FILE__, __LINE__);
            m_events.push_back(event);
        }
    }

    // State JSON of the fold of the entries that keep says to keep.
    std::string json(const std::function<bool(const platform::Entry&)>& keep)
    {
        platform::PlatformState state;
        std::optional<std::int64_t> sequence;
        std::optional<std::int64_t> wallMs;
        for (std::size_t i = 0; i < m_entries.size(); ++i) {
            if (!keep(m_entries[i]))
                continue;
            platform::apply(state, m_events[i], m_entries[i].wallMs);
            sequence = m_entries[i].sequence;
            wallMs = m_entries[i].wallMs;
        }
        return write(state, sequence, wallMs);
    }
    std::string atSequence(std::int64_t s)
    {
        return json([s](const platform::Entry& e) { return e.sequence <= s; });
    }
    std::string atTime(std::int64_t ms)
    {
        return json([ms](const platform::Entry& e) { return e.wallMs <= ms; });
    }

    // For incremental comparisons: folds entries up to (and with) index i.
    void foldThrough(std::size_t i)
    {
        for (; m_folded <= i && m_folded < m_entries.size(); ++m_folded)
            platform::apply(m_state, m_events[m_folded], m_entries[m_folded].wallMs);
    }
    std::string currentJson() const
    {
        if (m_folded == 0)
            return write(m_state, std::nullopt, std::nullopt);
        return write(m_state, m_entries[m_folded - 1].sequence, m_entries[m_folded - 1].wallMs);
    }

private:
    std::string write(const platform::PlatformState& state, std::optional<std::int64_t> sequence,
        std::optional<std::int64_t> wallMs) const
    {
        std::string out;
        platform::JsonWriter w(out);
        platform::writePlatformStateJson(w, state, m_pool, sequence, wallMs);
        return out;
    }

    const std::vector<platform::Entry>& m_entries;
    platform::StringPool m_pool;
    platform::EntryCodec m_codec;
    std::vector<platform::Event> m_events;
    platform::PlatformState m_state;
    std::size_t m_folded = 0;
};

} // namespace cd::history::test
