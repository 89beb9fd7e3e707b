#include "engine/history/huge_pages.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTest>

#include <cstdio>
#include <cstdlib>

#include <unistd.h>

// reexecWithHugePageMalloc, through this program run as a probe: it prints
// its pid, asks for the re-execution, then prints GLIBC_TUNABLES. A probe
// that re-executed prints its pid twice (the same process, a new image).
namespace {
constexpr const char* ProbeVariable = "CD_HUGE_PAGES_PROBE";

int probe(char** argv)
{
    std::printf("pid %d\n", int(getpid()));
    std::fflush(stdout);
    cd::history::reexecWithHugePageMalloc(argv);
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    std::printf("tunables %s\n", tunables ? tunables : "(unset)");
    return 0;
}

bool sanitizedAddresses()
{
#if defined(__SANITIZE_ADDRESS__)
    return true;
#else
    return false;
#endif
}
} // namespace

class TestHugePages : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reexecutesOnceWithTheTunable_data()
    {
        QTest::addColumn<QString>("before"); // GLIBC_TUNABLES; "-": unset
        QTest::addColumn<QString>("after");
        QTest::addColumn<bool>("reexecuted");
        QTest::newRow("unset") << u"-"_qs << u"glibc.malloc.hugetlb=1"_qs << true;
        QTest::newRow("others kept") << u"glibc.malloc.tcache_count=100"_qs
                                     << u"glibc.malloc.tcache_count=100:glibc.malloc.hugetlb=1"_qs << true;
        QTest::newRow("turned off by the user")
            << u"glibc.malloc.hugetlb=0"_qs << u"glibc.malloc.hugetlb=0"_qs << false;
        QTest::newRow("asked already") << u"glibc.malloc.hugetlb=1"_qs << u"glibc.malloc.hugetlb=1"_qs << false;
    }
    void reexecutesOnceWithTheTunable()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(bool, reexecuted);
        if (sanitizedAddresses()) { // not glibc's malloc: left alone
            after = before == u"-"_qs ? u"(unset)"_qs : before;
            reexecuted = false;
        }
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QString::fromLatin1(ProbeVariable), u"1"_qs);
        if (before == u"-"_qs)
            environment.remove(u"GLIBC_TUNABLES"_qs);
        else
            environment.insert(u"GLIBC_TUNABLES"_qs, before);
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(process.waitForStarted(30'000));
        const qint64 childPid = process.processId();
        QVERIFY(process.waitForFinished(30'000));
        QCOMPARE(process.exitCode(), 0);
        const QStringList lines
            = QString::fromLocal8Bit(process.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        const QString pid = u"pid "_qs + QString::number(childPid);
        QStringList expected { pid };
        if (reexecuted)
            expected << pid;
        expected << u"tunables "_qs + after;
        QCOMPARE(lines, expected);
    }
};

int main(int argc, char** argv)
{
    if (std::getenv(ProbeVariable))
        return probe(argv);
    QCoreApplication app(argc, argv);
    TestHugePages test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_huge_pages.moc"
