#include "engine/history/history.h"
#include "engine/history/state_output.h"
#include "engine/store/entry_source.h"
#include "journal_gen.h"
#include "reference_fold.h"

#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace cd::history;
using namespace cd::history::test;

namespace {
std::unique_ptr<cd::store::EntrySource> open(const std::string& path)
{
    cd::store::SourceOptions options;
    options.checkOrder = false;
    std::string error;
    auto source = cd::store::openEntrySource(path, options, error);
    if (!source)
        QTest::qFail(error.c_str(), __FILE__, __LINE__);
    return source;
}

std::string phyxius(const std::vector<std::string>& elements)
{
    std::string doc = R"({"entries":[)";
    for (std::size_t i = 0; i < elements.size(); ++i)
        doc += (i ? ",\n" : "\n") + elements[i];
    return doc + "\n]}";
}
} // namespace

class TestBuild : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void invalidEntriesAreLeftOutAndNamed();
    void phyxiusAndSqlitePlaces();
    void outOfOrderEntriesAreInvalid();
    void stopAtFirstInvalid();
    void progressIsThrottledAndEnds();
    void cancelStopsTheBuild();
    void unreadableInputFails();
    void appendReportsInvalidEntries();
};

void TestBuild::invalidEntriesAreLeftOutAndNamed()
{
    QTemporaryDir dir;
    JournalGen gen;
    gen.created("t-1").created("t-2").suspended("t-2");
    std::vector<std::string> lines { ndjsonLine(gen.entries[0]), "", "{broken",
        R"({"id":"x","sequence":1,"timestamp":{"wallMs":1,"monoMs":1},"data":{"type":"tenant.created","tenantId":"t-2","plan":"gold","ownerId":"o"}})",
        ndjsonLine(gen.entries[2]) };
    const std::string path = writeLines(dir, "bad.ndjson", lines);
    History history;
    auto source = open(path);
    const BuildResult result = history.build(*source);
    QVERIFY(!result.ok());
    QCOMPARE(result.status, BuildResult::Status::Complete);
    QCOMPARE(result.entries, std::int64_t(2));
    QCOMPARE(result.invalidCount, std::int64_t(2));
    QCOMPARE(result.invalid[0].place, std::int64_t(3));
    QVERIFY2(result.invalid[0].message.starts_with(path + ":3: "), result.invalid[0].message.c_str());
    QCOMPARE(result.invalid[1].place, std::int64_t(4));
    QCOMPARE(result.invalid[1].message, path + ":4: " + result.invalid[1].reason);
    QVERIFY2(result.invalid[1].reason.starts_with("data.plan"), result.invalid[1].reason.c_str());
    QCOMPARE(result.problem(), result.invalid[0].message);
    // The invalid creation of t-2 is not folded: t-2 never exists.
    QVERIFY(!findTenant(history.latest().state, history.pool(), "t-2"));
    QVERIFY(findTenant(history.latest().state, history.pool(), "t-1"));
}

void TestBuild::phyxiusAndSqlitePlaces()
{
    QTemporaryDir dir;
    JournalGen gen;
    gen.created("t-1").created("t-2").suspended("t-2");
    {
        std::vector<std::string> elements;
        for (const auto& e : gen.entries)
            elements.push_back(ndjsonLine(e));
        elements[1] = R"({"id":"e-1","sequence":1,"timestamp":{"wallMs":1,"monoMs":1},"data":{"type":"nope"}})";
        const std::string path = writeLines(dir, "p.json", { phyxius(elements) });
        History history;
        const BuildResult result = history.build(*open(path));
        QCOMPARE(result.invalidCount, std::int64_t(1));
        QVERIFY2(result.invalid[0].message.starts_with(path + ": entries[1]: "), result.invalid[0].message.c_str());
        QCOMPARE(history.size(), std::size_t(2));
    }
    {
        const std::string path = writeSqlite(dir, "j.sqlite", gen.entries);
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db,
                     R"(UPDATE events SET data = '{"type":"tenant.suspended","tenantId":"t-2"}' WHERE sequence = 2)",
                     nullptr, nullptr, nullptr),
            SQLITE_OK);
        sqlite3_close(db);
        History history;
        const BuildResult result = history.build(*open(path));
        QCOMPARE(result.invalidCount, std::int64_t(1));
        QVERIFY2(result.invalid[0].message.starts_with(path + ": sequence 2: "), result.invalid[0].message.c_str());
        QCOMPARE(history.size(), std::size_t(2));
    }
}

void TestBuild::outOfOrderEntriesAreInvalid()
{
    QTemporaryDir dir;
    JournalGen gen;
    gen.created("t-1").seq(5).created("t-2").seq(5).created("t-3").seq(4).created("t-4").seq(6).created("t-5");
    History history;
    const BuildResult result = history.build(*open(writeNdjson(dir, "o.ndjson", gen.entries)));
    QCOMPARE(result.invalidCount, std::int64_t(2));
    QCOMPARE(result.invalid[0].reason, std::string("sequence 5 is not larger than the previous entry's (5)"));
    QCOMPARE(result.invalid[1].place, std::int64_t(4));
    QCOMPARE(history.size(), std::size_t(3));
    QCOMPARE(history.latest().sequence, std::optional<std::int64_t>(6));
}

void TestBuild::stopAtFirstInvalid()
{
    QTemporaryDir dir;
    auto entries = randomJournal(3000, 5, 1);
    std::vector<std::string> lines;
    for (const auto& e : entries)
        lines.push_back(ndjsonLine(e));
    lines[1500] = "[]";
    lines[2500] = "[]";
    const std::string path = writeLines(dir, "s.ndjson", lines);
    History all;
    QCOMPARE(all.build(*open(path)).invalidCount, std::int64_t(2));
    History stopping;
    BuildOptions options;
    options.stopAtFirstInvalid = true;
    const BuildResult result = stopping.build(*open(path), options);
    QCOMPARE(result.status, BuildResult::Status::Stopped);
    QCOMPARE(result.invalidCount, std::int64_t(1));
    QCOMPARE(result.invalid[0].place, std::int64_t(1501));
    QVERIFY(!result.ok());
}

void TestBuild::progressIsThrottledAndEnds()
{
    QTemporaryDir dir;
    const auto entries = randomJournal(100'000, 20, 4);
    const std::string path = writeNdjson(dir, "p.ndjson", entries);
    std::vector<std::pair<double, std::int64_t>> calls;
    BuildOptions options;
    options.progress = [&calls](double fraction, std::int64_t n) { calls.emplace_back(fraction, n); };
    History history;
    QVERIFY(history.build(*open(path), options).ok());
    QVERIFY(calls.size() >= 2);
    QVERIFY2(calls.size() <= 1001, qPrintable(QString::number(calls.size())));
    for (std::size_t i = 1; i < calls.size(); ++i) {
        QVERIFY(calls[i].first >= calls[i - 1].first);
        QVERIFY(calls[i].second >= calls[i - 1].second);
    }
    QCOMPARE(calls.back().first, 1.0);
    QCOMPARE(calls.back().second, std::int64_t(100'000));
}

void TestBuild::cancelStopsTheBuild()
{
    QTemporaryDir dir;
    const auto entries = randomJournal(50'000, 20, 4);
    const std::string path = writeNdjson(dir, "c.ndjson", entries);
    std::atomic<bool> cancel { false };
    BuildOptions options;
    options.cancel = &cancel;
    // Cancel from the progress report, as a GUI's cancel button would between reports.
    options.progress = [&cancel](double, std::int64_t n) {
        if (n > 0)
            cancel = true;
    };
    History history;
    const BuildResult result = history.build(*open(path), options);
    QCOMPARE(result.status, BuildResult::Status::Cancelled);
    QVERIFY(result.entries > 0 && result.entries < 50'000);
    QCOMPARE(std::int64_t(history.size()), result.entries);
    // What was read is a usable prefix.
    ReferenceFold reference(entries);
    const std::int64_t last = *history.latest().sequence;
    QCOMPARE(stateJson(history.stateAt(last / 2), history.pool()), reference.atSequence(last / 2));
}

void TestBuild::unreadableInputFails()
{
    QTemporaryDir dir;
    JournalGen gen;
    gen.created("t-1").created("t-2");
    std::string doc = phyxius({ ndjsonLine(gen.entries[0]), ndjsonLine(gen.entries[1]) });
    doc.resize(doc.size() - 3); // truncated: the array never closes
    const std::string path = writeLines(dir, "t.json", { doc });
    History history;
    const BuildResult result = history.build(*open(path));
    QCOMPARE(result.status, BuildResult::Status::Failed);
    QVERIFY2(result.error.starts_with(path), result.error.c_str());
    QCOMPARE(result.problem(), result.error);
}

void TestBuild::appendReportsInvalidEntries()
{
    JournalGen gen;
    gen.created("t-1").created("t-2").created("t-3");
    gen.entries[1].data = R"({"type":"tenant.created","tenantId":"t-2"})";
    History history;
    BuildResult result = history.append(gen.entries);
    QCOMPARE(result.entries, std::int64_t(2));
    QCOMPARE(result.invalid.size(), std::size_t(1));
    QCOMPARE(result.invalid[0].place, std::int64_t(1));
    QVERIFY2(result.invalid[0].message.starts_with("entries[1]: data."), result.invalid[0].message.c_str());
    // Appending an old entry again is out of order.
    result = history.append(std::span(gen.entries).first(1));
    QCOMPARE(result.invalidCount, std::int64_t(1));
    QCOMPARE(history.size(), std::size_t(2));
}

QTEST_GUILESS_MAIN(TestBuild)
#include "tst_build.moc"
