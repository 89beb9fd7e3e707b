#include "engine/history/verifier.h"
#include "engine/store/entry_source.h"
#include "models/interaction_gate.h"
#include "models/journal_document.h"
#include "models/problems_model.h"
#include "models/problems_report.h"
#include "models/work_pool.h"
#include "tests/history/journal_gen.h"
#include "tests/models/document_test_support.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <map>

using cd::models::JournalDocument;
using cd::models::ProblemsModel;

using cd::models::test::dataFile;
using cd::models::test::openAndWait;

namespace {

namespace interaction = cd::models::interaction;

// Background jobs wait in the interaction gate for an hour after the cursor
// moves (the periods before are restored after the test).
class HeldGate {
public:
    HeldGate()
        : m_quiet(interaction::quietPeriod())
        , m_maxWait(interaction::maxWait())
    {
        interaction::setPeriods(std::chrono::hours(1), std::chrono::hours(1));
    }
    ~HeldGate() { interaction::setPeriods(m_quiet, m_maxWait); }
    // Opening puts the cursor at the end: the verify started then waits in
    // the gate (true once it does).
    bool openAndHold(JournalDocument& document, const std::string& path) const
    {
        return openAndWait(document, QString::fromStdString(path))
            && QTest::qWaitFor([] { return interaction::waiting() == 1; }, 20000);
    }

private:
    std::chrono::milliseconds m_quiet;
    std::chrono::milliseconds m_maxWait;
};

// A generated journal open in a document whose verify waits in a held gate.
struct HeldVerify {
    HeldVerify(const QString& cacheDirectory, std::uint64_t seed)
        : path(cd::history::test::writeNdjson(dir, "random.ndjson", cd::history::test::randomJournal(20'000, 10, seed)))
        , model(&document)
    {
        document.setIndexCacheDirectory(cacheDirectory);
    }
    bool open() { return gate.openAndHold(document, path); }

    const HeldGate gate;
    QTemporaryDir dir;
    const std::string path;
    JournalDocument document;
    ProblemsModel model;
};

bool waitDone(const ProblemsModel& model)
{
    return QTest::qWaitFor(
        [&] {
            return model.status() == ProblemsModel::Status::Done || model.status() == ProblemsModel::Status::Failed;
        },
        20000);
}

// "severity | code | seq | tenant" per row (messages are compared apart).
QStringList dump(const QAbstractItemModel& model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < ProblemsModel::MessageColumn; ++column)
            cells << model.index(row, column).data().toString();
        out << cells.join(QStringLiteral(" | "));
    }
    return out;
}

QStringList messages(const QAbstractItemModel& model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, ProblemsModel::MessageColumn).data().toString();
    return out;
}

QString t(const char* s)
{
    return QString::fromUtf8(s);
}

cd::history::VerifyReport verifyDirectly(const QString& path)
{
    std::string error;
    cd::store::SourceOptions options;
    options.checkOrder = false;
    auto source = cd::store::openEntrySource(path.toStdString(), options, error);
    cd::history::VerifyReport report;
    if (!source || !cd::history::verifyJournal(*source, report, error))
        qWarning("verify failed: %s", error.c_str());
    return report;
}

} // namespace

class TestProblemsModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_cache.isValid()); }

    void listsErrorsAndWarningsBySeverity_data()
    {
        QTest::addColumn<ProblemsModel::Filter>("filter");
        QTest::addColumn<QStringList>("rows");
        const QStringList all {
            t("warning | sequence-gap | 3 | t-1"),
            t("warning | time-backwards | 4 | t-1"),
            t("error | invalid-event | 5 | "),
            t("error | sequence-not-increasing | 4 | "),
            t("warning | sequence-gap | 6 | t-9"),
            t("warning | unknown-tenant | 6 | t-9"),
            t("error | duplicate-id | 7 | t-1"),
        };
        QTest::newRow("all") << ProblemsModel::Filter::All << all;
        QTest::newRow("errors") << ProblemsModel::Filter::Errors << QStringList { all[2], all[3], all[6] };
        QTest::newRow("warnings") << ProblemsModel::Filter::Warnings << QStringList { all[0], all[1], all[4], all[5] };
    }

    void listsErrorsAndWarningsBySeverity()
    {
        QFETCH(ProblemsModel::Filter, filter);
        QFETCH(QStringList, rows);
        JournalDocument document;
        document.setIndexCacheDirectory(m_cache.path());
        ProblemsModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.status(), ProblemsModel::Status::NoJournal);
        model.setFilter(filter);

        // Right when the document is ready, before verify ends, the rows are
        // the entries the index left out (none of them warnings).
        QStringList leftOut;
        connect(&document, &JournalDocument::ready, this, [&model, &leftOut] {
            QCOMPARE(model.status(), ProblemsModel::Status::Verifying);
            leftOut = dump(model) + messages(model);
        });
        QVERIFY(openAndWait(document, dataFile("problems.ndjson")));
        if (filter == ProblemsModel::Filter::Warnings)
            QCOMPARE(leftOut, QStringList {});
        else
            QCOMPARE(leftOut,
                (QStringList { t("error | left-out | — | "), t("error | left-out | — | "), leftOut.value(2),
                    t("line 6: sequence 4 is not larger than the previous entry's (4)") }));
        QVERIFY2(leftOut.isEmpty() || leftOut.value(2).startsWith(t("line 5: ")), qPrintable(leftOut.join(u'\n')));

        QVERIFY(waitDone(model));
        QCOMPARE(model.status(), ProblemsModel::Status::Done);
        QCOMPARE(dump(model), rows);
        QCOMPARE(model.errorCount(), 3);
        QCOMPARE(model.warningCount(), 4);
        QCOMPARE(model.leftOutCount(), 2);
        QCOMPARE(model.entriesVerified(), 8);
        QCOMPARE(model.summary(), t("3 errors · 4 warnings in 8 entries · 2 entries left out of the index"));
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.sequenceAt(row),
                std::optional<std::int64_t>(rows[row].section(u'|', 2, 2).trimmed().toLongLong()));

        // The messages are verify's own, in the same order.
        const auto report = verifyDirectly(dataFile("problems.ndjson"));
        const QStringList got = messages(model);
        for (int row = 0; row < model.rowCount(); ++row) {
            const QString code = model.index(row, ProblemsModel::CodeColumn).data().toString();
            const bool error = model.index(row, 0).data(ProblemsModel::SeverityRole).toInt() == 0;
            bool found = false;
            for (const auto& issue : error ? report.errors : report.warnings)
                found = found
                    || (QString::fromStdString(issue.code) == code
                        && QString::fromStdString(issue.message) == got[row]);
            QVERIFY2(found, qPrintable(got[row]));
        }
        if (filter == ProblemsModel::Filter::All) {
            QCOMPARE(got[0], t("sequence jumps from 1 to 3 (1 missing)"));
            QCOMPARE(got[1], t("wall time 1764000002500 is 500 ms before the previous entry's (1764000003000)"));
            QCOMPARE(got[6], t("id 'p-1' was already used by the entry at sequence 1"));
        }
    }

    void cleanJournalHasNoProblems()
    {
        JournalDocument document;
        document.setIndexCacheDirectory(m_cache.path());
        ProblemsModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy progress(&model, &ProblemsModel::progressChanged);
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QVERIFY(waitDone(model));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.summary(), t("No problems found in 20 entries"));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toDouble(), 1.0);
    }

    // Verify cannot read the file any more: the model says why and falls back
    // to the entries the index left out.
    void failedVerifyKeepsTheLeftOutEntries()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("problems.ndjson"));
        QVERIFY(QFile::copy(dataFile("problems.ndjson"), path));
        JournalDocument document;
        document.setIndexCacheDirectory(m_cache.path());
        ProblemsModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(openAndWait(document, path));
        QVERIFY(waitDone(model));
        QCOMPARE(model.rowCount(), 7);
        QVERIFY(QFile::remove(path));
        model.rerun();
        QCOMPARE(model.status(), ProblemsModel::Status::Verifying);
        QVERIFY(waitDone(model));
        QCOMPARE(model.status(), ProblemsModel::Status::Failed);
        QVERIFY2(model.failure().contains(path), qPrintable(model.failure()));
        QVERIFY(model.summary().startsWith(t("Verify stopped: ")));
        QCOMPARE(dump(model), (QStringList { t("error | left-out | — | "), t("error | left-out | — | ") }));
    }

    // Closing (or reopening) while verify runs: its result never shows.
    void closingDropsTheRunningVerify()
    {
        JournalDocument document;
        document.setIndexCacheDirectory(m_cache.path());
        ProblemsModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(&document, &JournalDocument::ready, &document, &JournalDocument::close, Qt::QueuedConnection);
        QVERIFY(openAndWait(document, dataFile("problems.ndjson")));
        QTRY_COMPARE_WITH_TIMEOUT(document.status(), JournalDocument::Status::Empty, 20000);
        cd::models::waitForPools();
        QCoreApplication::processEvents();
        QCOMPARE(model.status(), ProblemsModel::Status::NoJournal);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.summary(), t("Open a journal to verify it."));
    }

    // A bigger generated journal: progress in steps, and each row's tenant is
    // the one its entry names.
    void tenantsAndProgressOnAGeneratedJournal()
    {
        QTemporaryDir dir;
        const auto entries = cd::history::test::randomJournal(140'000, 40, 3);
        const std::string path = cd::history::test::writeNdjson(dir, "random.ndjson", entries);
        std::map<std::int64_t, QString> tenantOf;
        for (const auto& e : entries) {
            const auto at = e.data.find("\"tenantId\":\"");
            const auto begin = at + 12;
            tenantOf[e.sequence] = QString::fromStdString(e.data.substr(begin, e.data.find('"', begin) - begin));
        }
        JournalDocument document;
        document.setIndexCacheDirectory(m_cache.path());
        ProblemsModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy progress(&model, &ProblemsModel::progressChanged);
        QVERIFY(openAndWait(document, QString::fromStdString(path)));
        QVERIFY(waitDone(model));
        QCOMPARE(model.status(), ProblemsModel::Status::Done);
        QVERIFY(progress.size() >= 3); // every 65536 entries, then the end
        double last = 0;
        for (const auto& args : progress) {
            QVERIFY(args.at(0).toDouble() >= last);
            last = args.at(0).toDouble();
        }
        const auto report = verifyDirectly(QString::fromStdString(path));
        QCOMPARE(model.warningCount(), int(report.warnings.size()));
        QCOMPARE(model.errorCount(), int(report.errors.size()));
        QVERIFY(model.rowCount() > 10); // the generator breaks rules on purpose
        // The rows come FetchRows at a time, as a view scrolling down asks.
        const std::size_t total = report.warnings.size() + report.errors.size();
        QVERIFY2(total > 2 * ProblemsModel::FetchRows, qPrintable(QString::number(total)));
        const auto shown = std::size_t(model.rowCount()); // the tester fetches some too
        QVERIFY(shown < total && shown % ProblemsModel::FetchRows == 0);
        QSignalSpy inserted(&model, &ProblemsModel::rowsInserted);
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(std::size_t(model.rowCount()), total);
        QCOMPARE(
            std::size_t(inserted.size()), (total - shown + ProblemsModel::FetchRows - 1) / ProblemsModel::FetchRows);
        for (int row = 0; row < model.rowCount(); ++row) {
            const auto sequence = model.sequenceAt(row);
            QVERIFY(sequence);
            QCOMPARE(model.index(row, ProblemsModel::TenantColumn).data().toString(), tenantOf.at(*sequence));
        }
        model.setFilter(ProblemsModel::Filter::Warnings); // a new list: its first rows again
        QCOMPARE(std::size_t(model.rowCount()), std::min(ProblemsModel::FetchRows, report.warnings.size()));
    }

    // A verify steps aside between batches while the cursor moves, and goes
    // on to the same report once it is still.
    void verifyStepsAsideWhileTheCursorMoves()
    {
        HeldVerify held(m_cache.path(), 5);
        QVERIFY(held.open());
        QCOMPARE(held.model.status(), ProblemsModel::Status::Verifying);
        interaction::setPeriods(std::chrono::milliseconds(0), std::chrono::milliseconds(0));
        QVERIFY(waitDone(held.model));
        QCOMPARE(held.model.status(), ProblemsModel::Status::Done);
        const auto report = verifyDirectly(QString::fromStdString(held.path));
        QCOMPARE(held.model.warningCount(), int(report.warnings.size()));
        QCOMPARE(held.model.errorCount(), int(report.errors.size()));
        QCOMPARE(interaction::waiting(), 0);
    }

    // Closing while the verify waits for the cursor to be still: it stops at
    // once instead of at the end of the wait.
    void closingStopsAVerifyThatWaits()
    {
        HeldVerify held(m_cache.path(), 6);
        QVERIFY(held.open());
        held.document.close();
        cd::models::waitForPools(); // would wait an hour without the wake-up
        QCOMPARE(interaction::waiting(), 0);
        QCoreApplication::processEvents();
        QCOMPARE(held.model.status(), ProblemsModel::Status::NoJournal);
    }

private:
    QTemporaryDir m_cache;
};

QTEST_GUILESS_MAIN(TestProblemsModel)
#include "tst_problems_model.moc"
