// End-to-end: `demo` runs the live platform and writes a journal that the
// reading commands accept: deterministic from its seed (byte-identical
// exports), clean under verify, and with crashes injected the live state
// equals `state` of the journal.
#include "cli_runner.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {
constexpr int Slow = 1500000; // a bound on a hung child, not an outcome

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList demoArgs(const QString& out, const QStringList& more)
{
    return QStringList { QStringLiteral("demo"), QStringLiteral("--out"), out } + more;
}
} // namespace

class TestCliDemo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameExportAndVerifyIsClean();
    void crashesKeepLiveStateAndJournalEqual();
    void existingOutputNeedsForce();
    void badOptionsAreUsageErrors_data();
    void badOptionsAreUsageErrors();
};

void TestCliDemo::sameSeedSameExportAndVerifyIsClean()
{
    QTemporaryDir dir;
    const QStringList opts = { QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--tenants"),
        QStringLiteral("200"), QStringLiteral("--days"), QStringLiteral("90") };
    QByteArray exports[2];
    for (int i = 0; i < 2; ++i) {
        const QString journal = dir.filePath(QStringLiteral("run%1.sqlite").arg(i));
        const auto r = runCli(demoArgs(journal, opts), Slow);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject summary = r.json().object();
        QCOMPARE(summary.value(QStringLiteral("tenants")).toInt(), 200);
        QCOMPARE(summary.value(QStringLiteral("simulatedDays")).toInt(), 90);
        QCOMPARE(summary.value(QStringLiteral("restarts")).toInt(), 0);
        QVERIFY(summary.value(QStringLiteral("entries")).toDouble() > 100000);
        QVERIFY(summary.contains(QStringLiteral("elapsedMs")));
        const QString ndjson = dir.filePath(QStringLiteral("run%1.ndjson").arg(i));
        QCOMPARE(runCli({ QStringLiteral("export"), journal, ndjson }, Slow).exitCode, 0);
        exports[i] = readAll(ndjson);
        QCOMPARE(exports[i].count('\n'), summary.value(QStringLiteral("entries")).toInt());
        if (i == 0) {
            const auto v = runCli({ QStringLiteral("verify"), journal }, Slow);
            QCOMPARE(v.exitCode, 0);
            const QJsonObject report = v.json().object();
            QCOMPARE(report.value(QStringLiteral("errors")).toArray().size(), 0);
            const auto warnings = report.value(QStringLiteral("warnings")).toArray();
            QVERIFY2(warnings.isEmpty(), QJsonDocument(warnings.first().toObject()).toJson().constData());
            QCOMPARE(report.value(QStringLiteral("firstSequence")).toInt(), 0);
            // The scenario exercises every kind of event.
            const auto stats = runCli({ QStringLiteral("stats"), journal }, Slow).json().object();
            const auto byType = stats.value(QStringLiteral("byType")).toObject();
            for (const char* type : { "tenant.created", "user.invited", "user.activated", "user.removed",
                     "feature.used", "limits.exceeded", "billing.cycle.started", "billing.payment.succeeded",
                     "billing.payment.failed", "usage.reset", "tenant.suspended", "tenant.reactivated", "plan.changed",
                     "session.connected", "session.disconnected", "session.expired" })
                QVERIFY2(byType.value(QLatin1String(type)).toInt() > 0, type);
        }
    }
    QVERIFY(!exports[0].isEmpty());
    QVERIFY(exports[0] == exports[1]);
}

void TestCliDemo::crashesKeepLiveStateAndJournalEqual()
{
    QTemporaryDir dir;
    const QString journal = dir.filePath(QStringLiteral("crash.sqlite"));
    const QString live = dir.filePath(QStringLiteral("live.json"));
    const auto r
        = runCli(demoArgs(journal,
                     { QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--tenants"), QStringLiteral("40"),
                         QStringLiteral("--days"), QStringLiteral("15"), QStringLiteral("--crash-rate"),
                         QStringLiteral("0.02"), QStringLiteral("--live-state-out"), live }),
            Slow);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.json().object().value(QStringLiteral("restarts")).toInt() > 0);
    const auto state = runCli({ QStringLiteral("state"), journal }, Slow);
    QCOMPARE(state.exitCode, 0);
    const QJsonDocument liveDoc = QJsonDocument::fromJson(readAll(live));
    QVERIFY(liveDoc.isObject());
    QCOMPARE(liveDoc.object().value(QStringLiteral("tenants")).toObject().size(), 40);
    QVERIFY(liveDoc.object() == state.json().object());
    // Ids and sequences: no duplicate (an error) and no gap (a warning).
    const auto v = runCli({ QStringLiteral("verify"), journal }, Slow);
    QCOMPARE(v.exitCode, 0);
    QCOMPARE(v.json().object().value(QStringLiteral("errors")).toArray().size(), 0);
    QCOMPARE(v.json().object().value(QStringLiteral("warnings")).toArray().size(), 0);
    const auto stats = runCli({ QStringLiteral("stats"), journal }, Slow).json().object();
    QCOMPARE(stats.value(QStringLiteral("firstSequence")).toInt(), 0);
    QCOMPARE(stats.value(QStringLiteral("lastSequence")).toInt() + 1, stats.value(QStringLiteral("entries")).toInt());
}

void TestCliDemo::existingOutputNeedsForce()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("j.sqlite"));
    {
        QFile f(out);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("precious");
    }
    const QStringList small
        = { QStringLiteral("--tenants"), QStringLiteral("3"), QStringLiteral("--days"), QStringLiteral("1") };
    auto r = runCli(demoArgs(out, small));
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("j.sqlite"));
    QCOMPARE(readAll(out), QByteArray("precious"));
    r = runCli(demoArgs(out, small + QStringList { QStringLiteral("--force") }));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(runCli({ QStringLiteral("stats"), out }).exitCode, 0);
    // Nothing but the journal is left behind (no temporary file, no -wal).
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { QStringLiteral("j.sqlite") });
}

void TestCliDemo::badOptionsAreUsageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("no --out") << QStringList { QStringLiteral("demo") };
    QTest::newRow("crash rate above 1") << QStringList { QStringLiteral("demo"), QStringLiteral("--out"),
        QStringLiteral("x.sqlite"), QStringLiteral("--crash-rate"), QStringLiteral("2") };
    QTest::newRow("no tenants") << QStringList { QStringLiteral("demo"), QStringLiteral("--out"),
        QStringLiteral("x.sqlite"), QStringLiteral("--tenants"), QStringLiteral("0") };
    QTest::newRow("unknown option") << QStringList { QStringLiteral("demo"), QStringLiteral("--out"),
        QStringLiteral("x.sqlite"), QStringLiteral("--speed"), QStringLiteral("9") };
}

void TestCliDemo::badOptionsAreUsageErrors()
{
    QFETCH(QStringList, args);
    const auto r = runCli(args);
    QCOMPARE(r.exitCode, 1);
    QVERIFY(!r.err.isEmpty());
    QVERIFY(!QFile::exists(QStringLiteral("x.sqlite")));
}

// Two 200-tenant x 90-day runs take minutes where fsync is slow: raise
// QtTest's 5-minute watchdog per function (ctest's TIMEOUT still bounds it).
int main(int argc, char** argv)
{
    if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT"))
        qputenv("QTEST_FUNCTION_TIMEOUT", "1500000");
    QCoreApplication app(argc, argv);
    TestCliDemo test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_cli_demo.moc"
