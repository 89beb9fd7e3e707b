#include "engine/platform/event_decoder.h"

#include "engine/platform/event.h"
#include "engine/platform/string_pool.h"

#include <algorithm>
#include <array>

namespace cd::platform {

namespace {
using simdjson::dom::element;
using simdjson::dom::element_type;

constexpr int TypeKey = EventFieldCount; // "type" in the key lookup below

// Key -> EventField index, TypeKey for "type", -1 for an unknown key.
// Switches on the length first: this runs for every key of every event.
int lookupKey(std::string_view k)
{
    using F = EventField;
    auto is = [k](std::string_view name, F f) { return k == name ? static_cast<int>(f) : -1; };
    switch (k.size()) {
    case 2:
        return is("to", F::To);
    case 4:
        if (k == "type")
            return TypeKey;
        if (k[0] == 'p')
            return is("plan", F::Plan);
        if (k[0] == 'f')
            return is("from", F::From);
        return is("role", F::Role);
    case 5:
        if (k[0] == 'e')
            return is("email", F::Email);
        if (k[0] == 'u')
            return is("usage", F::Usage);
        return is("limit", F::Limit);
    case 6:
        if (k[0] == 'u')
            return is("userId", F::UserId);
        if (k[0] == 'r')
            return is("reason", F::Reason);
        return is("amount", F::Amount);
    case 7:
        if (k[0] == 'o')
            return is("ownerId", F::OwnerId);
        if (k[0] == 'c')
            return is("cycleId", F::CycleId);
        return is("feature", F::Feature);
    case 8:
        return is("tenantId", F::TenantId);
    case 9:
        return is("sessionId", F::SessionId);
    default:
        return -1;
    }
}

std::string fieldError(EventField f, std::string_view reason)
{
    std::string e = "data.";
    e.append(eventFieldName(f));
    e.append(": ");
    e.append(reason);
    return e;
}

// The offending text for a message: at most 60 bytes, cut on a UTF-8
// boundary, control characters shown as '?'.
std::string quoteForMessage(std::string_view s)
{
    std::size_t n = std::min<std::size_t>(s.size(), 60);
    while (n < s.size() && n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
        --n;
    std::string out = "'";
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(static_cast<unsigned char>(s[i]) < 0x20 ? '?' : s[i]);
    if (n < s.size())
        out.append("...");
    out.push_back('\'');
    return out;
}

bool isNumber(element_type t)
{
    return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
}

// The Str member of a string field (only called for the eight string fields).
Str& stringSlot(Event& e, EventField f)
{
    switch (f) {
    case EventField::TenantId:
        return e.tenantId;
    case EventField::UserId:
        return e.userId;
    case EventField::Email:
        return e.email;
    case EventField::OwnerId:
        return e.ownerId;
    case EventField::CycleId:
        return e.cycleId;
    case EventField::Reason:
        return e.reason;
    case EventField::Feature:
        return e.feature;
    case EventField::SessionId:
        return e.sessionId;
    default:
        return e.tenantId;
    }
}

// Validates one required field; fills the event's slot when filling.
bool decodeField(EventField f, element v, std::string& error, Event* event, StringPool* pool)
{
    switch (f) {
    case EventField::Plan:
    case EventField::From:
    case EventField::To: {
        std::string_view s;
        std::optional<Plan> plan;
        if (v.get_string().get(s) == simdjson::SUCCESS)
            plan = planFromName(s);
        if (!plan) {
            error = fieldError(f, "expected one of starter, pro, enterprise");
            return false;
        }
        if (event)
            (f == EventField::Plan ? event->plan : f == EventField::From ? event->from : event->to) = *plan;
        return true;
    }
    case EventField::Role: {
        std::string_view s;
        std::optional<Role> role;
        if (v.get_string().get(s) == simdjson::SUCCESS)
            role = roleFromName(s);
        if (!role) {
            error = fieldError(f, "expected one of admin, user");
            return false;
        }
        if (event)
            event->role = *role;
        return true;
    }
    case EventField::Amount:
    case EventField::Usage:
    case EventField::Limit: {
        double d = 0;
        if (!isNumber(v.type()) || v.get_double().get(d) != simdjson::SUCCESS) {
            error = fieldError(f, "expected a number");
            return false;
        }
        if (event)
            (f == EventField::Amount ? event->amount : f == EventField::Usage ? event->usage : event->limit) = d;
        return true;
    }
    default: {
        std::string_view s;
        if (v.get_string().get(s) != simdjson::SUCCESS) {
            error = fieldError(f, "expected a string");
            return false;
        }
        // Ids, names and cycles are non-empty; email and reason may be empty.
        if (s.empty() && f != EventField::Email && f != EventField::Reason) {
            error = fieldError(f, "must not be empty");
            return false;
        }
        if (event && pool)
            stringSlot(*event, f) = pool->intern(s);
        return true;
    }
    }
}
} // namespace

std::string_view findDuplicateKey(std::vector<std::string_view>& keys)
{
    if (keys.size() <= 12) {
        for (std::size_t i = 1; i < keys.size(); ++i) {
            for (std::size_t j = 0; j < i; ++j) {
                if (keys[i] == keys[j])
                    return keys[i];
            }
        }
        return {};
    }
    std::sort(keys.begin(), keys.end());
    const auto it = std::adjacent_find(keys.begin(), keys.end());
    return it == keys.end() ? std::string_view() : *it;
}

bool decodeEventObject(
    simdjson::dom::object data, std::string& error, Event* event, StringPool* pool, std::vector<std::string_view>& keys)
{
    std::array<element, EventFieldCount> fields;
    std::uint32_t present = 0;
    element typeValue;
    bool hasType = false;
    keys.clear();
    for (const auto field : data) {
        keys.push_back(field.key);
        const int k = lookupKey(field.key);
        if (k == TypeKey) {
            typeValue = field.value;
            hasType = true;
        } else if (k >= 0) {
            fields[static_cast<std::size_t>(k)] = field.value;
            present |= 1u << k;
        }
    }
    // Duplicate keys are refused: which one would the fold read? (simdjson's
    // DOM keeps both.)
    if (const std::string_view dup = findDuplicateKey(keys); dup.data()) {
        error = "data." + std::string(dup) + ": duplicate key";
        return false;
    }
    if (!hasType) {
        error = "data.type: missing";
        return false;
    }
    std::string_view typeName;
    if (typeValue.get_string().get(typeName) != simdjson::SUCCESS) {
        error = "data.type: expected a string";
        return false;
    }
    const std::optional<EventType> type = eventTypeFromName(typeName);
    if (!type) {
        error = "data.type: unknown event type " + quoteForMessage(typeName);
        return false;
    }
    if (event) {
        if (!pool) {
            event = nullptr; // Strs cannot be filled without a pool: fill nothing
        } else {
            *event = Event();
            event->type = *type;
        }
    }
    for (const EventField f : eventFields(*type)) {
        const int bit = static_cast<int>(f);
        if (!(present & (1u << bit))) {
            error = fieldError(f, "missing");
            return false;
        }
        if (!decodeField(f, fields[static_cast<std::size_t>(bit)], error, event, pool))
            return false;
    }
    return true;
}

std::string parseErrorText(simdjson::error_code code)
{
    switch (code) {
    case simdjson::UTF8_ERROR:
        return "invalid UTF-8";
    case simdjson::DEPTH_ERROR:
        return "invalid JSON: nested too deep";
    case simdjson::NUMBER_ERROR:
        return "invalid JSON: malformed number, or one beyond 64-bit integers or doubles";
    case simdjson::STRING_ERROR:
    case simdjson::UNESCAPED_CHARS:
    case simdjson::UNCLOSED_STRING:
        return "invalid JSON: malformed string";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
        return "invalid JSON: malformed literal";
    case simdjson::EMPTY:
        return "invalid JSON: empty";
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
    case simdjson::TRAILING_CONTENT:
        return "invalid JSON: malformed structure or trailing content";
    case simdjson::CAPACITY:
        return "invalid JSON: too large";
    default:
        return std::string("invalid JSON: ") + simdjson::error_message(code);
    }
}

} // namespace cd::platform
