#include "engine/store/json_text.h"

#include <cstdint>
#include <cstring>

namespace cd::store::json {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool readHex4(std::string_view body, std::size_t pos, std::uint32_t& out)
{
    if (pos + 4 > body.size())
        return false;
    out = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const int v = hexValue(body[pos + i]);
        if (v < 0)
            return false;
        out = (out << 4) | std::uint32_t(v);
    }
    return true;
}

void appendUtf8(std::string& out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xc0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xe0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3f)));
        out.push_back(char(0x80 | (cp & 0x3f)));
    } else {
        out.push_back(char(0xf0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3f)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3f)));
        out.push_back(char(0x80 | (cp & 0x3f)));
    }
}

bool isDelimiter(char c)
{
    return c == ',' || c == '}' || c == ']' || c == ':' || isSpace(c);
}

} // namespace

std::size_t skipSpace(std::string_view text, std::size_t pos)
{
    while (pos < text.size() && isSpace(text[pos]))
        ++pos;
    return pos;
}

std::size_t stringEnd(std::string_view text, std::size_t pos)
{
    for (std::size_t i = pos + 1; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\')
            ++i;
        else if (c == '"')
            return i + 1;
    }
    return npos;
}

std::size_t valueEnd(std::string_view text, std::size_t pos)
{
    if (pos >= text.size())
        return npos;
    const char first = text[pos];
    if (first == '"')
        return stringEnd(text, pos);
    if (first != '{' && first != '[') {
        std::size_t i = pos;
        while (i < text.size() && !isDelimiter(text[i]))
            ++i;
        return i < text.size() ? i : npos;
    }
    std::size_t depth = 0;
    for (std::size_t i = pos; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            const std::size_t end = stringEnd(text, i);
            if (end == npos)
                return npos;
            i = end - 1;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0)
                return i + 1;
        }
    }
    return npos;
}

bool unescape(std::string_view body, std::string& out)
{
    out.clear();
    out.reserve(body.size());
    for (std::size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (c != '\\') {
            out.push_back(c);
            continue;
        }
        if (++i >= body.size())
            return false;
        switch (body[i]) {
        case '"':
        case '\\':
        case '/':
            out.push_back(body[i]);
            break;
        case 'b':
            out.push_back('\b');
            break;
        case 'f':
            out.push_back('\f');
            break;
        case 'n':
            out.push_back('\n');
            break;
        case 'r':
            out.push_back('\r');
            break;
        case 't':
            out.push_back('\t');
            break;
        case 'u': {
            std::uint32_t cp = 0;
            if (!readHex4(body, i + 1, cp))
                return false;
            i += 4;
            if (cp >= 0xdc00 && cp <= 0xdfff)
                return false;
            if (cp >= 0xd800 && cp <= 0xdbff) {
                std::uint32_t low = 0;
                if (i + 2 >= body.size() || body[i + 1] != '\\' || body[i + 2] != 'u' || !readHex4(body, i + 3, low)
                    || low < 0xdc00 || low > 0xdfff)
                    return false;
                i += 6;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
            }
            appendUtf8(out, cp);
            break;
        }
        default:
            return false;
        }
    }
    return true;
}

void appendQuoted(std::string& out, std::string_view text)
{
    static constexpr char Digits[] = "0123456789abcdef";
    out.push_back('"');
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += "\\u00";
                out.push_back(Digits[static_cast<unsigned char>(c) >> 4]);
                out.push_back(Digits[static_cast<unsigned char>(c) & 0xf]);
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
}

MemberWalker::MemberWalker(std::string_view object)
    : m_text(object)
{ }

bool MemberWalker::next()
{
    if (m_done)
        return false;
    m_done = true; // every early return below ends the walk
    std::size_t pos;
    if (!m_started) {
        m_started = true;
        pos = skipSpace(m_text, 0);
        if (pos >= m_text.size() || m_text[pos] != '{')
            return false;
        pos = skipSpace(m_text, pos + 1);
        if (pos < m_text.size() && m_text[pos] == '}') {
            m_ok = true;
            return false;
        }
    } else {
        pos = skipSpace(m_text, m_pos);
        if (pos >= m_text.size())
            return false;
        if (m_text[pos] == '}') {
            m_ok = true;
            return false;
        }
        if (m_text[pos] != ',')
            return false;
        pos = skipSpace(m_text, pos + 1);
    }
    if (pos >= m_text.size() || m_text[pos] != '"')
        return false;
    const std::size_t keyEnd = stringEnd(m_text, pos);
    if (keyEnd == npos)
        return false;
    m_rawKey = m_text.substr(pos + 1, keyEnd - pos - 2);
    if (m_rawKey.find('\\') == std::string_view::npos)
        m_key.assign(m_rawKey);
    else if (!unescape(m_rawKey, m_key))
        return false;
    pos = skipSpace(m_text, keyEnd);
    if (pos >= m_text.size() || m_text[pos] != ':')
        return false;
    m_valueBegin = skipSpace(m_text, pos + 1);
    m_valueEnd = json::valueEnd(m_text, m_valueBegin);
    if (m_valueEnd == npos)
        return false;
    m_pos = m_valueEnd;
    m_done = false;
    return true;
}

bool topLevelString(std::string_view object, std::string_view key, std::string& value)
{
    MemberWalker walker(object);
    while (walker.next()) {
        if (walker.key() != key)
            continue;
        const std::string_view v = walker.value();
        if (v.size() < 2 || v.front() != '"')
            return false;
        const std::string_view body = v.substr(1, v.size() - 2);
        if (body.find('\\') == std::string_view::npos) {
            value.assign(body);
            return true;
        }
        return unescape(body, value);
    }
    return false;
}

} // namespace cd::store::json
