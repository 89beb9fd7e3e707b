#pragma once

#include "engine/runtime/effect_error.h"

#include <stdexcept>

namespace cd::rt {

// What Effect::run throws for an Err that is not itself an exception:
// what() is the error's message ("Effect timed out after 500ms", ...).
class EffectFailure : public std::runtime_error {
public:
    explicit EffectFailure(EffectError error);
    const EffectError& error() const { return m_error; }

    // Rethrows a Defect's (or an exception_ptr user error's) original
    // exception; throws EffectFailure for everything else.
    [[noreturn]] static void raise(const EffectError& error);

private:
    EffectError m_error;
};

} // namespace cd::rt
