#include "engine/store/entry_source.h"

#include "engine/store/detect.h"
#include "engine/store/json_text.h"
#include "engine/store/ndjson_source.h"
#include "engine/store/phyxius_source.h"
#include "engine/store/sqlite_source.h"

#include <charconv>

namespace cd::store {

EntrySource::EntrySource(JournalFormat format, std::string path, SourceOptions options)
    : m_options(std::move(options))
    , m_format(format)
    , m_path(std::move(path))
{ }

EntrySource::~EntrySource() = default;

EntrySource::Status EntrySource::next(SourceItem& item)
{
    for (;;) {
        if (m_pastRange) {
            // Past the range: read on (for meta) without returning anything.
            Status status;
            while ((status = readNext(item)) == Status::Item) { }
            return status;
        }
        const Status status = readNext(item);
        if (status != Status::Item || !item.valid)
            return status;
        const std::int64_t sequence = item.entry.sequence;
        if (m_options.checkOrder) {
            if (m_lastSequence && sequence <= *m_lastSequence) {
                item.valid = false;
                item.reason = "sequence " + std::to_string(sequence) + " is not larger than the previous entry's ("
                    + std::to_string(*m_lastSequence) + ")";
                fillRaw(item);
                return status;
            }
            m_lastSequence = sequence;
        }
        if (filtersApplied())
            return status;
        if (m_options.fromSequence && sequence < *m_options.fromSequence)
            continue;
        if (m_options.toSequence && sequence > *m_options.toSequence) {
            // Sequences only grow when ordered: nothing after this can match.
            if (!m_options.checkOrder)
                continue;
            if (!metaAtEnd())
                return Status::End;
            m_pastRange = true;
            continue;
        }
        if (m_options.tenantId
            && (!json::topLevelString(item.entry.data, "tenantId", m_tenantScratch)
                || m_tenantScratch != *m_options.tenantId))
            continue;
        return status;
    }
}

std::string EntrySource::describe(const SourceItem& item) const
{
    switch (m_format) {
    case JournalFormat::Ndjson:
        return m_path + ":" + std::to_string(item.place) + ": " + item.reason;
    case JournalFormat::Phyxius:
        return m_path + ": entries[" + std::to_string(item.place) + "]: " + item.reason;
    case JournalFormat::Sqlite:
        break;
    }
    return m_path + ": sequence " + std::to_string(item.place) + ": " + item.reason;
}

std::string_view EntrySource::placeKey() const
{
    switch (m_format) {
    case JournalFormat::Ndjson:
        return "line";
    case JournalFormat::Phyxius:
        return "index";
    case JournalFormat::Sqlite:
        break;
    }
    return "sequence";
}

std::unique_ptr<EntrySource> openEntrySource(const std::string& path, const SourceOptions& options, std::string& error)
{
    const auto format = detectFormat(path, error);
    if (!format)
        return nullptr;
    switch (*format) {
    case JournalFormat::Ndjson:
        return NdjsonSource::open(path, options, error);
    case JournalFormat::Phyxius:
        return PhyxiusSource::open(path, options, error);
    case JournalFormat::Sqlite:
        break;
    }
    return SqliteSource::open(path, options, error);
}

bool parseJsonInteger(std::string_view literal, std::int64_t& value)
{
    std::size_t digits = literal.size();
    std::size_t start = 0;
    if (!literal.empty() && literal.front() == '-') {
        start = 1;
        --digits;
    }
    // JSON allows no leading zeros; 19 digits already exceed 2^53.
    if (digits == 0 || digits > 17 || (digits > 1 && literal[start] == '0'))
        return false;
    const char* end = literal.data() + literal.size();
    const auto [ptr, ec] = std::from_chars(literal.data(), end, value);
    constexpr std::int64_t Limit = std::int64_t(1) << 53;
    return ec == std::errc() && ptr == end && value >= -Limit && value <= Limit;
}

} // namespace cd::store
