#include "engine/store/content_hash.h"
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

std::vector<Entry> journalEntries(const QString& path)
{
    std::vector<Entry> out;
    std::string error;
    auto reader = SqliteJournalReader::open(str(path), error);
    if (!reader) {
        qWarning("%s", error.c_str());
        return out;
    }
    auto cursor = reader->scan({}, error);
    Entry entry;
    std::string reason;
    while (cursor->next(entry, reason) == SqliteJournalCursor::Status::Entry)
        out.push_back(entry);
    return out;
}

QList<QJsonObject> jsonLines(const QString& path)
{
    QList<QJsonObject> out;
    for (const QByteArray& line : readBytes(path).split('\n')) {
        if (!line.isEmpty())
            out << QJsonDocument::fromJson(line).object();
    }
    return out;
}

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

class TestImportNdjson : public QObject {
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
        const QString path = fresh("input.ndjson");
        writeBytes(path, bytes);
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void importsEveryEntry()
    {
        const auto entries = makeEntries(0, 1000);
        QByteArray bytes = "\n" + ndjson(entries);
        bytes.replace(QByteArray("}\n{\"id\":\"e-500\""), QByteArray("}\r\n\n  \n{\"id\":\"e-500\""));
        const QString input = fileWith(bytes);
        const QString output = fresh("out.sqlite");
        const ImportSummary summary = importJournal(str(input), str(output));
        QVERIFY2(summary.ok(), summary.message.c_str());
        QCOMPARE(summary.format, std::optional<JournalFormat>(JournalFormat::Ndjson));
        QCOMPARE(summary.accepted, std::uint64_t(1000));
        QCOMPARE(summary.rejected, std::uint64_t(0));
        QCOMPARE(summary.firstSequence, std::optional<std::int64_t>(0));
        QCOMPARE(summary.lastSequence, std::optional<std::int64_t>(999));
        QVERIFY(summary.errors.empty());
        const auto back = journalEntries(output);
        QCOMPARE(back.size(), entries.size());
        for (std::size_t i = 0; i < back.size(); ++i) {
            QCOMPARE(back[i].id, entries[i].id);
            QCOMPARE(back[i].data, entries[i].data);
            QCOMPARE(back[i].wallMs, entries[i].wallMs);
            QCOMPARE(back[i].monoMs, entries[i].monoMs);
        }
        QVERIFY(!QFileInfo::exists(output + QStringLiteral(".rejected.ndjson")));

        // The journal id comes from the content: same bytes, same id.
        ContentHash hash;
        hash.update(bytes.toStdString());
        QCOMPARE(summary.journalId, "import-" + hash.finishHex());
        const QString copy = fresh("copy.ndjson");
        QVERIFY(writeBytes(copy, bytes));
        const ImportSummary again = importJournal(str(copy), str(fresh("again.sqlite")));
        QCOMPARE(again.journalId, summary.journalId);
        std::string error;
        auto reader = SqliteJournalReader::open(str(output), error);
        QCOMPARE(reader->meta().journalId, summary.journalId);
        QCOMPARE(reader->meta().createdWallMs, entries.front().wallMs);
        QVERIFY(!reader->meta().createdMonoMs);
    }

    void eachRuleNamesItsLine_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("reason");
        const QByteArray ts = R"("timestamp":{"wallMs":1764000000000,"monoMs":5})";
        const QByteArray data = R"("data":{"type":"tenant.reactivated","tenantId":"t-1"})";
        auto entry = [&ts, &data](const char* id, const char* seq) -> QByteArray {
            return QByteArray("{\"id\":") + id + ",\"sequence\":" + seq + "," + ts + "," + data + "}";
        };
        auto withData = [&ts](const char* d) -> QByteArray {
            return QByteArray(R"({"id":"x","sequence":5,)") + ts + ",\"data\":" + d + "}";
        };
        QTest::newRow("not JSON") << QByteArray("{oops") << "invalid JSON";
        QTest::newRow("not an object") << QByteArray("[1,2]") << "entry: expected a JSON object";
        QTest::newRow("id missing") << QByteArray(R"({"sequence":5,)") + ts + "," + data + "}"
                                    << "id: missing";
        QTest::newRow("id not a string") << entry("7", "5") << "id: expected a string";
        QTest::newRow("sequence missing") << QByteArray(R"({"id":"x",)") + ts + "," + data + "}"
                                          << "sequence: missing";
        QTest::newRow("sequence negative") << entry("\"x\"", "-5") << "sequence: expected a non-negative integer";
        QTest::newRow("sequence fraction") << entry("\"x\"", "5.5") << "sequence: fraction or exponent not allowed";
        QTest::newRow("sequence exponent") << entry("\"x\"", "5e0") << "sequence: fraction or exponent not allowed";
        QTest::newRow("sequence beyond 2^53") << entry("\"x\"", "9007199254740993") << "sequence: out of range";
        QTest::newRow("sequence a string") << entry("\"x\"", "\"5\"") << "sequence: expected a non-negative integer";
        QTest::newRow("sequence equal to the previous")
            << entry("\"x\"", "1") << "sequence 1 is not larger than the previous entry's (1)";
        QTest::newRow("sequence below the previous")
            << entry("\"x\"", "0") << "sequence 0 is not larger than the previous entry's (1)";
        QTest::newRow("timestamp missing") << QByteArray(R"({"id":"x","sequence":5,)") + data + "}"
                                           << "timestamp: missing";
        QTest::newRow("timestamp not an object") << QByteArray(R"({"id":"x","sequence":5,"timestamp":5,)") + data + "}"
                                                 << "timestamp: expected an object";
        QTest::newRow("wallMs fraction") << QByteArray(
                                                R"({"id":"x","sequence":5,"timestamp":{"wallMs":1.5,"monoMs":1},)")
                + data + "}"
                                         << "timestamp.wallMs: fraction or exponent not allowed";
        QTest::newRow("monoMs missing") << QByteArray(R"({"id":"x","sequence":5,"timestamp":{"wallMs":1},)") + data
                + "}"
                                        << "timestamp.monoMs: missing";
        QTest::newRow("data missing") << QByteArray(R"({"id":"x","sequence":5,)") + ts + "}"
                                      << "data: missing";
        QTest::newRow("data not an object") << withData("\"tenant.created\"") << "data: expected an object";
        QTest::newRow("unknown type") << withData(R"({"type":"tenant.deleted","tenantId":"t"})")
                                      << "data.type: unknown event type";
        QTest::newRow("type missing") << withData(R"({"tenantId":"t"})") << "data.type: missing";
        QTest::newRow("required field missing")
            << withData(R"({"type":"user.invited","tenantId":"t","userId":"u","role":"admin"})")
            << "data.email: missing";
        QTest::newRow("amount not a number")
            << withData(R"({"type":"billing.cycle.started","tenantId":"t","cycleId":"c","amount":"29"})")
            << "data.amount: expected a number";
        QTest::newRow("unknown plan") << withData(
            R"({"type":"tenant.created","tenantId":"t","plan":"gold","ownerId":"o"})")
                                      << "data.plan: expected one of starter, pro, enterprise";
        QTest::newRow("unknown role") << withData(
            R"({"type":"user.invited","tenantId":"t","userId":"u","email":"","role":"root"})")
                                      << "data.role: expected one of admin, user";
        QTest::newRow("empty id") << withData(R"({"type":"tenant.reactivated","tenantId":""})")
                                  << "data.tenantId: must not be empty";
        QTest::newRow("duplicate key") << withData(R"({"type":"tenant.reactivated","tenantId":"a","tenantId":"b"})")
                                       << "data.tenantId: duplicate key";
        QTest::newRow("invalid UTF-8") << withData(
            "{\"type\":\"tenant.suspended\",\"tenantId\":\"t\",\"reason\":\"\xff\xfe\"}")
                                       << "invalid UTF-8";
        QTest::newRow("deep nesting") << withData(("{\"type\":\"tenant.reactivated\",\"tenantId\":\"t\",\"x\":"
            + std::string(100000, '[') + std::string(100000, ']') + "}")
                                                      .c_str())
                                      << "nested too deep";
    }

    void eachRuleNamesItsLine()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, reason);
        // Line 2 is blank: it is skipped but counted, so the bad line is 4.
        const auto good = makeEntries(0, 2);
        const QByteArray bytes = QByteArray::fromStdString(ndjsonLine(good[0])) + "\n\n"
            + QByteArray::fromStdString(ndjsonLine(good[1])) + "\n" + line + "\n"
            + QByteArray::fromStdString(ndjsonLine(makeEntry(10))) + "\n";
        const QString input = fileWith(bytes);

        const QString output = fresh("strict.sqlite");
        const ImportSummary strict = importJournal(str(input), str(output));
        QCOMPARE(strict.status, ImportStatus::InvalidEntries);
        QCOMPARE(strict.errorCount, std::uint64_t(1));
        QCOMPARE(strict.errors.size(), std::size_t(1));
        const QString error = q(strict.errors.front());
        QVERIFY2(error.startsWith(input + QStringLiteral(":4: ")), qPrintable(error));
        QVERIFY2(error.contains(reason), qPrintable(error));
        QVERIFY(!QFileInfo::exists(output));

        const QString skipped = fresh("skip.sqlite");
        ImportOptions options;
        options.skipInvalid = true;
        const ImportSummary summary = importJournal(str(input), str(skipped), options);
        QVERIFY2(summary.ok(), summary.message.c_str());
        QCOMPARE(summary.accepted, std::uint64_t(3));
        QCOMPARE(summary.rejected, std::uint64_t(1));
        QCOMPARE(journalEntries(skipped).size(), std::size_t(3));
        const auto rejected = jsonLines(skipped + QStringLiteral(".rejected.ndjson"));
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(rejected[0].value(QStringLiteral("line")).toInt(), 4);
        QVERIFY(rejected[0].value(QStringLiteral("reason")).toString().contains(reason));
        if (reason == QStringLiteral("invalid UTF-8")) {
            QVERIFY(!rejected[0].contains(QStringLiteral("raw")));
            QCOMPARE(
                QByteArray::fromBase64(rejected[0].value(QStringLiteral("rawBase64")).toString().toLatin1()), line);
        } else {
            QVERIFY(!rejected[0].contains(QStringLiteral("rawBase64")));
            QCOMPARE(rejected[0].value(QStringLiteral("raw")).toString().toUtf8(), line);
        }
    }

    void strictImportWritesNothing()
    {
        QByteArray bytes = ndjson(makeEntries(0, 50));
        bytes += "{\"id\":\"broken\"}\n";
        const QString input = fileWith(bytes);
        const QString dir = QFileInfo(input).absolutePath();

        // A new OUTPUT is not created, and no temporary file is left.
        const QStringList before = filesIn(dir);
        const QString output = fresh("new.sqlite");
        ImportSummary summary = importJournal(str(input), str(output));
        QCOMPARE(summary.status, ImportStatus::InvalidEntries);
        QCOMPARE(filesIn(dir), before);
        QVERIFY2(q(summary.message).startsWith(input + QStringLiteral(": 1 invalid entry; nothing written")),
            summary.message.c_str());

        // An existing OUTPUT (replaced with --force) stays byte-identical.
        const QString existing = fresh("existing.sqlite");
        QVERIFY(importJournal(str(fileWith(ndjson(makeEntries(0, 5)))), str(existing)).ok());
        const QByteArray existingBytes = readBytes(existing);
        const QStringList withExisting = filesIn(dir);
        ImportOptions force;
        force.force = true;
        summary = importJournal(str(input), str(existing), force);
        QCOMPARE(summary.status, ImportStatus::InvalidEntries);
        QCOMPARE(readBytes(existing), existingBytes);
        QCOMPARE(filesIn(dir), withExisting);
    }

    void listsTheFirstHundredErrors()
    {
        QByteArray bytes;
        for (int i = 0; i < 150; ++i)
            bytes += "{\"id\":\"x\",\"sequence\":" + QByteArray::number(i) + "}\n";
        const QString input = fileWith(bytes);
        const ImportSummary summary = importJournal(str(input), str(fresh("out.sqlite")));
        QCOMPARE(summary.status, ImportStatus::InvalidEntries);
        QCOMPARE(summary.errorCount, std::uint64_t(150));
        QCOMPARE(summary.errors.size(), std::size_t(100));
        QCOMPARE(q(summary.errors[99]), input + QStringLiteral(":100: timestamp: missing"));
        const auto report = summary.errorReport();
        QCOMPARE(report.size(), std::size_t(101));
        QCOMPARE(report.back(), std::string("... and 50 more"));
    }

    void skipInvalidLosesNothing()
    {
        QList<QByteArray> lines;
        int invalid = 0;
        for (int i = 0; i < 200; ++i) {
            if (i % 9 == 4) {
                lines << (i % 2 ? QByteArray("{\"id\":\"bad\",\"sequence\":\xc3\x28}") : QByteArray("not json at all"));
                ++invalid;
            } else {
                lines << QByteArray::fromStdString(ndjsonLine(makeEntry(i)));
            }
        }
        const QString input = fileWith(lines.join('\n') + "\n");
        const QString output = fresh("skip.sqlite");
        ImportOptions options;
        options.skipInvalid = true;
        const ImportSummary summary = importJournal(str(input), str(output), options);
        QVERIFY2(summary.ok(), summary.message.c_str());
        QCOMPARE(summary.rejected, std::uint64_t(invalid));
        QCOMPARE(summary.accepted + summary.rejected, std::uint64_t(lines.size()));
        QCOMPARE(q(summary.rejectedPath), output + QStringLiteral(".rejected.ndjson"));
        QCOMPARE(journalEntries(output).size(), std::size_t(summary.accepted));

        // Every rejected line is in the log, with its number and its bytes.
        const auto rejected = jsonLines(output + QStringLiteral(".rejected.ndjson"));
        QCOMPARE(rejected.size(), invalid);
        for (const QJsonObject& record : rejected) {
            const int line = record.value(QStringLiteral("line")).toInt();
            QVERIFY(line >= 1 && line <= lines.size());
            const QByteArray original = lines[line - 1];
            if (record.contains(QStringLiteral("rawBase64")))
                QCOMPARE(
                    QByteArray::fromBase64(record.value(QStringLiteral("rawBase64")).toString().toLatin1()), original);
            else
                QCOMPARE(record.value(QStringLiteral("raw")).toString().toUtf8(), original);
            QVERIFY(!record.value(QStringLiteral("reason")).toString().isEmpty());
        }
    }

    void comparesWithThePreviousAcceptedEntry()
    {
        // 5 is rejected (bad data), so 3 only has to beat 0.
        auto five = makeEntry(5);
        five.data = R"({"type":"nope","tenantId":"t"})";
        const QByteArray bytes = QByteArray::fromStdString(
            ndjsonLine(makeEntry(0)) + "\n" + ndjsonLine(five) + "\n" + ndjsonLine(makeEntry(3)) + "\n");
        ImportOptions options;
        options.skipInvalid = true;
        const QString output = fresh("prev.sqlite");
        const ImportSummary summary = importJournal(str(fileWith(bytes)), str(output), options);
        QVERIFY2(summary.ok(), summary.message.c_str());
        QCOMPARE(summary.accepted, std::uint64_t(2));
        QCOMPARE(summary.lastSequence, std::optional<std::int64_t>(3));
    }

    void acceptsWhatVerifyReports()
    {
        // Negative and fractional amounts, repeated ids, gaps: valid here.
        auto a = makeEntry(0);
        auto b = makeEntry(7);
        b.id = a.id;
        b.data = R"({"type":"feature.used","tenantId":"t-1","userId":"u","feature":"api_calls","usage":-60})";
        auto c = makeEntry(9);
        c.data
            = R"({"type":"billing.payment.succeeded","tenantId":"t-1","cycleId":"c","amount":0.25,"extra":{"k":[1,2]}})";
        const QString output = fresh("lenient.sqlite");
        const ImportSummary summary = importJournal(str(fileWith(ndjson({ a, b, c }))), str(output));
        QVERIFY2(summary.ok(), summary.message.c_str());
        const auto back = journalEntries(output);
        QCOMPARE(back.size(), std::size_t(3));
        QCOMPARE(back[2].data, c.data);
    }

    void refusesAnExistingOutput()
    {
        const QString input = fileWith(ndjson(makeEntries(0, 3)));
        const QString output = fresh("exists.sqlite");
        QVERIFY(writeBytes(output, "precious"));
        const ImportSummary summary = importJournal(str(input), str(output));
        QCOMPARE(summary.status, ImportStatus::OutputExists);
        QCOMPARE(q(summary.message), output + QStringLiteral(": already exists (use --force to replace it)"));
        QCOMPARE(readBytes(output), QByteArray("precious"));

        ImportOptions force;
        force.force = true;
        QVERIFY(importJournal(str(input), str(output), force).ok());
        QCOMPARE(journalEntries(output).size(), std::size_t(3));

        // With --skip-invalid the rejected log is an output too.
        const QString other = fresh("other.sqlite");
        QVERIFY(writeBytes(other + QStringLiteral(".rejected.ndjson"), "old log"));
        ImportOptions skip;
        skip.skipInvalid = true;
        QCOMPARE(importJournal(str(input), str(other), skip).status, ImportStatus::OutputExists);
        QVERIFY(!QFileInfo::exists(other));
        // Replaced with force, an old log that no longer applies goes away.
        skip.force = true;
        QVERIFY(importJournal(str(input), str(other), skip).ok());
        QVERIFY(!QFileInfo::exists(other + QStringLiteral(".rejected.ndjson")));
    }

    void streamsLinesAcrossBlocks()
    {
        // ~5 MB with one line far longer than a read block.
        auto entries = makeEntries(0, 20000);
        entries[7000].data = "{\"type\":\"tenant.suspended\",\"tenantId\":\"t\",\"reason\":\"r\",\"note\":\""
            + std::string(3 << 20, 'n') + "\"}";
        const QString output = fresh("big.sqlite");
        const ImportSummary summary = importJournal(str(fileWith(ndjson(entries))), str(output));
        QVERIFY2(summary.ok(), summary.message.c_str());
        const auto back = journalEntries(output);
        QCOMPARE(back.size(), entries.size());
        QCOMPARE(back[7000].data, entries[7000].data);
        QCOMPARE(back.back().data, entries.back().data);
    }

    void aTruncatedLastLineIsAnError()
    {
        QByteArray bytes = ndjson(makeEntries(0, 3));
        bytes.chop(20);
        const QString input = fileWith(bytes);
        const ImportSummary summary = importJournal(str(input), str(fresh("t.sqlite")));
        QCOMPARE(summary.status, ImportStatus::InvalidEntries);
        QVERIFY2(q(summary.errors.front()).startsWith(input + QStringLiteral(":3: invalid JSON")),
            summary.errors.front().c_str());
    }

    void unusableInputsNameTheFile_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray() << "empty file";
        QTest::newRow("blank lines only") << QByteArray("\n\n  \n") << "empty file (only whitespace)";
        QTest::newRow("binary garbage") << QByteArray("\x89PNG\r\n\x1a\n\0\0", 10)
                                        << "not a journal: expected a SQLite journal, NDJSON or a Phyxius export, "
                                           "found byte 0x89 at byte 0";
    }

    void unusableInputsNameTheFile()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        const QString input = fileWith(bytes);
        const QString output = fresh("none.sqlite");
        const ImportSummary summary = importJournal(str(input), str(output));
        QCOMPARE(summary.status, ImportStatus::BadInput);
        QCOMPARE(q(summary.message), input + QStringLiteral(": ") + message);
        QVERIFY(!QFileInfo::exists(output));
        const ImportSummary missing = importJournal(str(input + QStringLiteral(".nope")), str(output));
        QCOMPARE(missing.status, ImportStatus::BadInput);
        QVERIFY(q(missing.message).startsWith(input + QStringLiteral(".nope: cannot open: ")));
    }

    void cancellingWritesNothing()
    {
        const QString input = fileWith(ndjson(makeEntries(0, 20000)));
        const QString output = fresh("cancel.sqlite");
        std::vector<double> seen;
        ImportOptions options;
        options.progress = [&seen](double fraction) {
            seen.push_back(fraction);
            return seen.size() < 2;
        };
        const ImportSummary summary = importJournal(str(input), str(output), options);
        QCOMPARE(summary.status, ImportStatus::Cancelled);
        QCOMPARE(seen.size(), std::size_t(2));
        QVERIFY(seen[0] > 0.0 && seen[0] <= seen[1] && seen[1] < 1.0);
        QVERIFY(!QFileInfo::exists(output));
    }
};

QTEST_GUILESS_MAIN(TestImportNdjson)
#include "tst_import_ndjson.moc"
