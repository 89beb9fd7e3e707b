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
// journal: a minute at 10M entries): its threads run at idle priority
// (SCHED_IDLE), so on a 2-core machine the GUI thread and the cursor's folds
// on workPool() get the cores first. Not the global pool either.
QThreadPool* backgroundPool();

// No job running on either pool.
bool poolsIdle();
// Blocks until both pools ran out of jobs (tests, benchmarks).
void waitForPools();

} // namespace cd::models
