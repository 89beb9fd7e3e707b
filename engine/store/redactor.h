#pragma once

#include "engine/platform/entry.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cd::store {

// Replaces e-mail addresses with pseudonyms (cli.md, export --redact): the
// same address always gets the same pseudonym from one Redactor, different
// addresses different ones. A pseudonym is "user-" + hex digits of an
// HMAC-SHA-256 of the address under the key + "@redacted.invalid"; the hex
// part grows on a collision (checked with a map), so uniqueness is
// guaranteed, not just likely. Addresses compare case-insensitively (the
// same mailbox written Alice@Example.com and alice@example.com).
class Redactor {
public:
    // key: the HMAC key; empty picks a random one (pseudonyms then differ
    // between exports, so they cannot be matched across tickets).
    explicit Redactor(std::string key = {});

    // Every address inside text replaced; false (out untouched) when none.
    bool redactText(std::string_view text, std::string& out);
    // The entry's id and every string of its data (member names included)
    // with addresses replaced. Strings without an address keep their exact
    // bytes (escapes included), numbers and layout are never touched.
    void redactEntry(platform::Entry& entry);
    std::string pseudonym(std::string_view address);
    // How many distinct addresses were replaced.
    std::size_t addressCount() const { return m_byAddress.size(); }

private:
    std::string m_key;
    std::unordered_map<std::string, std::string> m_byAddress;
    std::unordered_map<std::string, std::string> m_byPseudonym;
    std::string m_decoded;
    std::string m_replaced;
    std::string m_data;
};

} // namespace cd::store
