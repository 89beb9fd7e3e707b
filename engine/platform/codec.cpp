#include "engine/platform/codec.h"

#include "engine/platform/event.h"
#include "engine/platform/event_decoder.h"
#include "engine/platform/json_writer.h"

#include <simdjson.h>

#include <cstring>
#include <vector>

namespace cd::platform {

namespace {
using simdjson::dom::element;
using simdjson::dom::element_type;

constexpr std::int64_t MaxSafe = std::int64_t(1) << 53; // journal-format.md: within ±2^53

enum class Sign { Any, NonNegative };

// A JSON integer token within ±2^53 (no fraction, no exponent).
bool readInteger(element v, std::string_view name, Sign sign, std::int64_t& out, std::string& error)
{
    const element_type t = v.type();
    if (t == element_type::DOUBLE) {
        error = std::string(name) + ": fraction or exponent not allowed";
        return false;
    }
    if (t == element_type::UINT64) { // above INT64_MAX
        error = std::string(name) + ": out of range (beyond 2^53)";
        return false;
    }
    if (t != element_type::INT64) {
        error = std::string(name)
            + (sign == Sign::NonNegative ? ": expected a non-negative integer" : ": expected an integer");
        return false;
    }
    const std::int64_t value = v.get_int64().value_unsafe();
    if (sign == Sign::NonNegative && value < 0) {
        error = std::string(name) + ": expected a non-negative integer";
        return false;
    }
    if (value > MaxSafe || value < -MaxSafe) {
        error = std::string(name) + ": out of range (beyond 2^53)";
        return false;
    }
    out = value;
    return true;
}

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The scanners below run on text simdjson has already validated, so they
// only need to find boundaries, not to check anything. The text is NUL
// terminated (zero padding) and holds no raw NUL (simdjson refuses it), so
// the SIMD-backed C string functions can do the byte scanning.
std::size_t skipSpace(const char* s, std::size_t i)
{
    while (isJsonSpace(s[i]))
        ++i;
    return i;
}

// i at an opening quote; returns the position after the closing one.
std::size_t skipString(const char* s, std::size_t i)
{
    for (;;) {
        const char* quote = std::strchr(s + i + 1, '"');
        std::size_t q = static_cast<std::size_t>(quote - s);
        std::size_t backslashes = 0;
        while (s[q - 1 - backslashes] == '\\')
            ++backslashes;
        if (backslashes % 2 == 0)
            return q + 1;
        i = q; // an escaped quote: keep looking
    }
}

std::size_t skipValue(const char* s, std::size_t i)
{
    if (s[i] == '"')
        return skipString(s, i);
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        for (;;) {
            i += std::strcspn(s + i, "\"{}[]");
            const char c = s[i];
            if (c == '"') {
                i = skipString(s, i);
                continue;
            }
            ++i;
            if (c == '{' || c == '[')
                ++depth;
            else if (--depth == 0)
                return i;
        }
    }
    return i + std::strcspn(s + i, ",}] \t\r\n");
}

// The raw text of the value of the index-th member of the object in s.
std::string_view memberValueText(const char* s, std::size_t index)
{
    std::size_t i = skipSpace(s, 0) + 1; // past '{'
    for (std::size_t member = 0;; ++member) {
        i = skipSpace(s, i);
        i = skipString(s, i); // key
        i = skipSpace(s, i) + 1; // past ':'
        i = skipSpace(s, i);
        const std::size_t begin = i;
        i = skipValue(s, i);
        if (member == index)
            return { s + begin, i - begin };
        i = skipSpace(s, i) + 1; // past ','
    }
}

void minifyInto(std::string_view text, std::string& out)
{
    out.resize(text.size());
    std::size_t length = 0;
    if (simdjson::minify(text.data(), text.size(), out.data(), length) != simdjson::SUCCESS)
        length = 0; // cannot happen on validated text
    out.resize(length);
}
} // namespace

struct EntryCodec::Impl {
    simdjson::dom::parser parser;
    std::unique_ptr<char[]> buffer;
    std::size_t capacity = 0;
    std::vector<std::string_view> keys;

    // Parses text from a padded copy (simdjson reads past the end); the copy
    // is reused so decoding allocates nothing once warmed up.
    simdjson::error_code parse(std::string_view text, element& root)
    {
        if (text.size() + simdjson::SIMDJSON_PADDING > capacity) {
            capacity = (text.size() + simdjson::SIMDJSON_PADDING) * 2;
            buffer = std::make_unique<char[]>(capacity);
        }
        std::memcpy(buffer.get(), text.data(), text.size());
        std::memset(buffer.get() + text.size(), 0, simdjson::SIMDJSON_PADDING);
        return parser.parse(buffer.get(), text.size(), false).get(root);
    }
};

EntryCodec::EntryCodec()
    : m_impl(std::make_unique<Impl>())
{ }

EntryCodec::~EntryCodec() = default;

bool EntryCodec::decodeEntry(std::string_view json, Entry& out, std::string& error, Event* event, StringPool* pool)
{
    element root;
    if (const auto code = m_impl->parse(json, root); code != simdjson::SUCCESS) {
        error = parseErrorText(code);
        return false;
    }
    simdjson::dom::object entry;
    if (root.get_object().get(entry) != simdjson::SUCCESS) {
        error = "entry: expected a JSON object";
        return false;
    }
    element id, sequence, timestamp, data;
    bool hasId = false, hasSequence = false, hasTimestamp = false, hasData = false;
    std::size_t dataIndex = 0;
    std::size_t index = 0;
    auto& keys = m_impl->keys;
    keys.clear();
    for (const auto field : entry) {
        keys.push_back(field.key);
        if (field.key == "id") {
            id = field.value;
            hasId = true;
        } else if (field.key == "sequence") {
            sequence = field.value;
            hasSequence = true;
        } else if (field.key == "timestamp") {
            timestamp = field.value;
            hasTimestamp = true;
        } else if (field.key == "data") {
            data = field.value;
            hasData = true;
            dataIndex = index;
        }
        ++index;
    }
    if (const std::string_view dup = findDuplicateKey(keys); dup.data()) {
        error = std::string(dup) + ": duplicate key";
        return false;
    }

    std::string_view idText;
    if (!hasId) {
        error = "id: missing";
        return false;
    }
    if (id.get_string().get(idText) != simdjson::SUCCESS) {
        error = "id: expected a string";
        return false;
    }
    std::int64_t seq = 0, wallMs = 0, monoMs = 0;
    if (!hasSequence) {
        error = "sequence: missing";
        return false;
    }
    if (!readInteger(sequence, "sequence", Sign::NonNegative, seq, error))
        return false;

    if (!hasTimestamp) {
        error = "timestamp: missing";
        return false;
    }
    simdjson::dom::object ts;
    if (timestamp.get_object().get(ts) != simdjson::SUCCESS) {
        error = "timestamp: expected an object";
        return false;
    }
    element wall, mono;
    bool hasWall = false, hasMono = false;
    keys.clear();
    for (const auto field : ts) {
        keys.push_back(field.key);
        if (field.key == "wallMs") {
            wall = field.value;
            hasWall = true;
        } else if (field.key == "monoMs") {
            mono = field.value;
            hasMono = true;
        }
    }
    if (const std::string_view dup = findDuplicateKey(keys); dup.data()) {
        error = "timestamp." + std::string(dup) + ": duplicate key";
        return false;
    }
    if (!hasWall) {
        error = "timestamp.wallMs: missing";
        return false;
    }
    if (!readInteger(wall, "timestamp.wallMs", Sign::Any, wallMs, error))
        return false;
    if (!hasMono) {
        error = "timestamp.monoMs: missing";
        return false;
    }
    if (!readInteger(mono, "timestamp.monoMs", Sign::Any, monoMs, error))
        return false;

    if (!hasData) {
        error = "data: missing";
        return false;
    }
    simdjson::dom::object dataObject;
    if (data.get_object().get(dataObject) != simdjson::SUCCESS) {
        error = "data: expected an object";
        return false;
    }
    if (!decodeEventObject(dataObject, error, event, pool, keys))
        return false;

    out.id.assign(idText);
    out.sequence = seq;
    out.wallMs = wallMs;
    out.monoMs = monoMs;
    minifyInto(memberValueText(m_impl->buffer.get(), dataIndex), out.data);
    return true;
}

bool EntryCodec::decodeData(
    std::string_view dataJson, std::string& error, Event* event, StringPool* pool, std::string* minified)
{
    element root;
    if (const auto code = m_impl->parse(dataJson, root); code != simdjson::SUCCESS) {
        error = parseErrorText(code);
        return false;
    }
    simdjson::dom::object dataObject;
    if (root.get_object().get(dataObject) != simdjson::SUCCESS) {
        error = "data: expected an object";
        return false;
    }
    if (!decodeEventObject(dataObject, error, event, pool, m_impl->keys))
        return false;
    if (minified)
        minifyInto({ m_impl->buffer.get(), dataJson.size() }, *minified);
    return true;
}

void appendEntryJson(std::string& out, const Entry& entry)
{
    JsonWriter w(out);
    w.beginObject();
    w.key("id");
    w.string(entry.id);
    w.key("sequence");
    w.integer(entry.sequence);
    w.key("timestamp");
    w.beginObject();
    w.key("wallMs");
    w.integer(entry.wallMs);
    w.key("monoMs");
    w.integer(entry.monoMs);
    w.endObject();
    w.key("data");
    w.raw(entry.data);
    w.endObject();
}

std::string encodeEntry(const Entry& entry)
{
    std::string out;
    out.reserve(entry.data.size() + entry.id.size() + 80);
    appendEntryJson(out, entry);
    return out;
}

} // namespace cd::platform
