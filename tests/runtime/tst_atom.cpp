#include "atom_fixture.h"

#include <QTest>

#include <cctype>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>

using namespace cd::rt;
using namespace cd::rt::testing;

class TestAtom : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void derefResetSwap(); // 1-6
    void compareAndSetBasics(); // 7-8
    void snapshots(); // 9-10
    void historyBasics(); // 11-13
    void versions(); // 14-15
    void watchersSeeChanges(); // 16-17
    void watcherCannotUpdate(); // 18
    void customEquals(); // 19
    void structuredValues(); // 20-21
    void twoWatchers(); // 22
    void causeIsPassed(); // 23
    void casUsesIdentityForReferences(); // 24-25
    void casWithDeepEquals(); // 26
    void casFailsWithoutNotification(); // 27
    void casCarriesCause(); // 28
    void casOnlyOnce(); // 29
    void casCaseInsensitive(); // 30
    void queuedSwapsAreLinear(); // 31
    void queuedMixedOperations(); // 32
    void queuedCasOneWinner(); // 33
    void queuedArrayAppends(); // 34
    void queuedUpdatersSeeLatest(); // 35
};

void TestAtom::derefResetSwap()
{
    Fixture f(1000);
    Atom<int> a(42, f.clock, sized<int>(5));
    QCOMPARE(a.deref(), 42); // 1
    QCOMPARE(a.reset(100), 100); // 2
    QCOMPARE(a.deref(), 100);
    QCOMPARE(a.snapshot().version, 1); // 3
    QCOMPARE(a.reset(100), 100); // 4: equal value
    QCOMPARE(a.version(), 1);
    Atom<int> b(42, f.clock);
    QCOMPARE(b.swap([](int n) { return n * 2; }), 84); // 5
    QCOMPARE(b.deref(), 84);
    Atom<int> c(42, f.clock);
    QCOMPARE(c.swap([](int n) { return n + 10; }), 52); // 6
}

void TestAtom::compareAndSetBasics()
{
    Fixture f(1000);
    Atom<int> a(42, f.clock);
    QVERIFY(a.compareAndSet(42, 100)); // 7
    QCOMPARE(a.deref(), 100);
    Atom<int> b(42, f.clock);
    QVERIFY(!b.compareAndSet(99, 100)); // 8
    QCOMPARE(b.deref(), 42);
}

void TestAtom::snapshots()
{
    Fixture f(1000);
    Atom<int> a(42, f.clock, sized<int>(5));
    auto s = a.snapshot(); // 9
    QCOMPARE(s.value, 42);
    QCOMPARE(s.version, 0);
    QCOMPARE(s.at, (Instant { 1000, 1000 }));
    a.reset(100); // 10
    s = a.snapshot();
    QCOMPARE(s.value, 100);
    QCOMPARE(s.version, 1);
}

void TestAtom::historyBasics()
{
    Fixture f(1000);
    Atom<int> a(42, f.clock, sized<int>(5));
    a.reset(100);
    a.reset(200);
    auto h = a.history(); // 11
    QCOMPARE(valuesOf(h), std::vector<int>({ 42, 100, 200 }));
    QCOMPARE(h[0].version, 0);
    QCOMPARE(h[2].version, 2);
    Atom<int> b(42, f.clock, sized<int>(5));
    for (int i = 0; i < 10; ++i)
        b.reset(i); // 12
    h = b.history();
    QCOMPARE(h.size(), 5u);
    QCOMPARE(h[0].value, 5);
    QCOMPARE(h[4].value, 9);
    a.clearHistory(); // 13
    h = a.history();
    QCOMPARE(h.size(), 1u);
    QCOMPARE(h[0].value, 200);
    QCOMPARE(h[0].version, 2);
    QCOMPARE(a.version(), 2);
}

void TestAtom::versions()
{
    Fixture f(1000);
    Atom<int> a(42, f.clock);
    QCOMPARE(a.version(), 0); // 14
    a.reset(100); // 15
    QCOMPARE(a.version(), 1);
    a.swap([](int n) { return n + 1; });
    QCOMPARE(a.version(), 2);
}

void TestAtom::watchersSeeChanges()
{
    Fixture f(1000);
    Atom<int> a(42, f.clock);
    std::vector<AtomChange<int>> changes;
    auto unwatch = a.watch([&changes](const AtomChange<int>& c) { changes.push_back(c); });
    a.reset(100);
    a.reset(200);
    QCOMPARE(changes.size(), 2u); // 16
    QCOMPARE(changes[0].from, 42);
    QCOMPARE(changes[0].to, 100);
    QCOMPARE(changes[0].versionFrom, 0);
    QCOMPARE(changes[0].versionTo, 1);
    QCOMPARE(changes[1].from, 100);
    QCOMPARE(changes[1].to, 200);
    QCOMPARE(changes[1].versionTo, 2);
    Atom<int> b(42, f.clock); // 17
    std::vector<AtomChange<int>> seen;
    Unsubscribe stop = b.watch([&seen](const AtomChange<int>& c) { seen.push_back(c); });
    b.reset(100);
    stop();
    b.reset(200);
    QCOMPARE(seen.size(), 1u);
    QCOMPARE(seen[0].to, 100);
}

void TestAtom::watcherCannotUpdate()
{
    Fixture f(1000);
    Atom<int> a(42, f.clock);
    std::string message;
    a.watch([&a, &message](const AtomChange<int>&) {
        try {
            a.reset(999);
        } catch (const std::logic_error& e) {
            message = e.what();
        }
    });
    a.reset(100);
    QCOMPARE(message, std::string("Cannot update atom during notification (reentrant update)"));
    QCOMPARE(a.deref(), 100);
}

void TestAtom::customEquals()
{
    Fixture f(1000);
    AtomOptions<Boxed> o;
    o.equals = [](const Boxed& x, const Boxed& y) { return x.value == y.value; };
    Atom<Boxed> a(Boxed { 1 }, f.clock, o);
    int changes = 0;
    a.watch([&changes](const AtomChange<Boxed>&) { ++changes; });
    a.reset(Boxed { 1 });
    QCOMPARE(changes, 0);
    QCOMPARE(a.version(), 0);
    a.reset(Boxed { 2 });
    QCOMPARE(changes, 1);
    QCOMPARE(a.version(), 1);
}

void TestAtom::structuredValues()
{
    Fixture f(1000);
    Atom<Counted> a(Counted { 0, "test" }, f.clock); // 20
    a.swap([](Counted c) {
        ++c.count;
        return c;
    });
    QCOMPARE(a.deref(), (Counted { 1, "test" }));
    Atom<std::vector<int>> v(std::vector<int> { 1, 2, 3 }, f.clock); // 21
    v.swap([](std::vector<int> xs) {
        xs.push_back(4);
        return xs;
    });
    QCOMPARE(v.deref(), std::vector<int>({ 1, 2, 3, 4 }));
}

void TestAtom::twoWatchers()
{
    Fixture f(1000);
    Atom<int> a(42, f.clock);
    std::vector<AtomChange<int>> one;
    std::vector<AtomChange<int>> two;
    a.watch([&one](const AtomChange<int>& c) { one.push_back(c); });
    a.watch([&two](const AtomChange<int>& c) { two.push_back(c); });
    a.reset(100);
    a.reset(200);
    QCOMPARE(one.size(), 2u);
    QCOMPARE(two.size(), 2u);
    QCOMPARE(one[0].to, 100);
    QCOMPARE(two[0].to, 100);
}

void TestAtom::causeIsPassed()
{
    Fixture f(1000);
    Atom<int> a(42, f.clock);
    std::optional<std::string> cause;
    a.watch([&cause](const AtomChange<int>& c) { cause = c.cause; });
    a.reset(100, "test-cause");
    QCOMPARE(cause.value_or("<none>"), std::string("test-cause"));
    a.reset(101);
    QVERIFY(!cause.has_value());
}

void TestAtom::casUsesIdentityForReferences()
{
    Fixture f;
    const NRef original = std::make_shared<const N>(N { 1 });
    Atom<NRef> a(original, f.clock);
    int notified = 0;
    a.watch([&notified](const AtomChange<NRef>&) { ++notified; });
    QVERIFY(!a.compareAndSet(std::make_shared<const N>(N { 1 }), std::make_shared<const N>(N { 2 }))); // 24
    QCOMPARE(a.deref()->n, 1);
    QCOMPARE(a.version(), 0);
    QCOMPARE(notified, 0);
    QVERIFY(a.compareAndSet(original, std::make_shared<const N>(N { 2 }))); // 25
    QCOMPARE(a.deref()->n, 2);
    QCOMPARE(a.version(), 1);
    QCOMPARE(notified, 1);
}

void TestAtom::casWithDeepEquals()
{
    Fixture f;
    AtomOptions<NRef> o;
    o.equals = [](const NRef& x, const NRef& y) { return *x == *y; };
    Atom<NRef> a(std::make_shared<const N>(N { 1 }), f.clock, o);
    std::vector<AtomChange<NRef>> changes;
    a.watch([&changes](const AtomChange<NRef>& c) { changes.push_back(c); });
    QVERIFY(a.compareAndSet(std::make_shared<const N>(N { 1 }), std::make_shared<const N>(N { 2 })));
    QCOMPARE(a.version(), 1);
    QCOMPARE(changes.size(), 1u);
    QCOMPARE(changes[0].from->n, 1);
    QCOMPARE(changes[0].to->n, 2);
}

void TestAtom::casFailsWithoutNotification()
{
    Fixture f;
    Atom<int> a(5, f.clock);
    int notified = 0;
    a.watch([&notified](const AtomChange<int>&) { ++notified; });
    a.reset(10);
    QCOMPARE(notified, 1);
    QVERIFY(!a.compareAndSet(5, 15));
    QCOMPARE(a.deref(), 10);
    QCOMPARE(a.version(), 1);
    QCOMPARE(notified, 1);
}

void TestAtom::casCarriesCause()
{
    Fixture f;
    Atom<std::string> a("initial", f.clock);
    std::vector<AtomChange<std::string>> changes;
    a.watch([&changes](const AtomChange<std::string>& c) { changes.push_back(c); });
    QVERIFY(a.compareAndSet("initial", "updated", "test-cas"));
    QCOMPARE(changes.size(), 1u);
    QCOMPARE(changes[0].cause.value_or(""), std::string("test-cas"));
    QCOMPARE(changes[0].from, std::string("initial"));
    QCOMPARE(changes[0].to, std::string("updated"));
}

void TestAtom::casOnlyOnce()
{
    Fixture f;
    Atom<int> a(0, f.clock);
    QVERIFY(a.compareAndSet(0, 1));
    QVERIFY(!a.compareAndSet(0, 2));
    QCOMPARE(a.deref(), 1);
    QCOMPARE(a.version(), 1);
}

void TestAtom::casCaseInsensitive()
{
    Fixture f;
    AtomOptions<std::string> o;
    o.equals = [](const std::string& x, const std::string& y) {
        return std::equal(x.begin(), x.end(), y.begin(), y.end(), [](char p, char q) {
            return std::tolower(static_cast<unsigned char>(p)) == std::tolower(static_cast<unsigned char>(q));
        });
    };
    Atom<std::string> a("Hello", f.clock, o);
    QVERIFY(a.compareAndSet("HELLO", "World"));
    QCOMPARE(a.deref(), std::string("World"));
    QVERIFY(!a.compareAndSet("hello", "Failed"));
    QCOMPARE(a.deref(), std::string("World"));
}

void TestAtom::queuedSwapsAreLinear()
{
    Fixture f;
    Atom<int> a(0, f.clock);
    std::vector<std::int64_t> versions;
    a.watch([&versions](const AtomChange<int>& c) { versions.push_back(c.versionTo); });
    for (int i = 0; i < 100; ++i)
        f.ex.post([&a] { a.swap([](int n) { return n + 1; }); });
    QCOMPARE(a.deref(), 0); // nothing ran yet
    f.clock.flush();
    QCOMPARE(a.deref(), 100);
    QCOMPARE(a.version(), 100);
    std::vector<std::int64_t> expected(100);
    std::iota(expected.begin(), expected.end(), 1);
    QCOMPARE(versions, expected);
}

void TestAtom::queuedMixedOperations()
{
    Fixture f;
    Atom<int> a(0, f.clock);
    std::vector<std::int64_t> versions;
    a.watch([&versions](const AtomChange<int>& c) { versions.push_back(c.versionTo); });
    f.ex.post([&a] { a.swap([](int n) { return n + 10; }); });
    f.ex.post([&a] { a.swap([](int n) { return n + 1; }); });
    f.ex.post([&a] { a.swap([](int n) { return n * 2; }); });
    f.ex.post([&a] { a.reset(100); });
    f.ex.post([&a] { a.reset(200); });
    f.ex.post([&a] { a.swap([](int n) { return n + 5; }); });
    f.clock.flush();
    QCOMPARE(versions, std::vector<std::int64_t>({ 1, 2, 3, 4, 5, 6 }));
    QCOMPARE(a.version(), 6);
    QCOMPARE(a.deref(), 205);
}

void TestAtom::queuedCasOneWinner()
{
    Fixture f;
    Atom<int> a(0, f.clock);
    int wins = 0;
    int losses = 0;
    for (int i = 0; i < 10; ++i)
        f.ex.post([&a, &wins, &losses, i] { a.compareAndSet(0, i + 1) ? ++wins : ++losses; });
    f.clock.flush();
    QCOMPARE(wins, 1);
    QCOMPARE(losses, 9);
    QCOMPARE(a.version(), 1);
    QCOMPARE(a.deref(), 1); // the first queued one wins
}

void TestAtom::queuedArrayAppends()
{
    Fixture f;
    Atom<std::vector<std::string>> a({}, f.clock);
    std::vector<AtomChange<std::vector<std::string>>> changes;
    a.watch([&changes](const auto& c) { changes.push_back(c); });
    for (int i = 0; i < 50; ++i) {
        f.ex.post([&a, i] {
            a.swap([i](std::vector<std::string> xs) {
                xs.push_back("item-" + std::to_string(i));
                return xs;
            });
        });
    }
    f.clock.flush();
    QCOMPARE(a.deref().size(), 50u);
    QCOMPARE(a.version(), 50);
    QCOMPARE(changes.size(), 50u);
    for (std::size_t i = 0; i < changes.size(); ++i) {
        QCOMPARE(changes[i].to.size(), changes[i].from.size() + 1);
        QCOMPARE(changes[i].versionTo, std::int64_t(i + 1));
        QCOMPARE(changes[i].to.back(), "item-" + std::to_string(i));
    }
}

void TestAtom::queuedUpdatersSeeLatest()
{
    Fixture f;
    Atom<int> a(0, f.clock);
    std::vector<int> recorded;
    for (int i = 0; i < 200; ++i) {
        f.ex.post([&a, &recorded] {
            a.swap([&recorded](int n) {
                recorded.push_back(n + 1);
                return n + 1;
            });
        });
    }
    f.clock.flush();
    QCOMPARE(a.deref(), 200);
    QCOMPARE(a.version(), 200);
    std::vector<int> expected(200);
    std::iota(expected.begin(), expected.end(), 1);
    QCOMPARE(recorded, expected);
}

QTEST_GUILESS_MAIN(TestAtom)
#include "tst_atom.moc"
