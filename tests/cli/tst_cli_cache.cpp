// End-to-end: the CLI keeps a large journal's index in the user cache
// directory ($XDG_CACHE_HOME/chronodesk) and answers from it exactly as from
// a fresh build; a changed journal is never served from a stale cache, a
// cache that cannot be written changes nothing, the journal is never touched.
#include "cli_runner.h"

#include <sys/stat.h>

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {
constexpr qint64 W = 1764000000000;
constexpr int Tenants = 500;
// Above the CLI's caching threshold (16 MiB).
constexpr qint64 JournalBytes = 17 << 20;

// A journal of every kind of tenant activity, one entry per line.
class LineWriter {
public:
    explicit LineWriter(QFile& file)
        : m_file(file)
    { }
    void entry(const QByteArray& data)
    {
        const QByteArray n = QByteArray::number(m_sequence);
        const QByteArray wall = QByteArray::number(W + m_sequence * 1000);
        m_file.write("{\"id\":\"e-" + n + "\",\"sequence\":" + n + ",\"timestamp\":{\"wallMs\":" + wall
            + ",\"monoMs\":" + QByteArray::number(m_sequence * 1000) + "},\"data\":{" + data + "}}\n");
        ++m_sequence;
    }
    qint64 sequence() const { return m_sequence; }

private:
    QFile& m_file;
    qint64 m_sequence = 0;
};

QByteArray tenantField(int t)
{
    return "\"tenantId\":\"t-" + QByteArray::number(t) + "\"";
}

void writeJournal(const QString& path)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    LineWriter w(file);
    for (int t = 0; t < Tenants; ++t) {
        const QByteArray tid = tenantField(t);
        w.entry("\"type\":\"tenant.created\"," + tid + ",\"plan\":\"pro\",\"ownerId\":\"owner-" + QByteArray::number(t)
            + "\"");
        w.entry("\"type\":\"user.invited\"," + tid + ",\"userId\":\"u-1\",\"email\":\"u-1.t-" + QByteArray::number(t)
            + "@example.com\",\"role\":\"admin\"");
        w.entry("\"type\":\"user.activated\"," + tid + ",\"userId\":\"u-1\"");
    }
    for (qint64 i = 0; file.size() < JournalBytes; ++i) {
        const QByteArray tid = tenantField(int(i * 7919 % Tenants));
        const QByteArray k = QByteArray::number(i);
        switch (i % 6) {
        case 0:
        case 1:
            w.entry("\"type\":\"feature.used\"," + tid
                + ",\"userId\":\"u-1\",\"feature\":\"api_calls\",\"usage\":" + QByteArray::number(1 + i % 37));
            break;
        case 2:
            w.entry("\"type\":\"session.connected\"," + tid + ",\"userId\":\"u-1\",\"sessionId\":\"s-" + k + "\"");
            break;
        case 3:
            // The session the previous entry connected, at its tenant.
            w.entry("\"type\":\"session.disconnected\"," + tenantField(int((i - 1) * 7919 % Tenants))
                + ",\"sessionId\":\"s-" + QByteArray::number(i - 1) + "\"");
            break;
        case 4:
            w.entry("\"type\":\"billing.payment.succeeded\"," + tid + ",\"cycleId\":\"c-" + k + "\",\"amount\":9900");
            break;
        default:
            w.entry("\"type\":\"billing.payment.failed\"," + tid + ",\"cycleId\":\"c-" + k
                + "\",\"amount\":9900,\"reason\":\"card_declined\"");
            break;
        }
    }
}

QByteArray sha256Of(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return hash.result();
}

// Which file a path is and when it was last written: a cache file that was
// written again (a rebuild) gets a new inode (atomic rename) and time.
struct FileStamp {
    quint64 inode = 0;
    qint64 mtimeNs = 0;
    bool operator==(const FileStamp&) const = default;
};

FileStamp stampOf(const QString& path)
{
    struct stat st { };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    return { quint64(st.st_ino), qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec };
}
} // namespace

class TestCliCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void cachedAnswersEqualFreshOnes_data();
    void cachedAnswersEqualFreshOnes();
    void appendedJournalIsNotServedStale();
    void touchedJournalIsRebuilt();
    void damagedCacheIsRebuilt();
    void unwritableCacheStillAnswers();
    void smallJournalIsNotCached();

private:
    // Runs with XDG_CACHE_HOME set to cacheHome (a path that may be a file).
    CliResult run(const QStringList& args, const QString& cacheHome);
    QStringList cacheFiles() const;
    QString cacheDir() const { return m_cacheHome + QStringLiteral("/chronodesk"); }

    QTemporaryDir m_dir;
    QString m_journal;
    QString m_cacheHome;
    QString m_noCache; // a file: no cache directory can be created under it
    QByteArray m_journalHash;
    QStringList m_journalDirListing;
};

CliResult TestCliCache::run(const QStringList& args, const QString& cacheHome)
{
    qputenv("XDG_CACHE_HOME", QFile::encodeName(cacheHome));
    return runCli(args);
}

QStringList TestCliCache::cacheFiles() const
{
    return QDir(cacheDir()).entryList(QDir::Files | QDir::Hidden);
}

void TestCliCache::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QDir(m_dir.path()).mkdir(QStringLiteral("journal"));
    m_journal = m_dir.filePath(QStringLiteral("journal/big.ndjson"));
    writeJournal(m_journal);
    QVERIFY(QFileInfo(m_journal).size() >= JournalBytes);
    m_noCache = m_dir.filePath(QStringLiteral("not-a-directory"));
    QFile blocker(m_noCache);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.write("x");
    blocker.close();
    m_journalHash = sha256Of(m_journal);
    m_journalDirListing = QDir(m_dir.filePath(QStringLiteral("journal"))).entryList(QDir::AllEntries | QDir::Hidden);
}

void TestCliCache::init()
{
    // Every test starts with an empty cache of its own.
    static int n = 0;
    m_cacheHome = m_dir.filePath(QStringLiteral("cache-%1").arg(++n));
    QVERIFY(QDir().mkpath(m_cacheHome));
}

void TestCliCache::cleanupTestCase()
{
    qunsetenv("XDG_CACHE_HOME");
}

void TestCliCache::cachedAnswersEqualFreshOnes_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("state latest") << QStringList { QStringLiteral("state") };
    QTest::newRow("state --at") << QStringList { QStringLiteral("state"), QStringLiteral("--at"),
        QStringLiteral("54321") };
    QTest::newRow("state --at-time --tenant") << QStringList { QStringLiteral("state"), QStringLiteral("--at-time"),
        QString::number(W + 77777 * 1000), QStringLiteral("--tenant"), QStringLiteral("t-17") };
    QTest::newRow("diff") << QStringList { QStringLiteral("diff"), QStringLiteral("--from"), QStringLiteral("1000"),
        QStringLiteral("--to"), QStringLiteral("90000") };
    QTest::newRow("stats") << QStringList { QStringLiteral("stats") };
    QTest::newRow("explain") << QStringList { QStringLiteral("explain"), QStringLiteral("--tenant"),
        QStringLiteral("t-3") };
}

void TestCliCache::cachedAnswersEqualFreshOnes()
{
    QFETCH(QStringList, args);
    QStringList full = args;
    full.insert(1, m_journal);

    const CliResult fresh = run(full, m_noCache);
    QCOMPARE(fresh.exitCode, 0);
    QVERIFY(!fresh.out.isEmpty());

    const CliResult first = run(full, m_cacheHome);
    QCOMPARE(first.exitCode, 0);
    QCOMPARE(first.out, fresh.out);
    const QStringList files = cacheFiles();
    QCOMPARE(files.size(), 1);
    const QString cacheFile = cacheDir() + QLatin1Char('/') + files.front();
    const FileStamp saved = stampOf(cacheFile);
    QVERIFY(saved.inode != 0);

    // Served from the cache: the file was read, not written again.
    const CliResult second = run(full, m_cacheHome);
    QCOMPARE(second.exitCode, 0);
    QCOMPARE(second.out, fresh.out);
    QCOMPARE(second.err, fresh.err);
    QCOMPARE(cacheFiles(), files);
    QVERIFY(stampOf(cacheFile) == saved);

    // The evidence: same bytes, nothing written beside it.
    QCOMPARE(sha256Of(m_journal), m_journalHash);
    QCOMPARE(QDir(m_dir.filePath(QStringLiteral("journal"))).entryList(QDir::AllEntries | QDir::Hidden),
        m_journalDirListing);
}

void TestCliCache::appendedJournalIsNotServedStale()
{
    // A copy of its own: the shared journal stays as it is.
    const QString journal = m_dir.filePath(QStringLiteral("appended.ndjson"));
    QFile::remove(journal);
    QVERIFY(QFile::copy(m_journal, journal));
    const QStringList stats { QStringLiteral("stats"), journal };
    const CliResult before = run(stats, m_cacheHome);
    QCOMPARE(before.exitCode, 0);
    QCOMPARE(cacheFiles().size(), 1);
    const qint64 entries = before.json().object().value(QLatin1String("entries")).toInteger();
    QVERIFY(entries > 90000);

    {
        QFile file(journal);
        QVERIFY(file.open(QIODevice::Append));
        const QByteArray n = QByteArray::number(entries);
        file.write("{\"id\":\"e-" + n + "\",\"sequence\":" + n + ",\"timestamp\":{\"wallMs\":"
            + QByteArray::number(W + entries * 1000) + ",\"monoMs\":0},\"data\":{\"type\":\"tenant.suspended\","
            + tenantField(5) + ",\"reason\":\"manual\"}}\n");
    }
    const CliResult after = run(stats, m_cacheHome);
    QCOMPARE(after.exitCode, 0);
    QCOMPARE(after.json().object().value(QLatin1String("entries")).toInteger(), entries + 1);
    const CliResult fresh = run(stats, m_noCache);
    QCOMPARE(after.out, fresh.out);

    const QStringList state { QStringLiteral("state"), journal, QStringLiteral("--tenant"), QStringLiteral("t-5") };
    const CliResult cachedState = run(state, m_cacheHome);
    QCOMPARE(cachedState.exitCode, 0);
    QCOMPARE(
        cachedState.json().object().value(QLatin1String("tenant")).toObject().value(QLatin1String("status")).toString(),
        QStringLiteral("suspended"));
    QCOMPARE(cachedState.out, run(state, m_noCache).out);
    QCOMPARE(cacheFiles().size(), 1); // replaced, not accumulated
}

void TestCliCache::touchedJournalIsRebuilt()
{
    const QString journal = m_dir.filePath(QStringLiteral("touched.ndjson"));
    QFile::remove(journal);
    QVERIFY(QFile::copy(m_journal, journal));
    const QStringList args { QStringLiteral("state"), journal, QStringLiteral("--at"), QStringLiteral("4242") };
    const CliResult first = run(args, m_cacheHome);
    QCOMPARE(first.exitCode, 0);
    QCOMPARE(cacheFiles().size(), 1);
    const QString cacheFile = cacheDir() + QLatin1Char('/') + cacheFiles().front();
    const FileStamp saved = stampOf(cacheFile);

    {
        QFile file(journal);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const QDateTime then = file.fileTime(QFileDevice::FileModificationTime).addSecs(-3600);
        QVERIFY(file.setFileTime(then, QFileDevice::FileModificationTime));
    }
    const CliResult second = run(args, m_cacheHome);
    QCOMPARE(second.exitCode, 0);
    QCOMPARE(second.out, first.out);
    // Not served from the cache: it was built and saved again.
    QVERIFY(!(stampOf(cacheFile) == saved));
}

void TestCliCache::damagedCacheIsRebuilt()
{
    const QStringList args { QStringLiteral("state"), m_journal, QStringLiteral("--at"), QStringLiteral("99999") };
    const CliResult first = run(args, m_cacheHome);
    QCOMPARE(first.exitCode, 0);
    QCOMPARE(cacheFiles().size(), 1);
    const QString cacheFile = cacheDir() + QLatin1Char('/') + cacheFiles().front();
    {
        QFile file(cacheFile);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.resize(file.size() / 2));
    }
    const CliResult second = run(args, m_cacheHome);
    QCOMPARE(second.exitCode, 0);
    QCOMPARE(second.out, first.out);
    QVERIFY(QFileInfo(cacheFile).size() > 0);
    const FileStamp rebuilt = stampOf(cacheFile);
    const CliResult third = run(args, m_cacheHome);
    QCOMPARE(third.out, first.out);
    QVERIFY(stampOf(cacheFile) == rebuilt); // the rebuilt file serves again
}

void TestCliCache::unwritableCacheStillAnswers()
{
    // XDG_CACHE_HOME is a file: no directory can be made under it.
    const QStringList args { QStringLiteral("state"), m_journal, QStringLiteral("--tenant"), QStringLiteral("t-1") };
    const CliResult blocked = run(args, m_noCache);
    QCOMPARE(blocked.exitCode, 0);
    QVERIFY(blocked.err.isEmpty());
    QVERIFY(QFileInfo(m_noCache).isFile());
    QCOMPARE(blocked.out, run(args, m_cacheHome).out);

    // A relative XDG_CACHE_HOME is ignored (XDG): HOME decides, here unusable too.
    const QByteArray home = qgetenv("HOME");
    qputenv("HOME", QFile::encodeName(m_noCache));
    const CliResult relative = run(args, QStringLiteral("relative/cache"));
    qputenv("HOME", home);
    QCOMPARE(relative.exitCode, 0);
    QCOMPARE(relative.out, blocked.out);
    QVERIFY(!QFileInfo::exists(QStringLiteral("relative/cache")));
}

void TestCliCache::smallJournalIsNotCached()
{
    const QString sample = qEnvironmentVariable("CHRONODESK_TEST_DATA") + QStringLiteral("/sample.ndjson");
    const CliResult r = run({ QStringLiteral("state"), sample }, m_cacheHome);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(cacheFiles().isEmpty());
}

QTEST_GUILESS_MAIN(TestCliCache)
#include "tst_cli_cache.moc"
