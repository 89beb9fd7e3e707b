#include "atom_fixture.h"

#include <QTest>

#include <cctype>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>

using namespace cd::rt;
using namespace cd::rt::testing;

class TestAtomBehaviour : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void changeTimesFromClock(); // 36
    void historyTimes(); // 37
    void wallJumpInChanges(); // 38
    void twoAtomsOneClock(); // 39
    void historyValuesAndTimes(); // 40
    void onlyTheClockIsRead(); // 41
    void throwingUpdaterChangesNothing(); // 42-43
    void throwingWatchersAreIsolated(); // 44-45
    void throwingEqualsPropagates(); // 46, 50
    void snapshotOfStruct(); // 47
    void watcherThrowingOnSomeChanges(); // 48
    void watcherStartingAsyncWork(); // 49
    void historyRing(); // 51-52
    void clearHistoryThenContinue(); // 53
    void baseVersionInHistory(); // 54
    void equalWriteLeavesHistory(); // 55
    void reentrantSwapFromWatcher(); // 56
    void reentrantResetIsCatchable(); // 57
    void reentrantCas(); // 58
    void sequentialSwaps(); // 59
    void notifyOrdering(); // 60-61
    void noNotificationForEqualValue(); // 62
    void manySwaps(); // 63-64
    void manyWatchers(); // 65
    void casLoop(); // 66
    void bigHistory(); // 67
    void growingValue(); // 68
    void bursts(); // 69
    void versioningBasics(); // 70
    void baseVersion(); // 71
    void watcherErrorsAreEmitted();
    void watcherSetChangesDuringNotification();
    void publishedSnapshotAcrossThreads();
    void equalsDiffersFromObjectIs();
    void historySizeIsClamped();
};

void TestAtomBehaviour::changeTimesFromClock()
{
    Fixture f(1000);
    Atom<std::string> a("initial", f.clock);
    std::vector<Instant> at;
    a.watch([&at](const AtomChange<std::string>& c) { at.push_back(c.at); });
    QCOMPARE(a.snapshot().at, (Instant { 1000, 1000 }));
    f.clock.advanceBy(500);
    a.reset("second");
    f.clock.advanceBy(300);
    a.reset("third");
    QCOMPARE(at, std::vector<Instant>({ { 1500, 1500 }, { 1800, 1800 } }));
    QCOMPARE(a.snapshot().at, (Instant { 1800, 1800 }));
}

void TestAtomBehaviour::historyTimes()
{
    Fixture f;
    Atom<int> a(0, f.clock, sized<int>(10));
    for (int step : { 100, 50, 200, 25, 75 }) {
        f.clock.advanceBy(step);
        a.swap([](int n) { return n + 1; });
    }
    const auto h = a.history();
    QCOMPARE(h.size(), 6u);
    const std::vector<std::int64_t> expected { 100, 150, 350, 375, 450 };
    for (std::size_t i = 1; i < h.size(); ++i) {
        QCOMPARE(h[i].at.monoMs, expected[i - 1]);
        QCOMPARE(h[i].at.wallMs, h[i].at.monoMs);
        QVERIFY(h[i].at.monoMs >= h[i - 1].at.monoMs);
    }
}

void TestAtomBehaviour::wallJumpInChanges()
{
    Fixture f(1000);
    Atom<std::string> a("c0", f.clock);
    std::vector<Instant> at;
    a.watch([&at](const AtomChange<std::string>& c) { at.push_back(c.at); });
    f.clock.advanceBy(100);
    a.reset("c1");
    f.clock.jumpWallTime(5000);
    a.reset("c2");
    f.clock.advanceBy(200);
    a.reset("c3");
    QCOMPARE(at, std::vector<Instant>({ { 1100, 1100 }, { 5000, 1100 }, { 5200, 1300 } }));
}

void TestAtomBehaviour::twoAtomsOneClock()
{
    Fixture f(2000);
    Atom<int> a(0, f.clock);
    Atom<int> b(0, f.clock);
    std::vector<Instant> at;
    a.watch([&at](const AtomChange<int>& c) { at.push_back(c.at); });
    b.watch([&at](const AtomChange<int>& c) { at.push_back(c.at); });
    a.reset(1);
    b.reset(1);
    f.clock.advanceBy(150);
    a.reset(2);
    b.reset(2);
    QCOMPARE(at, std::vector<Instant>({ { 2000, 2000 }, { 2000, 2000 }, { 2150, 2150 }, { 2150, 2150 } }));
}

void TestAtomBehaviour::historyValuesAndTimes()
{
    Fixture f;
    Atom<int> a(0, f.clock, sized<int>(5));
    for (auto [step, value] : std::vector<std::pair<int, int>> { { 100, 1 }, { 250, 2 }, { 50, 3 }, { 300, 4 } }) {
        f.clock.advanceBy(step);
        a.reset(value);
    }
    const auto h = a.history();
    QCOMPARE(h.size(), 5u);
    const std::vector<std::int64_t> expected { 100, 350, 400, 700 };
    for (std::size_t i = 1; i < h.size(); ++i) {
        QCOMPARE(h[i].at.monoMs, expected[i - 1]);
        QCOMPARE(h[i].value, int(i));
    }
}

void TestAtomBehaviour::onlyTheClockIsRead()
{
    // The library stubs Date.now here; in C++ the only time source an atom
    // has is the injected clock, which stands at 42 whatever the real time.
    Fixture f(42);
    Atom<int> a(0, f.clock);
    a.reset(1);
    QCOMPARE(a.snapshot().at, (Instant { 42, 42 }));
    QCOMPARE(a.history().back().at, (Instant { 42, 42 }));
}

void TestAtomBehaviour::throwingUpdaterChangesNothing()
{
    Fixture f;
    Atom<int> a(5, f.clock);
    int notified = 0;
    a.watch([&notified](const AtomChange<int>&) { ++notified; });
    try {
        a.swap([](int) -> int { throw std::runtime_error("Updater error"); }); // 42
        QFAIL("expected the updater's error");
    } catch (const std::runtime_error& e) {
        QCOMPARE(std::string(e.what()), std::string("Updater error"));
    }
    QCOMPARE(a.deref(), 5);
    QCOMPARE(a.version(), 0);
    QCOMPARE(notified, 0);
    Atom<std::string> b("start", f.clock, sized<std::string>(3)); // 43
    b.reset("first");
    const auto before = b.history();
    QVERIFY_THROWS_EXCEPTION(std::runtime_error,
        b.swap([](const std::string&) -> std::string { throw std::runtime_error("Updater error"); }));
    const auto after = b.history();
    QCOMPARE(valuesOf(after), valuesOf(before));
    QCOMPARE(after.back().version, before.back().version);
}

void TestAtomBehaviour::throwingWatchersAreIsolated()
{
    Fixture f;
    Atom<int> a(0, f.clock); // 44
    std::vector<std::string> got;
    a.watch([](const AtomChange<int>&) { throw std::runtime_error("watcher1"); });
    a.watch([&got](const AtomChange<int>& c) { got.push_back("notified: " + std::to_string(c.to)); });
    a.reset(1);
    QCOMPARE(got, std::vector<std::string>({ "notified: 1" }));
    QCOMPARE(a.deref(), 1);
    QCOMPARE(a.version(), 1);
    Atom<std::string> b("start", f.clock); // 45
    std::vector<std::string> seen;
    b.watch([](const auto&) { throw std::runtime_error("one"); });
    b.watch([](const auto&) { throw std::runtime_error("two"); });
    b.watch([&seen](const AtomChange<std::string>& c) { seen.push_back(c.from + "->" + c.to); });
    b.watch([](const auto&) { throw std::runtime_error("four"); });
    b.reset("end");
    QCOMPARE(seen, std::vector<std::string>({ "start->end" }));
    QCOMPARE(b.version(), 1);
}

void TestAtomBehaviour::throwingEqualsPropagates()
{
    Fixture f;
    AtomOptions<int> o; // 46
    o.equals = [](const int&, const int&) -> bool { throw std::runtime_error("Equals function error"); };
    Atom<int> a(10, f.clock, o);
    try {
        a.compareAndSet(10, 20);
        QFAIL("expected the equals error");
    } catch (const std::runtime_error& e) {
        QCOMPARE(std::string(e.what()), std::string("Equals function error"));
    }
    QCOMPARE(a.deref(), 10);
    QCOMPARE(a.version(), 0);
    AtomOptions<std::string> p; // 50
    p.equals = [](const std::string& x, const std::string& y) {
        if (x == "trigger-error" || y == "trigger-error")
            throw std::runtime_error("Custom equals error");
        return x == y;
    };
    Atom<std::string> b("normal", f.clock, p);
    b.reset("other");
    QCOMPARE(b.deref(), std::string("other"));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, b.reset("trigger-error"));
    QCOMPARE(b.deref(), std::string("other"));
}

void TestAtomBehaviour::snapshotOfStruct()
{
    Fixture f;
    Atom<Counted> a(Counted { 1, "x" }, f.clock);
    const auto s = a.snapshot();
    QCOMPARE(s.value, (Counted { 1, "x" }));
    QCOMPARE(s.version, 0);
}

void TestAtomBehaviour::watcherThrowingOnSomeChanges()
{
    Fixture f;
    Atom<int> a(0, f.clock);
    std::vector<std::int64_t> versions;
    a.watch([&versions](const AtomChange<int>& c) {
        versions.push_back(c.versionTo);
        if (c.to == 2)
            throw std::runtime_error("two");
    });
    a.reset(1);
    a.reset(2);
    a.reset(3);
    QCOMPARE(versions, std::vector<std::int64_t>({ 1, 2, 3 }));
    QCOMPARE(a.deref(), 3);
    QCOMPARE(a.version(), 3);
}

void TestAtomBehaviour::watcherStartingAsyncWork()
{
    // An "async" watcher: it only schedules work; that work fails later,
    // outside the atom, and the write is unaffected.
    Fixture f;
    Atom<std::string> a("initial", f.clock);
    bool asyncRan = false;
    a.watch([&f, &asyncRan](const AtomChange<std::string>&) { f.ex.post([&asyncRan] { asyncRan = true; }); });
    QCOMPARE(a.reset("changed"), std::string("changed"));
    QCOMPARE(a.version(), 1);
    QVERIFY(!asyncRan);
    f.clock.flush();
    QVERIFY(asyncRan);
}

void TestAtomBehaviour::historyRing()
{
    Fixture f;
    Atom<std::string> a("x", f.clock, sized<std::string>(2)); // 51
    QCOMPARE(valuesOf(a.history()), std::vector<std::string>({ "x" }));
    f.clock.advanceBy(100);
    a.reset("y");
    QCOMPARE(valuesOf(a.history()), std::vector<std::string>({ "x", "y" }));
    a.reset("z");
    QCOMPARE(valuesOf(a.history()), std::vector<std::string>({ "y", "z" }));
    a.reset("w");
    QCOMPARE(valuesOf(a.history()), std::vector<std::string>({ "z", "w" }));
    Atom<int> b(10, f.clock); // 52: default size 1
    QCOMPARE(valuesOf(b.history()), std::vector<int>({ 10 }));
    b.reset(20);
    QCOMPARE(valuesOf(b.history()), std::vector<int>({ 20 }));
    b.reset(30);
    QCOMPARE(valuesOf(b.history()), std::vector<int>({ 30 }));
    QCOMPARE(b.historySize(), 1u);
}

void TestAtomBehaviour::clearHistoryThenContinue()
{
    Fixture f;
    Atom<std::string> a("zero", f.clock, sized<std::string>(3));
    for (const char* v : { "first", "second", "third" }) {
        f.clock.advanceBy(50);
        a.reset(v);
    }
    QCOMPARE(valuesOf(a.history()), std::vector<std::string>({ "first", "second", "third" }));
    a.clearHistory();
    auto h = a.history();
    QCOMPARE(h.size(), 1u);
    QCOMPARE(h[0].value, std::string("third"));
    QCOMPARE(h[0].version, 3);
    a.reset("after-clear");
    h = a.history();
    QCOMPARE(h.size(), 2u);
    QCOMPARE(h[1].value, std::string("after-clear"));
}

void TestAtomBehaviour::baseVersionInHistory()
{
    Fixture f(1000);
    auto o = sized<int>(3);
    o.baseVersion = 5;
    Atom<int> a(0, f.clock, o);
    f.clock.advanceBy(100);
    a.swap([](int n) { return n + 1; });
    f.clock.advanceBy(200);
    a.swap([](int n) { return n + 1; });
    const auto h = a.history();
    QCOMPARE(h.size(), 3u);
    QCOMPARE(h[1].value, 1);
    QCOMPARE(h[1].version, 6);
    QCOMPARE(h[1].at.monoMs, 1100);
    QCOMPARE(h[2].value, 2);
    QCOMPARE(h[2].version, 7);
    QCOMPARE(h[2].at.monoMs, 1300);
}

void TestAtomBehaviour::equalWriteLeavesHistory()
{
    Fixture f;
    Atom<std::string> a("value", f.clock, sized<std::string>(5));
    a.reset("value");
    QCOMPARE(a.history().size(), 1u);
    a.reset("new-value");
    QCOMPARE(valuesOf(a.history()), std::vector<std::string>({ "value", "new-value" }));
}

void TestAtomBehaviour::reentrantSwapFromWatcher()
{
    Fixture f;
    Atom<int> a(0, f.clock);
    std::vector<int> changes;
    bool threw = false;
    a.watch([&](const AtomChange<int>& c) {
        changes.push_back(c.to);
        if (c.to == 1) {
            try {
                a.swap([](int n) { return n + 10; });
            } catch (const std::logic_error& e) {
                threw = isReentrancy(e);
            }
        }
    });
    a.swap([](int n) { return n + 1; });
    QVERIFY(threw);
    QCOMPARE(a.version(), 1);
    QCOMPARE(a.deref(), 1);
    QCOMPARE(changes, std::vector<int>({ 1 }));
}

void TestAtomBehaviour::reentrantResetIsCatchable()
{
    Fixture f;
    Atom<std::string> a("zero", f.clock);
    std::exception_ptr caught;
    a.watch([&](const AtomChange<std::string>&) {
        try {
            a.reset("reentrant");
        } catch (...) {
            caught = std::current_exception();
        }
    });
    a.reset("first");
    QVERIFY(caught);
    try {
        std::rethrow_exception(caught);
    } catch (const std::logic_error& e) {
        QVERIFY(isReentrancy(e));
    }
    QCOMPARE(a.deref(), std::string("first"));
    QCOMPARE(a.version(), 1);
}

void TestAtomBehaviour::reentrantCas()
{
    Fixture f;
    Atom<int> a(0, f.clock);
    bool threw = false;
    bool mismatchQuiet = false;
    a.watch([&](const AtomChange<int>&) {
        // A CAS that does not match returns false quietly, even here.
        mismatchQuiet = !a.compareAndSet(99, 1);
        try {
            a.compareAndSet(10, 20);
        } catch (const std::logic_error& e) {
            threw = isReentrancy(e);
        }
    });
    a.reset(10);
    QVERIFY(mismatchQuiet);
    QVERIFY(threw);
    QCOMPARE(a.deref(), 10);
    QCOMPARE(a.version(), 1);
}

void TestAtomBehaviour::sequentialSwaps()
{
    Fixture f;
    Atom<int> a(0, f.clock);
    std::vector<int> changes;
    a.watch([&changes](const AtomChange<int>& c) { changes.push_back(c.to); });
    a.swap([](int n) { return n + 1; });
    a.swap([](int n) { return n + 1; });
    QCOMPARE(a.deref(), 2);
    QCOMPARE(a.version(), 2);
    QCOMPARE(changes, std::vector<int>({ 1, 2 }));
}

void TestAtomBehaviour::notifyOrdering()
{
    Fixture f;
    Atom<int> a(0, f.clock); // 60
    std::vector<std::string> log;
    auto label = [&log](const char* who) {
        return [&log, who](const AtomChange<int>& c) {
            log.push_back(std::string(who) + ":" + std::to_string(c.to) + "/v" + std::to_string(c.versionTo));
        };
    };
    Unsubscribe w1 = a.watch(label("w1"));
    a.watch(label("w2"));
    a.reset(1);
    a.reset(2);
    w1();
    a.reset(3);
    QCOMPARE(log, std::vector<std::string>({ "w1:1/v1", "w2:1/v1", "w1:2/v2", "w2:2/v2", "w2:3/v3" }));
    Atom<std::string> b("initial", f.clock); // 61
    std::vector<std::string> seen;
    Unsubscribe off = b.watch([&seen](const AtomChange<std::string>& c) { seen.push_back("change-" + c.to); });
    b.reset("first");
    off();
    b.reset("second");
    QCOMPARE(seen, std::vector<std::string>({ "change-first" }));
}

void TestAtomBehaviour::noNotificationForEqualValue()
{
    Fixture f;
    Atom<std::string> a("value", f.clock);
    std::vector<std::string> seen;
    a.watch([&seen](const AtomChange<std::string>& c) { seen.push_back(c.from + "->" + c.to); });
    a.reset("value");
    QVERIFY(seen.empty());
    a.reset("new-value");
    a.reset("new-value");
    QCOMPARE(seen, std::vector<std::string>({ "value->new-value" }));
}

void TestAtomBehaviour::manySwaps()
{
    Fixture f;
    Atom<int> a(0, f.clock); // 63
    for (int i = 0; i < 50'000; ++i)
        a.swap([](int n) { return n + 1; });
    QCOMPARE(a.deref(), 50'000);
    QCOMPARE(a.version(), 50'000);
    Atom<int> b(0, f.clock); // 64: the ring stays at its size
    for (int i = 0; i < 1'000'000; ++i)
        b.swap([](int n) { return (n + 1) % 1000; });
    QCOMPARE(b.history().size(), 1u);
    QCOMPARE(b.version(), 1'000'000);
    QCOMPARE(b.deref(), 0);
}

void TestAtomBehaviour::manyWatchers()
{
    Fixture f;
    Atom<int> a(0, f.clock);
    std::vector<int> counts(5, 0);
    for (int w = 0; w < 5; ++w)
        a.watch([&counts, w](const AtomChange<int>&) { ++counts[std::size_t(w)]; });
    for (int i = 0; i < 10'000; ++i)
        a.swap([](int n) { return n + 1; });
    QCOMPARE(counts, std::vector<int>(5, 10'000));
}

void TestAtomBehaviour::casLoop()
{
    Fixture f;
    Atom<int> a(0, f.clock);
    int successes = 0;
    for (int i = 0; i < 10'000; ++i)
        successes += a.compareAndSet(a.deref(), a.deref() + 1) ? 1 : 0;
    QCOMPARE(successes, 10'000);
    QCOMPARE(a.deref(), 10'000);
}

void TestAtomBehaviour::bigHistory()
{
    Fixture f;
    Atom<std::string> a("start", f.clock, sized<std::string>(1000));
    for (int i = 0; i < 2000; ++i)
        a.reset("value-" + std::to_string(i));
    const auto h = a.history();
    QCOMPARE(h.size(), 1000u);
    QCOMPARE(h.front().value, std::string("value-1000"));
    QCOMPARE(a.deref(), std::string("value-1999"));
}

void TestAtomBehaviour::growingValue()
{
    struct Doc {
        int id = 0;
        std::vector<int> data;
        bool operator==(const Doc&) const = default;
    };
    Fixture f;
    Doc initial;
    initial.data.resize(100);
    std::iota(initial.data.begin(), initial.data.end(), 0);
    Atom<Doc> a(initial, f.clock);
    for (int i = 0; i < 1000; ++i) {
        a.swap([](const Doc& d) {
            Doc next = d;
            ++next.id;
            next.data.push_back(next.id);
            return next;
        });
    }
    QCOMPARE(a.deref().id, 1000);
    QCOMPARE(a.deref().data.size(), 1100u);
}

void TestAtomBehaviour::bursts()
{
    Fixture f;
    Atom<int> a(0, f.clock);
    int notifications = 0;
    a.watch([&notifications](const AtomChange<int>&) { ++notifications; });
    for (int burst = 0; burst < 10; ++burst) {
        for (int i = 0; i < 1000; ++i)
            f.ex.post([&a] { a.swap([](int n) { return n + 1; }); });
        f.clock.flush();
        QCOMPARE(a.deref(), (burst + 1) * 1000);
    }
    QCOMPARE(a.deref(), 10'000);
    QCOMPARE(notifications, 10'000);
}

void TestAtomBehaviour::versioningBasics()
{
    Fixture f;
    Atom<int> a(0, f.clock, sized<int>(10));
    std::vector<AtomChange<int>> changes;
    a.watch([&changes](const AtomChange<int>& c) { changes.push_back(c); });
    a.reset(0);
    QCOMPARE(a.version(), 0);
    QVERIFY(changes.empty());
    f.clock.advanceBy(100);
    a.swap([](int n) { return n + 1; });
    QCOMPARE(a.version(), 1);
    QCOMPARE(a.deref(), 1);
    f.clock.advanceBy(50);
    a.swap([](int n) { return n + 1; });
    QCOMPARE(a.version(), 2);
    QCOMPARE(changes.size(), 2u);
    QCOMPARE(changes[0].from, 0);
    QCOMPARE(changes[0].to, 1);
    QCOMPARE(changes[0].versionTo, 1);
    QCOMPARE(changes[1].from, 1);
    QCOMPARE(changes[1].to, 2);
    QCOMPARE(changes[1].versionTo, 2);
    const auto h = a.history();
    for (std::size_t i = 1; i < h.size(); ++i)
        QVERIFY(h[i].at.monoMs >= h[i - 1].at.monoMs);
}

void TestAtomBehaviour::baseVersion()
{
    Fixture f;
    AtomOptions<int> o;
    o.baseVersion = 10;
    Atom<int> a(42, f.clock, o);
    QCOMPARE(a.version(), 10);
    QCOMPARE(a.baseVersion(), 10);
    a.swap([](int n) { return n + 1; });
    QCOMPARE(a.version(), 11);
    QCOMPARE(a.deref(), 43);
}

void TestAtomBehaviour::watcherErrorsAreEmitted()
{
    Fixture f(500); // the atom falls back to the clock's sink
    Atom<int> a(0, f.clock);
    a.watch([&a](const AtomChange<int>&) { a.reset(7); }); // uncaught reentrancy
    a.watch([](const AtomChange<int>&) { throw std::runtime_error("bad watcher"); });
    a.reset(1);
    std::vector<const ObsEvent*> errors;
    for (const auto& e : f.events) {
        if (e.type == "atom:watcher:error")
            errors.push_back(&e);
    }
    QCOMPARE(errors.size(), 2u);
    QCOMPARE(errors[0]->text("error"), std::string("Cannot update atom during notification (reentrant update)"));
    QCOMPARE(errors[1]->text("error"), std::string("bad watcher"));
    QCOMPARE(errors[1]->integer("versionTo"), 1);
    QCOMPARE(errors[1]->instant("at"), (Instant { 500, 500 }));
    // A sink of the atom's own takes precedence.
    std::vector<ObsEvent> own;
    AtomOptions<int> o;
    o.emit = [&own](const ObsEvent& e) { own.push_back(e); };
    Atom<int> b(0, f.clock, o);
    b.watch([](const AtomChange<int>&) { throw std::runtime_error("x"); });
    b.reset(1);
    QCOMPARE(own.size(), 1u);
    QCOMPARE(f.events.size(), 2u);
}

void TestAtomBehaviour::watcherSetChangesDuringNotification()
{
    Fixture f;
    Atom<int> a(0, f.clock);
    std::vector<std::string> log;
    Unsubscribe removeThird;
    a.watch([&](const AtomChange<int>& c) {
        log.push_back("first:" + std::to_string(c.to));
        if (c.to == 1) {
            a.watch([&log](const AtomChange<int>& c2) { log.push_back("late:" + std::to_string(c2.to)); });
            removeThird();
        }
    });
    removeThird = a.watch([&log](const AtomChange<int>& c) { log.push_back("third:" + std::to_string(c.to)); });
    a.reset(1);
    QCOMPARE(log, std::vector<std::string>({ "first:1", "late:1" }));
    QCOMPARE(a.watcherCount(), 2u);
    log.clear();
    a.reset(2);
    QCOMPARE(log, std::vector<std::string>({ "first:2", "late:2" }));
}

void TestAtomBehaviour::publishedSnapshotAcrossThreads()
{
    Fixture f;
    Atom<int> quiet(0, f.clock);
    QVERIFY(!quiet.published());
    AtomOptions<int> o;
    o.publish = true;
    Atom<int> a(1, f.clock, o);
    f.clock.advanceBy(10);
    a.reset(2);
    std::shared_ptr<const AtomSnapshot<int>> seen;
    std::thread reader([&a, &seen] { seen = a.published(); });
    reader.join();
    QVERIFY(seen);
    QCOMPARE(seen->value, 2);
    QCOMPARE(seen->version, 1);
    QCOMPARE(seen->at.monoMs, 10);
    a.reset(3);
    QCOMPARE(seen->value, 2); // an immutable snapshot, not a view
    QCOMPARE(a.published()->value, 3);
}

void TestAtomBehaviour::equalsDiffersFromObjectIs()
{
    // Documented difference: operator== is not Object.is.
    Fixture f;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    Atom<double> a(nan, f.clock);
    a.reset(nan);
    QCOMPARE(a.version(), 1); // Object.is(NaN, NaN) would make this a no-op
    Atom<double> z(0.0, f.clock);
    z.reset(-0.0);
    QCOMPARE(z.version(), 0); // Object.is(0, -0) is false: the library bumps
    QVERIFY(!std::signbit(z.deref()));
}

void TestAtomBehaviour::historySizeIsClamped()
{
    Fixture f;
    Atom<int> a(0, f.clock, sized<int>(-3));
    QCOMPARE(a.historySize(), 1u);
    a.reset(1);
    QCOMPARE(valuesOf(a.history()), std::vector<int>({ 1 }));
}

QTEST_GUILESS_MAIN(TestAtomBehaviour)
#include "tst_atom_behaviour.moc"
