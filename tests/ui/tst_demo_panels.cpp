#include "engine/runtime/scaled_clock.h"
#include "models/demo_feed.h"
#include "models/engine_host.h"
#include "models/journal_document.h"
#include "models/ops_figures_model.h"
#include "models/ops_process_model.h"
#include "ui/demo/demo_control_panel.h"
#include "ui/demo/operations_panel.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
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

    void hiddenOperationsPanelShowsTheLatestSnapshotWhenShown()
    {
        QTemporaryDir dir;
        EngineHost host;
        cd::models::JournalDocument document;
        QTabWidget tabs; // the panel behind another tab of a shown window, as in a dock tab group
        auto* panel = new cd::ui::OperationsPanel(&host, &document);
        tabs.addTab(new QLabel(QStringLiteral("front")), QStringLiteral("Front"));
        tabs.addTab(panel, QStringLiteral("Operations"));
        tabs.resize(760, 520);
        tabs.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tabs));
        QVERIFY(!panel->isVisible());

        EngineHost::StartOptions o;
        o.journalPath = dir.filePath(QStringLiteral("hidden.db"));
        o.speed = cd::rt::ScaledClock::kFastest;
        o.runScenario = false;
        QSignalSpy started(&host, &EngineHost::started);
        QVERIFY(host.start(o));
        QVERIFY(started.wait(20000));
        QSignalSpy replies(&host, &EngineHost::commandFinished);
        host.createTenant(QStringLiteral("acme"), cd::platform::Plan::Pro, QStringLiteral("owner"));
        QVERIFY(replies.wait(20000));
        QSignalSpy snapshots(&host, &EngineHost::snapshot);
        const auto hasAcme = [&snapshots]() {
            if (snapshots.isEmpty())
                return false;
            for (const auto& p : snapshots.last().at(0).value<cd::models::EngineSnapshot>().processes)
                if (p.name.find("acme") != std::string::npos)
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(hasAcme(), 20000);
        // Hidden: the tables were left alone.
        QCOMPARE(panel->processModel()->rowCount(), 0);
        QCOMPARE(panel->figuresModel()->value(cd::models::OpsFiguresModel::Tenants), 0.0);
        // Shown: the latest snapshot is there at once.
        tabs.setCurrentWidget(panel);
        QVERIFY(panel->isVisible());
        QVERIFY(tenantRow(*panel->processModel(), QStringLiteral("acme")).isValid());
        QCOMPARE(panel->figuresModel()->value(cd::models::OpsFiguresModel::Tenants), 1.0);
        QVERIFY(host.stop());
    }

    void controlFormsValidateAndShowRefusals()
    {
        QTemporaryDir dir;
        EngineHost host;
        cd::models::JournalDocument document;
        document.setIndexCacheDirectory(QString());
        cd::models::DemoFeed feed(&host, &document);
        cd::ui::DemoControlPanel panel(&host, &document);
        panel.setJournalDirectory(dir.path());
        panel.setRunScenario(false);
        panel.resize(620, 560);
        panel.show();
        QCOMPARE(panel.objectName(), QStringLiteral("demoPanel"));
        auto edit = [&panel](const char* name) { return panel.findChild<QLineEdit*>(QLatin1String(name)); };
        auto button = [&panel](int command) {
            return panel.findChild<QPushButton*>(QStringLiteral("demoCommand%1").arg(command));
        };
        auto* speed = panel.findChild<QComboBox*>(QStringLiteral("demoSpeed"));
        speed->setCurrentIndex(speed->count() - 1); // max
        QSignalSpy started(&host, &EngineHost::started);
        QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("demoStart")), Qt::LeftButton);
        QVERIFY(started.wait(20000));
        QTRY_COMPARE_WITH_TIMEOUT(document.status(), cd::models::JournalDocument::Status::Ready, 20000);

        edit("demoTenant")->setText(QStringLiteral("acme"));
        edit("demoUser")->setText(QStringLiteral("owner"));
        auto* plan = panel.findChild<QComboBox*>(QStringLiteral("demoPlan"));
        plan->setCurrentIndex(0); // starter: 5 users
        QTest::mouseClick(button(0), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(panel.feedback().startsWith(QStringLiteral("Accepted")), 20000);

        // Input errors are caught before sending.
        edit("demoUser")->setText(QStringLiteral("u-1"));
        edit("demoEmail")->setText(QStringLiteral("not-an-address"));
        QTest::mouseClick(button(1), Qt::LeftButton);
        QCOMPARE(panel.feedback(), QStringLiteral("\"not-an-address\" is not an e-mail address."));
        edit("demoAmount")->setText(QStringLiteral("-3"));
        QTest::mouseClick(button(4), Qt::LeftButton);
        QCOMPARE(panel.feedback(), QStringLiteral("Usage amount must not be negative."));
        edit("demoAmount")->setText(QStringLiteral("lots"));
        QTest::mouseClick(button(4), Qt::LeftButton);
        QCOMPARE(panel.feedback(), QStringLiteral("Usage amount \"lots\" is not a number."));
        QTest::mouseClick(button(2), Qt::LeftButton); // activate u-1: not invited yet
        QCOMPARE(panel.feedback(), QStringLiteral("Tenant acme has no user \"u-1\"."));

        for (int i = 1; i <= 6; ++i) {
            edit("demoUser")->setText(QStringLiteral("u-%1").arg(i));
            edit("demoEmail")->setText(QStringLiteral("u%1@acme.test").arg(i));
            QTest::mouseClick(button(1), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(!panel.feedback().startsWith(QStringLiteral("Sent")), 20000);
            if (i <= 5)
                QVERIFY2(panel.feedback().startsWith(QStringLiteral("Accepted")), qPrintable(panel.feedback()));
        }
        QVERIFY2(panel.feedback().startsWith(QStringLiteral("Refused: ")), qPrintable(panel.feedback()));
        QVERIFY2(panel.feedback().endsWith(QStringLiteral("(6 of 5)")), qPrintable(panel.feedback()));
        panel.grab().save(QStringLiteral("/tmp/live6_demo_panel.png"));

        // The invited user is known once the document followed the journal.
        edit("demoUser")->setText(QStringLiteral("u-2"));
        // Retry until the document has folded the invitation (polling only).
        for (int tries = 0; tries < 400; ++tries) {
            QTest::mouseClick(button(2), Qt::LeftButton);
            if (!panel.feedback().startsWith(QStringLiteral("Tenant")))
                break;
            QTest::qWait(50);
        }
        QTRY_VERIFY_WITH_TIMEOUT(!panel.feedback().startsWith(QStringLiteral("Sent")), 20000);
        QVERIFY2(panel.feedback().startsWith(QStringLiteral("Accepted")), qPrintable(panel.feedback()));
        QVERIFY(host.stop());
    }
};

QTEST_MAIN(TestDemoPanels)
#include "tst_demo_panels.moc"
