#include "engine/runtime/scaled_clock.h"
#include "models/engine_host.h"
#include "models/journal_document.h"
#include "models/ops_figures_model.h"
#include "models/ops_process_model.h"
#include "ui/demo/operations_panel.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using cd::models::EngineHost;
using cd::models::OpsProcessModel;

namespace {

// The row of the tenant's process in the tree, or an invalid index.
QModelIndex tenantRow(const QAbstractItemModel& model, const QString& tenant)
{
    const auto found = model.match(
        model.index(0, 0), OpsProcessModel::TenantIdRole, tenant, 1, Qt::MatchExactly | Qt::MatchRecursive);
    return found.isEmpty() ? QModelIndex() : found.first();
}

} // namespace

class TestDemoPanels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void operationsPanelShowsTreeAndCrashesSelectedTenant()
    {
        QTemporaryDir dir;
        EngineHost host;
        cd::models::JournalDocument document;
        cd::ui::OperationsPanel panel(&host, &document);
        panel.resize(760, 520);
        panel.show();
        QCOMPARE(panel.objectName(), QStringLiteral("operationsPanel"));
        auto* crash = panel.findChild<QPushButton*>(QStringLiteral("crashProcessButton"));
        auto* tree = panel.findChild<QTreeView*>(QStringLiteral("processTree"));
        auto* status = panel.findChild<QLabel*>(QStringLiteral("operationsStatus"));
        QVERIFY(crash && tree && status);
        QVERIFY(!crash->isEnabled()); // nothing selected

        EngineHost::StartOptions o;
        o.journalPath = dir.filePath(QStringLiteral("ops.db"));
        o.speed = cd::rt::ScaledClock::kFastest;
        o.runScenario = false;
        QSignalSpy started(&host, &EngineHost::started);
        QVERIFY(host.start(o));
        QVERIFY(started.wait(20000));
        QSignalSpy replies(&host, &EngineHost::commandFinished);
        host.createTenant(QStringLiteral("acme"), cd::platform::Plan::Pro, QStringLiteral("owner"));
        QVERIFY(replies.wait(20000));

        auto* model = panel.processModel();
        QTRY_VERIFY_WITH_TIMEOUT(tenantRow(*model, QStringLiteral("acme")).isValid(), 20000);
        // Only tenant processes can be crashed from here.
        tree->setCurrentIndex(model->index(0, 0));
        QCOMPARE(panel.selectedTenant().isEmpty(), tenantRow(*model, QStringLiteral("acme")) != model->index(0, 0));
        tree->setCurrentIndex(tenantRow(*model, QStringLiteral("acme")));
        QCOMPARE(panel.selectedTenant(), QStringLiteral("acme"));
        QVERIFY(crash->isEnabled());
        QTest::mouseClick(crash, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Crash injected")), 20000);

        // The crash hits the next message; the supervisor restarts the process.
        host.recordUsage(QStringLiteral("acme"), QStringLiteral("owner"), QStringLiteral("api_calls"), 1);
        QTRY_VERIFY_WITH_TIMEOUT(tenantRow(*model, QStringLiteral("acme"))
                                     .siblingAtColumn(OpsProcessModel::RestartsColumn)
                                     .data()
                                     .toString()
                                     .startsWith(QStringLiteral("1 ")),
            20000);
        QTRY_COMPARE_WITH_TIMEOUT(
            tenantRow(*model, QStringLiteral("acme")).siblingAtColumn(OpsProcessModel::StatusColumn).data().toString(),
            QStringLiteral("running"), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(panel.figuresModel()->value(cd::models::OpsFiguresModel::Restarts) >= 1.0, 20000);
        QCOMPARE(panel.figuresModel()->value(cd::models::OpsFiguresModel::Tenants), 1.0);
        panel.grab().save(QStringLiteral("/tmp/live6_operations_panel.png"));
        QVERIFY(host.stop());
    }
};

QTEST_MAIN(TestDemoPanels)
#include "tst_demo_panels.moc"
