#include "engine/runtime/controlled_clock.h"
#include "engine/runtime/journal.h"

#include <QTest>

#include <algorithm>
#include <cctype>
#include <stdexcept>

using namespace cd::rt;

namespace {

// The reference setup: ctl(0), ids "id-1", "id-2", ..., every event collected.
struct Fixture {
    Executor ex;
    ControlledClock clock { ex, 0 };
    std::shared_ptr<int> n = std::make_shared<int>(0);
    std::vector<ObsEvent> events;

    JournalOptions<std::string> options()
    {
        JournalOptions<std::string> o;
        o.idGenerator = [counter = n] { return "id-" + std::to_string(++*counter); };
        o.emit = [this](const ObsEvent& e) { events.push_back(e); };
        o.serializer = { [](const std::string& s) { return jsonQuote(s); },
            [](std::string_view json) { return jsonUnquote(json); } };
        return o;
    }
    std::vector<const ObsEvent*> ofType(const std::string& type) const
    {
        std::vector<const ObsEvent*> out;
        for (const auto& e : events) {
            if (e.type == type)
                out.push_back(&e);
        }
        return out;
    }
};

// A store with group commit: batches wait until commitAll(), which "writes"
// them in one go and then settles every future.
class GroupCommitStore : public JournalStore<std::string> {
public:
    explicit GroupCommitStore(Executor& ex)
        : m_ex(&ex)
    { }
    Future<void> commit(std::span<const JournalEntry<std::string>> batch) override
    {
        if (refuseNext) {
            refuseNext = false;
            throw std::runtime_error("store closed");
        }
        Pending p { std::vector<JournalEntry<std::string>>(batch.begin(), batch.end()), Promise<void>(*m_ex) };
        auto future = p.promise.future();
        m_pending.push_back(std::move(p));
        ++commitCalls;
        return future;
    }
    void commitAll()
    {
        for (auto& p : m_pending)
            durable.insert(durable.end(), p.entries.begin(), p.entries.end());
        for (auto& p : m_pending)
            p.promise.resolve();
        m_pending.clear();
    }
    void failAll(const std::string& why)
    {
        for (auto& p : m_pending)
            p.promise.fail(std::runtime_error(why));
        m_pending.clear();
    }
    std::size_t pendingBatches() const { return m_pending.size(); }

    std::vector<JournalEntry<std::string>> durable;
    int commitCalls = 0;
    bool refuseNext = false;

private:
    struct Pending {
        std::vector<JournalEntry<std::string>> entries;
        Promise<void> promise;
    };
    Executor* m_ex;
    std::vector<Pending> m_pending;
};

std::vector<std::string> dataOf(const std::vector<JournalEntry<std::string>>& entries)
{
    std::vector<std::string> out;
    for (const auto& e : entries)
        out.push_back(e.data);
    return out;
}

} // namespace

class TestJournal : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void emptyJournal(); // 1
    void appendAssignsIdSequenceTimestamp(); // 2
    void getEntryBySequence(); // 3
    void firstAndLast(); // 4
    void clearEmptiesAndReports(); // 5
    void subscribeAndUnsubscribe(); // 6
    void subscriberErrorIsReported(); // 7
    void appendFromSubscriberThrows(); // 8
    void overflowNoneIgnoresMaxEntries(); // 9
    void boundedErrorThrows(); // 10
    void boundedDropOldest(); // 11
    void snapshotIsIndependent(); // 12
    void jsonRoundTrip(); // 13
    void serializerIsApplied(); // 14
    void eventsAreEmittedOnce(); // 15
    void dropOldestKeepsSliding(); // 16
    void clearKeepsNextSequence();
    void subscriberSetSemantics();
    void batchAppendsAllThenNotifies();
    void batchOverflowAppendsNothing();
    void batchFromSubscriberThrows();
    void batchDropOldest();
    void emptyBatchAppendsNothing();
    void storeAcknowledgesAfterGroupCommit();
    void storeFailureRejectsAcknowledgement();
    void storeRefusalAbortsAppend();
    void syncAppendReachesStore();
    void emptyExportKeepsNextSequence();
    void importWithHoles();
    void malformedExportIsRefused_data();
    void malformedExportIsRefused();
    void jsonQuoteRoundTrip();
};

void TestJournal::emptyJournal()
{
    Fixture f;
    Journal<std::string> j(f.clock, f.options());
    QCOMPARE(j.size(), 0u);
    QVERIFY(j.isEmpty());
    QVERIFY(!j.getFirst());
    QVERIFY(!j.getLast());
    QCOMPARE(f.events.size(), 1u);
    QCOMPARE(f.events[0].type, std::string("journal:create"));
    QCOMPARE(f.events[0].text("journalId"), std::string("id-1"));
}

void TestJournal::appendAssignsIdSequenceTimestamp()
{
    Fixture f;
    Journal<std::string> j(f.clock, f.options());
    f.clock.advanceBy(100);
    const auto e1 = j.append("first");
    f.clock.advanceBy(50);
    const auto e2 = j.append("second");
    QCOMPARE(e1.sequence, 0);
    QCOMPARE(e1.timestamp.wallMs, 100);
    QCOMPARE(e1.id, std::string("id-2"));
    QCOMPARE(e1.data, std::string("first"));
    QCOMPARE(e2.sequence, 1);
    QCOMPARE(e2.timestamp.wallMs, 150);
    QCOMPARE(e2.id, std::string("id-3"));
    QCOMPARE(j.size(), 2u);
    QVERIFY(!j.isEmpty());
    const auto appends = f.ofType("journal:append");
    QCOMPARE(appends.size(), 2u);
    QCOMPARE(appends[1]->integer("seq"), 1);
    QCOMPARE(appends[1]->integer("size"), 2);
    QCOMPARE(appends[1]->text("id"), std::string("id-3"));
    QCOMPARE(appends[1]->instant("at").wallMs, 150);
}

void TestJournal::getEntryBySequence()
{
    Fixture f;
    Journal<std::string> j(f.clock, f.options());
    for (const char* s : { "a", "b", "c" })
        j.append(s);
    QCOMPARE(j.getEntry(0)->data, std::string("a"));
    QCOMPARE(j.getEntry(1)->data, std::string("b"));
    QCOMPARE(j.getEntry(2)->data, std::string("c"));
    QVERIFY(!j.getEntry(3));
    QVERIFY(!j.getEntry(-1));
}

void TestJournal::firstAndLast()
{
    Fixture f;
    Journal<std::string> j(f.clock, f.options());
    QVERIFY(!j.getFirst() && !j.getLast());
    j.append("first");
    QCOMPARE(j.getFirst()->data, std::string("first"));
    QCOMPARE(j.getLast()->data, std::string("first"));
    j.append("second");
    j.append("third");
    QCOMPARE(j.getFirst()->data, std::string("first"));
    QCOMPARE(j.getLast()->data, std::string("third"));
}

void TestJournal::clearEmptiesAndReports()
{
    Fixture f;
    Journal<std::string> j(f.clock, f.options());
    j.append("a");
    j.append("b");
    QCOMPARE(j.size(), 2u);
    f.clock.advanceBy(200);
    j.clear();
    QCOMPARE(j.size(), 0u);
    QVERIFY(j.isEmpty());
    QVERIFY(!j.getFirst() && !j.getLast());
    const auto clears = f.ofType("journal:clear");
    QCOMPARE(clears.size(), 1u);
    QCOMPARE(clears[0]->integer("previousSize"), 2);
    QCOMPARE(clears[0]->instant("at").wallMs, 200);
}

void TestJournal::subscribeAndUnsubscribe()
{
    Fixture f;
    Journal<std::string> j(f.clock, f.options());
    std::vector<std::string> got;
    auto unsubscribe = j.subscribe([&got](const JournalEntry<std::string>& e) { got.push_back(e.data); });
    j.append("first");
    j.append("second");
    unsubscribe();
    unsubscribe(); // harmless twice
    j.append("third");
    QCOMPARE(got, std::vector<std::string>({ "first", "second" }));
    QCOMPARE(j.subscriberCount(), 0u);
}

void TestJournal::subscriberErrorIsReported()
{
    Fixture f;
    Journal<std::string> j(f.clock, f.options());
    bool secondRan = false;
    j.subscribe([](const JournalEntry<std::string>&) { throw std::runtime_error("subscriber failed"); });
    j.subscribe([&secondRan](const JournalEntry<std::string>&) { secondRan = true; });
    f.clock.advanceBy(300);
    JournalEntry<std::string> entry;
    try {
        entry = j.append("test");
    } catch (...) {
        QFAIL("append must not throw");
    }
    QCOMPARE(entry.data, std::string("test"));
    QVERIFY(secondRan);
    const auto errors = f.ofType("journal:subscriber:error");
    QCOMPARE(errors.size(), 1u);
    QCOMPARE(errors[0]->text("error"), std::string("subscriber failed"));
    QCOMPARE(errors[0]->instant("at").wallMs, 300);
    QCOMPARE(errors[0]->integer("seq"), 0);
    QCOMPARE(errors[0]->text("id"), entry.id);
}

void TestJournal::appendFromSubscriberThrows()
{
    Fixture f;
    Journal<std::string> j(f.clock, f.options());
    std::string caught;
    j.subscribe([&j, &caught](const JournalEntry<std::string>&) {
        try {
            j.append("reentrant");
        } catch (const JournalReentrancyError& e) {
            caught = e.what();
        }
    });
    const auto entry = j.append("outer");
    QCOMPARE(entry.data, std::string("outer"));
    QCOMPARE(caught, std::string("Cannot append to journal while processing subscribers"));
    QCOMPARE(j.size(), 1u);
    QCOMPARE(j.nextSequence(), 1);
}

void TestJournal::overflowNoneIgnoresMaxEntries()
{
    Fixture f;
    auto o = f.options();
    o.maxEntries = 10;
    Journal<std::string> j(f.clock, o);
    for (int i = 0; i < 1000; ++i)
        j.append("e" + std::to_string(i));
    QCOMPARE(j.size(), 1000u);
    QVERIFY(f.ofType("journal:overflow").empty());
}

void TestJournal::boundedErrorThrows()
{
    Fixture f;
    auto o = f.options();
    o.maxEntries = 2;
    o.overflow = JournalOverflow::Error;
    Journal<std::string> j(f.clock, o);
    j.append("a");
    j.append("b");
    const int idsBefore = *f.n;
    QVERIFY_THROWS_EXCEPTION(JournalOverflowError, j.append("c"));
    try {
        j.append("c");
    } catch (const JournalOverflowError& e) {
        QCOMPARE(std::string(e.what()), std::string("Journal overflow: maximum entries (2) reached"));
    }
    // No id and no sequence consumed.
    QCOMPARE(*f.n, idsBefore);
    QCOMPARE(j.nextSequence(), 2);
    QCOMPARE(j.size(), 2u);
    const auto overflows = f.ofType("journal:overflow");
    QCOMPARE(overflows.size(), 2u);
    QCOMPARE(overflows[0]->text("policy"), std::string("bounded:error"));
    QCOMPARE(overflows[0]->integer("maxEntries"), 2);
    QVERIFY(!overflows[0]->has("droppedCount"));
}

void TestJournal::boundedDropOldest()
{
    Fixture f;
    auto o = f.options();
    o.maxEntries = 3;
    o.overflow = JournalOverflow::DropOldest;
    Journal<std::string> j(f.clock, o);
    for (const char* s : { "first", "second", "third", "fourth" })
        j.append(s);
    QCOMPARE(j.size(), 3u);
    QVERIFY(!j.getEntry(0));
    QCOMPARE(j.getEntry(1)->data, std::string("second"));
    QCOMPARE(j.getEntry(2)->data, std::string("third"));
    QCOMPARE(j.getEntry(3)->data, std::string("fourth"));
    const auto overflows = f.ofType("journal:overflow");
    QCOMPARE(overflows.size(), 1u);
    QCOMPARE(overflows[0]->text("policy"), std::string("bounded:drop_oldest"));
    QCOMPARE(overflows[0]->integer("droppedCount"), 1);
    // The overflow is reported before the append it made room for.
    QCOMPARE(f.events[f.events.size() - 2].type, std::string("journal:overflow"));
    QCOMPARE(f.events.back().type, std::string("journal:append"));
}

void TestJournal::snapshotIsIndependent()
{
    Fixture f;
    Journal<std::string> j(f.clock, f.options());
    j.append("first");
    f.clock.advanceBy(100);
    j.append("second");
    f.clock.advanceBy(100);
    const JournalSnapshot<std::string> snap = j.getSnapshot();
    QCOMPARE(snap.totalCount, 2);
    QCOMPARE(snap.firstSequence, 0);
    QCOMPARE(snap.lastSequence, 1);
    QCOMPARE(snap.timestamp.wallMs, 200);
    QCOMPARE(snap.entries.size(), 2u);
    j.append("third");
    j.clear();
    QCOMPARE(snap.entries.size(), 2u);
    QCOMPARE(snap.entries[1].data, std::string("second"));
    const auto empty = j.getSnapshot();
    QCOMPARE(empty.firstSequence, 3);
    QCOMPARE(empty.lastSequence, 2);
    QCOMPARE(empty.totalCount, 0);
    Fixture g;
    Journal<std::string> fresh(g.clock, g.options());
    const auto none = fresh.getSnapshot();
    QCOMPARE(none.firstSequence, 0);
    QCOMPARE(none.lastSequence, -1);
    QCOMPARE(none.totalCount, 0);
}

void TestJournal::jsonRoundTrip()
{
    Fixture f;
    auto o = f.options();
    // Data that already is JSON text: the platform's case.
    o.serializer = { [](const std::string& s) { return s; }, [](std::string_view json) { return std::string(json); } };
    Journal<std::string> j(f.clock, o);
    f.clock.advanceBy(100);
    j.append(R"({"message":"first"})");
    f.clock.advanceBy(50);
    j.append(R"({"message":"second"})");
    const std::string json = j.toJSON();
    const JournalExport doc = parseJournalExport(json);
    QCOMPARE(doc.entries.size(), 2u);
    QCOMPARE(doc.entries[0].dataJson, std::string(R"({"message":"first"})"));
    QCOMPARE(doc.entries[0].timestamp.wallMs, 100);
    QCOMPARE(doc.entries[0].id, std::string("id-2"));
    QCOMPARE(doc.nextSequence.value_or(-1), 2);
    QCOMPARE(doc.createdAt->wallMs, 0);
    QVERIFY(json.find(R"("data":{"message":"first"})") != std::string::npos);

    Fixture g;
    auto restored = Journal<std::string>::fromJSON(json, g.clock, o);
    QCOMPARE(restored->size(), 2u);
    QCOMPARE(restored->getEntry(0)->data, std::string(R"({"message":"first"})"));
    QCOMPARE(restored->getEntry(1)->data, std::string(R"({"message":"second"})"));
    QCOMPARE(restored->getEntry(1)->timestamp.wallMs, 150);
    QCOMPARE(restored->getEntry(1)->id, std::string("id-3"));
    QCOMPARE(restored->nextSequence(), 2);
    QCOMPARE(restored->append(R"({"message":"third"})").sequence, 2);
}

void TestJournal::serializerIsApplied()
{
    Fixture f;
    auto o = f.options();
    o.serializer = {
        [](const std::string& s) {
            std::string up = s;
            std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return char(std::toupper(c)); });
            return jsonQuote(up);
        },
        [](std::string_view json) {
            std::string low = jsonUnquote(json);
            std::transform(low.begin(), low.end(), low.begin(), [](unsigned char c) { return char(std::tolower(c)); });
            return low;
        },
    };
    Journal<std::string> j(f.clock, o);
    j.append("hello");
    const std::string json = j.toJSON();
    QCOMPARE(parseJournalExport(json).entries[0].dataJson, std::string("\"HELLO\""));
    auto restored = Journal<std::string>::fromJSON(json, f.clock, o);
    QCOMPARE(restored->getEntry(0)->data, std::string("hello"));
}

void TestJournal::eventsAreEmittedOnce()
{
    Fixture f;
    auto o = f.options();
    o.maxEntries = 2;
    o.overflow = JournalOverflow::DropOldest;
    Journal<std::string> j(f.clock, o);
    QCOMPARE(f.events.size(), 1u);
    j.append("a");
    j.append("b");
    QCOMPARE(f.ofType("journal:append").size(), 2u);
    j.append("c");
    QCOMPARE(f.ofType("journal:overflow").size(), 1u);
    j.clear();
    QCOMPARE(f.ofType("journal:clear").size(), 1u);
    j.subscribe([](const JournalEntry<std::string>&) { throw std::runtime_error("boom"); });
    j.append("d");
    QCOMPARE(f.ofType("journal:subscriber:error").size(), 1u);
}

void TestJournal::dropOldestKeepsSliding()
{
    Fixture f;
    auto o = f.options();
    o.maxEntries = 3;
    o.overflow = JournalOverflow::DropOldest;
    Journal<std::string> j(f.clock, o);
    for (const char* s : { "a", "b", "c", "d" })
        j.append(s);
    QVERIFY(!j.getEntry(0));
    QCOMPARE(j.getEntry(1)->data, std::string("b"));
    QCOMPARE(j.getEntry(3)->data, std::string("d"));
    j.append("e");
    QVERIFY(!j.getEntry(1));
    QCOMPARE(j.getEntry(2)->data, std::string("c"));
    QCOMPARE(j.getEntry(3)->data, std::string("d"));
    QCOMPARE(j.getEntry(4)->data, std::string("e"));
    QCOMPARE(j.firstSequence(), 2);
}

void TestJournal::clearKeepsNextSequence()
{
    Fixture f;
    Journal<std::string> j(f.clock, f.options());
    j.append("a");
    j.append("b");
    j.clear();
    QCOMPARE(j.append("c").sequence, 2);
    QVERIFY(!j.getEntry(0));
    QCOMPARE(j.getEntry(2)->data, std::string("c"));
}

void TestJournal::subscriberSetSemantics()
{
    Fixture f;
    Journal<std::string> j(f.clock, f.options());
    std::vector<std::string> calls;
    Unsubscribe removeThird;
    j.subscribe([&](const JournalEntry<std::string>& e) {
        calls.push_back("first:" + e.data);
        if (e.data == "x") {
            // Added now: called for this entry too.
            j.subscribe([&calls](const JournalEntry<std::string>& e2) { calls.push_back("late:" + e2.data); });
            // Removed before its turn: skipped.
            removeThird();
        }
    });
    j.subscribe([&calls](const JournalEntry<std::string>& e) { calls.push_back("second:" + e.data); });
    removeThird = j.subscribe([&calls](const JournalEntry<std::string>& e) { calls.push_back("third:" + e.data); });
    j.append("x");
    QCOMPARE(calls, std::vector<std::string>({ "first:x", "second:x", "late:x" }));
    calls.clear();
    j.append("y");
    QCOMPARE(calls, std::vector<std::string>({ "first:y", "second:y", "late:y" }));
}

void TestJournal::batchAppendsAllThenNotifies()
{
    Fixture f;
    Journal<std::string> j(f.clock, f.options());
    j.append("before");
    std::vector<std::size_t> sizesSeen;
    j.subscribe([&](const JournalEntry<std::string>&) { sizesSeen.push_back(j.size()); });
    f.clock.advanceBy(10);
    auto future = j.appendBatch({ "a", "b", "c" });
    QVERIFY(future.settled()); // no store: acknowledged at once
    const auto& entries = future.value();
    QCOMPARE(dataOf(entries), std::vector<std::string>({ "a", "b", "c" }));
    QCOMPARE(entries[0].sequence, 1);
    QCOMPARE(entries[2].sequence, 3);
    QCOMPARE(entries[2].timestamp.wallMs, 10);
    // Subscribers run once the whole batch is in.
    QCOMPARE(sizesSeen, std::vector<std::size_t>({ 4, 4, 4 }));
    QCOMPARE(f.ofType("journal:append").size(), 4u);
}

void TestJournal::batchOverflowAppendsNothing()
{
    Fixture f;
    auto o = f.options();
    o.maxEntries = 3;
    o.overflow = JournalOverflow::Error;
    Journal<std::string> j(f.clock, o);
    j.append("a");
    j.append("b");
    int notified = 0;
    j.subscribe([&notified](const JournalEntry<std::string>&) { ++notified; });
    const int idsBefore = *f.n;
    QVERIFY_THROWS_EXCEPTION(JournalOverflowError, (void)j.appendBatch({ "c", "d" }));
    QCOMPARE(j.size(), 2u);
    QCOMPARE(j.nextSequence(), 2);
    QCOMPARE(*f.n, idsBefore);
    QCOMPARE(notified, 0);
    QCOMPARE(f.ofType("journal:append").size(), 2u);
    // The sequence was not consumed: the next entry gets 2.
    auto ok = j.appendBatch({ "c" });
    QCOMPARE(ok.value().front().sequence, 2);
}

void TestJournal::batchFromSubscriberThrows()
{
    Fixture f;
    Journal<std::string> j(f.clock, f.options());
    bool threw = false;
    j.subscribe([&](const JournalEntry<std::string>& e) {
        if (e.data != "outer")
            return;
        try {
            (void)j.appendBatch({ "x", "y" });
        } catch (const JournalReentrancyError&) {
            threw = true;
        }
    });
    j.append("outer");
    QVERIFY(threw);
    QCOMPARE(j.size(), 1u);
}

void TestJournal::batchDropOldest()
{
    Fixture f;
    auto o = f.options();
    o.maxEntries = 3;
    o.overflow = JournalOverflow::DropOldest;
    Journal<std::string> j(f.clock, o);
    j.append("a");
    j.append("b");
    (void)j.appendBatch({ "c", "d", "e" });
    QCOMPARE(j.size(), 3u);
    QCOMPARE(j.getFirst()->data, std::string("c"));
    QCOMPARE(j.getLast()->data, std::string("e"));
    QCOMPARE(f.ofType("journal:overflow").size(), 2u);
}

void TestJournal::emptyBatchAppendsNothing()
{
    Fixture f;
    auto store = std::make_shared<GroupCommitStore>(f.ex);
    auto o = f.options();
    o.store = store;
    Journal<std::string> j(f.clock, o);
    auto future = j.appendBatch({});
    QVERIFY(future.settled());
    QVERIFY(future.value().empty());
    QCOMPARE(store->commitCalls, 0);
    QCOMPARE(j.nextSequence(), 0);
}

void TestJournal::storeAcknowledgesAfterGroupCommit()
{
    Fixture f;
    auto store = std::make_shared<GroupCommitStore>(f.ex);
    auto o = f.options();
    o.store = store;
    Journal<std::string> j(f.clock, o);
    std::vector<std::string> seen;
    j.subscribe([&seen](const JournalEntry<std::string>& e) { seen.push_back(e.data); });

    auto first = j.appendBatch({ "a", "b" });
    auto second = j.appendDurable("c");
    // In memory and shown to subscribers at once, but not acknowledged.
    QCOMPARE(j.size(), 3u);
    QCOMPARE(seen, std::vector<std::string>({ "a", "b", "c" }));
    QCOMPARE(store->pendingBatches(), 2u);
    f.clock.flush();
    QVERIFY(!first.settled());
    QVERIFY(!second.settled());
    QVERIFY(f.ofType("journal:commit").empty());

    // One transaction for both batches, then both acknowledgements.
    store->commitAll();
    QCOMPARE(dataOf(store->durable), std::vector<std::string>({ "a", "b", "c" }));
    QCOMPARE(store->durable[2].sequence, 2);
    f.clock.flush();
    QVERIFY(first.settled() && !first.hasError());
    QVERIFY(second.settled() && !second.hasError());
    QCOMPARE(dataOf(first.value()), std::vector<std::string>({ "a", "b" }));
    QCOMPARE(second.value().sequence, 2);
    const auto commits = f.ofType("journal:commit");
    QCOMPARE(commits.size(), 2u);
    QCOMPARE(commits[0]->integer("firstSeq"), 0);
    QCOMPARE(commits[0]->integer("count"), 2);
    QCOMPARE(commits[1]->integer("firstSeq"), 2);
}

void TestJournal::storeFailureRejectsAcknowledgement()
{
    Fixture f;
    auto store = std::make_shared<GroupCommitStore>(f.ex);
    auto o = f.options();
    o.store = store;
    Journal<std::string> j(f.clock, o);
    auto batch = j.appendBatch({ "a" });
    auto single = j.appendDurable("b");
    store->failAll("disk full");
    f.clock.flush();
    QVERIFY(batch.hasError());
    QVERIFY(single.hasError());
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, (void)single.value());
    const auto errors = f.ofType("journal:store:error");
    QCOMPARE(errors.size(), 2u);
    QCOMPARE(errors[0]->text("error"), std::string("disk full"));
    QCOMPARE(errors[1]->integer("firstSeq"), 1);
}

void TestJournal::storeRefusalAbortsAppend()
{
    Fixture f;
    auto store = std::make_shared<GroupCommitStore>(f.ex);
    auto o = f.options();
    o.store = store;
    Journal<std::string> j(f.clock, o);
    int notified = 0;
    j.subscribe([&notified](const JournalEntry<std::string>&) { ++notified; });
    store->refuseNext = true;
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, (void)j.appendBatch({ "a", "b" }));
    QCOMPARE(j.size(), 0u);
    QCOMPARE(j.nextSequence(), 0);
    QCOMPARE(notified, 0);
    QVERIFY(f.ofType("journal:append").empty());
    auto next = j.appendBatch({ "c" });
    QCOMPARE(j.getLast()->sequence, 0);
    store->commitAll();
    f.clock.flush();
    QCOMPARE(next.value().front().data, std::string("c"));
}

void TestJournal::syncAppendReachesStore()
{
    Fixture f;
    auto store = std::make_shared<GroupCommitStore>(f.ex);
    Journal<std::string> j(f.clock, f.options());
    j.setStore(store);
    const auto entry = j.append("a");
    QCOMPARE(entry.sequence, 0);
    QCOMPARE(store->pendingBatches(), 1u);
    store->commitAll();
    f.clock.flush();
    QCOMPARE(dataOf(store->durable), std::vector<std::string>({ "a" }));
    QCOMPARE(f.ofType("journal:commit").size(), 1u);
}

void TestJournal::emptyExportKeepsNextSequence()
{
    Fixture f;
    Journal<std::string> j(f.clock, f.options());
    j.append("a");
    j.append("b");
    j.clear();
    const std::string json = j.toJSON();
    QCOMPARE(parseJournalExport(json).nextSequence.value_or(-1), 2);
    auto restored = Journal<std::string>::fromJSON(json, f.clock, f.options());
    QVERIFY(restored->isEmpty());
    QCOMPARE(restored->append("c").sequence, 2);

    auto literal = Journal<std::string>::fromJSON(R"({"entries":[],"nextSequence":7})", f.clock, f.options());
    QCOMPARE(literal->firstSequence(), 7);
    QCOMPARE(literal->append("x").sequence, 7);
}

void TestJournal::importWithHoles()
{
    Fixture f;
    const char* json = R"({"entries":[
        {"id":"e-3","sequence":3,"timestamp":{"wallMs":30,"monoMs":3},"data":"c"},
        {"data":"e","timestamp":{"monoMs":5,"wallMs":50},"sequence":5,"id":"e-5"}]})";
    auto j = Journal<std::string>::fromJSON(json, f.clock, f.options());
    QCOMPARE(j->size(), 2u);
    QCOMPARE(j->firstSequence(), 3);
    QCOMPARE(j->nextSequence(), 6);
    QVERIFY(!j->getEntry(2));
    QCOMPARE(j->getEntry(3)->data, std::string("c"));
    QVERIFY(!j->getEntry(4));
    QCOMPARE(j->getEntry(5)->id, std::string("e-5"));
    QCOMPARE(j->getEntry(5)->timestamp.monoMs, 5);
    QCOMPARE(j->append("f").sequence, 6);
}

void TestJournal::malformedExportIsRefused_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not an object") << QStringLiteral("[1,2]") << QStringLiteral("must be a JSON object");
    QTest::newRow("no entries") << QStringLiteral(R"({"nextSequence":1})") << QStringLiteral("entries is missing");
    QTest::newRow("id not a string") << QStringLiteral(
        R"({"entries":[{"id":1,"sequence":0,"timestamp":{"wallMs":0,"monoMs":0},"data":1}]})")
                                     << QStringLiteral("entries[0]: id must be a string");
    QTest::newRow("fractional sequence") << QStringLiteral(
        R"({"entries":[{"id":"a","sequence":1.5,"timestamp":{"wallMs":0,"monoMs":0},"data":1}]})")
                                         << QStringLiteral("entries[0]: sequence must be an integer");
    QTest::newRow("decreasing") << QStringLiteral(
        R"({"entries":[{"id":"a","sequence":2,"timestamp":{"wallMs":0,"monoMs":0},"data":1},)"
        R"({"id":"b","sequence":2,"timestamp":{"wallMs":0,"monoMs":0},"data":1}]})")
                                << QStringLiteral("entries[1]: sequence must be larger");
    QTest::newRow("no data") << QStringLiteral(
        R"({"entries":[{"id":"a","sequence":0,"timestamp":{"wallMs":0,"monoMs":0}}]})")
                             << QStringLiteral("entries[0]: data is missing");
    QTest::newRow("timestamp without mono")
        << QStringLiteral(R"({"entries":[{"id":"a","sequence":0,"timestamp":{"wallMs":0},"data":1}]})")
        << QStringLiteral("entries[0]: timestamp needs wallMs and monoMs");
}

void TestJournal::malformedExportIsRefused()
{
    QFETCH(QString, json);
    QFETCH(QString, reason);
    Fixture f;
    try {
        (void)Journal<std::string>::fromJSON(json.toStdString(), f.clock, f.options());
        QFAIL("expected std::invalid_argument");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(std::string(e.what()).find(reason.toStdString()) != std::string::npos, e.what());
    }
}

void TestJournal::jsonQuoteRoundTrip()
{
    const std::string text = "a \"quoted\"\\ line\nwith\ttab \x01 and ünïcode";
    const std::string quoted = jsonQuote(text);
    QCOMPARE(quoted.front(), '"');
    QVERIFY(quoted.find('\n') == std::string::npos);
    QCOMPARE(jsonUnquote(quoted), text);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, jsonUnquote("42"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, jsonUnquote(R"("a" "b")"));
}

QTEST_GUILESS_MAIN(TestJournal)
#include "tst_journal.moc"
