#pragma once

#include <any>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

namespace cd::rt {

// Immutable key/value bag carried by an effect's environment (request ids,
// user ids, ...). with() returns a new context; the original is unchanged.
// Values are copied in; store a shared_ptr to share an object by identity.
class EffectContext {
public:
    using Map = std::map<std::string, std::any>;

    EffectContext();
    explicit EffectContext(Map values);

    std::size_t size() const { return m_values->size(); }
    bool contains(const std::string& key) const { return m_values->count(key) > 0; }
    const std::any* find(const std::string& key) const;

    // The value if present and of type T, else nullptr.
    template <typename T>
    const T* get(const std::string& key) const
    {
        const std::any* v = find(key);
        return v ? std::any_cast<T>(v) : nullptr;
    }
    template <typename T>
    T value(const std::string& key, T fallback = {}) const
    {
        const T* v = get<T>(key);
        return v ? *v : fallback;
    }

    // Text literals are stored as std::string (read them with get<std::string>).
    template <typename T>
    EffectContext with(std::string key, T value) const
    {
        if constexpr (std::is_convertible_v<T, const char*>)
            return withAny(std::move(key), std::any(std::string(value)));
        else
            return withAny(std::move(key), std::any(std::move(value)));
    }
    EffectContext withAny(std::string key, std::any value) const;

private:
    std::shared_ptr<const Map> m_values;
};

} // namespace cd::rt
