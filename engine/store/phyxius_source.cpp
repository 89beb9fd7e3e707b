#include "engine/store/phyxius_source.h"

#include "engine/platform/codec.h"
#include "engine/store/json_text.h"
#include "engine/store/text_encoding.h"

#include <algorithm>

namespace cd::store {

namespace {

bool isDelimiter(char c)
{
    return c == ',' || c == '}' || c == ']' || c == ':' || json::isSpace(c);
}

} // namespace

PhyxiusSource::PhyxiusSource(std::string path, SourceOptions options)
    : EntrySource(JournalFormat::Phyxius, std::move(path), std::move(options))
    , m_codec(std::make_unique<platform::EntryCodec>())
{ }

PhyxiusSource::~PhyxiusSource() = default;

std::unique_ptr<PhyxiusSource> PhyxiusSource::open(
    const std::string& path, const SourceOptions& options, std::string& error)
{
    std::unique_ptr<PhyxiusSource> source(new PhyxiusSource(path, options));
    if (!source->m_reader.open(path, error))
        return nullptr;
    if (options.hashContent)
        source->m_reader.enableHash();
    return source;
}

double PhyxiusSource::progress() const
{
    const auto size = m_reader.sizeAtOpen();
    return size == 0 ? 1.0 : std::min(1.0, double(m_reader.bytesRead() - (m_buffer.size() - m_pos)) / double(size));
}

EntrySource::Status PhyxiusSource::fail(std::string reason)
{
    if (m_error.empty())
        m_error = path() + ": " + std::move(reason);
    m_state = State::Done;
    return Status::Failed;
}

bool PhyxiusSource::refill()
{
    if (m_pos > 0) {
        m_buffer.erase(0, m_pos);
        m_pos = 0;
    }
    while (!m_reader.atEnd()) {
        std::size_t got = 0;
        if (!m_reader.readInto(m_buffer, got, m_error))
            return false;
        if (got > 0)
            return true;
    }
    return false;
}

bool PhyxiusSource::peek(char& c)
{
    for (;;) {
        m_pos = json::skipSpace(m_buffer, m_pos);
        if (m_pos < m_buffer.size()) {
            c = m_buffer[m_pos];
            return true;
        }
        if (!refill())
            return false;
    }
}

bool PhyxiusSource::valueLength(std::size_t& length)
{
    const char first = m_buffer[m_pos];
    const bool container = first == '{' || first == '[';
    bool inString = first == '"';
    bool escape = false;
    std::size_t depth = 0;
    // Offsets are relative to m_pos, which refill() may move.
    std::size_t offset = inString ? 1 : 0;
    for (;;) {
        const std::size_t size = m_buffer.size();
        for (std::size_t i = m_pos + offset; i < size; ++i) {
            const char c = m_buffer[i];
            if (inString) {
                if (escape) {
                    escape = false;
                } else if (c == '\\') {
                    escape = true;
                } else if (c == '"') {
                    inString = false;
                    if (!container) {
                        length = i + 1 - m_pos;
                        return true;
                    }
                }
            } else if (c == '"') {
                inString = true;
            } else if (container) {
                if (c == '{' || c == '[') {
                    ++depth;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    length = i + 1 - m_pos;
                    return true;
                }
            } else if (isDelimiter(c)) {
                length = i - m_pos;
                return true;
            }
        }
        offset = size - m_pos;
        if (!refill())
            return false;
    }
}

bool PhyxiusSource::topLevelValue(const std::string& key, std::string_view value, std::string& failure)
{
    if (value == "null")
        return true;
    std::int64_t number = 0;
    if (key == "nextSequence") {
        if (!parseJsonInteger(value, number) || number < 0) {
            failure = "nextSequence: expected a non-negative integer, got " + std::string(value.substr(0, 40));
            return false;
        }
        m_meta.nextSequence = number;
    } else if (key == "createdAt") {
        std::optional<std::int64_t> wall;
        std::optional<std::int64_t> mono;
        json::MemberWalker walker(value);
        while (walker.next()) {
            if ((walker.key() == "wallMs" || walker.key() == "monoMs") && parseJsonInteger(walker.value(), number))
                (walker.key() == "wallMs" ? wall : mono) = number;
        }
        if (!walker.ok() || !wall || !mono) {
            failure = "createdAt: expected {\"wallMs\": <integer>, \"monoMs\": <integer>}";
            return false;
        }
        m_meta.createdWallMs = wall;
        m_meta.createdMonoMs = mono;
    }
    return true;
}

bool PhyxiusSource::member(std::string& failure)
{
    char c = 0;
    std::size_t length = 0;
    if (!peek(c) || c != '"' || !valueLength(length)) {
        failure = m_error.empty() ? (m_pos >= m_buffer.size() ? "unexpected end of file in the top-level object"
                                                              : "expected a member name, found " + describeByte(c))
                                  : m_error;
        return false;
    }
    const std::string_view rawKey = std::string_view(m_buffer).substr(m_pos + 1, length - 2);
    if (!isValidUtf8(rawKey) || !json::unescape(rawKey, m_key)) {
        failure = "invalid member name at the top level";
        return false;
    }
    m_pos += length;
    if (!peek(c) || c != ':') {
        failure = "expected ':' after \"" + m_key + "\"";
        return false;
    }
    ++m_pos;
    if (!peek(c)) {
        failure = "unexpected end of file after \"" + m_key + "\":";
        return false;
    }
    if (m_key == "entries") {
        if (m_sawEntries) {
            failure = "\"entries\" appears twice";
            return false;
        }
        if (c != '[') {
            failure = "\"entries\" is not an array";
            return false;
        }
        m_sawEntries = true;
        ++m_pos;
        m_state = State::FirstElement;
        return true;
    }
    if (!valueLength(length)) {
        failure = "unexpected end of file in the value of \"" + m_key + "\"";
        return false;
    }
    if (!topLevelValue(m_key, std::string_view(m_buffer).substr(m_pos, length), failure))
        return false;
    m_pos += length;
    m_state = State::AfterMember;
    return true;
}

EntrySource::Status PhyxiusSource::readNext(SourceItem& item)
{
    char c = 0;
    std::string failure;
    for (;;) {
        switch (m_state) {
        case State::Start:
            if (!refill())
                return fail("empty file");
            if (m_buffer.compare(0, 3, "\xEF\xBB\xBF") == 0)
                m_pos = 3;
            if (!peek(c) || c != '{')
                return fail("not a Phyxius export: expected a JSON object");
            ++m_pos;
            m_state = State::FirstMember;
            break;
        case State::FirstMember:
            if (!peek(c))
                return fail("unexpected end of file in the top-level object");
            if (c == '}') {
                ++m_pos;
                m_state = State::Trailer;
                break;
            }
            m_state = State::Member;
            break;
        case State::Member:
            if (!member(failure))
                return fail(failure);
            break;
        case State::AfterMember:
            if (!peek(c))
                return fail("unexpected end of file in the top-level object");
            if (c != ',' && c != '}')
                return fail("expected ',' or '}' after a top-level member, found " + describeByte(c));
            ++m_pos;
            m_state = c == ',' ? State::Member : State::Trailer;
            break;
        case State::FirstElement:
        case State::AfterElement:
            if (!peek(c))
                return fail("unexpected end of file in \"entries\" after " + std::to_string(m_index) + " entries");
            if (c == ']') {
                ++m_pos;
                m_state = State::AfterMember;
                break;
            }
            if (m_state == State::AfterElement) {
                if (c != ',')
                    return fail("entries[" + std::to_string(m_index) + "]: expected ',' or ']' before it, found "
                        + describeByte(c));
                ++m_pos;
                if (!peek(c))
                    return fail("unexpected end of file in \"entries\" after " + std::to_string(m_index) + " entries");
                if (c == ']')
                    return fail("entries[" + std::to_string(m_index) + "]: trailing ',' before ']'");
            }
            m_state = State::Element;
            break;
        case State::Element: {
            std::size_t length = 0;
            if (!valueLength(length))
                return fail(
                    m_error.empty() ? "entries[" + std::to_string(m_index) + "]: unexpected end of file" : m_error);
            m_elementBegin = m_pos;
            m_elementLength = length;
            m_pos += length;
            m_state = State::AfterElement;
            item.place = m_index++;
            item.raw.clear();
            item.rawIsUtf8 = true;
            const std::string_view text = std::string_view(m_buffer).substr(m_elementBegin, m_elementLength);
            if (!isValidUtf8(text)) {
                item.valid = false;
                item.reason = "invalid UTF-8";
            } else {
                item.valid = m_codec->decodeEntry(text, item.entry, item.reason);
            }
            if (!item.valid)
                fillRaw(item);
            return Status::Item;
        }
        case State::Trailer:
            if (peek(c))
                return fail("unexpected content after the JSON document: " + describeByte(c));
            if (!m_error.empty())
                return fail(m_error);
            if (!m_sawEntries)
                return fail("not a Phyxius export: no \"entries\" array");
            m_state = State::Done;
            return Status::End;
        case State::Done:
            return m_error.empty() ? Status::End : Status::Failed;
        }
    }
}

void PhyxiusSource::fillRaw(SourceItem& item)
{
    const std::string_view text = std::string_view(m_buffer).substr(m_elementBegin, m_elementLength);
    item.raw.assign(text);
    item.rawIsUtf8 = isValidUtf8(text);
}

} // namespace cd::store
