#include "engine/runtime/effect_env.h"

namespace cd::rt {

EffectEnv EffectEnv::child() const
{
    EffectEnv env = *this;
    env.cancel = cancel.child(ids->next());
    env.scope = scope.child(ids->next());
    return env;
}

EffectEnv EffectEnv::detached() const
{
    EffectEnv env = *this;
    env.cancel = CancelToken(ids->next());
    env.scope = scope.child(ids->next());
    return env;
}

} // namespace cd::rt
