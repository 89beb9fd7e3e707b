#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cd::platform {

// Appends compact JSON to a std::string. Commas are placed automatically;
// the caller is responsible for balanced begin/end calls and for a key()
// before each value inside an object.
class JsonWriter {
public:
    explicit JsonWriter(std::string& out)
        : m_out(out)
    { }

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    void key(std::string_view name);
    // key() for a name known to need no escaping (printable ASCII without
    // '"' or '\\', e.g. an event field name): no scan of its bytes.
    void plainKey(std::string_view name);
    void string(std::string_view text);
    void integer(std::int64_t value);
    void number(double value);
    void boolean(bool value);
    void null();
    // A value already in JSON form, written verbatim (e.g. an entry's data).
    void raw(std::string_view json);

    std::string& buffer() { return m_out; }

private:
    void separate()
    {
        if (m_needComma)
            m_out.push_back(',');
    }

    std::string& m_out;
    bool m_needComma = false;
};

// A JSON string literal: quotes added, '"', '\\' and control characters
// escaped, valid UTF-8 passed through, invalid UTF-8 bytes replaced by U+FFFD
// so the output is always valid JSON.
void appendJsonString(std::string& out, std::string_view text);

// A JSON number: integral values without fraction or exponent ("150", "-60",
// "1000000000000000000000"; -0 prints "0" as in JavaScript), others in the
// shortest form that reads back to the same double ("0.25", "1e-07").
// NaN and infinities (never valid in a journal) print "null".
void appendJsonNumber(std::string& out, double value);

} // namespace cd::platform
