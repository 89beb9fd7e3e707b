#include "engine/platform/json_value.h"

#include "engine/platform/json_writer.h"
#include "engine/platform/string_pool.h"
#include "engine/platform/tenant_state.h"

#include "engine/platform/event_decoder.h"

#include <simdjson.h>

#include <algorithm>

namespace cd::platform {

JsonValue JsonValue::boolean(bool b)
{
    JsonValue v;
    v.m_v = b;
    return v;
}

JsonValue JsonValue::number(double d)
{
    JsonValue v;
    v.m_v = d;
    return v;
}

JsonValue JsonValue::string(std::string s)
{
    JsonValue v;
    v.m_v = std::move(s);
    return v;
}

JsonValue JsonValue::array(Array items)
{
    JsonValue v;
    v.m_v = std::move(items);
    return v;
}

JsonValue JsonValue::object()
{
    JsonValue v;
    v.m_v = Object();
    return v;
}

const JsonValue* JsonValue::find(std::string_view key) const
{
    const Object& members = asObject();
    auto it = std::lower_bound(members.begin(), members.end(), key,
        [](const Member& m, std::string_view k) { return std::string_view(m.key) < k; });
    return it != members.end() && it->key == key ? &it->value : nullptr;
}

JsonValue& JsonValue::set(std::string key, JsonValue value)
{
    Object& members = std::get<Object>(m_v);
    auto it = std::lower_bound(
        members.begin(), members.end(), key, [](const Member& m, const std::string& k) { return m.key < k; });
    if (it != members.end() && it->key == key) {
        it->value = std::move(value);
        return it->value;
    }
    it = members.insert(it, Member { std::move(key), std::move(value) });
    return it->value;
}

void JsonValue::write(JsonWriter& w) const
{
    switch (kind()) {
    case Kind::Null:
        w.null();
        break;
    case Kind::Bool:
        w.boolean(asBool());
        break;
    case Kind::Number:
        w.number(asNumber());
        break;
    case Kind::String:
        w.string(asString());
        break;
    case Kind::Array:
        w.beginArray();
        for (const JsonValue& item : asArray())
            item.write(w);
        w.endArray();
        break;
    case Kind::Object:
        w.beginObject();
        for (const Member& m : asObject()) {
            w.key(m.key);
            m.value.write(w);
        }
        w.endObject();
        break;
    }
}

std::string JsonValue::toJson() const
{
    std::string out;
    JsonWriter w(out);
    write(w);
    return out;
}

bool operator==(const JsonValue& a, const JsonValue& b)
{
    return a.m_v == b.m_v;
}

JsonValue tenantToJsonValue(const TenantState& t, const StringPool& pool)
{
    auto str = [&pool](Str s) { return JsonValue::string(std::string(pool.view(s))); };
    JsonValue v = JsonValue::object();
    v.set("tenantId", str(t.tenantId));
    v.set("plan", JsonValue::string(std::string(planName(t.plan))));
    v.set("ownerId", str(t.ownerId));
    v.set("status", JsonValue::string(std::string(tenantStatusName(t.status))));

    JsonValue& users = v.set("users", JsonValue::object());
    for (const TenantUser& u : t.users) {
        JsonValue user = JsonValue::object();
        user.set("email", str(u.email));
        user.set("role", JsonValue::string(std::string(roleName(u.role))));
        user.set("status", JsonValue::string(std::string(userStatusName(u.status))));
        users.set(std::string(pool.view(u.userId)), std::move(user));
    }

    JsonValue& billing = v.set("billing", JsonValue::object());
    billing.set("currentCycle", t.billing.currentCycle ? str(t.billing.currentCycle) : JsonValue());
    billing.set("lastPayment",
        t.billing.lastPayment ? JsonValue::number(static_cast<double>(*t.billing.lastPayment)) : JsonValue());
    billing.set("failedPayments", JsonValue::number(static_cast<double>(t.billing.failedPayments)));

    JsonValue& usage = v.set("usage", JsonValue::object());
    for (const UsageEntry& u : t.usage)
        usage.set(std::string(pool.view(u.feature)), JsonValue::number(u.value));

    const PlanInfo& limits = t.limits();
    JsonValue& lim = v.set("limits", JsonValue::object());
    lim.set(std::string(LimitUsers), JsonValue::number(static_cast<double>(limits.users)));
    lim.set(std::string(LimitApiCalls), JsonValue::number(static_cast<double>(limits.apiCalls)));
    lim.set(std::string(LimitStorageMb), JsonValue::number(static_cast<double>(limits.storageMb)));

    JsonValue& sessions = v.set("sessions", JsonValue::object());
    for (const Session& s : t.sessions) {
        JsonValue session = JsonValue::object();
        session.set("userId", str(s.userId));
        session.set("connectedAt", JsonValue::number(static_cast<double>(s.connectedAt)));
        sessions.set(std::string(pool.view(s.sessionId)), std::move(session));
    }
    return v;
}

namespace {
JsonValue fromDom(simdjson::dom::element e)
{
    using T = simdjson::dom::element_type;
    switch (e.type()) {
    case T::OBJECT: {
        JsonValue v = JsonValue::object();
        for (const auto field : simdjson::dom::object(e))
            v.set(std::string(field.key), fromDom(field.value));
        return v;
    }
    case T::ARRAY: {
        JsonValue::Array items;
        for (const simdjson::dom::element item : simdjson::dom::array(e))
            items.push_back(fromDom(item));
        return JsonValue::array(std::move(items));
    }
    case T::STRING:
        return JsonValue::string(std::string(e.get_string().value_unsafe()));
    case T::INT64:
    case T::UINT64:
    case T::DOUBLE:
        return JsonValue::number(e.get_double().value_unsafe());
    case T::BOOL:
        return JsonValue::boolean(e.get_bool().value_unsafe());
    case T::NULL_VALUE:
        break;
    }
    return JsonValue();
}
} // namespace

std::optional<JsonValue> parseJsonValue(std::string_view text, std::string* error)
{
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    const simdjson::padded_string padded(text);
    if (const auto code = parser.parse(padded).get(root); code != simdjson::SUCCESS) {
        if (error)
            *error = parseErrorText(code);
        return std::nullopt;
    }
    return fromDom(root);
}

void appendJsonPointerSegment(std::string& path, std::string_view key)
{
    path.push_back('/');
    for (char c : key) {
        if (c == '~')
            path.append("~0");
        else if (c == '/')
            path.append("~1");
        else
            path.push_back(c);
    }
}

} // namespace cd::platform
