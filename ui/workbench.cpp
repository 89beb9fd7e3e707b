#include "ui/workbench.h"

#include "ui/charts/charts_panel.h"
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

namespace cd::ui {

void installWorkbench(MainWindow& window)
{
    models::JournalDocument* document = window.document();
    // The timeline spans the full width under every side dock.
    window.setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
    window.setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);
    QDockWidget* timeline = window.setTimeline(new TimelineScrubber(document, &window));
    auto* eventLog = new EventLogPanel(document, &window);
    window.setCentralPanel(eventLog);

    window.addPanel(new TenantsPanel(document, &window), QObject::tr("Tenants"), Qt::LeftDockWidgetArea);

    QDockWidget* detail
        = window.addPanel(new TenantDetailPanel(document, &window), QObject::tr("Tenant"), Qt::RightDockWidgetArea);
    QDockWidget* why = window.addPanel(new WhyPanel(document, &window), QObject::tr("Why?"), Qt::RightDockWidgetArea);
    auto* inspectorPanel = new InspectorPanel(document, &window);
    QDockWidget* inspector = window.addPanel(inspectorPanel, QObject::tr("Inspector"), Qt::RightDockWidgetArea);
    window.tabifyDockWidget(detail, why);
    window.tabifyDockWidget(why, inspector);
    detail->raise();

    auto* auditPanel = new AuditPanel(document, &window);
    QDockWidget* audit = window.addPanel(auditPanel, QObject::tr("Audit trail"), Qt::BottomDockWidgetArea);
    // An entry picked in the audit trail or the event log shows in the inspector.
    QObject::connect(auditPanel, &AuditPanel::entrySelected, inspectorPanel, &InspectorPanel::showSequence);
    QObject::connect(eventLog, &EventLogPanel::entrySelected, inspectorPanel, &InspectorPanel::showSequence);
    QDockWidget* diff
        = window.addPanel(new DiffPanel(document, &window), QObject::tr("Diff A↔B"), Qt::BottomDockWidgetArea);
    QDockWidget* problems
        = window.addPanel(new ProblemsPanel(document, &window), QObject::tr("Problems"), Qt::BottomDockWidgetArea);
    QDockWidget* charts
        = window.addPanel(new ChartsPanel(document, &window), QObject::tr("Charts"), Qt::BottomDockWidgetArea);
    window.tabifyDockWidget(audit, diff);
    window.tabifyDockWidget(diff, problems);
    window.tabifyDockWidget(problems, charts);

    QDockWidget* sql
        = window.addPanel(new SqlConsole(document, &window), QObject::tr("SQL console"), Qt::BottomDockWidgetArea);
    window.tabifyDockWidget(charts, sql);
    // The tabbed panels sit above the timeline, which keeps the full width.
    window.addDockWidget(Qt::BottomDockWidgetArea, timeline, Qt::Vertical);
    audit->raise();
    QObject::connect(&window, &MainWindow::sqlConsoleRequested, sql, [sql] {
        sql->show();
        sql->raise();
    });

    QObject::connect(&window, &MainWindow::exportRequested, &window, [&window, document] {
        ExportDialog dialog(document, &window);
        dialog.exec();
    });
}

} // namespace cd::ui
