#include "engine/store/redactor.h"

#include "engine/store/json_text.h"
#include "engine/store/sha256.h"
#include "engine/store/text_encoding.h"

#include <array>
#include <random>

namespace cd::store {

namespace {

bool isAlnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// RFC 5322 atext (without '/', which mostly starts paths and URLs), and any
// non-ASCII byte (internationalised addresses).
bool isLocalChar(unsigned char c)
{
    static constexpr std::string_view Specials = "!#$%&'*+=?^_`{|}~.-";
    return isAlnum(c) || c >= 0x80 || Specials.find(char(c)) != std::string_view::npos;
}

bool isDomainChar(unsigned char c)
{
    return isAlnum(c) || c >= 0x80 || c == '-' || c == '.';
}

std::string hmacSha256Hex(std::string_view key, std::string_view message)
{
    std::array<std::uint8_t, 64> block {};
    if (key.size() > block.size()) {
        Sha256 h;
        h.update(key);
        const auto digest = h.finish();
        std::copy(digest.begin(), digest.end(), block.begin());
    } else {
        std::copy(key.begin(), key.end(), block.begin());
    }
    std::string inner(64, '\0');
    std::string outer(64, '\0');
    for (std::size_t i = 0; i < 64; ++i) {
        inner[i] = char(block[i] ^ 0x36);
        outer[i] = char(block[i] ^ 0x5c);
    }
    Sha256 first;
    first.update(inner);
    first.update(message);
    const auto innerDigest = first.finish();
    Sha256 second;
    second.update(outer);
    second.update(std::string_view(reinterpret_cast<const char*>(innerDigest.data()), innerDigest.size()));
    return second.finishHex();
}

std::string randomKey()
{
    std::random_device device;
    std::string key;
    for (int i = 0; i < 8; ++i) {
        const auto v = device();
        key.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    return key;
}

} // namespace

Redactor::Redactor(std::string key)
    : m_key(key.empty() ? randomKey() : std::move(key))
{ }

std::string Redactor::pseudonym(std::string_view address)
{
    const std::string normalized = asciiLower(address);
    const auto known = m_byAddress.find(normalized);
    if (known != m_byAddress.end())
        return known->second;
    const std::string digest = hmacSha256Hex(m_key, normalized);
    std::string name;
    for (std::size_t digits = 6;; digits += 2) {
        // Past the 64 digits of one digest (never in practice), rehash.
        const std::string hex = digits <= digest.size()
            ? digest.substr(0, digits)
            : hmacSha256Hex(m_key, normalized + "#" + std::to_string(digits));
        name = "user-" + hex + "@redacted.invalid";
        if (!m_byPseudonym.contains(name))
            break;
    }
    m_byPseudonym.emplace(name, normalized);
    m_byAddress.emplace(normalized, name);
    return name;
}

bool Redactor::redactText(std::string_view text, std::string& out)
{
    std::size_t at = text.find('@');
    if (at == std::string_view::npos)
        return false;
    bool changed = false;
    std::size_t copied = 0;
    std::string result;
    while (at != std::string_view::npos) {
        std::size_t begin = at;
        while (begin > copied && isLocalChar(static_cast<unsigned char>(text[begin - 1])))
            --begin;
        while (begin < at && text[begin] == '.')
            ++begin;
        std::size_t end = at + 1;
        while (end < text.size() && isDomainChar(static_cast<unsigned char>(text[end])))
            ++end;
        while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-'))
            --end;
        const bool domainOk = end > at + 1 && text[at + 1] != '.' && text[at + 1] != '-';
        if (begin < at && domainOk) {
            result.append(text.substr(copied, begin - copied));
            result += pseudonym(text.substr(begin, end - begin));
            copied = end;
            changed = true;
            at = text.find('@', end);
        } else {
            at = text.find('@', at + 1);
        }
    }
    if (!changed)
        return false;
    result.append(text.substr(copied));
    out = std::move(result);
    return true;
}

void Redactor::redactEntry(platform::Entry& entry)
{
    if (redactText(entry.id, m_replaced))
        entry.id = m_replaced;
    const std::string_view data = entry.data;
    if (data.find('@') == std::string_view::npos && data.find("\\u") == std::string_view::npos)
        return;
    m_data.clear();
    bool changed = false;
    std::size_t copied = 0;
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (data[i] != '"')
            continue;
        const std::size_t end = json::stringEnd(data, i);
        if (end == json::npos)
            break;
        const std::string_view body = data.substr(i + 1, end - i - 2);
        // '@' may also hide behind an escape (\u0040).
        if ((body.find('@') != std::string_view::npos || body.find('\\') != std::string_view::npos)
            && json::unescape(body, m_decoded) && redactText(m_decoded, m_replaced)) {
            m_data.append(data.substr(copied, i - copied));
            json::appendQuoted(m_data, m_replaced);
            copied = end;
            changed = true;
        }
        i = end - 1;
    }
    if (!changed)
        return;
    m_data.append(data.substr(copied));
    entry.data.swap(m_data);
}

} // namespace cd::store
