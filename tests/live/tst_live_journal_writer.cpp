// The live journal's writer: group commit through the writer thread (inserts
// ahead of the commit, acknowledgements only after it), a failing batch that
// fails alone with nothing of it written, and the lock that keeps a second
// writer off a journal while a reader still reads it.
#include "engine/live/sqlite_journal_store.h"
#include "engine/runtime/controlled_clock.h"
#include "engine/runtime/executor.h"
#include "engine/store/sqlite_journal_reader.h"
#include "engine/store/sqlite_journal_writer.h"
#include "engine/store/sqlite_journal_writer_lock.h"
#include "engine/store/sqlite_stmt.h"

#include <sqlite3.h>

#include "live_fixture.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

using namespace cd;

namespace {

using Entry = rt::JournalEntry<std::string>;

std::vector<Entry> batchOf(std::int64_t firstSeq, const std::vector<std::string>& data)
{
    std::vector<Entry> out;
    for (const auto& d : data) {
        const std::int64_t seq = firstSeq + static_cast<std::int64_t>(out.size());
        out.push_back(Entry { "e-" + std::to_string(seq), seq, rt::Instant { 1000 + seq, seq }, d });
    }
    return out;
}

std::string usageEvent(const std::string& tenant)
{
    return R"({"type":"usage.recorded","tenantId":")" + tenant + R"(","n":1})";
}

std::unique_ptr<store::SqliteJournalWriter> newWriter(const std::string& path, std::string& error)
{
    store::WriterOptions wo;
    wo.meta.journalId = "writer-test";
    wo.sync = store::WriterOptions::Sync::Normal;
    return store::SqliteJournalWriter::create(path, wo, error);
}

// "sequence:id" of every committed row, through a connection of its own.
std::vector<std::string> committedIds(const std::string& path)
{
    std::vector<std::string> ids;
    std::string error;
    store::ReaderOptions ro;
    ro.immutableWhenPossible = false; // the writer is still open
    auto reader = store::SqliteJournalReader::open(path, error, ro);
    if (!reader)
        qFatal("%s", error.c_str());
    store::SqliteStmt rows;
    if (!rows.prepare(reader->handle(), "SELECT sequence, id FROM events ORDER BY sequence", error))
        qFatal("%s", error.c_str());
    while (rows.step() == SQLITE_ROW)
        ids.push_back(std::to_string(rows.columnInt64(0)) + ":" + std::string(rows.columnText(1)));
    return ids;
}

} // namespace

class TestLiveJournalWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void groupCommitAcksAfterCommit_data();
    void groupCommitAcksAfterCommit();
    void failingBatchFailsAlone_data();
    void failingBatchFailsAlone();
    void writeAheadIsInvisibleUntilCommit();
    void secondWriterIsRefused_data();
    void secondWriterIsRefused();
    void secondPlatformIsRefused();
};

void TestLiveJournalWriter::groupCommitAcksAfterCommit_data()
{
    QTest::addColumn<bool>("writerThread");
    QTest::addColumn<int>("batches");
    QTest::newRow("thread, 3 batches") << true << 3;
    QTest::newRow("thread, 600 batches (thread woken before the commit)") << true << 600;
    QTest::newRow("no thread, 3 batches") << false << 3;
}

void TestLiveJournalWriter::groupCommitAcksAfterCommit()
{
    QFETCH(bool, writerThread);
    QFETCH(int, batches);
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("j.sqlite")).toStdString();
    rt::Executor executor;
    rt::ControlledClock clock(executor, 0);
    std::string error;
    auto writer = newWriter(path, error);
    QVERIFY2(writer, error.c_str());
    live::SqliteJournalStore store(clock, std::move(writer), 1'000'000, writerThread);

    std::vector<rt::Future<void>> acks;
    std::int64_t seq = 0;
    for (int b = 0; b < batches; ++b) {
        const auto batch = batchOf(seq, { usageEvent("t-" + std::to_string(b)), usageEvent("t-x") });
        seq += 2;
        acks.push_back(store.commit(batch));
    }
    clock.flush();
    // Queued (and maybe inserted ahead) but not committed: nothing settled,
    // nothing visible to another connection.
    for (const auto& ack : acks)
        QVERIFY(!ack.settled());
    QCOMPARE(committedIds(path).size(), std::size_t(0));

    clock.tick(); // the group's timer, due at this instant
    clock.flush();
    for (const auto& ack : acks) {
        QVERIFY(ack.settled());
        QVERIFY(!ack.hasError());
    }
    QCOMPARE(store.stats().commits, std::uint64_t(1));
    QCOMPARE(store.stats().entriesCommitted, std::uint64_t(2 * batches));
    QCOMPARE(store.stats().lastSequence, seq - 1);
    const auto ids = committedIds(path);
    QCOMPARE(ids.size(), std::size_t(2 * batches));
    QCOMPARE(ids.front(), std::string("0:e-0"));
    QCOMPARE(ids.back(), std::to_string(seq - 1) + ":e-" + std::to_string(seq - 1));
    QVERIFY(store.close(error));
}

void TestLiveJournalWriter::failingBatchFailsAlone_data()
{
    QTest::addColumn<bool>("writerThread");
    QTest::newRow("thread") << true;
    QTest::newRow("no thread") << false;
}

void TestLiveJournalWriter::failingBatchFailsAlone()
{
    QFETCH(bool, writerThread);
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("j.sqlite")).toStdString();
    rt::Executor executor;
    rt::ControlledClock clock(executor, 0);
    std::string error;
    auto writer = newWriter(path, error);
    QVERIFY2(writer, error.c_str());
    live::SqliteJournalStore store(clock, std::move(writer), 1'000'000, writerThread);

    auto first = store.commit(batchOf(0, { usageEvent("t-1"), usageEvent("t-1") }));
    // Its second row is not an object with a "type": the batch must leave
    // nothing of itself, its first row included.
    auto bad = store.commit(batchOf(2, { usageEvent("t-2"), "[1,2]" }));
    auto third = store.commit(batchOf(4, { usageEvent("t-3") }));
    store.commitNow();
    clock.flush();
    QVERIFY(first.settled() && !first.hasError());
    QVERIFY(bad.settled() && bad.hasError());
    QVERIFY(third.settled() && !third.hasError());
    try {
        std::rethrow_exception(bad.error());
    } catch (const std::exception& e) {
        const std::string what = e.what();
        QVERIFY2(what.find(path) != std::string::npos, e.what());
        QVERIFY2(what.find("sequence 3") != std::string::npos, e.what());
    }
    QCOMPARE(committedIds(path), (std::vector<std::string> { "0:e-0", "1:e-1", "4:e-4" }));
    QCOMPARE(store.stats().failedBatches, std::uint64_t(1));
    QCOMPARE(store.stats().entriesCommitted, std::uint64_t(3));

    // The next group goes on after the failure.
    auto next = store.commit(batchOf(5, { usageEvent("t-4") }));
    store.commitNow();
    clock.flush();
    QVERIFY(next.settled() && !next.hasError());
    QCOMPARE(committedIds(path).back(), std::string("5:e-5"));
    QVERIFY(store.close(error));
}

void TestLiveJournalWriter::writeAheadIsInvisibleUntilCommit()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("j.sqlite")).toStdString();
    std::string error;
    auto writer = newWriter(path, error);
    QVERIFY2(writer, error.c_str());
    std::vector<std::string> outcomes;
    const auto record = [&outcomes](std::uint64_t id, bool ok, const std::string& e) {
        outcomes.push_back(std::to_string(id) + (ok ? ":ok" : ":failed " + e));
    };
    platform::Entry a { "e-0", 0, 1000, 0, usageEvent("t-1") };
    platform::Entry b { "e-1", 1, 1001, 1, usageEvent("t-2") };
    writer->appendBatch({ a }, record);
    QVERIFY(writer->writeAhead());
    // Inserted in the open transaction only.
    QCOMPARE(committedIds(path).size(), std::size_t(0));
    // A row out of sequence order stops the write-ahead; commit redoes the
    // group batch by batch.
    platform::Entry stale { "e-x", 0, 1001, 1, usageEvent("t-3") };
    writer->appendBatch({ stale }, record);
    QVERIFY(!writer->writeAhead());
    writer->appendBatch({ b }, record);
    std::string commitError;
    QVERIFY(writer->commit(&commitError));
    QCOMPARE(outcomes.size(), std::size_t(3));
    QCOMPARE(outcomes[0], std::string("1:ok"));
    QVERIFY2(outcomes[1].rfind("2:failed sequence 0 is not larger", 0) == 0, outcomes[1].c_str());
    QCOMPARE(outcomes[2], std::string("3:ok"));
    QCOMPARE(committedIds(path), (std::vector<std::string> { "0:e-0", "1:e-1" }));
    QCOMPARE(writer->entriesWritten(), std::uint64_t(2));
    QCOMPARE(writer->lastSequence().value_or(-1), std::int64_t(1));
    QVERIFY(writer->close(error));
}

void TestLiveJournalWriter::secondWriterIsRefused_data()
{
    QTest::addColumn<bool>("secondCreates");
    QTest::newRow("second create") << true;
    QTest::newRow("second openExisting") << false;
}

void TestLiveJournalWriter::secondWriterIsRefused()
{
    QFETCH(bool, secondCreates);
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("j.sqlite")).toStdString();
    const std::string lockPath = store::SqliteJournalWriterLock::lockPathFor(path);
    QCOMPARE(lockPath, dir.filePath(QStringLiteral(".j.sqlite.lock")).toStdString());
    std::string error;
    auto writer = newWriter(path, error);
    QVERIFY2(writer, error.c_str());
    QVERIFY(writer->append({ platform::Entry { "e-0", 0, 1000, 0, usageEvent("t-1") } }, error));
    QVERIFY(std::filesystem::exists(lockPath));

    store::WriterOptions wo;
    wo.meta.journalId = "other";
    std::string refused;
    auto second = secondCreates ? store::SqliteJournalWriter::create(path, wo, refused)
                                : store::SqliteJournalWriter::openExisting(path, wo, refused);
    QVERIFY(!second);
    QCOMPARE(refused,
        path + ": is being written by another Chronodesk platform (lock file " + lockPath
            + "); it can only be opened read-only");

    // The refused opener changed nothing, and a reader still reads the
    // journal being written (WAL).
    QVERIFY(writer->append({ platform::Entry { "e-1", 1, 1001, 1, usageEvent("t-1") } }, error));
    QCOMPARE(committedIds(path), (std::vector<std::string> { "0:e-0", "1:e-1" }));

    // Once closed, the lock is gone and the journal can be continued.
    QVERIFY(writer->close(error));
    QVERIFY(!std::filesystem::exists(lockPath));
    auto again = store::SqliteJournalWriter::openExisting(path, wo, error);
    QVERIFY2(again, error.c_str());
    QCOMPARE(again->lastSequence().value_or(-1), std::int64_t(1));
    QVERIFY(again->close(error));
}

void TestLiveJournalWriter::secondPlatformIsRefused()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("demo.sqlite")).toStdString();
    rt::Executor executor;
    rt::ControlledClock clock(executor, 0);
    clock.jumpWallTime(1'767'225'600'000);
    live::PlatformOptions po;
    po.journalPath = path;
    po.seed = 3;
    auto gateway = std::make_shared<live::test::ScriptedGateway>();
    std::string error;
    auto first = live::PlatformApi::create(executor, clock, po, gateway, error);
    QVERIFY2(first, error.c_str());
    auto created = first->createTenant("t-1", platform::Plan::Starter, "u-1");
    clock.runUntil(clock.now().monoMs + 1000);
    QVERIFY(created.settled() && !created.hasError());

    // A second platform on the same journal (e.g. a second app continuing
    // it) is refused while the first one runs.
    const std::size_t rows = live::test::readRows(path).size();
    QVERIFY(rows > 0);
    std::string refused;
    auto second = live::PlatformApi::open(executor, clock, po, gateway, refused);
    QVERIFY(!second);
    QVERIFY2(refused.find(path + ": is being written by another Chronodesk platform") == 0, refused.c_str());
    QCOMPARE(live::test::readRows(path).size(), rows);

    auto stopped = first->shutdown();
    clock.flush();
    QVERIFY(stopped.settled() && !stopped.hasError());
    first.reset();
    auto reopened = live::PlatformApi::open(executor, clock, po, gateway, error);
    QVERIFY2(reopened, error.c_str());
    auto stoppedAgain = reopened->shutdown();
    clock.flush();
    QVERIFY(stoppedAgain.settled() && !stoppedAgain.hasError());
}

QTEST_GUILESS_MAIN(TestLiveJournalWriter)
#include "tst_live_journal_writer.moc"
