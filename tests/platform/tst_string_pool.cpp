#include "engine/platform/string_pool.h"

#include <QTest>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace cd::platform;

class TestStringPool : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameTextSameId();
    void idsAreDenseFromOne();
    void emptyStringIsNotNull();
    void findNeverInterns();
    void viewsStayValidWhileGrowing();
    void longAndBinaryStrings();
    void viewWhileAnotherThreadInterns();
    void growthPreparedAheadIsAdopted();
};

void TestStringPool::sameTextSameId()
{
    StringPool pool;
    const Str a = pool.intern("tenant-1");
    const Str b = pool.intern("tenant-2");
    QVERIFY(a != b);
    QVERIFY(!a.isNull());
    QCOMPARE(pool.intern(std::string("tenant-") + "1"), a);
    QCOMPARE(pool.view(a), std::string_view("tenant-1"));
    QCOMPARE(pool.view(b), std::string_view("tenant-2"));
    QCOMPARE(pool.size(), std::size_t(2));
}

void TestStringPool::idsAreDenseFromOne()
{
    StringPool pool;
    // Many similar keys exercise probing and several table growths.
    for (std::uint32_t i = 0; i < 100000; ++i)
        QCOMPARE(pool.intern("u-" + std::to_string(i)).id, i + 1);
    for (std::uint32_t i = 0; i < 100000; i += 997) {
        QCOMPARE(pool.view(Str(i + 1)), std::string_view("u-" + std::to_string(i)));
        QCOMPARE(pool.intern("u-" + std::to_string(i)).id, i + 1);
    }
    QCOMPARE(pool.size(), std::size_t(100000));
}

void TestStringPool::emptyStringIsNotNull()
{
    StringPool pool;
    const Str empty = pool.intern("");
    QVERIFY(!empty.isNull());
    QCOMPARE(pool.view(empty), std::string_view());
    QCOMPARE(pool.intern(""), empty);
    QCOMPARE(pool.view(Str()), std::string_view());
    QVERIFY(pool.intern("x") != empty);
}

void TestStringPool::findNeverInterns()
{
    StringPool pool;
    QVERIFY(pool.find("absent").isNull());
    QCOMPARE(pool.size(), std::size_t(0));
    const Str s = pool.intern("present");
    QCOMPARE(pool.find("present"), s);
    QVERIFY(pool.find("presen").isNull());
    QCOMPARE(pool.size(), std::size_t(1));
}

void TestStringPool::viewsStayValidWhileGrowing()
{
    StringPool pool;
    std::vector<std::string_view> early;
    for (int i = 0; i < 1000; ++i)
        early.push_back(pool.view(pool.intern("early-" + std::to_string(i))));
    const char* firstData = early.front().data();
    for (int i = 0; i < 300000; ++i)
        pool.intern("later-string-number-" + std::to_string(i));
    QCOMPARE(early.front().data(), firstData); // bytes never moved
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(early[std::size_t(i)], std::string_view("early-" + std::to_string(i)));
}

void TestStringPool::longAndBinaryStrings()
{
    StringPool pool;
    const std::string big(1 << 20, 'x'); // bigger than a chunk
    const std::string medium(100000, 'y');
    const std::string binary("a\0b\xff", 4);
    const Str a = pool.intern("small");
    const Str b = pool.intern(big);
    const Str c = pool.intern(medium);
    const Str d = pool.intern(binary);
    const Str e = pool.intern("small2");
    QCOMPARE(pool.view(a), std::string_view("small"));
    QCOMPARE(pool.view(b), std::string_view(big));
    QCOMPARE(pool.view(c), std::string_view(medium));
    QCOMPARE(pool.view(d), std::string_view(binary));
    QCOMPARE(pool.view(e), std::string_view("small2"));
    QCOMPARE(pool.intern(std::string_view(binary)), d);
    QVERIFY(pool.find(std::string_view("a\0b", 3)).isNull());
    QVERIFY(pool.memoryUsage() >= big.size() + medium.size());
}

void TestStringPool::viewWhileAnotherThreadInterns()
{
    // One writer interns; a reader views every id the writer has published.
    // The reader must always see the right text, even across block and
    // table growth. The outcome does not depend on timing.
    StringPool pool;
    constexpr std::uint32_t Count = 200000;
    std::atomic<std::uint32_t> published { 0 };
    std::atomic<int> mismatches { 0 };
    std::thread writer([&pool, &published] {
        for (std::uint32_t i = 0; i < Count; ++i) {
            const Str s = pool.intern("s" + std::to_string(i));
            published.store(s.id, std::memory_order_release);
        }
    });
    std::thread reader([&pool, &published, &mismatches] {
        std::uint32_t checked = 0;
        while (checked < Count) {
            const std::uint32_t upTo = published.load(std::memory_order_acquire);
            for (; checked < upTo; ++checked) {
                if (pool.view(Str(checked + 1)) != "s" + std::to_string(checked))
                    mismatches.fetch_add(1);
            }
        }
    });
    writer.join();
    reader.join();
    QCOMPARE(mismatches.load(), 0);
    QCOMPARE(pool.size(), std::size_t(Count));
}

// A table grown ahead (off a lock) holds every string; intern() then does not
// grow until past it; one prepared before other strings came is not adopted.
void TestStringPool::growthPreparedAheadIsAdopted()
{
    StringPool pool;
    std::vector<Str> ids;
    for (int i = 0; i < 1000; ++i)
        ids.push_back(pool.intern("s-" + std::to_string(i)));
    StringPool::Growth none = pool.prepareGrowth(0); // nothing due
    const std::size_t before = pool.memoryUsage();
    pool.adopt(none);
    QCOMPARE(pool.memoryUsage(), before);

    StringPool::Growth growth = pool.prepareGrowth(5000);
    pool.adopt(growth);
    const std::size_t grown = pool.memoryUsage();
    QVERIFY(grown > before);
    for (int i = 0; i < 1000; ++i) { // every string found, none interned twice
        QCOMPARE(pool.find("s-" + std::to_string(i)), ids[std::size_t(i)]);
        QCOMPARE(pool.intern("s-" + std::to_string(i)), ids[std::size_t(i)]);
    }
    for (int i = 1000; i < 6000; ++i)
        ids.push_back(pool.intern("s-" + std::to_string(i)));
    // The 5000 more fit without growing again (string bytes aside).
    const std::size_t tableAfter = pool.memoryUsage();
    QVERIFY2(tableAfter - grown < 5000 * 16 + (256 << 10), qPrintable(QString::number(tableAfter - grown)));
    QCOMPARE(pool.size(), std::size_t(6000));

    // Prepared, then a string came: the old plan would lose it.
    StringPool::Growth stale = pool.prepareGrowth(100'000);
    const Str late = pool.intern("late");
    pool.adopt(stale);
    QCOMPARE(pool.find("late"), late);
    for (int i = 0; i < 6000; i += 97)
        QCOMPARE(pool.find("s-" + std::to_string(i)), ids[std::size_t(i)]);
}

QTEST_GUILESS_MAIN(TestStringPool)
#include "tst_string_pool.moc"
