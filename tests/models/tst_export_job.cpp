// Export from the UI's job: the same bytes as the engine exporter the CLI
// runs, refusals before anything is written, overwrite, progress and cancel.
#include "engine/history/history.h"
#include "engine/store/entry_source.h"
#include "engine/store/exporter.h"
#include "engine/store/importer.h"
#include "models/export_job.h"
#include "tests/history/journal_gen.h"
#include "tests/models/document_test_support.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <memory>

using namespace Qt::Literals::StringLiterals;
using cd::models::ExportJob;
using cd::models::ExportRequest;
using cd::models::ExportResult;
using cd::store::ExportFormat;
using cd::store::ExportStatus;

using cd::models::test::dataFile;

namespace {

constexpr int AsyncMs = 60'000;

std::string local(const QString& path)
{
    return QFile::encodeName(path).toStdString();
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

QByteArray hashOf(const QString& path)
{
    return QCryptographicHash::hash(readAll(path), QCryptographicHash::Sha256).toHex();
}

QStringList filesIn(const QString& dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden, QDir::Name);
}

cd::store::ExportOptions optionsOf(const ExportRequest& request)
{
    cd::store::ExportOptions options;
    options.format = request.format;
    options.tenantId = request.tenantId;
    options.fromSequence = request.fromSequence;
    options.toSequence = request.toSequence;
    options.redact = request.redact;
    options.redactionKey = request.redactionKey;
    options.force = request.overwrite;
    return options;
}

struct Slice {
    const char* name;
    ExportFormat format;
    std::optional<std::string> tenant;
    std::optional<std::int64_t> from;
    std::optional<std::int64_t> to;
    bool redact;
};

} // namespace

Q_DECLARE_METATYPE(ExportFormat)
Q_DECLARE_METATYPE(std::optional<std::string>)
Q_DECLARE_METATYPE(std::optional<std::int64_t>)

class TestExportJob : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sameBytesAsEngine_data();
    void sameBytesAsEngine();
    void refused_data();
    void refused();
    void existingOutput();
    void progress();
    void cancelBeforeItRuns();
    void cancelMidway();
    void invalidEntry();
    void destroyedWhileRunning();
    void tenants();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    QString m_sources;
    QString m_outputs;
    QMap<QString, QString> m_journal; // by kind
    QMap<QString, QByteArray> m_hash; // of each journal
};

void TestExportJob::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_sources = m_dir.filePath(u"sources"_s);
    m_outputs = m_dir.filePath(u"out"_s);
    QVERIFY(QDir().mkpath(m_sources) && QDir().mkpath(m_outputs));
    for (const QString& name : { u"sample.ndjson"_s, u"sample.phyxius.json"_s })
        QVERIFY(QFile::copy(dataFile(name), m_sources + u'/' + name));
    m_journal[u"ndjson"_s] = m_sources + u"/sample.ndjson"_s;
    m_journal[u"phyxius"_s] = m_sources + u"/sample.phyxius.json"_s;
    m_journal[u"sqlite"_s] = m_sources + u"/sample.sqlite"_s;
    const auto imported = cd::store::importJournal(local(m_journal[u"ndjson"_s]), local(m_journal[u"sqlite"_s]));
    QVERIFY2(imported.ok(), imported.message.c_str());

    // Big enough for the exporter's progress (every 4096 entries).
    cd::history::test::RandomJournal random(40, 20261127);
    random.generate(40'000);
    const std::string big = local(m_sources + u"/big.ndjson"_s);
    std::ofstream out(big, std::ios::binary);
    for (const auto& entry : random.gen.entries)
        out << cd::history::test::ndjsonLine(entry) << '\n';
    out.close();
    m_journal[u"big"_s] = m_sources + u"/big.ndjson"_s;
    for (auto it = m_journal.cbegin(); it != m_journal.cend(); ++it)
        m_hash[it.key()] = hashOf(it.value());
}

void TestExportJob::sameBytesAsEngine_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<ExportFormat>("format");
    QTest::addColumn<std::optional<std::string>>("tenant");
    QTest::addColumn<std::optional<std::int64_t>>("from");
    QTest::addColumn<std::optional<std::int64_t>>("to");
    QTest::addColumn<bool>("redact");
    const Slice slices[] = {
        { "whole as ndjson", ExportFormat::Ndjson, std::nullopt, std::nullopt, std::nullopt, false },
        { "whole as phyxius", ExportFormat::Phyxius, std::nullopt, std::nullopt, std::nullopt, false },
        { "tenant t-2", ExportFormat::Ndjson, "t-2", std::nullopt, std::nullopt, false },
        { "range 5..12 as phyxius", ExportFormat::Phyxius, std::nullopt, 5, 12, false },
        { "t-1 in 3..15 redacted", ExportFormat::Ndjson, "t-1", 3, 15, true },
        { "whole redacted as phyxius", ExportFormat::Phyxius, std::nullopt, std::nullopt, std::nullopt, true },
        { "nothing matches", ExportFormat::Ndjson, "t-404", std::nullopt, std::nullopt, false },
    };
    for (const QString& kind : { u"ndjson"_s, u"phyxius"_s, u"sqlite"_s }) {
        for (const Slice& s : slices) {
            QTest::addRow("%s: %s", qPrintable(kind), s.name)
                << kind << s.format << s.tenant << s.from << s.to << s.redact;
        }
    }
}

void TestExportJob::sameBytesAsEngine()
{
    QFETCH(QString, kind);
    QFETCH(ExportFormat, format);
    QFETCH(std::optional<std::string>, tenant);
    QFETCH(std::optional<std::int64_t>, from);
    QFETCH(std::optional<std::int64_t>, to);
    QFETCH(bool, redact);
    ExportRequest request;
    request.source = m_journal[kind];
    request.output = m_outputs + u"/job.out"_s;
    request.format = format;
    request.tenantId = tenant;
    request.fromSequence = from;
    request.toSequence = to;
    request.redact = redact;
    request.redactionKey = "fixed key: the CLI's random key would differ per run";
    request.overwrite = true;

    ExportJob job;
    QSignalSpy finished(&job, &ExportJob::finished);
    QCOMPARE(job.start(request), QString());
    QVERIFY(job.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    QVERIFY(!job.isRunning());
    const auto result = finished.at(0).at(0).value<ExportResult>();
    QVERIFY2(result.ok(), qPrintable(result.message));

    const QString reference = m_outputs + u"/engine.out"_s;
    const auto expected = cd::store::exportJournal(local(request.source), local(reference), optionsOf(request));
    QVERIFY2(expected.ok(), expected.message.c_str());
    QCOMPARE(readAll(request.output), readAll(reference));
    QCOMPARE(result.summary.exported, expected.exported);
    QCOMPARE(result.summary.firstSequence, expected.firstSequence);
    QCOMPARE(result.summary.lastSequence, expected.lastSequence);
    QCOMPARE(result.summary.redactedAddresses, expected.redactedAddresses);
    if (redact)
        QVERIFY(!readAll(request.output).contains("@example.com"));
    if (expected.exported > 0) {
        QVERIFY2(result.message.contains(QDir::toNativeSeparators(request.output)), qPrintable(result.message));
        QVERIFY2(result.message.contains(QLocale().toString(static_cast<qulonglong>(expected.exported))),
            qPrintable(result.message));
    } else {
        QVERIFY2(result.message.startsWith(u"No entry matched"_s), qPrintable(result.message));
    }
    QCOMPARE(hashOf(request.source), m_hash[kind]);
    QCOMPARE(filesIn(m_outputs), (QStringList { u"engine.out"_s, u"job.out"_s }));
    QVERIFY(QFile::remove(request.output) && QFile::remove(reference));
}

void TestExportJob::refused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("output"); // ":source" and ":out" expand
    QTest::addColumn<std::optional<std::int64_t>>("from");
    QTest::addColumn<std::optional<std::int64_t>>("to");
    QTest::addColumn<QString>("reason");
    const std::optional<std::int64_t> none;
    QTest::newRow("no output") << u"ndjson"_s << u"  "_s << none << none << u"Choose where"_s;
    QTest::newRow("the journal itself") << u"ndjson"_s << u":source"_s << none << none << u"journal being exported"_s;
    QTest::newRow("the journal by another path")
        << u"sqlite"_s << u":out/../sources/./sample.sqlite"_s << none << none << u"journal being exported"_s;
    QTest::newRow("its -wal") << u"sqlite"_s << u":source-wal"_s << none << none << u"journal being exported"_s;
    QTest::newRow("its -journal") << u"sqlite"_s << u":source-journal"_s << none << none << u"journal being exported"_s;
    QTest::newRow("from after to") << u"ndjson"_s << u":out/x.ndjson"_s << std::optional<std::int64_t>(9)
                                   << std::optional<std::int64_t>(3) << u"from 9 is after to 3"_s;
    QTest::newRow("a folder") << u"ndjson"_s << u":out"_s << none << none << u"is a folder"_s;
    QTest::newRow("no such folder") << u"ndjson"_s << u":out/missing/x.ndjson"_s << none << none << u"does not exist"_s;
}

void TestExportJob::refused()
{
    QFETCH(QString, kind);
    QFETCH(QString, output);
    QFETCH(std::optional<std::int64_t>, from);
    QFETCH(std::optional<std::int64_t>, to);
    QFETCH(QString, reason);
    output.replace(u":source"_s, m_journal[kind]).replace(u":out"_s, m_outputs);
    ExportRequest request;
    request.source = m_journal[kind];
    request.output = output;
    request.fromSequence = from;
    request.toSequence = to;
    request.overwrite = true;
    ExportJob job;
    QSignalSpy finished(&job, &ExportJob::finished);
    const QString why = job.start(request);
    QVERIFY2(why.contains(reason), qPrintable(why));
    QCOMPARE(cd::models::checkExportRequest(request), why);
    QVERIFY(!job.isRunning());
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 0);
    QCOMPARE(hashOf(m_journal[kind]), m_hash[kind]);
    QCOMPARE(filesIn(m_outputs), QStringList());
    QCOMPARE(filesIn(m_sources),
        (QStringList { u"big.ndjson"_s, u"sample.ndjson"_s, u"sample.phyxius.json"_s, u"sample.sqlite"_s }));
}

void TestExportJob::existingOutput()
{
    const QString output = m_outputs + u"/existing.ndjson"_s;
    {
        QFile file(output);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("keep me\n");
    }
    ExportRequest request;
    request.source = m_journal[u"sqlite"_s];
    request.output = output;
    ExportJob job;
    QSignalSpy finished(&job, &ExportJob::finished);
    QCOMPARE(job.start(request), QString());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    auto result = finished.at(0).at(0).value<ExportResult>();
    QCOMPARE(result.summary.status, ExportStatus::OutputExists);
    QVERIFY2(result.message.contains(u"already exists"_s), qPrintable(result.message));
    QCOMPARE(readAll(output), QByteArray("keep me\n"));

    request.overwrite = true;
    QCOMPARE(job.start(request), QString());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, AsyncMs);
    result = finished.at(1).at(0).value<ExportResult>();
    QVERIFY2(result.ok(), qPrintable(result.message));
    const QString reference = m_outputs + u"/engine.out"_s;
    QVERIFY(cd::store::exportJournal(local(request.source), local(reference), optionsOf(request)).ok());
    QCOMPARE(readAll(output), readAll(reference));
    QVERIFY(QFile::remove(output) && QFile::remove(reference));
}

void TestExportJob::progress()
{
    ExportRequest request;
    request.source = m_journal[u"big"_s];
    request.output = m_outputs + u"/big.phyxius.json"_s;
    request.format = ExportFormat::Phyxius;
    ExportJob job;
    QSignalSpy progress(&job, &ExportJob::progress);
    QSignalSpy finished(&job, &ExportJob::finished);
    QCOMPARE(job.start(request), QString());
    QCOMPARE(job.start(request), u"An export is already running."_s);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    const auto result = finished.at(0).at(0).value<ExportResult>();
    QVERIFY2(result.ok(), qPrintable(result.message));
    QCOMPARE(result.summary.exported, 40'000u);
    // A report every 4096 entries, each a step of its own (the throttle
    // drops repeats of a 0.5% step only).
    QCOMPARE(progress.count(), 40'000 / 4096);
    double last = 0;
    for (const auto& args : progress) {
        const double fraction = args.at(0).toDouble();
        QVERIFY(fraction > last && fraction <= 1.0);
        last = fraction;
    }
    QVERIFY(QFile::remove(request.output));
}

void TestExportJob::cancelBeforeItRuns()
{
    // The pool's only thread is busy, so the job is queued when cancelled.
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    QSemaphore gate;
    pool.start([&gate] { gate.acquire(); });
    ExportRequest request;
    request.source = m_journal[u"big"_s];
    request.output = m_outputs + u"/cancelled.ndjson"_s;
    ExportJob job;
    job.setThreadPool(&pool);
    QSignalSpy finished(&job, &ExportJob::finished);
    QCOMPARE(job.start(request), QString());
    job.cancel();
    gate.release();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    const auto result = finished.at(0).at(0).value<ExportResult>();
    QCOMPARE(result.summary.status, ExportStatus::Cancelled);
    QCOMPARE(result.message, u"Export cancelled; nothing was written."_s);
    QCOMPARE(filesIn(m_outputs), QStringList());
}

void TestExportJob::cancelMidway()
{
    ExportRequest request;
    request.source = m_journal[u"big"_s];
    request.output = m_outputs + u"/midway.ndjson"_s;
    std::atomic<bool> cancel { false };
    int reports = 0;
    // Cancel at the first progress report: the exporter stops at the next check.
    const auto result = cd::models::runExport(request, cancel, [&cancel, &reports](double) {
        ++reports;
        cancel = true;
    });
    QCOMPARE(result.summary.status, ExportStatus::Cancelled);
    QCOMPARE(reports, 1);
    QCOMPARE(filesIn(m_outputs), QStringList());
}

void TestExportJob::invalidEntry()
{
    const QString broken = m_sources + u"/broken.ndjson"_s;
    {
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QList<QByteArray> lines = readAll(m_journal[u"ndjson"_s]).split('\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (i == 2)
                file.write("{\"id\":\"e-x\",\"sequence\":\"two\"}\n");
            else if (!lines[i].isEmpty())
                file.write(lines[i] + '\n');
        }
    }
    ExportRequest request;
    request.source = broken;
    request.output = m_outputs + u"/from-broken.ndjson"_s;
    ExportJob job;
    QSignalSpy finished(&job, &ExportJob::finished);
    QCOMPARE(job.start(request), QString());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    const auto result = finished.at(0).at(0).value<ExportResult>();
    QCOMPARE(result.summary.status, ExportStatus::InvalidEntry);
    QVERIFY2(result.message.contains(u"broken.ndjson:3"_s), qPrintable(result.message));
    QVERIFY2(result.message.startsWith(u"Nothing was exported"_s), qPrintable(result.message));
    QCOMPARE(filesIn(m_outputs), QStringList());
    QVERIFY(QFile::remove(broken));
}

void TestExportJob::destroyedWhileRunning()
{
    ExportRequest request;
    request.source = m_journal[u"big"_s];
    request.output = m_outputs + u"/abandoned.ndjson"_s;
    {
        ExportJob job;
        QCOMPARE(job.start(request), QString());
    }
    // Cancelled and waited for: either nothing, or (had it already ended) the
    // whole export; never a temporary file.
    const QStringList left = filesIn(m_outputs);
    if (!left.isEmpty()) {
        QCOMPARE(left, QStringList { u"abandoned.ndjson"_s });
        const QString reference = m_outputs + u"/engine.out"_s;
        QVERIFY(cd::store::exportJournal(local(request.source), local(reference), optionsOf(request)).ok());
        QCOMPARE(readAll(request.output), readAll(reference));
        QVERIFY(QFile::remove(reference) && QFile::remove(request.output));
    }
}

void TestExportJob::tenants()
{
    cd::history::History history;
    std::string error;
    cd::store::SourceOptions options;
    options.checkOrder = false;
    const auto source = cd::store::openEntrySource(local(m_journal[u"big"_s]), options, error);
    QVERIFY2(source, error.c_str());
    history.build(*source);
    // The reference: data.tenantId of each NDJSON line, first appearance first.
    QStringList expected;
    for (const QByteArray& line : readAll(m_journal[u"big"_s]).split('\n')) {
        if (line.isEmpty())
            continue;
        const QString tenant
            = QJsonDocument::fromJson(line).object().value(u"data"_s).toObject().value(u"tenantId"_s).toString();
        if (!tenant.isEmpty() && !expected.contains(tenant))
            expected.append(tenant);
    }
    QVERIFY(expected.size() > 10);
    QCOMPARE(cd::models::journalTenants(history), expected);
}

void TestExportJob::cleanupTestCase()
{
    for (auto it = m_journal.cbegin(); it != m_journal.cend(); ++it)
        QCOMPARE(hashOf(it.value()), m_hash[it.key()]);
}

QTEST_GUILESS_MAIN(TestExportJob)
#include "tst_export_job.moc"
