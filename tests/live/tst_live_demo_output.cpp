// The demo's output file (cli.md `demo --out`): written beside the target and
// renamed into place at the end. A demo killed with SIGKILL leaves its
// temporary journal (and its -wal) behind; the next demo to the same output
// must neither fail on it nor reuse it, and the dead run's files go.
#include "engine/live/demo_runner.h"
#include "engine/live/platform_api.h"
#include "engine/platform/simulated_gateway.h"
#include "engine/runtime/controlled_clock.h"
#include "engine/runtime/executor.h"
#include "engine/store/atomic_file.h"
#include "engine/store/sqlite_journal_reader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace cd;
using namespace cd::live;

namespace {

QStringList tempsOf(const QString& dir, const QString& target)
{
    return QDir(dir).entryList(
        { QStringLiteral(".") + target + QStringLiteral(".tmp-*") }, QDir::Files | QDir::Hidden, QDir::Name);
}

// What `demo --out target` does: temporary file, demo, rename.
bool runDemoTo(const std::string& target, std::string& error)
{
    store::AtomicFile out;
    if (!out.begin(target, false, error))
        return false;
    DemoOptions o;
    o.seed = 4;
    o.tenants = 3;
    o.days = 1;
    DemoResult result;
    return runDemo(o, out.tempPath(), false, result, error) && out.commit(error, true);
}

// In a child process: starts a demo journal to target, commits a few
// entries, and kills itself with SIGKILL while the journal is open.
[[noreturn]] void demoThatIsKilled(const std::string& target)
{
    std::string error;
    store::AtomicFile out;
    if (!out.begin(target, false, error))
        ::_exit(10);
    rt::Executor executor;
    rt::ControlledClock clock(executor, 0);
    PlatformOptions po;
    po.journalPath = out.tempPath();
    auto gateway = std::make_shared<platform::SimulatedGateway>(1, 0.0, std::set<std::string, std::less<>> {}, 0.0);
    auto api = PlatformApi::create(executor, clock, po, gateway, error);
    if (!api)
        ::_exit(11);
    auto created = api->createTenant("t-1", platform::Plan::Pro, "owner");
    clock.flush();
    for (int i = 0; i < 1000 && !created.settled(); ++i) {
        clock.tick();
        clock.flush();
    }
    if (!created.settled() || !created.value().result.accepted)
        ::_exit(12);
    ::raise(SIGKILL);
    ::_exit(13);
}

} // namespace

class TestLiveDemoOutput : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nextDemoAfterAKilledOne();
    void leftoverWalBesideANewTemporaryFile();
};

void TestLiveDemoOutput::nextDemoAfterAKilledOne()
{
    QTemporaryDir dir;
    const std::string target = dir.filePath(QStringLiteral("demo.sqlite")).toStdString();
    const pid_t child = ::fork();
    QVERIFY(child >= 0);
    if (child == 0)
        demoThatIsKilled(target);
    int status = 0;
    QCOMPARE(::waitpid(child, &status, 0), child);
    QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, qPrintable(QString::number(status)));
    const QStringList stale = tempsOf(dir.path(), QStringLiteral("demo.sqlite"));
    QVERIFY2(stale.contains(QStringLiteral(".demo.sqlite.tmp-%1-0").arg(child)), qPrintable(stale.join(u' ')));
    QVERIFY2(stale.contains(QStringLiteral(".demo.sqlite.tmp-%1-0-wal").arg(child)), qPrintable(stale.join(u' ')));
    QVERIFY(!QFile::exists(QString::fromStdString(target)));

    std::string error;
    QVERIFY2(runDemoTo(target, error), error.c_str());
    // The dead run's files are gone; the output is a complete journal.
    QCOMPARE(tempsOf(dir.path(), QStringLiteral("demo.sqlite")), QStringList());
    auto reader = store::SqliteJournalReader::open(target, error);
    QVERIFY2(reader, error.c_str());
    store::JournalInfo info;
    QVERIFY(reader->info(info, error));
    QVERIFY(info.count > 10);
    QCOMPARE(*info.firstSequence, std::int64_t(0));
    QCOMPARE(*info.lastSequence, info.count - 1);
}

void TestLiveDemoOutput::leftoverWalBesideANewTemporaryFile()
{
    // A dead run of the same process id (e.g. in a container) whose main
    // temporary file is gone but whose -wal stayed: the new run's file takes
    // that name and must not be refused because of the -wal, nor get its pages.
    QTemporaryDir dir;
    const std::string target = dir.filePath(QStringLiteral("demo.sqlite")).toStdString();
    const QString stem = dir.filePath(QStringLiteral(".demo.sqlite.tmp-%1-0").arg(::getpid()));
    for (const QString& suffix : { QStringLiteral("-wal"), QStringLiteral("-shm") }) {
        QFile f(stem + suffix);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
    }
    std::string error;
    QVERIFY2(runDemoTo(target, error), error.c_str());
    QCOMPARE(tempsOf(dir.path(), QStringLiteral("demo.sqlite")), QStringList());
    auto reader = store::SqliteJournalReader::open(target, error);
    QVERIFY2(reader, error.c_str());
}

QTEST_GUILESS_MAIN(TestLiveDemoOutput)
#include "tst_live_demo_output.moc"
