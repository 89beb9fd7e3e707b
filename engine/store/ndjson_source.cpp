#include "engine/store/ndjson_source.h"

#include "engine/platform/codec.h"
#include "engine/store/json_text.h"
#include "engine/store/text_encoding.h"

#include <algorithm>
#include <cstring>

namespace cd::store {

NdjsonSource::NdjsonSource(std::string path, SourceOptions options)
    : EntrySource(JournalFormat::Ndjson, std::move(path), std::move(options))
    , m_codec(std::make_unique<platform::EntryCodec>())
{ }

NdjsonSource::~NdjsonSource() = default;

std::unique_ptr<NdjsonSource> NdjsonSource::open(
    const std::string& path, const SourceOptions& options, std::string& error)
{
    std::unique_ptr<NdjsonSource> source(new NdjsonSource(path, options));
    if (!source->m_reader.open(path, error))
        return nullptr;
    if (options.hashContent)
        source->m_reader.enableHash();
    return source;
}

double NdjsonSource::progress() const
{
    const auto size = m_reader.sizeAtOpen();
    return size == 0 ? 1.0 : std::min(1.0, double(m_reader.bytesRead() - (m_buffer.size() - m_pos)) / double(size));
}

bool NdjsonSource::nextLine(std::string_view& line)
{
    std::size_t scanned = m_pos;
    for (;;) {
        const void* hit = std::memchr(m_buffer.data() + scanned, '\n', m_buffer.size() - scanned);
        if (hit) {
            const std::size_t end = std::size_t(static_cast<const char*>(hit) - m_buffer.data());
            line = std::string_view(m_buffer).substr(m_pos, end - m_pos);
            m_pos = end + 1;
            return true;
        }
        if (m_reader.atEnd()) {
            if (m_pos >= m_buffer.size())
                return false;
            line = std::string_view(m_buffer).substr(m_pos);
            m_pos = m_buffer.size();
            return true;
        }
        // Keep the unfinished line, drop what was consumed, read on.
        m_buffer.erase(0, m_pos);
        scanned = m_buffer.size();
        m_pos = 0;
        std::size_t got = 0;
        if (!m_reader.readInto(m_buffer, got, m_error))
            return false;
    }
}

EntrySource::Status NdjsonSource::readNext(SourceItem& item)
{
    std::string_view line;
    for (;;) {
        if (!nextLine(line))
            return m_error.empty() ? Status::End : Status::Failed;
        ++m_line;
        if (m_line == 1 && line.substr(0, 3) == "\xEF\xBB\xBF")
            line.remove_prefix(3);
        if (json::skipSpace(line, 0) < line.size())
            break;
    }
    m_current = line;
    item.place = m_line;
    item.raw.clear();
    item.rawIsUtf8 = true;
    if (!isValidUtf8(line)) {
        item.valid = false;
        item.reason = "invalid UTF-8";
        fillRaw(item);
        return Status::Item;
    }
    item.valid = m_codec->decodeEntry(line, item.entry, item.reason);
    if (!item.valid)
        fillRaw(item);
    return Status::Item;
}

void NdjsonSource::fillRaw(SourceItem& item)
{
    item.raw.assign(m_current);
    item.rawIsUtf8 = isValidUtf8(m_current);
}

} // namespace cd::store
