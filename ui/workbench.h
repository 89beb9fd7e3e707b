#pragma once

namespace cd::ui {

class MainWindow;

// Puts the debugger together around a main window's JournalDocument: the
// timeline across the bottom, tenants on the left, the event log in the
// centre, tenant detail, inspector and "Why?" on the right, audit, diff,
// problems and charts tabbed below, the SQL console on demand, and the export
// dialog behind File › Export. Layout only: each panel follows the document
// by itself.
void installWorkbench(MainWindow& window);

} // namespace cd::ui
