// End-to-end: the reading commands of cli.md over the sample journal in each
// input format. Expected values are worked out by hand from platform.md.
#include "cli_runner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {
constexpr qint64 W = 1764000000000;

QString data(const char* name)
{
    return qEnvironmentVariable("CHRONODESK_TEST_DATA") + QLatin1Char('/') + QLatin1String(name);
}

QStringList samples()
{
    return { data("sample.ndjson"), data("sample.phyxius.json") };
}

QList<qint64> sequencesOf(const QJsonArray& entries)
{
    QList<qint64> out;
    for (const auto& e : entries)
        out.append(e.toObject().value(QLatin1String("sequence")).toInteger());
    return out;
}
} // namespace

class TestCliRead : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void stats_data();
    void stats();
    void stateLatest_data() { stats_data(); }
    void stateLatest();
    void stateAtSequenceOneTenant_data() { stats_data(); }
    void stateAtSequenceOneTenant();
    void stateBeforeFirstAndPastEnd();
    void stateAtTime();
    void diff();
    void explainSuspended();
    void explainActiveWithLimits();
    void explainUnknownTenant();
    void verifyClean();
    void audit();
    void usageErrors();
    void badInput();
};

void TestCliRead::initTestCase()
{
    QVERIFY2(QFile::exists(data("sample.ndjson")), "test data missing");
}

void TestCliRead::stats_data()
{
    QTest::addColumn<QString>("journal");
    for (const auto& s : samples())
        QTest::newRow(qPrintable(s.section(QLatin1Char('/'), -1))) << s;
}

void TestCliRead::stats()
{
    QFETCH(QString, journal);
    auto r = runCli({ QStringLiteral("stats"), journal });
    QCOMPARE(r.exitCode, 0);
    const auto o = r.json().object();
    QCOMPARE(o.value(QLatin1String("entries")).toInteger(), 20);
    QCOMPARE(o.value(QLatin1String("firstSequence")).toInteger(), 0);
    QCOMPARE(o.value(QLatin1String("lastSequence")).toInteger(), 19);
    QCOMPARE(o.value(QLatin1String("firstWallMs")).toInteger(), W);
    QCOMPARE(o.value(QLatin1String("lastWallMs")).toInteger(), W + 19000);
    QCOMPARE(o.value(QLatin1String("tenants")).toInteger(), 2);
    const auto byType = o.value(QLatin1String("byType")).toObject();
    QCOMPARE(byType.value(QLatin1String("billing.payment.failed")).toInteger(), 3);
    QCOMPARE(byType.value(QLatin1String("feature.used")).toInteger(), 3);
    QCOMPARE(byType.value(QLatin1String("tenant.created")).toInteger(), 2);
}

void TestCliRead::stateLatest()
{
    QFETCH(QString, journal);
    auto r = runCli({ QStringLiteral("state"), journal });
    QCOMPARE(r.exitCode, 0);
    const auto o = r.json().object();
    QCOMPARE(o.value(QLatin1String("sequence")).toInteger(), 19);
    QCOMPARE(o.value(QLatin1String("wallMs")).toInteger(), W + 19000);
    const auto t1 = o.value(QLatin1String("tenants")).toObject().value(QLatin1String("t-1")).toObject();
    QCOMPARE(t1.value(QLatin1String("plan")).toString(), QStringLiteral("pro"));
    QCOMPARE(t1.value(QLatin1String("status")).toString(), QStringLiteral("active"));
    const auto usage = t1.value(QLatin1String("usage")).toObject();
    QCOMPARE(usage.value(QLatin1String("api_calls")).toDouble(), 20000.0);
    QCOMPARE(usage.value(QLatin1String("storage_mb")).toDouble(), 0.25);
    const auto billing = t1.value(QLatin1String("billing")).toObject();
    QCOMPARE(billing.value(QLatin1String("currentCycle")).toString(), QStringLiteral("c-4"));
    QCOMPARE(billing.value(QLatin1String("lastPayment")).toInteger(), W + 15000);
    QCOMPARE(billing.value(QLatin1String("failedPayments")).toInteger(), 0);
    const auto users = t1.value(QLatin1String("users")).toObject();
    QCOMPARE(users.value(QLatin1String("u-1")).toObject().value(QLatin1String("status")).toString(),
        QStringLiteral("active"));
    QCOMPARE(users.value(QLatin1String("u-2")).toObject().value(QLatin1String("status")).toString(),
        QStringLiteral("invited"));
    QCOMPARE(users.value(QLatin1String("u-2")).toObject().value(QLatin1String("email")).toString(),
        QStringLiteral("bob@example.com"));
    const auto session = t1.value(QLatin1String("sessions")).toObject().value(QLatin1String("s-1")).toObject();
    QCOMPARE(session.value(QLatin1String("userId")).toString(), QStringLiteral("u-1"));
    QCOMPARE(session.value(QLatin1String("connectedAt")).toInteger(), W + 13000);
    const auto limits = t1.value(QLatin1String("limits")).toObject();
    QCOMPARE(limits.value(QLatin1String("users")).toInteger(), 25);
    QCOMPARE(limits.value(QLatin1String("api_calls")).toInteger(), 10000);
    QCOMPARE(limits.value(QLatin1String("storage_mb")).toInteger(), 1000);
    // Integral numbers print without a fraction.
    QVERIFY2(r.out.contains("\"api_calls\":20000") || r.out.contains("\"api_calls\": 20000"), r.out.constData());
}

void TestCliRead::stateAtSequenceOneTenant()
{
    QFETCH(QString, journal);
    auto r = runCli({ QStringLiteral("state"), journal, QStringLiteral("--at"), QStringLiteral("12"),
        QStringLiteral("--tenant"), QStringLiteral("t-2") });
    QCOMPARE(r.exitCode, 0);
    const auto o = r.json().object();
    QCOMPARE(o.value(QLatin1String("sequence")).toInteger(), 12);
    QVERIFY(!o.contains(QLatin1String("tenants")));
    const auto t2 = o.value(QLatin1String("tenant")).toObject();
    QCOMPARE(t2.value(QLatin1String("status")).toString(), QStringLiteral("suspended"));
    QCOMPARE(t2.value(QLatin1String("plan")).toString(), QStringLiteral("starter"));
    const auto billing = t2.value(QLatin1String("billing")).toObject();
    QCOMPARE(billing.value(QLatin1String("failedPayments")).toInteger(), 3);
    QVERIFY(billing.value(QLatin1String("currentCycle")).isNull());
    QVERIFY(billing.value(QLatin1String("lastPayment")).isNull());
    QCOMPARE(t2.value(QLatin1String("limits")).toObject().value(QLatin1String("users")).toInteger(), 5);

    auto missing = runCli({ QStringLiteral("state"), journal, QStringLiteral("--tenant"), QStringLiteral("nope") });
    QCOMPARE(missing.exitCode, 0);
    QVERIFY(missing.json().object().value(QLatin1String("tenant")).isNull());
}

void TestCliRead::stateBeforeFirstAndPastEnd()
{
    auto before
        = runCli({ QStringLiteral("state"), data("sample.ndjson"), QStringLiteral("--at"), QStringLiteral("-1") });
    QCOMPARE(before.exitCode, 0);
    QVERIFY(before.json().object().value(QLatin1String("sequence")).isNull());
    QVERIFY(before.json().object().value(QLatin1String("wallMs")).isNull());
    QVERIFY(before.json().object().value(QLatin1String("tenants")).toObject().isEmpty());

    auto past
        = runCli({ QStringLiteral("state"), data("sample.ndjson"), QStringLiteral("--at"), QStringLiteral("999") });
    QCOMPARE(past.exitCode, 0);
    QCOMPARE(past.json().object().value(QLatin1String("sequence")).toInteger(), 19);
}

void TestCliRead::stateAtTime()
{
    auto r = runCli(
        { QStringLiteral("state"), data("sample.ndjson"), QStringLiteral("--at-time"), QString::number(W + 4500) });
    QCOMPARE(r.exitCode, 0);
    const auto o = r.json().object();
    QCOMPARE(o.value(QLatin1String("sequence")).toInteger(), 4);
    QCOMPARE(o.value(QLatin1String("wallMs")).toInteger(), W + 4000);
    QCOMPARE(o.value(QLatin1String("tenants")).toObject().size(), 2);
}

void TestCliRead::diff()
{
    auto r = runCli({ QStringLiteral("diff"), data("sample.ndjson"), QStringLiteral("--from"), QStringLiteral("3"),
        QStringLiteral("--to"), QStringLiteral("5") });
    QCOMPARE(r.exitCode, 0);
    const auto o = r.json().object();
    QCOMPARE(o.value(QLatin1String("from")).toInteger(), 3);
    QCOMPARE(o.value(QLatin1String("to")).toInteger(), 5);
    const auto changes = o.value(QLatin1String("changes")).toArray();
    QCOMPARE(changes.size(), 2);
    const auto first = changes.at(0).toObject();
    QCOMPARE(first.value(QLatin1String("tenantId")).toString(), QStringLiteral("t-1"));
    QCOMPARE(first.value(QLatin1String("path")).toString(), QStringLiteral("/usage/api_calls"));
    QVERIFY(first.value(QLatin1String("before")).isNull());
    QCOMPARE(first.value(QLatin1String("after")).toDouble(), 150.0);
    const auto second = changes.at(1).toObject();
    QCOMPARE(second.value(QLatin1String("tenantId")).toString(), QStringLiteral("t-2"));
    QCOMPARE(second.value(QLatin1String("path")).toString(), QString());
    QVERIFY(second.value(QLatin1String("before")).isNull());
    QCOMPARE(second.value(QLatin1String("after")).toObject().value(QLatin1String("ownerId")).toString(),
        QStringLiteral("owner-2"));

    auto same = runCli({ QStringLiteral("diff"), data("sample.ndjson"), QStringLiteral("--from"), QStringLiteral("7"),
        QStringLiteral("--to"), QStringLiteral("7") });
    QCOMPARE(same.exitCode, 0);
    QVERIFY(same.json().object().value(QLatin1String("changes")).toArray().isEmpty());

    auto reversed = runCli({ QStringLiteral("diff"), data("sample.ndjson"), QStringLiteral("--from"),
        QStringLiteral("5"), QStringLiteral("--to"), QStringLiteral("3") });
    QCOMPARE(reversed.exitCode, 1);
    QVERIFY(!reversed.err.isEmpty());
}

void TestCliRead::explainSuspended()
{
    auto r = runCli(
        { QStringLiteral("explain"), data("sample.ndjson"), QStringLiteral("--tenant"), QStringLiteral("t-2") });
    QCOMPARE(r.exitCode, 0);
    const auto o = r.json().object();
    QCOMPARE(o.value(QLatin1String("tenantId")).toString(), QStringLiteral("t-2"));
    QCOMPARE(o.value(QLatin1String("at")).toInteger(), 19);
    QCOMPARE(o.value(QLatin1String("status")).toString(), QStringLiteral("suspended"));
    QVERIFY(!o.value(QLatin1String("summary")).toString().isEmpty());
    QCOMPARE(sequencesOf(o.value(QLatin1String("because")).toArray()), (QList<qint64> { 7, 9, 11, 12 }));
}

void TestCliRead::explainActiveWithLimits()
{
    auto r = runCli(
        { QStringLiteral("explain"), data("sample.ndjson"), QStringLiteral("--tenant"), QStringLiteral("t-1") });
    QCOMPARE(r.exitCode, 0);
    const auto o = r.json().object();
    QCOMPARE(o.value(QLatin1String("status")).toString(), QStringLiteral("active"));
    QCOMPARE(sequencesOf(o.value(QLatin1String("because")).toArray()), (QList<qint64> { 0, 19 }));

    auto atEarlier = runCli({ QStringLiteral("explain"), data("sample.ndjson"), QStringLiteral("--tenant"),
        QStringLiteral("t-2"), QStringLiteral("--at"), QStringLiteral("8") });
    QCOMPARE(atEarlier.json().object().value(QLatin1String("status")).toString(), QStringLiteral("active"));
    QCOMPARE(sequencesOf(atEarlier.json().object().value(QLatin1String("because")).toArray()), (QList<qint64> { 4 }));
}

void TestCliRead::explainUnknownTenant()
{
    auto r = runCli(
        { QStringLiteral("explain"), data("sample.ndjson"), QStringLiteral("--tenant"), QStringLiteral("ghost") });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.json().object().value(QLatin1String("status")).isNull());
    QVERIFY(r.json().object().value(QLatin1String("because")).toArray().isEmpty());
}

void TestCliRead::verifyClean()
{
    auto r = runCli({ QStringLiteral("verify"), data("sample.ndjson") });
    QCOMPARE(r.exitCode, 0);
    const auto o = r.json().object();
    QCOMPARE(o.value(QLatin1String("entries")).toInteger(), 20);
    QVERIFY2(o.value(QLatin1String("errors")).toArray().isEmpty(), r.out.constData());
    QVERIFY2(o.value(QLatin1String("warnings")).toArray().isEmpty(), r.out.constData());
}

void TestCliRead::audit()
{
    auto r = runCli({ QStringLiteral("audit"), data("sample.ndjson"), QStringLiteral("--tenant"), QStringLiteral("t-2"),
        QStringLiteral("--type"), QStringLiteral("billing.payment.failed"), QStringLiteral("tenant.suspended") });
    QCOMPARE(r.exitCode, 0);
    const auto lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    QList<qint64> seqs;
    for (const auto& line : lines)
        seqs.append(QJsonDocument::fromJson(line).object().value(QLatin1String("sequence")).toInteger());
    QCOMPARE(seqs, (QList<qint64> { 7, 9, 11, 12 }));

    auto ranged
        = runCli({ QStringLiteral("audit"), data("sample.ndjson"), QStringLiteral("--tenant"), QStringLiteral("t-1"),
            QStringLiteral("--from"), QStringLiteral("2"), QStringLiteral("--to"), QStringLiteral("5") });
    QCOMPARE(ranged.exitCode, 0);
    QCOMPARE(ranged.out.trimmed().split('\n').size(), 3); // 2, 3, 5
}

void TestCliRead::usageErrors()
{
    QCOMPARE(runCli({}).exitCode, 1);
    QCOMPARE(runCli({ QStringLiteral("bogus") }).exitCode, 1);
    QCOMPARE(runCli({ QStringLiteral("state") }).exitCode, 1);
    QCOMPARE(runCli({ QStringLiteral("state"), data("sample.ndjson"), QStringLiteral("--nope") }).exitCode, 1);
    QCOMPARE(runCli({ QStringLiteral("explain"), data("sample.ndjson") }).exitCode, 1);
    auto r = runCli({ QStringLiteral("audit"), data("sample.ndjson"), QStringLiteral("--tenant"), QStringLiteral("t-1"),
        QStringLiteral("--from"), QStringLiteral("9"), QStringLiteral("--to"), QStringLiteral("2") });
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.count('\n'), 1);
    QCOMPARE(runCli({ QStringLiteral("--version") }).exitCode, 0);
    QCOMPARE(runCli({ QStringLiteral("--help") }).exitCode, 0);
}

void TestCliRead::badInput()
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("missing.ndjson"));
    auto r = runCli({ QStringLiteral("stats"), missing });
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("missing.ndjson"));
    QCOMPARE(r.err.count('\n'), 1);

    const QString garbage = dir.filePath(QStringLiteral("garbage.bin"));
    QFile g(garbage);
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.write(QByteArray("\x00\xff\xfe garbage \x01\x02", 14));
    g.close();
    for (const char* cmd : { "stats", "state", "verify" }) {
        auto bad = runCli({ QLatin1String(cmd), garbage });
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains("garbage.bin"));
    }

    // A reading command exits 2 on an invalid entry and names the line.
    const QString invalid = dir.filePath(QStringLiteral("invalid.ndjson"));
    QFile src(data("sample.ndjson"));
    QVERIFY(src.open(QIODevice::ReadOnly));
    QList<QByteArray> lines = src.readAll().split('\n');
    lines[3]
        = R"({"id":"e-3","sequence":3,"timestamp":{"wallMs":1.5,"monoMs":3000},"data":{"type":"user.activated","tenantId":"t-1","userId":"u-1"}})";
    QFile out(invalid);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(lines.join('\n'));
    out.close();
    auto st = runCli({ QStringLiteral("state"), invalid });
    QCOMPARE(st.exitCode, 2);
    QVERIFY2(st.err.contains("invalid.ndjson:4:"), st.err.constData());
    auto ver = runCli({ QStringLiteral("verify"), invalid });
    QCOMPARE(ver.exitCode, 3);
    const auto errors = ver.json().object().value(QLatin1String("errors")).toArray();
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.at(0).toObject().value(QLatin1String("code")).toString(), QStringLiteral("invalid-event"));
    QCOMPARE(errors.at(0).toObject().value(QLatin1String("sequence")).toInteger(), 3);
}

QTEST_GUILESS_MAIN(TestCliRead)
#include "tst_cli_read.moc"
