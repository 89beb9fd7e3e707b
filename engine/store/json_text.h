#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// Lexical helpers over JSON text that is already in memory. They find extents
// (where a string or a value ends) without building a DOM and without
// recursion, so nesting depth costs nothing; they do not validate: the entry
// codec does that.
namespace cd::store::json {

inline constexpr std::size_t npos = std::string_view::npos;

inline bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::size_t skipSpace(std::string_view text, std::size_t pos);

// text[pos] is '"': the index one past the closing quote, or npos when the
// string does not end inside text.
std::size_t stringEnd(std::string_view text, std::size_t pos);

// text[pos] is the first byte of a value: one past its end (containers
// matched string-aware, scalars up to the next delimiter), or npos when the
// value does not end inside text.
std::size_t valueEnd(std::string_view text, std::size_t pos);

// Decodes the body of a JSON string (between the quotes). False on a bad
// escape or a lone surrogate.
bool unescape(std::string_view body, std::string& out);

// Appends text as a JSON string literal (quotes included).
void appendQuoted(std::string& out, std::string_view text);

// Walks the members of an object: call next() until it returns false;
// ok() tells whether the walk ended at the closing brace.
class MemberWalker {
public:
    explicit MemberWalker(std::string_view object);
    bool next();
    bool ok() const { return m_ok; }
    // The current member: the raw key body, its decoded text, the value's extent.
    std::string_view rawKey() const { return m_rawKey; }
    const std::string& key() const { return m_key; }
    std::size_t valueBegin() const { return m_valueBegin; }
    std::size_t valueEnd() const { return m_valueEnd; }
    std::string_view value() const { return m_text.substr(m_valueBegin, m_valueEnd - m_valueBegin); }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
    bool m_started = false;
    bool m_ok = false;
    bool m_done = false;
    std::string_view m_rawKey;
    std::string m_key;
    std::size_t m_valueBegin = 0;
    std::size_t m_valueEnd = 0;
};

// The string value of a top-level member of an object; false when the member
// is absent or not a string. The first occurrence wins.
bool topLevelString(std::string_view object, std::string_view key, std::string& value);

} // namespace cd::store::json
