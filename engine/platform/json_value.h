#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cd::platform {

class JsonWriter;
class StringPool;
struct TenantState;

// A small JSON value tree, for comparing states key by key (diff) and for
// tests. Objects keep their members sorted by key in byte order, so two
// objects can be walked side by side. Numbers are doubles (every integer of a
// state fits exactly: they are within ±2^53).
class JsonValue {
public:
    enum class Kind { Null, Bool, Number, String, Array, Object };
    struct Member;
    using Array = std::vector<JsonValue>;
    using Object = std::vector<Member>; // sorted by key, unique keys

    JsonValue() = default; // null
    static JsonValue boolean(bool b);
    static JsonValue number(double d);
    static JsonValue string(std::string s);
    static JsonValue array(Array items = {});
    static JsonValue object(); // empty object

    Kind kind() const { return static_cast<Kind>(m_v.index()); }
    bool isNull() const { return kind() == Kind::Null; }
    bool isObject() const { return kind() == Kind::Object; }
    bool asBool() const { return std::get<bool>(m_v); }
    double asNumber() const { return std::get<double>(m_v); }
    const std::string& asString() const { return std::get<std::string>(m_v); }
    const Array& asArray() const { return std::get<Array>(m_v); }
    Array& asArray() { return std::get<Array>(m_v); }
    const Object& asObject() const { return std::get<Object>(m_v); }

    // Object access: the member's value or nullptr.
    const JsonValue* find(std::string_view key) const;
    // Object: sets key (keeping byte order), replacing an existing value.
    JsonValue& set(std::string key, JsonValue value);

    // Compact JSON (numbers as appendJsonNumber).
    void write(JsonWriter& writer) const;
    std::string toJson() const;

    friend bool operator==(const JsonValue& a, const JsonValue& b);

private:
    std::variant<std::monostate, bool, double, std::string, Array, Object> m_v;
};

struct JsonValue::Member {
    std::string key;
    JsonValue value;
    friend bool operator==(const Member&, const Member&) = default;
};

// The tenant as the JSON value of cli.md's <tenant> (same as writeTenantJson).
JsonValue tenantToJsonValue(const TenantState& tenant, const StringPool& pool);

// Parses JSON text into a value (numbers as doubles; for a repeated key the
// last one wins). nullopt and error set when the text is not valid JSON.
std::optional<JsonValue> parseJsonValue(std::string_view text, std::string* error = nullptr);

// RFC 6901 escaping of one path segment: "~" -> "~0", "/" -> "~1".
void appendJsonPointerSegment(std::string& path, std::string_view key);

} // namespace cd::platform
