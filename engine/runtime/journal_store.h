#pragma once

#include "engine/runtime/future.h"
#include "engine/runtime/journal_entry.h"

#include <span>

namespace cd::rt {

// The durable layer under a Journal (the SQLite store implements it).
//
// The journal calls commit() once per append / appendBatch, synchronously,
// on the engine thread, with that call's entries (consecutive sequences, in
// order), after sequences are assigned and before the entries are added in
// memory or shown to subscribers. Batches arrive in sequence order.
//
// - Throwing from commit() aborts the append: nothing is added and no
//   sequence number is consumed.
// - The span is only valid during the call: copy (or serialize) what is kept.
// - The returned future settles once the batch is durable; rejecting it means
//   the batch is not durable (the journal reports journal:store:error and
//   rejects the append's acknowledgement). A later batch must not become
//   durable before an earlier one; settling in commit() order is expected.
// - Group commit: a store may hold batches and write several in one
//   transaction (e.g. when the engine's run queue is idle, or after N
//   entries), then settle all their futures at once. A simple synchronous
//   store writes at once and returns Future<void>::ready(executor).
template <typename T>
class JournalStore {
public:
    virtual ~JournalStore() = default;
    virtual Future<void> commit(std::span<const JournalEntry<T>> batch) = 0;
};

} // namespace cd::rt
