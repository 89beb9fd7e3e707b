#include "ui/workbench.h"

#include "ui/charts/charts_panel.h"
#include "ui/demo/demo_control_panel.h"
#include "ui/demo/demo_controller.h"
#include "ui/demo/operations_panel.h"
#include "ui/export_dialog.h"
#include "ui/mainwindow.h"
#include "ui/panels/audit_panel.h"
#include "ui/panels/diff_panel.h"
#include "ui/panels/event_log_panel.h"
#include "ui/panels/inspector_panel.h"
#include "ui/panels/problems_panel.h"
#include "ui/panels/tenant_detail_panel.h"
#include "ui/panels/tenants_panel.h"
#include "ui/panels/why_panel.h"
#include "ui/sql_console.h"
#include "ui/timeline/timeline_scrubber.h"

#include <QDockWidget>
#include <QScrollArea>
#include <QStyle>

namespace cd::ui {

namespace {

// A dock's content in a scroll area: the window can then be made as small as
// a laptop screen (or --size) without the panels' minimum sizes adding up;
// a squeezed panel scrolls instead of widening the window.
QWidget* scrollable(QWidget* panel)
{
    auto* area = new QScrollArea(panel->parentWidget());
    area->setObjectName(panel->objectName());
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setWidget(panel);
    return area;
}

} // namespace

Workbench installWorkbench(MainWindow& window)
{
    models::JournalDocument* document = window.document();
    Workbench made;
    // The timeline spans the full width under every side dock.
    window.setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
    window.setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);
    made.timeline = new TimelineScrubber(document, &window);
    QDockWidget* timeline = window.setTimeline(scrollable(made.timeline));
    auto* eventLog = new EventLogPanel(document, &window);
    window.setCentralPanel(eventLog);

    auto* tenantsPanel = new TenantsPanel(document, &window);
    QDockWidget* tenants = window.addPanel(scrollable(tenantsPanel), QObject::tr("Tenants"), Qt::LeftDockWidgetArea);

    QDockWidget* detail = window.addPanel(
        scrollable(new TenantDetailPanel(document, &window)), QObject::tr("Tenant"), Qt::RightDockWidgetArea);
    QDockWidget* why
        = window.addPanel(scrollable(new WhyPanel(document, &window)), QObject::tr("Why?"), Qt::RightDockWidgetArea);
    auto* inspectorPanel = new InspectorPanel(document, &window);
    QDockWidget* inspector
        = window.addPanel(scrollable(inspectorPanel), QObject::tr("Inspector"), Qt::RightDockWidgetArea);
    window.tabifyDockWidget(detail, why);
    window.tabifyDockWidget(why, inspector);
    detail->raise();

    // The live demo: its controls and operations view join the right-hand
    // tabs, shown (and raised) while a demo runs.
    made.demo = new DemoController(&window, made.timeline->model());
    QDockWidget* demoDock
        = window.addPanel(scrollable(made.demo->controlPanel()), QObject::tr("Demo"), Qt::RightDockWidgetArea);
    QDockWidget* operationsDock
        = window.addPanel(scrollable(made.demo->operationsPanel()), QObject::tr("Operations"), Qt::RightDockWidgetArea);
    window.tabifyDockWidget(inspector, demoDock);
    window.tabifyDockWidget(demoDock, operationsDock);
    made.demo->setDocks({ operationsDock, demoDock });
    detail->raise();

    auto* auditPanel = new AuditPanel(document, &window);
    QDockWidget* audit = window.addPanel(scrollable(auditPanel), QObject::tr("Audit trail"), Qt::BottomDockWidgetArea);
    // An entry picked in the audit trail or the event log shows in the inspector.
    QObject::connect(auditPanel, &AuditPanel::entrySelected, inspectorPanel, &InspectorPanel::showSequence);
    QObject::connect(eventLog, &EventLogPanel::entrySelected, inspectorPanel, &InspectorPanel::showSequence);
    QDockWidget* diff = window.addPanel(
        scrollable(new DiffPanel(document, &window)), QObject::tr("Diff A↔B"), Qt::BottomDockWidgetArea);
    QDockWidget* problems = window.addPanel(
        scrollable(new ProblemsPanel(document, &window)), QObject::tr("Problems"), Qt::BottomDockWidgetArea);
    QDockWidget* charts = window.addPanel(
        scrollable(new ChartsPanel(document, &window)), QObject::tr("Charts"), Qt::BottomDockWidgetArea);
    window.tabifyDockWidget(audit, diff);
    window.tabifyDockWidget(diff, problems);
    window.tabifyDockWidget(problems, charts);

    QDockWidget* sql = window.addPanel(
        scrollable(new SqlConsole(document, &window)), QObject::tr("SQL console"), Qt::BottomDockWidgetArea);
    window.tabifyDockWidget(charts, sql);
    // The tabbed panels sit above the timeline, which keeps the full width.
    window.addDockWidget(Qt::BottomDockWidgetArea, timeline, Qt::Vertical);
    audit->raise();
    // Default proportions (a saved layout overrides them): the upper row —
    // tenants, the event log, the tenant tabs — gets most of the height, the
    // tabbed panels below a third of what is left, the timeline what its
    // bars, lanes and axis need (no scroll bar over the axis).
    // The dock's size includes its title bar and margins around the scrubber.
    const int timelineHeight = made.timeline->sizeHint().height() + 2 * window.fontMetrics().height() + 16;
    window.setDefaultDockSizes({ audit, timeline }, { 220, timelineHeight }, Qt::Vertical);
    // The dock adds its frame around the panel.
    const int tenantsWidth
        = tenantsPanel->preferredWidth() + 2 * tenants->style()->pixelMetric(QStyle::PM_DockWidgetFrameWidth);
    window.setDefaultDockSizes({ tenants, detail }, { tenantsWidth, 470 }, Qt::Horizontal);
    QObject::connect(&window, &MainWindow::sqlConsoleRequested, sql, [sql] {
        sql->show();
        sql->raise();
    });

    QObject::connect(&window, &MainWindow::exportRequested, &window, [&window, document] {
        ExportDialog dialog(document, &window);
        dialog.exec();
    });
    return made;
}

} // namespace cd::ui
