#pragma once

#include <atomic>
#include <chrono>

namespace cd::models {

// Long analyses nobody waits on (Problems' verify of a whole journal, a
// minute at 10M entries) step aside while the user moves the cursor. At nice
// 10 a verify still took the cursor's fold from 11 to 19 ms median on a
// 2-core machine (bench_gui at 10M): it streams the journal through the
// caches and the memory bus the fold needs, which a priority does not share
// out. So the analysis waits between small batches until the cursor has been
// still for quietPeriod().
//
// The cursor never waits for it. Under continuous movement (playback) an
// analysis still advances one batch per maxWait(), a few percent of a core,
// so it ends eventually. Process-wide: one user, one machine.
namespace interaction {

// Any thread (the GUI thread, as the cursor moves): the user works now.
void note();

// A background job's thread, between batches: returns at once when the cursor
// has been still for quietPeriod(); otherwise when it has, or after maxWait(),
// or when cancel is set (checked as the wait ends or is woken). Returns true
// when it waited.
bool yieldTurn(const std::atomic<bool>* cancel = nullptr);

std::chrono::milliseconds quietPeriod();
std::chrono::milliseconds maxWait();
// Tests: other periods. Like wakeAll(), the jobs waiting now go on.
void setPeriods(std::chrono::milliseconds quiet, std::chrono::milliseconds maxWait);
// The jobs waiting now go on (a cancel was set: they see it at once).
void wakeAll();
// Jobs inside yieldTurn() now.
int waiting();

} // namespace interaction

} // namespace cd::models
