#include "engine/runtime/effect_context.h"

#include <utility>

namespace cd::rt {

EffectContext::EffectContext()
    : m_values(std::make_shared<const Map>())
{ }

EffectContext::EffectContext(Map values)
    : m_values(std::make_shared<const Map>(std::move(values)))
{ }

const std::any* EffectContext::find(const std::string& key) const
{
    auto it = m_values->find(key);
    return it == m_values->end() ? nullptr : &it->second;
}

EffectContext EffectContext::withAny(std::string key, std::any value) const
{
    Map copy = *m_values;
    copy[std::move(key)] = std::move(value);
    return EffectContext(std::move(copy));
}

} // namespace cd::rt
