#include "models/ops_figures_model.h"
#include "models/ops_process_model.h"
#include "models/ops_sessions_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using cd::models::OpsFiguresModel;
using cd::models::OpsProcessModel;
using cd::models::OpsSessionsModel;
using cd::rt::ProcessInfo;
using cd::rt::ProcessStatus;

namespace {

ProcessInfo proc(const char* id, const char* name, const char* parent, ProcessStatus status, std::int64_t restarts = 0,
    std::size_t mailbox = 0, const char* error = "")
{
    ProcessInfo p;
    p.id = id;
    p.name = name;
    p.parentId = parent;
    p.status = status;
    p.restarts = restarts;
    p.mailboxDepth = mailbox;
    p.lastError = error;
    return p;
}

std::vector<ProcessInfo> platformTree(ProcessStatus acme = ProcessStatus::Running, std::int64_t restarts = 0)
{
    return { proc("p1", "platform-manager", "", ProcessStatus::Running),
        proc("p2", "tenant:acme", "p1", acme, restarts, 3, restarts ? "injected crash" : ""),
        proc("p3", "tenant:beta", "p1", ProcessStatus::Running),
        proc("p4", "billing-service", "", ProcessStatus::Running),
        proc("p5", "session-manager", "", ProcessStatus::Running) };
}

// Depth-first rows as "indent|col0|col1|...".
void dump(const QAbstractItemModel& model, const QModelIndex& parent, int depth, QStringList& out)
{
    for (int r = 0; r < model.rowCount(parent); ++r) {
        QStringList cells;
        for (int c = 0; c < model.columnCount(parent); ++c)
            cells << model.index(r, c, parent).data().toString();
        out << QString(depth * 2, QLatin1Char(' ')) + cells.join(QLatin1Char('|'));
        dump(model, model.index(r, 0, parent), depth + 1, out);
    }
}

QStringList dump(const QAbstractItemModel& model)
{
    QStringList out;
    dump(model, {}, 0, out);
    return out;
}

cd::live::SessionListing session(const char* tenant, const char* id, const char* user, std::int64_t lastSeenMs)
{
    cd::live::SessionListing s;
    s.tenantId = tenant;
    s.sessionId = id;
    s.userId = user;
    s.connectedAtWallMs = 1767225600000; // 2026-01-01 00:00:00 UTC
    s.lastSeenWallMs = s.connectedAtWallMs + lastSeenMs;
    return s;
}

QStringList rows(const QAbstractItemModel& model)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < model.columnCount(); ++c)
            cells << model.index(r, c).data().toString();
        out << cells.join(QLatin1Char('|'));
    }
    return out;
}

} // namespace

class TestOpsModels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void processTreeNestsTenantsUnderTheManager()
    {
        OpsProcessModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setProcesses(platformTree());
        const QStringList expected {
            QStringLiteral("platform-manager|running|0 (0 of 5 in 60 s)|0|"),
            QStringLiteral("  tenant:acme|running|0 (0 of 5 in 60 s)|3|"),
            QStringLiteral("  tenant:beta|running|0 (0 of 5 in 60 s)|0|"),
            QStringLiteral("billing-service|running|0 (0 of 5 in 60 s)|0|"),
            QStringLiteral("session-manager|running|0 (0 of 5 in 60 s)|0|"),
        };
        QCOMPARE(dump(model), expected);
        const QModelIndex acme = model.index(0, 0, model.index(0, 0));
        QCOMPARE(acme.data(OpsProcessModel::TenantIdRole).toString(), QStringLiteral("acme"));
        QCOMPARE(acme.data(OpsProcessModel::ProcessIdRole).toString(), QStringLiteral("p2"));
        QVERIFY(model.index(0, 0).data(OpsProcessModel::TenantIdRole).toString().isEmpty());
    }

    void statusUpdatesChangeRowsInPlace_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("pending");
        QTest::addColumn<QString>("text");
        QTest::newRow("restarting") << int(ProcessStatus::Failed) << true << QStringLiteral("restarting");
        QTest::newRow("gave up") << int(ProcessStatus::Failed) << false << QStringLiteral("failed (gave up)");
        QTest::newRow("running again") << int(ProcessStatus::Running) << false << QStringLiteral("running");
    }

    void statusUpdatesChangeRowsInPlace()
    {
        QFETCH(int, status);
        QFETCH(bool, pending);
        QFETCH(QString, text);
        OpsProcessModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setProcesses(platformTree());
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        auto next = platformTree(ProcessStatus(status), 2);
        next[1].restartPending = pending;
        next[1].restartsInWindow = 2;
        next[1].restartBudget = 5;
        next[1].restartWindowMs = 60000;
        model.setProcesses(next);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(changed.size(), 1); // only acme's row
        QCOMPARE(dump(model).at(1), QStringLiteral("  tenant:acme|%1|2 (2 of 5 in 60 s)|3|injected crash").arg(text));
    }

    void newProcessIsInsertedUnderItsParent()
    {
        OpsProcessModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setProcesses(platformTree());
        const QPersistentModelIndex beta = model.index(1, 0, model.index(0, 0));
        auto next = platformTree(ProcessStatus::Failed, 1);
        next.insert(next.begin() + 3, proc("p6", "tenant:gamma", "p1", ProcessStatus::Starting));
        next.push_back(proc("p7", "audit-service", "", ProcessStatus::Running));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setProcesses(next);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(changed.size(), 1); // acme failed
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(inserted.at(0).at(0).value<QModelIndex>(), model.index(0, 0)); // under the manager
        QCOMPARE(inserted.at(0).at(1).toInt(), 2);
        QVERIFY(!inserted.at(1).at(0).value<QModelIndex>().isValid()); // top level, last
        QCOMPARE(inserted.at(1).at(1).toInt(), 3);
        QCOMPARE(beta.data().toString(), QStringLiteral("tenant:beta")); // rows kept their place
        QCOMPARE(dump(model),
            QStringList({ QStringLiteral("platform-manager|running|0 (0 of 5 in 60 s)|0|"),
                QStringLiteral("  tenant:acme|failed (gave up)|1 (0 of 5 in 60 s)|3|injected crash"),
                QStringLiteral("  tenant:beta|running|0 (0 of 5 in 60 s)|0|"),
                QStringLiteral("  tenant:gamma|starting|0 (0 of 5 in 60 s)|0|"),
                QStringLiteral("billing-service|running|0 (0 of 5 in 60 s)|0|"),
                QStringLiteral("session-manager|running|0 (0 of 5 in 60 s)|0|"),
                QStringLiteral("audit-service|running|0 (0 of 5 in 60 s)|0|") }));
    }

    void goneOrMovedProcessResetsTheTree_data()
    {
        QTest::addColumn<bool>("moved");
        QTest::newRow("gone") << false;
        QTest::newRow("moved") << true;
    }

    void goneOrMovedProcessResetsTheTree()
    {
        QFETCH(bool, moved);
        OpsProcessModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setProcesses(platformTree());
        auto next = platformTree();
        if (moved)
            next[2].parentId = "";
        else
            next.erase(next.begin() + 2);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setProcesses(next);
        QCOMPARE(resets.size(), 1);
        QCOMPARE(model.rowCount(model.index(0, 0)), 1);
        QCOMPARE(model.rowCount(), moved ? 4 : 3);
    }

    void processesReportingTheirOwnBudgetShowIt()
    {
        OpsProcessModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto tree = platformTree(ProcessStatus::Running, 4);
        tree[1].restartsInWindow = 1; // three of the four fell out of the window
        tree[1].restartBudget = 3;
        tree[1].restartWindowMs = 10000;
        model.setProcesses(tree);
        QCOMPARE(dump(model).at(1), QStringLiteral("  tenant:acme|running|4 (1 of 3 in 10 s)|3|injected crash"));
        QCOMPARE(model.index(0, OpsProcessModel::RestartsColumn, model.index(0, 0)).data(OpsProcessModel::SortRole),
            QVariant(qint64(4)));
    }

    void sessionsShowTenantSessionUserAndLastSeen()
    {
        OpsSessionsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setSessions({ session("acme", "s-1", "owner", 0), session("beta", "s-9", "u-2", 90000) });
        QCOMPARE(rows(model),
            QStringList({ QStringLiteral("acme|s-1|owner|2026-01-01 00:00:00|2026-01-01 00:00:00"),
                QStringLiteral("beta|s-9|u-2|2026-01-01 00:00:00|2026-01-01 00:01:30") }));
        QCOMPARE(model.headerData(OpsSessionsModel::LastSeenColumn, Qt::Horizontal).toString(),
            QStringLiteral("Last seen (UTC)"));

        // A heartbeat moves last seen in place: one row changes, no reset.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setSessions({ session("acme", "s-1", "owner", 600000), session("beta", "s-9", "u-2", 90000) });
        QCOMPARE(resets.size(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 0);
        QCOMPARE(
            model.index(0, OpsSessionsModel::LastSeenColumn).data().toString(), QStringLiteral("2026-01-01 00:10:00"));
        QCOMPARE(model.index(0, OpsSessionsModel::LastSeenColumn).data(OpsSessionsModel::SortRole),
            QVariant(qint64(1767225600000 + 600000)));

        // A session ends and another starts: rows removed and inserted, no reset.
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.setSessions({ session("beta", "s-9", "u-2", 90000), session("gamma", "s-3", "u-7", 0) });
        QCOMPARE(resets.size(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(1).toInt(), 0);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 1);
        QCOMPARE(rows(model),
            QStringList({ QStringLiteral("beta|s-9|u-2|2026-01-01 00:00:00|2026-01-01 00:01:30"),
                QStringLiteral("gamma|s-3|u-7|2026-01-01 00:00:00|2026-01-01 00:00:00") }));

        // Only when no session stays (or their order changes) the model resets.
        model.setSessions({ session("gamma", "s-3", "u-7", 0), session("beta", "s-9", "u-2", 90000) });
        QCOMPARE(resets.size(), 1);
        model.setSessions({ session("delta", "s-1", "u-1", 0) });
        QCOMPARE(resets.size(), 2);
        QCOMPARE(rows(model), QStringList({ QStringLiteral("delta|s-1|u-1|2026-01-01 00:00:00|2026-01-01 00:00:00") }));
    }

    void sessionsInsertedBetweenStayingOnes()
    {
        OpsSessionsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSessions({ session("a", "s-1", "u", 0), session("c", "s-3", "u", 0), session("d", "s-4", "u", 0),
            session("e", "s-5", "u", 0) });
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setSessions({ session("a", "s-1", "u", 0), session("b", "s-2", "u", 0), session("e", "s-5", "u", 0),
            session("f", "s-6", "u", 0) });
        QCOMPARE(resets.size(), 0);
        QStringList tenants;
        for (int r = 0; r < model.rowCount(); ++r)
            tenants << model.index(r, OpsSessionsModel::TenantColumn).data().toString();
        QCOMPARE(tenants,
            QStringList({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("e"), QStringLiteral("f") }));
    }

    void figuresAreRatesOverTheGivenRealTime()
    {
        OpsFiguresModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        cd::live::PlatformCounters c;
        c.messagesHandled = 100;
        c.entriesCommitted = 40;
        c.lastCommitLatencyUs = 1500;
        c.maxCommitLatencyUs = 4250;
        c.tenants = 3;
        model.update(c, 1000);
        QCOMPARE(model.value(OpsFiguresModel::MessagesPerSecond), 0.0); // no interval yet
        c.messagesHandled = 600;
        c.entriesCommitted = 240;
        c.restarts = 1;
        model.update(c, 3000); // 2 s later
        QCOMPARE(model.value(OpsFiguresModel::MessagesPerSecond), 250.0);
        QCOMPARE(model.value(OpsFiguresModel::EntriesPerSecond), 100.0);
        QStringList rows;
        for (int r = 0; r < model.rowCount(); ++r)
            rows << model.index(r, 0).data().toString() + QLatin1Char('=') + model.index(r, 1).data().toString();
        QCOMPARE(rows,
            QStringList({ QStringLiteral("Messages/s=250.0"), QStringLiteral("Entries/s=100.0"),
                QStringLiteral("Commit latency=1.50 ms"), QStringLiteral("Max commit latency=4.25 ms"),
                QStringLiteral("Tenants=3"), QStringLiteral("Process restarts=1"), QStringLiteral("Live sessions=0"),
                QStringLiteral("Commits=0") }));
    }
};

QTEST_GUILESS_MAIN(TestOpsModels)
#include "tst_ops_models.moc"
