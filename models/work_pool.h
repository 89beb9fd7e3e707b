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

} // namespace cd::models
