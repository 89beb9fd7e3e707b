#pragma once

#include "engine/platform/entry.h"

#include <memory>
#include <string>
#include <string_view>

namespace cd::platform {

class StringPool;
struct Event;

// Strict JSON codec for journal entries (journal-format.md, "Validation").
// Beyond the spec: duplicate keys in the entry, its timestamp and its data
// object are refused ("data.userId: duplicate key"; simdjson's DOM would keep
// both and the fold could not tell which one counts); nested values of
// unknown fields are opaque. Unknown envelope fields are accepted and dropped
// (Entry has no place for them); unknown data fields are kept in Entry::data.
// Integers beyond 64 bits and numbers beyond the double range anywhere in the
// line are refused as invalid JSON (simdjson's DOM cannot represent them).
// Nesting deeper than 1024 levels is refused ("invalid JSON: nested too deep").
// Reusable: keeps its parser buffers between calls. Not thread-safe; use one
// per thread. Errors are a short reason naming the field, without file or
// place: "sequence: fraction or exponent not allowed", "sequence: expected a
// non-negative integer", "timestamp.wallMs: out of range (beyond 2^53)",
// "data.type: unknown event type 'x.y'", "data.plan: expected one of starter,
// pro, enterprise", "data.userId: missing", "data.userId: must not be empty",
// "data.amount: expected a number", "invalid UTF-8", "invalid JSON: ...";
// the caller prefixes FILE:LINE / entries[i] / sequence N.
// The event is filled only when both event and pool are given (its strings
// are interned in pool); on failure out and event are unspecified.
class EntryCodec {
public:
    EntryCodec();
    ~EntryCodec();
    EntryCodec(const EntryCodec&) = delete;
    EntryCodec& operator=(const EntryCodec&) = delete;

    // Parses and validates one entry object (an NDJSON line or one element of
    // a Phyxius "entries" array). Checks everything except the ordering of
    // sequences, which needs the previous entry. On success fills out (data
    // minified) and, when event/pool are given, the decoded event.
    bool decodeEntry(
        std::string_view json, Entry& out, std::string& error, Event* event = nullptr, StringPool* pool = nullptr);

    // Validates an event object alone (the data column of a SQLite journal).
    // On success and when given, fills event (strings interned in pool) and
    // minified (the data text without insignificant whitespace).
    bool decodeData(std::string_view dataJson, std::string& error, Event* event = nullptr, StringPool* pool = nullptr,
        std::string* minified = nullptr);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// {"id":...,"sequence":...,"timestamp":{"wallMs":...,"monoMs":...},"data":<data verbatim>}
std::string encodeEntry(const Entry& entry);
// Same, appended to out (no allocation when out has room): for exporters.
void appendEntryJson(std::string& out, const Entry& entry);

// The data object of an event, as the live platform journals it:
// {"type":"...",<the type's fields in platform.md's table order>}; numbers
// as appendJsonNumber (integral amounts without fraction). Strs from pool.
std::string encodeEvent(const Event& event, const StringPool& pool);

} // namespace cd::platform
