#include "engine/platform/json_writer.h"

#include <array>
#include <charconv>
#include <cmath>

namespace cd::platform {

namespace {
constexpr char Hex[] = "0123456789abcdef";

// Bytes copied verbatim without a look at their neighbours: printable ASCII
// but '"' and '\\' (one load per byte instead of four compares).
constexpr std::array<bool, 256> Plain = [] {
    std::array<bool, 256> t {};
    for (std::size_t c = 0x20; c < 0x80; ++c)
        t[c] = c != '"' && c != '\\';
    return t;
}();

// Length of the valid UTF-8 sequence starting at s[i] (i < n, s[i] >= 0x80),
// or 0 when it is invalid (overlong, surrogate, above U+10FFFF, truncated).
std::size_t utf8SequenceLength(const unsigned char* s, std::size_t i, std::size_t n)
{
    const unsigned char c = s[i];
    auto cont = [s, n](std::size_t k) { return k < n && (s[k] & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF)
        return cont(i + 1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(i + 1) || !cont(i + 2))
            return 0;
        if (c == 0xE0 && s[i + 1] < 0xA0)
            return 0; // overlong
        if (c == 0xED && s[i + 1] >= 0xA0)
            return 0; // surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3))
            return 0;
        if (c == 0xF0 && s[i + 1] < 0x90)
            return 0; // overlong
        if (c == 0xF4 && s[i + 1] >= 0x90)
            return 0; // above U+10FFFF
        return 4;
    }
    return 0;
}
} // namespace

void appendJsonString(std::string& out, std::string_view text)
{
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    out.push_back('"');
    std::size_t run = 0; // start of the pending run of bytes copied verbatim
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (Plain[c]) {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            const std::size_t len = utf8SequenceLength(s, i, n);
            if (len > 0) {
                i += len;
                continue;
            }
        }
        out.append(text.data() + run, i - run);
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default:
            if (c < 0x20) {
                const char esc[] = { '\\', 'u', '0', '0', Hex[c >> 4], Hex[c & 15] };
                out.append(esc, sizeof esc);
            } else {
                out.append("\xEF\xBF\xBD"); // invalid UTF-8 byte -> U+FFFD
            }
        }
        ++i;
        run = i;
    }
    out.append(text.data() + run, n - run);
    out.push_back('"');
}

void appendJsonNumber(std::string& out, double value)
{
    if (!std::isfinite(value)) {
        out.append("null");
        return;
    }
    char buf[400];
    std::to_chars_result r;
    if (value == 0) {
        out.push_back('0'); // also -0
        return;
    }
    if (std::trunc(value) == value) {
        if (std::fabs(value) < 9.0e18) {
            r = std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(value));
        } else {
            // Shortest round-trip digits in fixed notation: no exponent.
            r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
        }
    } else {
        r = std::to_chars(buf, buf + sizeof buf, value);
    }
    out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

void JsonWriter::beginObject()
{
    separate();
    m_out.push_back('{');
    m_needComma = false;
}

void JsonWriter::endObject()
{
    m_out.push_back('}');
    m_needComma = true;
}

void JsonWriter::beginArray()
{
    separate();
    m_out.push_back('[');
    m_needComma = false;
}

void JsonWriter::endArray()
{
    m_out.push_back(']');
    m_needComma = true;
}

void JsonWriter::key(std::string_view name)
{
    separate();
    appendJsonString(m_out, name);
    m_out.push_back(':');
    m_needComma = false;
}

void JsonWriter::plainKey(std::string_view name)
{
    separate();
    m_out.push_back('"');
    m_out.append(name);
    m_out.append("\":", 2);
    m_needComma = false;
}

void JsonWriter::string(std::string_view text)
{
    separate();
    appendJsonString(m_out, text);
    m_needComma = true;
}

void JsonWriter::integer(std::int64_t value)
{
    separate();
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    m_out.append(buf, static_cast<std::size_t>(r.ptr - buf));
    m_needComma = true;
}

void JsonWriter::number(double value)
{
    separate();
    appendJsonNumber(m_out, value);
    m_needComma = true;
}

void JsonWriter::boolean(bool value)
{
    separate();
    m_out.append(value ? "true" : "false");
    m_needComma = true;
}

void JsonWriter::null()
{
    separate();
    m_out.append("null");
    m_needComma = true;
}

void JsonWriter::raw(std::string_view json)
{
    separate();
    m_out.append(json);
    m_needComma = true;
}

} // namespace cd::platform
