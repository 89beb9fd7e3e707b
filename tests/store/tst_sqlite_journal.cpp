#include "engine/store/sqlite_journal_cursor.h"
#include "engine/store/sqlite_journal_reader.h"
#include "engine/store/sqlite_journal_writer.h"

#include "store_test_util.h"

#include <QTemporaryDir>
#include <QTest>

using namespace cd::store;
using namespace storetest;
using cd::platform::Entry;

namespace {

bool sameEntry(const Entry& a, const Entry& b)
{
    return a.id == b.id && a.sequence == b.sequence && a.wallMs == b.wallMs && a.monoMs == b.monoMs && a.data == b.data;
}

// Every valid entry of a scan; fails the test on an invalid row.
std::vector<Entry> readAll(SqliteJournalReader& reader, const ReadRange& range = {})
{
    std::vector<Entry> out;
    std::string error;
    auto cursor = reader.scan(range, error);
    if (!cursor)
        return out;
    Entry entry;
    std::string reason;
    while (cursor->next(entry, reason) == SqliteJournalCursor::Status::Entry)
        out.push_back(entry);
    return out;
}

std::unique_ptr<SqliteJournalWriter> newWriter(
    const QString& path, WriterOptions::Mode mode = WriterOptions::Mode::Live)
{
    WriterOptions options;
    options.meta.journalId = "journal-42";
    options.meta.createdWallMs = 1764000000000;
    options.mode = mode;
    std::string error;
    auto writer = SqliteJournalWriter::create(str(path), options, error);
    if (!writer)
        qWarning("%s", error.c_str());
    return writer;
}

std::vector<Entry> filter(const std::vector<Entry>& all, std::int64_t from, std::int64_t to, const char* tenant)
{
    std::vector<Entry> out;
    for (const auto& e : all) {
        if (e.sequence >= from && e.sequence <= to
            && (!tenant || e.data.find(std::string("\"tenantId\":\"") + tenant + "\"") != std::string::npos))
            out.push_back(e);
    }
    return out;
}

} // namespace

class TestSqliteJournal : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    QString fresh(const char* name)
    {
        return m_dir.filePath(QStringLiteral("%1-%2").arg(++m_counter).arg(QString::fromUtf8(name)));
    }

    // A closed journal with entries 0..count-1 (rollback mode when bulk).
    QString journalWith(int count, WriterOptions::Mode mode = WriterOptions::Mode::Bulk)
    {
        const QString path = fresh("journal.sqlite");
        auto writer = newWriter(path, mode);
        std::string error;
        for (const auto& e : makeEntries(0, count)) {
            if (!writer->appendBulk(e, error))
                qWarning("%s", error.c_str());
        }
        writer->close(error);
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void createsTheFormat1Schema()
    {
        const QString path = journalWith(0);
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        auto query = [db](const char* sql) {
            QStringList rows;
            sqlite3_stmt* stmt = nullptr;
            sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
            while (sqlite3_step(stmt) == SQLITE_ROW) {
                QStringList cols;
                for (int i = 0; i < sqlite3_column_count(stmt); ++i)
                    cols << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, i)));
                rows << cols.join(QLatin1Char('|'));
            }
            sqlite3_finalize(stmt);
            return rows;
        };
        QCOMPARE(query("SELECT key, value FROM journal_meta ORDER BY key"),
            QStringList({ QStringLiteral("created_wall_ms|1764000000000"), QStringLiteral("format|chronodesk-journal"),
                QStringLiteral("format_version|1"), QStringLiteral("journal_id|journal-42") }));
        QCOMPARE(query("SELECT name FROM pragma_table_info('events') ORDER BY cid"),
            QStringList({ QStringLiteral("sequence"), QStringLiteral("id"), QStringLiteral("wall_ms"),
                QStringLiteral("mono_ms"), QStringLiteral("type"), QStringLiteral("tenant_id"),
                QStringLiteral("data") }));
        QCOMPARE(query("SELECT name, pk, \"notnull\", type FROM pragma_table_info('events') WHERE pk = 1"),
            QStringList({ QStringLiteral("sequence|1|0|INTEGER") }));
        QCOMPARE(query("SELECT name FROM pragma_index_info('events_by_tenant') ORDER BY seqno"),
            QStringList({ QStringLiteral("tenant_id"), QStringLiteral("sequence") }));
        sqlite3_close(db);
    }

    void appendsAndReadsBack()
    {
        const QString path = fresh("live.sqlite");
        auto writer = newWriter(path);
        QVERIFY(writer);
        const auto entries = makeEntries(0, 10);
        std::string error;
        QVERIFY2(writer->append({ entries.begin(), entries.begin() + 4 }, error), error.c_str());
        QVERIFY2(writer->append({ entries.begin() + 4, entries.end() }, error), error.c_str());
        QCOMPARE(writer->lastSequence(), std::optional<std::int64_t>(9));
        QVERIFY(writer->close(error));
        writer.reset();

        auto reader = SqliteJournalReader::open(str(path), error);
        QVERIFY2(reader, error.c_str());
        QCOMPARE(reader->meta().journalId, std::string("journal-42"));
        QCOMPARE(reader->meta().createdWallMs, std::int64_t(1764000000000));
        QVERIFY(!reader->meta().createdMonoMs);
        JournalInfo info;
        QVERIFY(reader->info(info, error));
        QCOMPARE(info.count, std::int64_t(10));
        QCOMPARE(info.firstSequence, std::optional<std::int64_t>(0));
        QCOMPARE(info.lastSequence, std::optional<std::int64_t>(9));
        const auto back = readAll(*reader);
        QCOMPARE(back.size(), entries.size());
        for (std::size_t i = 0; i < back.size(); ++i)
            QVERIFY2(sameEntry(back[i], entries[i]), back[i].data.c_str());
    }

    void groupCommitAcknowledgesOnlyWhenDurable()
    {
        const QString path = fresh("group.sqlite");
        auto writer = newWriter(path);
        QVERIFY(writer);
        std::vector<std::pair<SqliteJournalWriter::BatchId, bool>> acks;
        auto ack = [&acks](SqliteJournalWriter::BatchId id, bool ok, const std::string&) { acks.emplace_back(id, ok); };
        const auto entries = makeEntries(0, 6);
        const auto b1 = writer->appendBatch({ entries[0], entries[1] }, ack);
        const auto b2 = writer->appendBatch({ entries[2] }, ack);
        const auto b3 = writer->appendBatch({ entries[3], entries[4], entries[5] }, ack);
        QCOMPARE(writer->pendingBatches(), std::size_t(3));
        QVERIFY(acks.empty());

        // Nothing is visible (nor acknowledged) before the commit.
        std::string error;
        ReaderOptions live;
        live.immutableWhenPossible = false;
        {
            auto reader = SqliteJournalReader::open(str(path), error, live);
            QVERIFY2(reader, error.c_str());
            QCOMPARE(readAll(*reader).size(), std::size_t(0));
        }
        QVERIFY(writer->commit(&error));
        QCOMPARE(writer->pendingBatches(), std::size_t(0));
        QCOMPARE(acks,
            (std::vector<std::pair<SqliteJournalWriter::BatchId, bool>> { { b1, true }, { b2, true }, { b3, true } }));
        auto reader = SqliteJournalReader::open(str(path), error, live);
        QVERIFY2(reader, error.c_str());
        QCOMPARE(readAll(*reader).size(), std::size_t(6));
        QVERIFY(!reader->immutable());
    }

    void aFailingBatchLeavesNothingOfItself_data()
    {
        QTest::addColumn<int>("badAt");
        QTest::addColumn<QString>("reason");
        QTest::newRow("data not an object") << 0 << "data is not an object";
        QTest::newRow("sequence repeats inside the batch") << 1 << "is not larger than the previous entry's";
    }

    void aFailingBatchLeavesNothingOfItself()
    {
        QFETCH(int, badAt);
        QFETCH(QString, reason);
        const QString path = fresh("atomic.sqlite");
        auto writer = newWriter(path);
        QVERIFY(writer);
        std::vector<std::string> errors(3);
        std::vector<int> okFlags(3, -1);
        auto ack = [&errors, &okFlags](SqliteJournalWriter::BatchId id, bool ok, const std::string& error) {
            okFlags[id - 1] = ok;
            errors[id - 1] = error;
        };
        writer->appendBatch(makeEntries(0, 3), ack);
        // Batch 2 inserts 3 and 4, then fails on its third entry.
        auto bad = makeEntries(3, 3);
        for (auto& e : bad)
            e.id = "bad-" + e.id;
        if (badAt == 0)
            bad[2].data = "[1,2]";
        else
            bad[2].sequence = 4;
        writer->appendBatch(bad, ack);
        // Batch 3 reuses 3 and 4: only possible when batch 2 left nothing.
        writer->appendBatch(makeEntries(3, 2), ack);
        std::string error;
        QVERIFY(writer->commit(&error));
        QCOMPARE(okFlags, (std::vector<int> { 1, 0, 1 }));
        QVERIFY2(QString::fromStdString(errors[1]).contains(reason), errors[1].c_str());
        QCOMPARE(writer->lastSequence(), std::optional<std::int64_t>(4));
        QVERIFY(writer->close(error));
        writer.reset();
        auto reader = SqliteJournalReader::open(str(path), error);
        QVERIFY2(reader, error.c_str());
        const auto back = readAll(*reader);
        QCOMPARE(back.size(), std::size_t(5));
        for (const auto& e : back)
            QVERIFY2(!e.id.starts_with("bad-"), e.id.c_str());
    }

    void appendReportsAFailedBatch()
    {
        const QString path = fresh("append.sqlite");
        auto writer = newWriter(path);
        std::string error;
        QVERIFY(writer->append(makeEntries(5, 2), error));
        QVERIFY(!writer->append(makeEntries(6, 1), error));
        QCOMPARE(QString::fromStdString(error),
            path + QStringLiteral(": sequence 6 is not larger than the previous entry's (6)"));
        QVERIFY(writer->append(makeEntries(7, 1), error));
        QCOMPARE(writer->entriesWritten(), std::uint64_t(3));
    }

    void autoCommitPolicy()
    {
        const QString path = fresh("auto.sqlite");
        WriterOptions options;
        options.meta.journalId = "j";
        options.autoCommitBatches = 2;
        std::string error;
        auto writer = SqliteJournalWriter::create(str(path), options, error);
        QVERIFY(writer);
        int acked = 0;
        auto ack = [&acked](SqliteJournalWriter::BatchId, bool ok, const std::string&) { acked += ok ? 1 : 0; };
        writer->appendBatch(makeEntries(0, 1), ack);
        QCOMPARE(acked, 0);
        writer->appendBatch(makeEntries(1, 1), ack);
        QCOMPARE(acked, 2);
        QCOMPARE(writer->pendingBatches(), std::size_t(0));
    }

    void bulkPathCommitsInChunks()
    {
        const QString path = fresh("bulk.sqlite");
        WriterOptions options;
        options.meta.journalId = "bulk";
        options.mode = WriterOptions::Mode::Bulk;
        options.bulkChunkRows = 7;
        std::string error;
        auto writer = SqliteJournalWriter::create(str(path), options, error);
        QVERIFY(writer);
        const auto entries = makeEntries(100, 50);
        for (const auto& e : entries)
            QVERIFY2(writer->appendBulk(e, error), error.c_str());
        QVERIFY(!writer->appendBulk(makeEntry(120), error));
        QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("sequence 120 is not larger")), error.c_str());
        QVERIFY(writer->close(error));
        writer.reset();
        auto reader = SqliteJournalReader::open(str(path), error);
        QVERIFY(reader);
        QCOMPARE(readAll(*reader).size(), entries.size());
    }

    void writerRefusesAnExistingFile()
    {
        const QString path = journalWith(1);
        const QByteArray before = sha(path);
        WriterOptions options;
        std::string error;
        QVERIFY(!SqliteJournalWriter::create(str(path), options, error));
        QCOMPARE(QString::fromStdString(error), path + QStringLiteral(": already exists"));
        QCOMPARE(sha(path), before);
    }

    void scansRangesAndTenants_data()
    {
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::addColumn<QString>("tenant");
        QTest::newRow("all") << qint64(-1) << qint64(-1) << QString();
        QTest::newRow("range") << qint64(5) << qint64(12) << QString();
        QTest::newRow("single") << qint64(7) << qint64(7) << QString();
        QTest::newRow("empty range") << qint64(40) << qint64(50) << QString();
        QTest::newRow("tenant") << qint64(-1) << qint64(-1) << QStringLiteral("t-1");
        QTest::newRow("tenant and range") << qint64(4) << qint64(17) << QStringLiteral("t-2");
        QTest::newRow("unknown tenant") << qint64(-1) << qint64(-1) << QStringLiteral("t-9");
    }

    void scansRangesAndTenants()
    {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QFETCH(QString, tenant);
        const QString path = journalWith(30);
        std::string error;
        auto reader = SqliteJournalReader::open(str(path), error);
        QVERIFY(reader);
        ReadRange range;
        if (from >= 0)
            range.fromSequence = from;
        if (to >= 0)
            range.toSequence = to;
        const std::string tenantId = str(tenant);
        if (!tenant.isEmpty())
            range.tenantId = tenantId;
        const auto expected = filter(
            makeEntries(0, 30), from < 0 ? 0 : from, to < 0 ? 1000 : to, tenant.isEmpty() ? nullptr : tenantId.c_str());
        const auto got = readAll(*reader, range);
        QCOMPARE(got.size(), expected.size());
        for (std::size_t i = 0; i < got.size(); ++i)
            QVERIFY(sameEntry(got[i], expected[i]));
    }

    void forEachStopsWhereAsked()
    {
        const QString path = journalWith(10);
        QVERIFY(execSql(path, "UPDATE events SET data = '[]' WHERE sequence = 6"));
        std::string error;
        auto reader = SqliteJournalReader::open(str(path), error);
        std::vector<std::int64_t> seen;
        auto collect = [&seen](const Entry& e) {
            seen.push_back(e.sequence);
            return e.sequence < 3;
        };
        QVERIFY(reader->forEach({}, collect, error));
        QCOMPARE(seen, (std::vector<std::int64_t> { 0, 1, 2, 3 }));
        seen.clear();
        ReadRange from4;
        from4.fromSequence = 4;
        QVERIFY(!reader->forEach(
            from4, [&seen](const Entry& e) { return seen.push_back(e.sequence), true; }, error));
        QCOMPARE(seen, (std::vector<std::int64_t> { 4, 5 }));
        QCOMPARE(QString::fromStdString(error), path + QStringLiteral(": sequence 6: data: expected an object"));
    }

    void tenantScansUseTheIndex()
    {
        const QString path = journalWith(10);
        std::string error;
        auto reader = SqliteJournalReader::open(str(path), error);
        sqlite3_stmt* stmt = nullptr;
        QCOMPARE(sqlite3_prepare_v2(reader->handle(),
                     "EXPLAIN QUERY PLAN SELECT sequence FROM events WHERE tenant_id = 't-1' AND sequence >= 3 ORDER "
                     "BY sequence",
                     -1, &stmt, nullptr),
            SQLITE_OK);
        QString plan;
        while (sqlite3_step(stmt) == SQLITE_ROW)
            plan += QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3)));
        sqlite3_finalize(stmt);
        QVERIFY2(plan.contains(QStringLiteral("events_by_tenant")), qPrintable(plan));
        QVERIFY2(!plan.contains(QStringLiteral("TEMP B-TREE")), qPrintable(plan));
    }

    void validatesEveryRow_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<QString>("reason");
        QTest::newRow("unknown type") << QByteArray(
            "UPDATE events SET data = '{\"type\":\"tenant.deleted\",\"tenantId\":\"t-0\"}', type = 'tenant.deleted' "
            "WHERE sequence = 3") << "data.type";
        QTest::newRow("not JSON") << QByteArray("UPDATE events SET data = '{oops' WHERE sequence = 3")
                                  << "invalid JSON";
        QTest::newRow("bad plan") << QByteArray("UPDATE events SET data = replace(data, '\"pro\"', '\"gold\"') WHERE "
                                                "sequence = 0")
                                  << "data.plan: expected one of starter, pro, enterprise";
        QTest::newRow("type copy differs") << QByteArray("UPDATE events SET type = 'user.activated' WHERE sequence = 3")
                                           << "type column 'user.activated' does not match data.type "
                                              "'billing.payment.failed'";
        QTest::newRow("tenant copy differs") << QByteArray("UPDATE events SET tenant_id = 't-7' WHERE sequence = 3")
                                             << "tenant_id column 't-7' does not match data.tenantId 't-0'";
        QTest::newRow("wall_ms as text") << QByteArray("UPDATE events SET wall_ms = 'noon' WHERE sequence = 3")
                                         << "wall_ms: expected an integer, got text";
        QTest::newRow("wall_ms beyond 2^53") << QByteArray("UPDATE events SET wall_ms = 9007199254740993 WHERE "
                                                           "sequence = 3")
                                             << "wall_ms: 9007199254740993 is beyond +-2^53";
        QTest::newRow("id as integer") << QByteArray("UPDATE events SET id = X'6131' WHERE sequence = 3")
                                       << "id: expected text, got a blob";
        QTest::newRow("invalid UTF-8") << QByteArray("UPDATE events SET data = CAST(X'7B2274797065223A22FF227D' AS "
                                                     "TEXT) WHERE sequence = 3")
                                       << "invalid UTF-8";
        QTest::newRow("deep nesting") << QByteArray("UPDATE events SET data = '{\"type\":\"tenant.created\",\"x\":' "
                                                    "|| printf('%.*c', 5000, '[') || printf('%.*c', 5000, ']') || '}' "
                                                    "WHERE sequence = 3")
                                      << "nested too deep";
        QTest::newRow("negative sequence") << QByteArray("UPDATE events SET sequence = -1 WHERE sequence = 0")
                                           << "sequence: expected a non-negative integer";
    }

    void validatesEveryRow()
    {
        QFETCH(QByteArray, sql);
        QFETCH(QString, reason);
        const QString path = journalWith(6);
        QVERIFY(execSql(path, sql.constData()));
        std::string error;
        auto reader = SqliteJournalReader::open(str(path), error);
        QVERIFY2(reader, error.c_str());
        auto cursor = reader->scan({}, error);
        Entry entry;
        std::string why;
        int valid = 0;
        int invalid = 0;
        for (;;) {
            const auto status = cursor->next(entry, why);
            if (status == SqliteJournalCursor::Status::End)
                break;
            QVERIFY(status != SqliteJournalCursor::Status::Failed);
            if (status == SqliteJournalCursor::Status::Entry) {
                ++valid;
                continue;
            }
            ++invalid;
            QVERIFY2(QString::fromStdString(why).contains(reason), why.c_str());
            QVERIFY(!cursor->raw().empty());
        }
        QCOMPARE(invalid, 1);
        QCOMPARE(valid, 5);
    }

    void refusesWhatItCannotRead_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<QString>("message");
        QTest::newRow("newer version") << QByteArray("UPDATE journal_meta SET value = '2' WHERE key = 'format_version'")
                                       << "newer format version 2 (this reader knows 1)";
        QTest::newRow("version not a number")
            << QByteArray("UPDATE journal_meta SET value = 'two' WHERE key = 'format_version'")
            << "not a Chronodesk journal: format_version 'two' is not an integer";
        QTest::newRow("other format") << QByteArray("UPDATE journal_meta SET value = 'x' WHERE key = 'format'")
                                      << "not a Chronodesk journal: format is 'x'";
        QTest::newRow("no format row") << QByteArray("DELETE FROM journal_meta WHERE key = 'format'")
                                       << "not a Chronodesk journal: journal_meta has no 'format' row";
        QTest::newRow("no journal id") << QByteArray("DELETE FROM journal_meta WHERE key = 'journal_id'")
                                       << "not a Chronodesk journal: journal_meta has no 'journal_id' row";
        QTest::newRow("no meta table") << QByteArray("DROP TABLE journal_meta")
                                       << "not a Chronodesk journal: no journal_meta table";
        QTest::newRow("no events table") << QByteArray("DROP TABLE events")
                                         << "not a Chronodesk journal: no events table";
        QTest::newRow("events lacks a column")
            << QByteArray("DROP TABLE events; CREATE TABLE events (sequence INTEGER PRIMARY KEY, id TEXT, data TEXT)")
            << "not a Chronodesk journal: the events table has no 'wall_ms' column";
    }

    void refusesWhatItCannotRead()
    {
        QFETCH(QByteArray, sql);
        QFETCH(QString, message);
        const QString path = journalWith(2);
        QVERIFY(execSql(path, sql.constData()));
        std::string error;
        QVERIFY(!SqliteJournalReader::open(str(path), error));
        QCOMPARE(QString::fromStdString(error), path + QStringLiteral(": ") + message);
    }

    void refusesAnotherSqliteSchema()
    {
        const QString path = fresh("other.sqlite");
        QVERIFY(execSql(path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)"));
        std::string error;
        QVERIFY(!SqliteJournalReader::open(str(path), error));
        QCOMPARE(
            QString::fromStdString(error), path + QStringLiteral(": not a Chronodesk journal: no journal_meta table"));
    }

    void brokenFilesGiveAnErrorNamingTheFile_data()
    {
        QTest::addColumn<int>("keep");
        QTest::addColumn<bool>("garbage");
        QTest::newRow("header only") << 100 << false;
        QTest::newRow("first page") << 4096 << false;
        QTest::newRow("cut in the middle") << 12000 << false;
        QTest::newRow("garbage after the header") << 16 << true;
    }

    void brokenFilesGiveAnErrorNamingTheFile()
    {
        QFETCH(int, keep);
        QFETCH(bool, garbage);
        const QString good = journalWith(400);
        QByteArray bytes = readBytes(good).left(keep);
        if (garbage) {
            for (int i = 0; i < 20000; ++i)
                bytes.append(char((i * 7919) % 251));
        }
        const QString path = fresh("broken.sqlite");
        QVERIFY(writeBytes(path, bytes));
        std::string error;
        auto reader = SqliteJournalReader::open(str(path), error);
        if (reader) {
            // Opened: the damage shows while reading, never as a crash.
            auto cursor = reader->scan({}, error);
            QVERIFY(cursor);
            Entry entry;
            std::string why;
            SqliteJournalCursor::Status status;
            while ((status = cursor->next(entry, why)) == SqliteJournalCursor::Status::Entry) { }
            QCOMPARE(status, SqliteJournalCursor::Status::Failed);
            error = cursor->error();
        }
        QVERIFY2(error.starts_with(str(path) + ": "), error.c_str());
    }

    void readingARollbackJournalChangesNothing()
    {
        const QString path = journalWith(50);
        const QString dir = QFileInfo(path).absolutePath();
        const QStringList filesBefore = filesIn(dir);
        const QByteArray before = sha(path);
        std::string error;
        {
            auto reader = SqliteJournalReader::open(str(path), error);
            QVERIFY2(reader, error.c_str());
            QVERIFY(reader->immutable());
            JournalInfo info;
            QVERIFY(reader->info(info, error));
            QCOMPARE(readAll(*reader).size(), std::size_t(50));
            ReadRange range;
            range.tenantId = "t-1";
            QVERIFY(!readAll(*reader, range).empty());
            // query_only: even a deliberate write is refused.
            QVERIFY(sqlite3_exec(reader->handle(), "CREATE INDEX x ON events (type)", nullptr, nullptr, nullptr)
                != SQLITE_OK);
        }
        QCOMPARE(sha(path), before);
        QCOMPARE(filesIn(dir), filesBefore);
    }

    void readsCommittedWalContentWithoutChangingIt()
    {
        // A WAL journal whose recent commits live only in its -wal file: copy
        // the files while the writer still holds them un-checkpointed.
        const QString live = fresh("wal.sqlite");
        auto writer = newWriter(live);
        QVERIFY(writer);
        std::string error;
        QVERIFY(writer->append(makeEntries(0, 20), error));
        QVERIFY(writer->append(makeEntries(20, 20), error));
        QVERIFY(QFileInfo::exists(live + QStringLiteral("-wal")));
        QVERIFY(QFileInfo(live + QStringLiteral("-wal")).size() > 0);

        QTemporaryDir evidenceDir;
        const QString evidence = evidenceDir.filePath(QStringLiteral("evidence.sqlite"));
        QVERIFY(QFile::copy(live, evidence));
        QVERIFY(QFile::copy(live + QStringLiteral("-wal"), evidence + QStringLiteral("-wal")));

        // The live file too, read while its writer is open.
        const QByteArray liveMain = sha(live);
        const QByteArray liveWal = sha(live + QStringLiteral("-wal"));
        {
            ReaderOptions options;
            options.immutableWhenPossible = false;
            auto reader = SqliteJournalReader::open(str(live), error, options);
            QVERIFY2(reader, error.c_str());
            QCOMPARE(readAll(*reader).size(), std::size_t(40));
        }
        QCOMPARE(sha(live), liveMain);
        QCOMPARE(sha(live + QStringLiteral("-wal")), liveWal);
        QVERIFY(writer->close(error));
        writer.reset();

        const QByteArray mainBefore = sha(evidence);
        const QByteArray walBefore = sha(evidence + QStringLiteral("-wal"));
        {
            auto reader = SqliteJournalReader::open(str(evidence), error);
            QVERIFY2(reader, error.c_str());
            QVERIFY(!reader->immutable());
            JournalInfo info;
            QVERIFY(reader->info(info, error));
            QCOMPARE(info.count, std::int64_t(40));
            const auto back = readAll(*reader);
            QCOMPARE(back.size(), std::size_t(40));
            QVERIFY(sameEntry(back.back(), makeEntries(0, 40).back()));
        }
        QCOMPARE(sha(evidence), mainBefore);
        QCOMPARE(sha(evidence + QStringLiteral("-wal")), walBefore);
        // Only a -shm may have appeared (SQLite needs one to read a -wal).
        QStringList files = filesIn(evidenceDir.path());
        files.removeAll(QStringLiteral("evidence.sqlite-shm"));
        QCOMPARE(files, QStringList({ QStringLiteral("evidence.sqlite"), QStringLiteral("evidence.sqlite-wal") }));

        // Proof that the entries came from the -wal: the main file alone does
        // not even hold the schema yet.
        QTemporaryDir aloneDir;
        const QString alone = aloneDir.filePath(QStringLiteral("alone.sqlite"));
        QVERIFY(QFile::copy(evidence, alone));
        QVERIFY(!SqliteJournalReader::open(str(alone), error));
        QCOMPARE(
            QString::fromStdString(error), alone + QStringLiteral(": not a Chronodesk journal: no journal_meta table"));
    }

    void aClosedWalJournalIsReadImmutable()
    {
        const QString path = journalWith(5, WriterOptions::Mode::Live);
        QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
        const QString dir = QFileInfo(path).absolutePath();
        const QStringList filesBefore = filesIn(dir);
        const QByteArray before = sha(path);
        std::string error;
        {
            auto reader = SqliteJournalReader::open(str(path), error);
            QVERIFY2(reader, error.c_str());
            QVERIFY(reader->immutable());
            QCOMPARE(readAll(*reader).size(), std::size_t(5));
        }
        QCOMPARE(sha(path), before);
        QCOMPARE(filesIn(dir), filesBefore);
    }

    void emptyJournalInfo()
    {
        const QString path = journalWith(0);
        std::string error;
        auto reader = SqliteJournalReader::open(str(path), error);
        JournalInfo info;
        QVERIFY(reader->info(info, error));
        QCOMPARE(info.count, std::int64_t(0));
        QVERIFY(!info.firstSequence && !info.lastSequence);
        QCOMPARE(info.formatVersion, 1);
    }

    void pathsWithUriCharactersOpen()
    {
        const QString path = m_dir.filePath(QStringLiteral("we?ird #name%20.sqlite"));
        auto writer = newWriter(path, WriterOptions::Mode::Bulk);
        QVERIFY(writer);
        std::string error;
        QVERIFY(writer->appendBulk(makeEntry(0), error));
        QVERIFY(writer->close(error));
        writer.reset();
        auto reader = SqliteJournalReader::open(str(path), error);
        QVERIFY2(reader, error.c_str());
        QCOMPARE(readAll(*reader).size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestSqliteJournal)
#include "tst_sqlite_journal.moc"
