// End-to-end: import, export, and the evidence rule (reading never changes a journal).
#include "cli_runner.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {
QString data(const char* name)
{
    return qEnvironmentVariable("CHRONODESK_TEST_DATA") + QLatin1Char('/') + QLatin1String(name);
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

QByteArray withBadLines()
{
    QList<QByteArray> lines = readAll(data("sample.ndjson")).split('\n');
    lines[2] = "{\"id\":\"e-2\",\"sequence\":2,\"timestamp\":{\"wallMs\":1,\"monoMs\":2},\"data\":{\"type\":\"nope\"}}";
    lines[5] = QByteArray("\xff\xfe not utf-8");
    return lines.join('\n');
}
} // namespace

class TestCliWrite : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void importRoundTrip();
    void strictImportWritesNothing();
    void skipInvalidLosesNothing();
    void existingOutputNeedsForce();
    void exportRedacts();
    void readingKeepsBytes();
};

void TestCliWrite::importRoundTrip()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("j.sqlite"));
    auto r = runCli({ QStringLiteral("import"), data("sample.phyxius.json"), out });
    QCOMPARE(r.exitCode, 0);
    auto fromSqlite = runCli({ QStringLiteral("state"), out });
    auto fromText = runCli({ QStringLiteral("state"), data("sample.ndjson") });
    QCOMPARE(fromSqlite.exitCode, 0);
    QCOMPARE(fromSqlite.out, fromText.out);

    const QString nd = dir.filePath(QStringLiteral("back.ndjson"));
    QCOMPARE(runCli({ QStringLiteral("export"), out, nd }).exitCode, 0);
    QCOMPARE(readAll(nd), readAll(data("sample.ndjson")));
}

void TestCliWrite::strictImportWritesNothing()
{
    QTemporaryDir dir;
    const QString in = dir.filePath(QStringLiteral("bad.ndjson"));
    writeFile(in, withBadLines());
    const QString out = dir.filePath(QStringLiteral("out.sqlite"));
    auto r = runCli({ QStringLiteral("import"), in, out });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("bad.ndjson:3:"), r.err.constData());
    QVERIFY2(r.err.contains("bad.ndjson:6:"), r.err.constData());
    QVERIFY(!QFile::exists(out));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
}

void TestCliWrite::skipInvalidLosesNothing()
{
    QTemporaryDir dir;
    const QString in = dir.filePath(QStringLiteral("bad.ndjson"));
    writeFile(in, withBadLines());
    const QString out = dir.filePath(QStringLiteral("out.sqlite"));
    auto r = runCli({ QStringLiteral("import"), in, out, QStringLiteral("--skip-invalid") });
    QCOMPARE(r.exitCode, 0);
    auto stats = runCli({ QStringLiteral("stats"), out });
    QCOMPARE(stats.json().object().value(QLatin1String("entries")).toInteger(), 18);
    const auto rejected = readAll(out + QStringLiteral(".rejected.ndjson")).trimmed().split('\n');
    QCOMPARE(rejected.size(), 2);
    const auto first = QJsonDocument::fromJson(rejected[0]).object();
    QCOMPARE(first.value(QLatin1String("line")).toInteger(), 3);
    QVERIFY(first.contains(QLatin1String("raw")));
    const auto second = QJsonDocument::fromJson(rejected[1]).object();
    QCOMPARE(second.value(QLatin1String("line")).toInteger(), 6);
    QCOMPARE(QByteArray::fromBase64(second.value(QLatin1String("rawBase64")).toString().toLatin1()),
        QByteArray("\xff\xfe not utf-8"));
}

void TestCliWrite::existingOutputNeedsForce()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("exists.sqlite"));
    writeFile(out, "keep me");
    auto r = runCli({ QStringLiteral("import"), data("sample.ndjson"), out });
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("exists.sqlite"));
    QCOMPARE(readAll(out), QByteArray("keep me"));
    QCOMPARE(runCli({ QStringLiteral("import"), data("sample.ndjson"), out, QStringLiteral("--force") }).exitCode, 0);
    QCOMPARE(runCli({ QStringLiteral("stats"), out }).exitCode, 0);
}

void TestCliWrite::exportRedacts()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("red.json"));
    auto r = runCli({ QStringLiteral("export"), data("sample.ndjson"), out, QStringLiteral("--redact"),
        QStringLiteral("--format"), QStringLiteral("phyxius"), QStringLiteral("--tenant"), QStringLiteral("t-1") });
    QCOMPARE(r.exitCode, 0);
    const QByteArray text = readAll(out);
    QVERIFY(!text.contains("example.com"));
    QVERIFY(text.contains("redacted.invalid"));
    QVERIFY(!text.contains("\"t-2\""));
    auto stats = runCli({ QStringLiteral("stats"), out });
    QCOMPARE(stats.exitCode, 0);
    QCOMPARE(stats.json().object().value(QLatin1String("tenants")).toInteger(), 1);
    QCOMPARE(runCli({ QStringLiteral("export"), data("sample.ndjson"), out, QStringLiteral("--format"),
                        QStringLiteral("xml") })
                 .exitCode,
        1);
}

void TestCliWrite::readingKeepsBytes()
{
    QTemporaryDir dir;
    const QString journal = dir.filePath(QStringLiteral("evidence.sqlite"));
    QCOMPARE(runCli({ QStringLiteral("import"), data("sample.ndjson"), journal }).exitCode, 0);
    const QByteArray before = QCryptographicHash::hash(readAll(journal), QCryptographicHash::Sha256);
    const QList<QStringList> commands {
        { QStringLiteral("stats"), journal },
        { QStringLiteral("state"), journal, QStringLiteral("--at"), QStringLiteral("5") },
        { QStringLiteral("diff"), journal, QStringLiteral("--from"), QStringLiteral("1"), QStringLiteral("--to"),
            QStringLiteral("9") },
        { QStringLiteral("explain"), journal, QStringLiteral("--tenant"), QStringLiteral("t-2") },
        { QStringLiteral("audit"), journal, QStringLiteral("--tenant"), QStringLiteral("t-1") },
        { QStringLiteral("verify"), journal },
        { QStringLiteral("export"), journal, dir.filePath(QStringLiteral("x.ndjson")) },
    };
    for (const auto& c : commands)
        QCOMPARE(runCli(c).exitCode, 0);
    QCOMPARE(QCryptographicHash::hash(readAll(journal), QCryptographicHash::Sha256), before);
    QVERIFY(!QFile::exists(journal + QStringLiteral("-wal")));
}

QTEST_GUILESS_MAIN(TestCliWrite)
#include "tst_cli_write.moc"
