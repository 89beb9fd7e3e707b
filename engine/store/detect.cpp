#include "engine/store/detect.h"

#include "engine/store/block_reader.h"
#include "engine/store/json_text.h"
#include "engine/store/text_encoding.h"

#include <array>

namespace cd::store {

namespace {

constexpr std::string_view SqliteHeader { "SQLite format 3\0", 16 };
constexpr std::string_view Utf8Bom { "\xEF\xBB\xBF" };

constexpr std::array<std::string_view, 3> PhyxiusKeys { "entries", "nextSequence", "createdAt" };
constexpr std::array<std::string_view, 4> EntryKeys { "id", "sequence", "timestamp", "data" };

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& keys, std::string_view key)
{
    for (const auto k : keys) {
        if (k == key)
            return true;
    }
    return false;
}

// Reads the top-level keys of the object at text[pos] until one decides.
JournalFormat classifyObject(std::string_view text, std::size_t pos)
{
    pos = json::skipSpace(text, pos + 1);
    std::string key;
    while (pos < text.size() && text[pos] == '"') {
        const std::size_t keyEnd = json::stringEnd(text, pos);
        if (keyEnd == json::npos || !json::unescape(text.substr(pos + 1, keyEnd - pos - 2), key))
            break;
        if (contains(PhyxiusKeys, key))
            return JournalFormat::Phyxius;
        if (contains(EntryKeys, key))
            return JournalFormat::Ndjson;
        pos = json::skipSpace(text, keyEnd);
        if (pos >= text.size() || text[pos] != ':')
            break;
        pos = json::skipSpace(text, pos + 1);
        const std::size_t end = json::valueEnd(text, pos);
        if (end == json::npos)
            break;
        pos = json::skipSpace(text, end);
        if (pos >= text.size() || text[pos] != ',')
            break;
        pos = json::skipSpace(text, pos + 1);
    }
    // Undecided (no known key, a syntax error, or the window ended): one
    // entry per line is the only reading that can still name a line.
    return JournalFormat::Ndjson;
}

} // namespace

std::optional<JournalFormat> detectFormatFromBytes(std::string_view head, bool complete, std::string& reason)
{
    if (head.empty()) {
        reason = "empty file";
        return std::nullopt;
    }
    if (head.substr(0, SqliteHeader.size()) == SqliteHeader)
        return JournalFormat::Sqlite;
    std::size_t pos = head.substr(0, Utf8Bom.size()) == Utf8Bom ? Utf8Bom.size() : 0;
    pos = json::skipSpace(head, pos);
    if (pos >= head.size()) {
        reason = complete ? "empty file (only whitespace)"
                          : "not a journal: no JSON in the first " + std::to_string(head.size()) + " bytes";
        return std::nullopt;
    }
    const char first = head[pos];
    if (first == '{')
        return classifyObject(head, pos);
    if (first == '[') {
        reason = "not a journal: a JSON array (expected a SQLite journal, NDJSON entries or a Phyxius export "
                 "object)";
        return std::nullopt;
    }
    reason = "not a journal: expected a SQLite journal, NDJSON or a Phyxius export, found " + describeByte(first)
        + " at byte " + std::to_string(pos);
    return std::nullopt;
}

std::optional<JournalFormat> detectFormat(const std::string& path, std::string& error)
{
    BlockReader reader;
    if (!reader.open(path, error))
        return std::nullopt;
    std::string head;
    std::size_t got = 0;
    do {
        if (!reader.readInto(head, got, error, DetectionWindow - head.size()))
            return std::nullopt;
    } while (got > 0 && head.size() < DetectionWindow);
    std::string reason;
    const auto format = detectFormatFromBytes(head, reader.atEnd(), reason);
    if (!format)
        error = path + ": " + reason;
    return format;
}

} // namespace cd::store
