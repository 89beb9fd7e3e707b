#include "engine/store/importer.h"
#include "engine/store/sqlite_journal_cursor.h"
#include "engine/store/sqlite_journal_reader.h"

#include "store_test_util.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace cd::store;
using namespace storetest;
using cd::platform::Entry;

namespace {

std::vector<Entry> journalEntries(const QString& path, JournalMeta* meta = nullptr)
{
    std::vector<Entry> out;
    std::string error;
    auto reader = SqliteJournalReader::open(str(path), error);
    if (!reader) {
        qWarning("%s", error.c_str());
        return out;
    }
    if (meta)
        *meta = reader->meta();
    auto cursor = reader->scan({}, error);
    Entry entry;
    std::string reason;
    while (cursor->next(entry, reason) == SqliteJournalCursor::Status::Entry)
        out.push_back(entry);
    return out;
}

bool sameEntries(const std::vector<Entry>& a, const std::vector<Entry>& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].id != b[i].id || a[i].sequence != b[i].sequence || a[i].wallMs != b[i].wallMs
            || a[i].monoMs != b[i].monoMs || a[i].data != b[i].data)
            return false;
    }
    return true;
}

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

QByteArray compactDoc(const std::vector<Entry>& entries, const QByteArray& tail = {})
{
    QByteArray out = "{\"entries\":[";
    for (std::size_t i = 0; i < entries.size(); ++i)
        out += (i ? "," : "") + QByteArray::fromStdString(ndjsonLine(entries[i]));
    return out + "]" + tail + "}";
}

} // namespace

class TestImportPhyxius : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    QString fresh(const char* name)
    {
        return m_dir.filePath(QStringLiteral("%1-%2").arg(++m_counter).arg(QString::fromUtf8(name)));
    }
    QString fileWith(const QByteArray& bytes)
    {
        const QString path = fresh("export.json");
        writeBytes(path, bytes);
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void importsPrettyAndCompactExports_data()
    {
        QTest::addColumn<bool>("pretty");
        QTest::addColumn<bool>("withTail");
        QTest::newRow("pretty, nextSequence and createdAt") << true << true;
        QTest::newRow("pretty, entries only") << true << false;
        QTest::newRow("compact, nextSequence and createdAt") << false << true;
        QTest::newRow("compact, entries only") << false << false;
    }

    void importsPrettyAndCompactExports()
    {
        QFETCH(bool, pretty);
        QFETCH(bool, withTail);
        const auto entries = makeEntries(3, 300);
        const std::string tail = withTail
            ? ",\n  \"nextSequence\": 303,\n  \"createdAt\": {\"wallMs\": 1763999999000, \"monoMs\": 17}"
            : "";
        const QByteArray doc
            = pretty ? phyxiusPretty(entries, tail) : compactDoc(entries, QByteArray::fromStdString(tail));
        const QString output = fresh("out.sqlite");
        const ImportSummary summary = importJournal(str(fileWith(doc)), str(output));
        QVERIFY2(summary.ok(), summary.message.c_str());
        QCOMPARE(summary.format, std::optional<JournalFormat>(JournalFormat::Phyxius));
        QCOMPARE(summary.accepted, std::uint64_t(300));
        QCOMPARE(summary.firstSequence, std::optional<std::int64_t>(3));
        QCOMPARE(summary.lastSequence, std::optional<std::int64_t>(302));
        JournalMeta meta;
        QVERIFY(sameEntries(journalEntries(output, &meta), entries));
        // createdAt is kept (for re-export); without it, the first entry's time.
        QCOMPARE(meta.createdWallMs, withTail ? std::int64_t(1763999999000) : entries.front().wallMs);
        QCOMPARE(meta.createdMonoMs, withTail ? std::optional<std::int64_t>(17) : std::nullopt);
        QVERIFY(q(meta.journalId).startsWith(QStringLiteral("import-")));
    }

    void keysMayComeInAnyOrder()
    {
        const auto entries = makeEntries(0, 4);
        QByteArray doc = "{\"createdAt\":{\"monoMs\":1,\"wallMs\":2},\"comment\":{\"entries\":\"not "
                         "these\",\"n\":[1,{\"]\":\"[\"}]},";
        doc += compactDoc(entries).mid(1);
        doc.chop(1);
        doc += ",\"nextSequence\":4}";
        const QString output = fresh("order.sqlite");
        const ImportSummary summary = importJournal(str(fileWith("\xEF\xBB\xBF\n" + doc + "\n\n")), str(output));
        QVERIFY2(summary.ok(), summary.message.c_str());
        JournalMeta meta;
        QVERIFY(sameEntries(journalEntries(output, &meta), entries));
        QCOMPARE(meta.createdWallMs, std::int64_t(2));
        QCOMPARE(meta.createdMonoMs, std::optional<std::int64_t>(1));
    }

    void elementErrorsNameTheirIndex_data()
    {
        QTest::addColumn<QByteArray>("element");
        QTest::addColumn<QString>("reason");
        QTest::newRow("a number") << QByteArray("42") << "entry: expected a JSON object";
        QTest::newRow("a string") << QByteArray("\"e-2\"") << "entry: expected a JSON object";
        QTest::newRow("null") << QByteArray("null") << "entry: expected a JSON object";
        QTest::newRow("an array") << QByteArray("[{\"id\":\"e\"}]") << "entry: expected a JSON object";
        QTest::newRow("id missing") << QByteArray("{\"sequence\":5,\"timestamp\":{\"wallMs\":1,\"monoMs\":1},\"data\":{"
                                                  "\"type\":\"tenant.reactivated\",\"tenantId\":\"t\"}}")
                                    << "id: missing";
        QTest::newRow("unknown type") << QByteArray("{\"id\":\"x\",\"sequence\":5,\"timestamp\":{\"wallMs\":1,"
                                                    "\"monoMs\":1},\"data\":{\"type\":\"nope\",\"tenantId\":\"t\"}}")
                                      << "data.type: unknown event type";
        QTest::newRow("sequence not increasing") << QByteArray(
            "{\"id\":\"x\",\"sequence\":1,\"timestamp\":{\"wallMs\":1,\"monoMs\":1},\"data\":{\"type\":\"tenant."
            "reactivated\",\"tenantId\":\"t\"}}") << "sequence 1 is not larger than the previous entry's (1)";
        QTest::newRow("malformed inside") << QByteArray(
            "{\"id\":\"x\",\"sequence\":5,\"timestamp\":{\"wallMs\":1,\"monoMs\":1},\"data\":{\"type\":tru}}")
                                          << "invalid JSON";
        QTest::newRow("invalid UTF-8") << QByteArray(
            "{\"id\":\"\xc0\xaf\",\"sequence\":5,\"timestamp\":{\"wallMs\":1,\"monoMs\":1},"
            "\"data\":{\"type\":\"tenant.reactivated\",\"tenantId\":\"t\"}}")
                                       << "invalid UTF-8";
        QTest::newRow("deep nesting")
            << "{\"id\":\"x\",\"sequence\":5,\"timestamp\":{\"wallMs\":1,\"monoMs\":1},\"data\":"
                + QByteArray(50000, '[') + QByteArray(50000, ']') + "}"
            << "nested too deep";
    }

    void elementErrorsNameTheirIndex()
    {
        QFETCH(QByteArray, element);
        QFETCH(QString, reason);
        const auto good = makeEntries(0, 2);
        QByteArray doc = "{\n  \"entries\": [\n    " + QByteArray::fromStdString(ndjsonLine(good[0])) + ",\n    "
            + QByteArray::fromStdString(ndjsonLine(good[1])) + ",\n    " + element + ",\n    "
            + QByteArray::fromStdString(ndjsonLine(makeEntry(10))) + "\n  ]\n}\n";
        const QString input = fileWith(doc);
        const QString output = fresh("strict.sqlite");
        const ImportSummary strict = importJournal(str(input), str(output));
        QCOMPARE(strict.status, ImportStatus::InvalidEntries);
        QCOMPARE(strict.errors.size(), std::size_t(1));
        const QString error = q(strict.errors.front());
        QVERIFY2(error.startsWith(input + QStringLiteral(": entries[2]: ")), qPrintable(error));
        QVERIFY2(error.contains(reason), qPrintable(error));
        QVERIFY(!QFileInfo::exists(output));

        ImportOptions options;
        options.skipInvalid = true;
        const QString skipped = fresh("skip.sqlite");
        const ImportSummary summary = importJournal(str(input), str(skipped), options);
        QVERIFY2(summary.ok(), summary.message.c_str());
        QCOMPARE(summary.accepted, std::uint64_t(3));
        QCOMPARE(summary.rejected, std::uint64_t(1));
        const QByteArray log = readBytes(skipped + QStringLiteral(".rejected.ndjson"));
        QCOMPARE(log.count('\n'), 1);
        const QJsonObject record = QJsonDocument::fromJson(log).object();
        QCOMPARE(record.value(QStringLiteral("index")).toInt(), 2);
        QVERIFY(!record.contains(QStringLiteral("line")));
        QVERIFY(record.value(QStringLiteral("reason")).toString().contains(reason));
        const QByteArray raw = record.contains(QStringLiteral("rawBase64"))
            ? QByteArray::fromBase64(record.value(QStringLiteral("rawBase64")).toString().toLatin1())
            : record.value(QStringLiteral("raw")).toString().toUtf8();
        QCOMPARE(raw, element);
        QCOMPARE(record.contains(QStringLiteral("rawBase64")), reason == QStringLiteral("invalid UTF-8"));
    }

    void structureErrorsStopTheImport_data()
    {
        QTest::addColumn<QByteArray>("doc");
        QTest::addColumn<QString>("message");
        const QByteArray e0 = QByteArray::fromStdString(ndjsonLine(makeEntry(0)));
        QTest::newRow("no entries") << QByteArray("{\"nextSequence\":0}")
                                    << "not a Phyxius export: no \"entries\" array";
        QTest::newRow("entries not an array") << QByteArray("{\"entries\":{}}") << "\"entries\" is not an array";
        QTest::newRow("cut inside an element")
            << "{\"entries\":[" + e0.left(30) << "entries[0]: unexpected end of file";
        QTest::newRow("cut after an element")
            << "{\"entries\":[" + e0 << "unexpected end of file in \"entries\" after 1 entries";
        QTest::newRow("missing comma") << "{\"entries\":[" + e0 + " " + e0 + "]}"
                                       << "entries[1]: expected ',' or ']' before it, found '{'";
        QTest::newRow("trailing comma") << "{\"entries\":[" + e0 + ",]}"
                                        << "entries[1]: trailing ',' before ']'";
        QTest::newRow("content after the document")
            << QByteArray("{\"entries\":[]}\n{\"entries\":[]}") << "unexpected content after the JSON document: '{'";
        QTest::newRow("entries twice") << QByteArray("{\"entries\":[],\"entries\":[]}") << "\"entries\" appears twice";
        QTest::newRow("createdAt not an instant") << QByteArray(
            "{\"entries\":[],\"createdAt\":5}") << "createdAt: expected {\"wallMs\": <integer>, \"monoMs\": <integer>}";
        QTest::newRow("createdAt fraction")
            << QByteArray("{\"entries\":[],\"createdAt\":{\"wallMs\":1.5,\"monoMs\":0}}")
            << "createdAt: expected {\"wallMs\": <integer>, \"monoMs\": <integer>}";
        QTest::newRow("negative nextSequence") << QByteArray("{\"entries\":[],\"nextSequence\":-1}")
                                               << "nextSequence: expected a non-negative integer, got -1";
        QTest::newRow("unclosed object") << QByteArray("{\"entries\":[]")
                                         << "unexpected end of file in the top-level object";
        QTest::newRow("missing colon") << QByteArray("{\"entries\" []}") << "expected ':' after \"entries\"";
        QTest::newRow("a member that is not a string")
            << QByteArray("{\"entries\":[], 5: 1}") << "expected a member name, found '5'";
        QTest::newRow("invalid UTF-8 in a member name")
            << QByteArray("{\"entries\":[],\"\xff\":1}") << "invalid member name at the top level";
        QTest::newRow("deep unknown value cut")
            << "{\"entries\":[],\"x\":" + QByteArray(100000, '[') << "unexpected end of file in the value of \"x\"";
        QTest::newRow("bad separator") << QByteArray("{\"entries\":[] \"x\":1}")
                                       << "expected ',' or '}' after a top-level member, found '\"'";
    }

    void structureErrorsStopTheImport()
    {
        QFETCH(QByteArray, doc);
        QFETCH(QString, message);
        const QString input = fileWith(doc);
        for (const bool skip : { false, true }) {
            ImportOptions options;
            options.skipInvalid = skip;
            const QString output = fresh("out.sqlite");
            const ImportSummary summary = importJournal(str(input), str(output), options);
            QCOMPARE(summary.status, ImportStatus::BadInput);
            QCOMPARE(summary.format, std::optional<JournalFormat>(JournalFormat::Phyxius));
            QCOMPARE(q(summary.message), input + QStringLiteral(": ") + message);
            QVERIFY(!summary.errors.empty());
            QVERIFY(!QFileInfo::exists(output));
            QVERIFY(!QFileInfo::exists(output + QStringLiteral(".rejected.ndjson")));
        }
    }

    void deepUnknownValuesAreSkippedWithoutRecursion()
    {
        const auto entries = makeEntries(0, 2);
        QByteArray doc = compactDoc(entries);
        doc.chop(1);
        doc += ",\"x\":" + QByteArray(200000, '[') + QByteArray(200000, ']') + "}";
        const QString output = fresh("deep.sqlite");
        const ImportSummary summary = importJournal(str(fileWith(doc)), str(output));
        QVERIFY2(summary.ok(), summary.message.c_str());
        QVERIFY(sameEntries(journalEntries(output), entries));
    }

    void bracketsInsideStringsDoNotSplit()
    {
        auto entries = makeEntries(0, 3);
        entries[1].data = "{\"type\":\"tenant.suspended\",\"tenantId\":\"t-}{\",\"reason\":\"]]}} \\\"{[,\\\\\"}";
        const QString output = fresh("strings.sqlite");
        const ImportSummary summary = importJournal(str(fileWith(phyxiusPretty(entries))), str(output));
        QVERIFY2(summary.ok(), summary.message.c_str());
        QVERIFY(sameEntries(journalEntries(output), entries));
    }

    void streamsALargeDocument()
    {
        auto entries = makeEntries(0, 20000);
        entries[12345].data
            = "{\"type\":\"tenant.suspended\",\"tenantId\":\"t\",\"reason\":\"" + std::string(3 << 20, 'r') + "\"}";
        const QString output = fresh("large.sqlite");
        const ImportSummary summary = importJournal(str(fileWith(phyxiusPretty(entries))), str(output));
        QVERIFY2(summary.ok(), summary.message.c_str());
        QVERIFY(sameEntries(journalEntries(output), entries));
    }

    void emptyEntriesMakeAnEmptyJournal()
    {
        const QString output = fresh("empty.sqlite");
        const ImportSummary summary = importJournal(str(fileWith("{ \"entries\" : [ ] }")), str(output));
        QVERIFY2(summary.ok(), summary.message.c_str());
        QCOMPARE(summary.accepted, std::uint64_t(0));
        QVERIFY(!summary.firstSequence);
        JournalMeta meta;
        QVERIFY(journalEntries(output, &meta).empty());
        QCOMPARE(meta.createdWallMs, std::int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestImportPhyxius)
#include "tst_import_phyxius.moc"
