#pragma once

#include "engine/runtime/cancel_token.h"
#include "engine/runtime/clock.h"
#include "engine/runtime/effect_context.h"
#include "engine/runtime/finalizer_scope.h"
#include "engine/runtime/id_source.h"
#include "engine/runtime/observe.h"

#include <cstdint>
#include <memory>

namespace cd::rt {

// What a running effect sees: the engine clock (its only time source), the
// cancellation token and finalizer scope of the current region, the context
// values, the run's event sink and the id source. Cheap to copy: every part
// is a shared handle. map/flatMap/catchError pass the same env along;
// timeout, fork, race and all give their bodies a child().
struct EffectEnv {
    Clock* clock = nullptr;
    CancelToken cancel;
    FinalizerScope scope;
    EffectContext context;
    EmitFn emit;
    std::shared_ptr<IdSource> ids;

    Executor& executor() const { return clock->executor(); }
    Instant now() const { return clock->now(); }
    std::uint64_t nextId() const { return ids->next(); }

    // Same env with a child token (cancelled with this one) and a fresh scope.
    EffectEnv child() const;
    // Same env with a fresh root token and scope: work that must finish even
    // though this region is cancelled (releases, interrupt cleanups).
    EffectEnv detached() const;
};

} // namespace cd::rt
