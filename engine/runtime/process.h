#pragma once

// The Process primitive: typed actors on the engine's executor, with
// mailboxes, ask/reply, schedules and one-for-one supervision.
//
//   ProcessSystem system(executor, clock, {.emit = sink});
//   auto counter = system.spawn(ProcessSpec<Msg, int> {
//       .name = "counter",
//       .init = [](Tools<Msg>&) { return 0; },
//       .handle = [](int n, Msg m, Tools<Msg>&) { return n + 1; },
//   });
//   counter.send(Msg {});
#include "engine/runtime/process_error.h"
#include "engine/runtime/process_impl.h"
#include "engine/runtime/process_ref.h"
#include "engine/runtime/process_spec.h"
#include "engine/runtime/process_system.h"
#include "engine/runtime/process_types.h"
#include "engine/runtime/restart_policy.h"
#include "engine/runtime/tools.h"
