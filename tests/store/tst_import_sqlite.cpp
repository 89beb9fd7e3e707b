#include "engine/store/importer.h"
#include "engine/store/sqlite_journal_cursor.h"
#include "engine/store/sqlite_journal_reader.h"
#include "engine/store/sqlite_journal_writer.h"

#include "store_test_util.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace cd::store;
using namespace storetest;
using cd::platform::Entry;

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

std::vector<Entry> journalEntries(const QString& path)
{
    std::vector<Entry> out;
    std::string error;
    auto reader = SqliteJournalReader::open(str(path), error);
    if (!reader)
        return out;
    auto cursor = reader->scan({}, error);
    Entry entry;
    std::string reason;
    while (cursor->next(entry, reason) == SqliteJournalCursor::Status::Entry)
        out.push_back(entry);
    return out;
}

} // namespace

class TestImportSqlite : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    QString fresh(const char* name)
    {
        return m_dir.filePath(QStringLiteral("%1-%2").arg(++m_counter).arg(QString::fromUtf8(name)));
    }
    // A live-mode (WAL) journal with a creation instant, closed.
    QString sourceJournal(int count)
    {
        const QString path = fresh("source.sqlite");
        WriterOptions options;
        options.meta = { "demo-seed-7", 1764000000000, 12 };
        std::string error;
        auto writer = SqliteJournalWriter::create(str(path), options, error);
        writer->append(makeEntries(0, count), error);
        writer->close(error);
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void keepsTheJournalIdentity()
    {
        const QString source = sourceJournal(40);
        const QByteArray before = sha(source);
        const QString output = fresh("copy.sqlite");
        const ImportSummary summary = importJournal(str(source), str(output));
        QVERIFY2(summary.ok(), summary.message.c_str());
        QCOMPARE(summary.format, std::optional<JournalFormat>(JournalFormat::Sqlite));
        QCOMPARE(summary.accepted, std::uint64_t(40));
        QCOMPARE(summary.journalId, std::string("demo-seed-7"));
        QCOMPARE(sha(source), before);
        std::string error;
        auto reader = SqliteJournalReader::open(str(output), error);
        QVERIFY2(reader, error.c_str());
        QCOMPARE(reader->meta().journalId, std::string("demo-seed-7"));
        QCOMPARE(reader->meta().createdWallMs, std::int64_t(1764000000000));
        QCOMPARE(reader->meta().createdMonoMs, std::optional<std::int64_t>(12));
        reader.reset();
        const auto a = journalEntries(source);
        const auto b = journalEntries(output);
        QCOMPARE(b.size(), a.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            QVERIFY(a[i].data == b[i].data && a[i].id == b[i].id && a[i].sequence == b[i].sequence);
        // The import is a rollback-mode file: nothing beside it.
        QVERIFY(!QFileInfo::exists(output + QStringLiteral("-wal")));
        QVERIFY(!QFileInfo::exists(output + QStringLiteral("-journal")));
    }

    void invalidRowsNameTheirSequence()
    {
        const QString source = sourceJournal(10);
        QVERIFY(execSql(source,
            "UPDATE events SET data = '{\"type\":\"user.invited\",\"tenantId\":\"t-1\"}', type = "
            "'user.invited' WHERE sequence = 4; "
            "UPDATE events SET data = CAST(X'7B22FF227D' AS TEXT) WHERE sequence = 7"));
        const QString strictOut = fresh("strict.sqlite");
        const ImportSummary strict = importJournal(str(source), str(strictOut));
        QCOMPARE(strict.status, ImportStatus::InvalidEntries);
        QCOMPARE(strict.errors.size(), std::size_t(2));
        QCOMPARE(q(strict.errors[0]), source + QStringLiteral(": sequence 4: data.userId: missing"));
        QCOMPARE(q(strict.errors[1]), source + QStringLiteral(": sequence 7: invalid UTF-8"));
        QVERIFY(!QFileInfo::exists(strictOut));

        ImportOptions options;
        options.skipInvalid = true;
        const QString output = fresh("skip.sqlite");
        const ImportSummary summary = importJournal(str(source), str(output), options);
        QVERIFY2(summary.ok(), summary.message.c_str());
        QCOMPARE(summary.accepted + summary.rejected, std::uint64_t(10));
        QCOMPARE(summary.rejected, std::uint64_t(2));
        const QList<QByteArray> log = readBytes(output + QStringLiteral(".rejected.ndjson")).trimmed().split('\n');
        QCOMPARE(log.size(), 2);
        const QJsonObject first = QJsonDocument::fromJson(log[0]).object();
        QCOMPARE(first.value(QStringLiteral("sequence")).toInt(), 4);
        QCOMPARE(first.value(QStringLiteral("reason")).toString(), QStringLiteral("data.userId: missing"));
        const QJsonObject raw
            = QJsonDocument::fromJson(first.value(QStringLiteral("raw")).toString().toUtf8()).object();
        QCOMPARE(raw.value(QStringLiteral("id")).toString(), QStringLiteral("e-4"));
        QCOMPARE(raw.value(QStringLiteral("data")).toObject().value(QStringLiteral("type")).toString(),
            QStringLiteral("user.invited"));
        const QJsonObject second = QJsonDocument::fromJson(log[1]).object();
        QCOMPARE(second.value(QStringLiteral("sequence")).toInt(), 7);
        QVERIFY(!second.contains(QStringLiteral("raw")));
        QVERIFY(QByteArray::fromBase64(second.value(QStringLiteral("rawBase64")).toString().toLatin1())
                    .contains("\"data\":{\"\xff\"}"));
    }

    void refusesANewerJournal()
    {
        const QString source = sourceJournal(3);
        QVERIFY(execSql(source, "UPDATE journal_meta SET value = '2' WHERE key = 'format_version'"));
        const QString output = fresh("out.sqlite");
        const ImportSummary summary = importJournal(str(source), str(output));
        QCOMPARE(summary.status, ImportStatus::BadInput);
        QCOMPARE(q(summary.message), source + QStringLiteral(": newer format version 2 (this reader knows 1)"));
        QVERIFY(!QFileInfo::exists(output));
    }

    void forceReplacesAWalJournalCleanly()
    {
        // OUTPUT is a WAL journal with a leftover -wal: replacing it must not
        // let SQLite apply that -wal to the new file.
        const QString output = fresh("target.sqlite");
        WriterOptions options;
        options.meta.journalId = "old";
        std::string error;
        auto writer = SqliteJournalWriter::create(str(output), options, error);
        QVERIFY(writer->append(makeEntries(0, 30), error));
        QVERIFY(QFileInfo(output + QStringLiteral("-wal")).size() > 0);
        const QString stale = fresh("stale-wal");
        QVERIFY(QFile::copy(output + QStringLiteral("-wal"), stale));
        writer.reset();
        QVERIFY(QFile::copy(stale, output + QStringLiteral("-wal")));

        const QString input = fresh("in.ndjson");
        QVERIFY(writeBytes(input, ndjson(makeEntries(100, 3))));
        ImportOptions force;
        force.force = true;
        const ImportSummary summary = importJournal(str(input), str(output), force);
        QVERIFY2(summary.ok(), summary.message.c_str());
        QVERIFY(!QFileInfo::exists(output + QStringLiteral("-wal")));
        const auto back = journalEntries(output);
        QCOMPARE(back.size(), std::size_t(3));
        QCOMPARE(back.front().sequence, std::int64_t(100));
    }
};

QTEST_GUILESS_MAIN(TestImportSqlite)
#include "tst_import_sqlite.moc"
