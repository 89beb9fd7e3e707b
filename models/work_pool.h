#pragma once

class QThreadPool;

namespace cd::models {

// The pool every model job runs on (indexing, verify, state folds, filters,
// exports): never QThreadPool::globalInstance(). Qt 6.4's raster paint
// engine splits large fills across the global pool and waits for them on
// the GUI thread, so a global pool busy with a verify of 10M entries made
// a scroll bar's repaint wait for a free thread (stalls of 0.3-1.2 s).
// As many threads as cores; lives as long as the application.
QThreadPool* workPool();

// The pool for long analyses nobody waits on (Problems' verify of a whole
// journal: a minute at 10M entries). Its jobs call lowerThreadPriority()
// first, so on a 2-core machine the GUI thread and the cursor's folds get
// the cores first. Not the global pool either.
QThreadPool* backgroundPool();

// For backgroundPool()'s jobs: the calling thread yields to the others (nice
// 10 on Linux: about a tenth of a core against a busy thread, never starved,
// unlike SCHED_IDLE, which a machine busy with anything else never runs).
void lowerThreadPriority();

// CPU time the calling thread has run, in milliseconds (0 where unknown):
// against a wall-clock time, how long a job waited for a core.
double threadCpuMs();

// One thread for the cursor's state folds and for releasing the states the
// models let go of: the tenants a fold clones are then freed on the thread
// that allocated them. glibc's malloc serves a thread's own frees from its
// caches; frees of another thread's blocks land in that arena's bins, and
// sorting them cost the next fold most of its time (bench_gui at 10M: the
// worker's fold 16 ms median with frees on another thread, 9 ms without).
// Folds run one at a time anyway (the latest cursor wins).
QThreadPool* statePool();

// No job running on any of the pools.
bool poolsIdle();
// Blocks until every pool ran out of jobs (tests, benchmarks).
void waitForPools();

} // namespace cd::models
