#include "engine/runtime/effect_failure.h"

namespace cd::rt {

EffectFailure::EffectFailure(EffectError error)
    : std::runtime_error(error.message())
    , m_error(std::move(error))
{ }

void EffectFailure::raise(const EffectError& error)
{
    if (auto original = error.exception())
        std::rethrow_exception(original);
    throw EffectFailure(error);
}

} // namespace cd::rt
