#include "engine/history/diff.h"
#include "engine/history/history.h"
#include "models/diff_model.h"
#include "models/journal_document.h"
#include "tests/history/journal_gen.h"
#include "tests/models/document_test_support.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using cd::models::DiffModel;
using cd::models::JournalDocument;

using cd::models::test::dataFile;
using cd::models::test::openAndWait;

namespace {

// Waits until the model shows the diff of the document's current marks.
bool waitReady(const DiffModel& model)
{
    return QTest::qWaitFor([&] { return model.status() == DiffModel::Status::Ready; }, 20000);
}

// Every row, depth-first, indented by depth: "path | before | after | kind".
void dump(const QAbstractItemModel& model, const QModelIndex& parent, int depth, QStringList& out)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        QStringList cells;
        for (int column = 0; column < DiffModel::ColumnCount; ++column)
            cells << model.index(row, column, parent).data().toString();
        out << QString(depth * 2, QLatin1Char(' ')) + cells.join(QStringLiteral(" | "));
        dump(model, model.index(row, 0, parent), depth + 1, out);
    }
}

QStringList dump(const QAbstractItemModel& model)
{
    QStringList out;
    dump(model, {}, 0, out);
    return out;
}

// The changes the tree holds, as "tenant path causes...", from PathRole and the cause rows.
void changes(const QAbstractItemModel& model, const QModelIndex& parent, const QString& tenant, QStringList& out)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        const QString t = parent.isValid() ? tenant : index.data().toString();
        if (index.data(DiffModel::KindRole).isValid()) {
            QString line = t + QLatin1Char(' ') + index.data(DiffModel::PathRole).toString();
            for (int c = 0; c < model.rowCount(index); ++c)
                line += QLatin1Char(' ')
                    + QString::number(model.index(c, 0, index).data(DiffModel::SequenceRole).toLongLong());
            out << line;
        }
        changes(model, index, t, out);
    }
}

QString t(const char* s)
{
    return QString::fromUtf8(s);
}

} // namespace

class TestDiffModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_cache.isValid()); }

    void dumpsTheTreeOfChanges_data()
    {
        QTest::addColumn<qint64>("a");
        QTest::addColumn<qint64>("b");
        QTest::addColumn<QString>("summary");
        QTest::addColumn<QStringList>("rows");
        QTest::newRow("payment failures and suspension")
            << qint64(4) << qint64(12) << t("3 changes in 2 tenants · A seq 4 → B seq 12")
            << QStringList {
                   t("t-1 |  |  | 1 change"),
                   t("  usage |  |  | 1 change"),
                   t("    api_calls | null | 150 | added"),
                   t("      seq 5 · feature.used | 2025-11-24 16:00:05 | api_calls +150 · by u-1 | cause"),
                   t("t-2 |  |  | 2 changes"),
                   t("  billing |  |  | 1 change"),
                   t("    failedPayments | 0 | 3 | changed"),
                   t("      seq 7 · billing.payment.failed | 2025-11-24 16:00:07 | cycle c-1 · 2900 · Card declined | "
                     "cause"),
                   t("      seq 9 · billing.payment.failed | 2025-11-24 16:00:09 | cycle c-2 · 2900 · Card declined | "
                     "cause"),
                   t("      seq 11 · billing.payment.failed | 2025-11-24 16:00:11 | cycle c-3 · 2900 · Card declined | "
                     "cause"),
                   t("  status | \"active\" | \"suspended\" | changed"),
                   t("    seq 12 · tenant.suspended | 2025-11-24 16:00:12 | Payment failures | cause"),
               };
        QTest::newRow("reversed: B before A")
            << qint64(12) << qint64(9) << t("2 changes in 1 tenant · A seq 12 → B seq 9")
            << QStringList {
                   t("t-2 |  |  | 2 changes"),
                   t("  billing |  |  | 1 change"),
                   t("    failedPayments | 3 | 2 | changed"),
                   t("      seq 11 · billing.payment.failed | 2025-11-24 16:00:11 | cycle c-3 · 2900 · Card declined | "
                     "cause"),
                   t("  status | \"suspended\" | \"active\" | changed"),
                   t("    seq 12 · tenant.suspended | 2025-11-24 16:00:12 | Payment failures | cause"),
               };
        QTest::newRow("a tenant appears")
            << qint64(2) << qint64(4) << t("2 changes in 2 tenants · A seq 2 → B seq 4")
            << QStringList {
                   t("t-1 |  |  | 1 change"),
                   t("  users |  |  | 1 change"),
                   t("    u-2 | null | {\"email\":\"bob@example.com\",\"role\":\"user\",\"status\":\"invited\"} | "
                     "added"),
                   t("      seq 3 · user.invited | 2025-11-24 16:00:03 | u-2 · bob@example.com · user | cause"),
                   t("t-2 | null | {\"billing\":{\"currentCycle\":null,\"failedPayments\":0,\"lastPayment\":null},"
                     "\"limits\":{\"api_calls\":1000,\"storage_mb\":100,\"users\":5},\"ownerId\":\"owner-2\","
                     "\"plan\":\"starter\",\"sessions\":{},\"status\":\"active\",\"tenantId\":\"t-2\",\"usage\":{},"
                     "\"users\":{}} | added"),
                   t("  seq 4 · tenant.created | 2025-11-24 16:00:04 | plan starter · owner owner-2 | cause"),
               };
        QTest::newRow("same point") << qint64(7) << qint64(7) << t("No changes · A seq 7 → B seq 7") << QStringList {};
    }

    void dumpsTheTreeOfChanges()
    {
        QFETCH(qint64, a);
        QFETCH(qint64, b);
        QFETCH(QString, summary);
        QFETCH(QStringList, rows);
        JournalDocument document;
        document.setIndexCacheDirectory(m_cache.path());
        DiffModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.status(), DiffModel::Status::NoJournal);
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QCOMPARE(model.status(), DiffModel::Status::NoMarks);
        document.setMarkA(a);
        QCOMPARE(model.status(), DiffModel::Status::NoMarks);
        document.setMarkB(b);
        QCOMPARE(model.status(), DiffModel::Status::Computing);
        QVERIFY(waitReady(model));
        QCOMPARE(dump(model), rows);
        QCOMPARE(model.summary(), summary);
        QCOMPARE(model.from(), std::optional<std::int64_t>(a));
        QCOMPARE(model.to(), std::optional<std::int64_t>(b));
    }

    void selectedTenantOnly()
    {
        JournalDocument document;
        document.setIndexCacheDirectory(m_cache.path());
        DiffModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        document.setMarkA(4);
        document.setMarkB(19);
        QVERIFY(waitReady(model));
        QCOMPARE(model.tenantCount(), 2);
        model.setTenantOnly(true); // no tenant selected yet: every tenant
        QVERIFY(waitReady(model));
        QCOMPARE(model.tenantCount(), 2);
        document.setSelectedTenant(QStringLiteral("t-2"));
        QCOMPARE(model.status(), DiffModel::Status::Computing);
        QVERIFY(waitReady(model));
        QStringList got;
        changes(model, {}, {}, got);
        QCOMPARE(got, (QStringList { t("t-2 /billing/failedPayments 7 9 11"), t("t-2 /status 12") }));
        model.setTenantOnly(false);
        QVERIFY(waitReady(model));
        got.clear();
        changes(model, {}, {}, got);
        QCOMPARE(got,
            (QStringList { t("t-1 /billing/currentCycle 15"), t("t-1 /billing/lastPayment 15"),
                t("t-1 /sessions/s-1 13"), t("t-1 /usage/api_calls 5 16 18"), t("t-1 /usage/storage_mb 17"),
                t("t-2 /billing/failedPayments 7 9 11"), t("t-2 /status 12") }));
    }

    // The tree holds exactly the engine's diff: every change, path and cause.
    void matchesTheEngineOnAGeneratedJournal()
    {
        QTemporaryDir dir;
        const auto entries = cd::history::test::randomJournal(3000, 12, 7);
        const std::string path = cd::history::test::writeNdjson(dir, "random.ndjson", entries);
        JournalDocument document;
        document.setIndexCacheDirectory(m_cache.path());
        DiffModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(openAndWait(document, QString::fromStdString(path)));
        const std::int64_t a = entries[900].sequence;
        const std::int64_t b = entries[2400].sequence;
        document.setMarkA(a);
        document.setMarkB(b);
        QVERIFY(waitReady(model));

        const auto expected = cd::history::diffStates(*document.history(), a, b);
        QStringList want;
        for (const auto& change : expected.changes) {
            QString line = QString::fromStdString(change.tenantId + " " + change.path);
            for (std::int64_t cause : change.causes)
                line += QLatin1Char(' ') + QString::number(cause);
            want << line;
        }
        QVERIFY(want.size() > 20); // a diff worth checking
        QStringList got;
        changes(model, {}, {}, got);
        QCOMPARE(got, want);
        QCOMPARE(model.changeCount(), int(expected.changes.size()));
    }

    // Marks moved while a diff runs: only the latest marks' result is shown.
    void staleResultsAreDropped()
    {
        JournalDocument document;
        document.setIndexCacheDirectory(m_cache.path());
        DiffModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        document.setMarkA(0);
        document.setMarkB(19); // starts a job
        document.setMarkA(11); // while it runs
        document.setMarkB(12);
        QVERIFY(waitReady(model));
        QCOMPARE(model.from(), std::optional<std::int64_t>(11));
        QCOMPARE(model.to(), std::optional<std::int64_t>(12));
        QCOMPARE(resets.size(), 1); // the stale tree was never shown
        QStringList got;
        changes(model, {}, {}, got);
        QCOMPARE(got, QStringList { t("t-2 /status 12") });

        // Clearing a mark empties the tree at once.
        document.setMarkB(std::nullopt);
        QCOMPARE(model.status(), DiffModel::Status::NoMarks);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.summary().contains(t("B: unset")));
        document.close();
        QCOMPARE(model.status(), DiffModel::Status::NoJournal);
    }

private:
    QTemporaryDir m_cache;
};

QTEST_GUILESS_MAIN(TestDiffModel)
#include "tst_diff_model.moc"
