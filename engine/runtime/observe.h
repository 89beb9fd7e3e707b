#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace cd::rt {

// A point in time: wall-clock and monotonic milliseconds.
struct Instant {
    std::int64_t wallMs = 0;
    std::int64_t monoMs = 0;
    friend bool operator==(const Instant&, const Instant&) = default;
};

using ObsValue = std::variant<std::monostate, bool, std::int64_t, double, std::string, Instant>;

// One observability event, as the original library emits them:
// a type such as "time:sleep:start" and named fields ("durationMs", "at", ...).
struct ObsEvent {
    std::string type;
    std::vector<std::pair<std::string, ObsValue>> fields;

    ObsEvent() = default;
    ObsEvent(std::string t, std::initializer_list<std::pair<std::string, ObsValue>> f = {})
        : type(std::move(t))
        , fields(f)
    { }

    const ObsValue* find(std::string_view name) const
    {
        for (const auto& [key, value] : fields) {
            if (key == name)
                return &value;
        }
        return nullptr;
    }
    bool has(std::string_view name) const { return find(name) != nullptr; }
    std::int64_t integer(std::string_view name) const
    {
        const auto* v = find(name);
        if (v && std::holds_alternative<std::int64_t>(*v))
            return std::get<std::int64_t>(*v);
        if (v && std::holds_alternative<double>(*v))
            return static_cast<std::int64_t>(std::get<double>(*v));
        return 0;
    }
    std::string text(std::string_view name) const
    {
        const auto* v = find(name);
        return v && std::holds_alternative<std::string>(*v) ? std::get<std::string>(*v) : std::string();
    }
    Instant instant(std::string_view name) const
    {
        const auto* v = find(name);
        return v && std::holds_alternative<Instant>(*v) ? std::get<Instant>(*v) : Instant {};
    }
};

// The observability sink every primitive accepts. An empty function emits nothing.
using EmitFn = std::function<void(const ObsEvent&)>;

} // namespace cd::rt
