#pragma once

namespace cd::ui {

class DemoController;
class MainWindow;
class TimelineScrubber;

// What installWorkbench made that callers drive (command line, tests).
struct Workbench {
    TimelineScrubber* timeline = nullptr;
    DemoController* demo = nullptr;
};

// Puts the debugger together around a main window's JournalDocument: the
// timeline across the bottom, tenants on the left, the event log in the
// centre, tenant detail, inspector and "Why?" on the right, audit, diff,
// problems and charts tabbed below, the SQL console on demand, and the export
// dialog behind File › Export, and the live demo (Demo menu; its controls and
// operations view docked on the right, shown while a demo runs). Layout only:
// each panel follows the document by itself.
Workbench installWorkbench(MainWindow& window);

} // namespace cd::ui
