// End to end through the built chronodesk executable: the command line, the
// screenshot path and its exit codes.

#include "engine/store/entry_source.h"
#include "engine/store/importer.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString dataFile(const QString& name)
{
    return qEnvironmentVariable("CHRONODESK_TEST_DATA") + QLatin1Char('/') + name;
}

QByteArray fileHash(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

struct Run {
    int exitCode = -1; // -1: killed after the time limit, -2: crashed
    QString out;
    QString err;
    QString describe() const
    {
        const QString how = exitCode == -2 ? QStringLiteral("crashed")
            : exitCode == -1               ? QStringLiteral("killed after the time limit")
                                           : QStringLiteral("exit code %1").arg(exitCode);
        return how + QStringLiteral("; stderr: ") + err;
    }
};

// How many distinct colours a sample grid of the image holds: an empty or
// blank render has one or two.
int colourCount(const QImage& image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4) {
        for (int x = 0; x < image.width(); x += 4)
            colours.insert(image.pixel(x, y));
    }
    return int(colours.size());
}

} // namespace

class TestAppCli : public QObject {
    Q_OBJECT

private:
    // Runs chronodesk with its settings and caches in a private home.
    Run run(const QStringList& arguments)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir.filePath(QStringLiteral("cache")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        // The executable picks offscreen itself for --screenshot, --help and --version.
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(CHRONODESK_GUI_PATH), arguments);
        // A safety net only: every run here ends by itself in well under a second.
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            return {};
        }
        Run result;
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

    QString sqlitePath() const { return m_dir.filePath(QStringLiteral("sample.sqlite")); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const auto summary = cd::store::importJournal(
            dataFile(QStringLiteral("sample.ndjson")).toStdString(), sqlitePath().toStdString());
        QVERIFY2(summary.ok(), summary.message.c_str());
    }

    void helpListsEveryOption()
    {
        const Run result = run({ QStringLiteral("--help") });
        QCOMPARE(result.exitCode, 0);
        for (const char* option :
            { "--at <SEQ>", "--tenant <ID>", "--screenshot <PATH>", "--size <WxH>", "--version", "[FILE]", "--demo",
                "--seed <N>", "--speed <1|60|3600|max>", "--run-for <MS>", "--demo-journal <PATH>" })
            QVERIFY2(result.out.contains(QLatin1String(option)), option);
        QCOMPARE(result.err, QString());
    }

    void versionPrintsTheProjectVersion()
    {
        const Run result = run({ QStringLiteral("--version") });
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QStringLiteral("chronodesk %1\n").arg(QStringLiteral(CHRONODESK_VERSION)));
    }

    void screenshotRendersTheWindow_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QSize>("size");
        const QString ndjson = dataFile(QStringLiteral("sample.ndjson"));
        QTest::newRow("ndjson") << QStringList { ndjson } << QSize(1280, 800);
        QTest::newRow("phyxius") << QStringList { dataFile(QStringLiteral("sample.phyxius.json")) } << QSize(1280, 800);
        QTest::newRow("sqlite") << QStringList { sqlitePath() } << QSize(1280, 800);
        QTest::newRow("cursor and tenant") << QStringList { ndjson, QStringLiteral("--at"), QStringLiteral("12"),
            QStringLiteral("--tenant"), QStringLiteral("t-2") }
                                           << QSize(1280, 800);
        QTest::newRow("sized") << QStringList { ndjson, QStringLiteral("--size"), QStringLiteral("900x600") }
                               << QSize(900, 600);
        QTest::newRow("no file") << QStringList {} << QSize(1280, 800);
    }

    void screenshotRendersTheWindow()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QSize, size);
        const QString png = m_dir.filePath(QStringLiteral("shot-%1.png").arg(QLatin1String(QTest::currentDataTag())));
        const QString journal = arguments.value(0);
        const QByteArray before = fileHash(journal);
        const Run result = run(arguments << QStringLiteral("--screenshot") << png);
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QCOMPARE(result.err, QString());
        QVERIFY(QFileInfo(png).size() > 10000);
        QImage image;
        QVERIFY(image.load(png, "PNG"));
        QCOMPARE(image.size(), size);
        QVERIFY(colourCount(image) > 8);
        if (!journal.isEmpty())
            QCOMPARE(fileHash(journal), before); // read-only, always
    }

    void badFileExitsTwoNamingIt_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("bytes"); // null: leave the path as it is
        QTest::newRow("garbage") << m_dir.filePath(QStringLiteral("garbage.ndjson")) << QByteArray("\x01\x02zz\xff", 5);
        QTest::newRow("missing") << m_dir.filePath(QStringLiteral("missing.ndjson")) << QByteArray();
        QTest::newRow("only invalid entries")
            << m_dir.filePath(QStringLiteral("invalid.ndjson")) << QByteArray("{\"id\":\"e-0\",\"sequence\":0}\n");
    }

    void badFileExitsTwoNamingIt()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, bytes);
        if (!bytes.isNull()) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        }
        const QString png = m_dir.filePath(QStringLiteral("bad-%1.png").arg(QLatin1String(QTest::currentDataTag())));
        const Run result = run({ path, QStringLiteral("--screenshot"), png });
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.startsWith(QStringLiteral("chronodesk: ")), qPrintable(result.err));
        QVERIFY2(result.err.contains(path), qPrintable(result.err));
        QCOMPARE(result.err.count(QLatin1Char('\n')), 1);
        QVERIFY(result.err.endsWith(QLatin1Char('\n')));
        QVERIFY(!QFileInfo::exists(png));
    }

    void badOptionValuesExitOne_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        const QString ndjson = dataFile(QStringLiteral("sample.ndjson"));
        const QString png = m_dir.filePath(QStringLiteral("never.png"));
        const QString shot = QStringLiteral("--screenshot");
        QTest::newRow("at not a number") << QStringList { ndjson, QStringLiteral("--at"), QStringLiteral("abc"), shot,
            png } << QStringLiteral("--at");
        QTest::newRow("at negative") << QStringList { ndjson, QStringLiteral("--at=-4"), shot, png }
                                     << QStringLiteral("--at");
        QTest::newRow("size zero") << QStringList { ndjson, QStringLiteral("--size"), QStringLiteral("0x600"), shot,
            png } << QStringLiteral("--size");
        QTest::newRow("size malformed") << QStringList { ndjson, QStringLiteral("--size"), QStringLiteral("800by600"),
            shot, png } << QStringLiteral("--size");
        QTest::newRow("size half") << QStringList { ndjson, QStringLiteral("--size=800x"), shot, png }
                                   << QStringLiteral("--size");
        QTest::newRow("unknown option") << QStringList { ndjson, QStringLiteral("--frobnicate"), shot, png }
                                        << QStringLiteral("frobnicate");
        QTest::newRow("two files") << QStringList { ndjson, ndjson, shot, png } << QStringLiteral("FILE");
        QTest::newRow("at without file") << QStringList { QStringLiteral("--at"), QStringLiteral("3"), shot, png }
                                         << QStringLiteral("FILE");
        QTest::newRow("unknown tenant") << QStringList { ndjson, QStringLiteral("--tenant"), QStringLiteral("t-9"),
            shot, png } << QStringLiteral("t-9");
        const QString demo = QStringLiteral("--demo");
        QTest::newRow("demo with file") << QStringList { demo, ndjson, shot, png } << QStringLiteral("FILE");
        QTest::newRow("demo speed") << QStringList { demo, QStringLiteral("--speed"), QStringLiteral("7"), shot, png }
                                    << QStringLiteral("--speed");
        QTest::newRow("demo seed") << QStringList { demo, QStringLiteral("--seed"), QStringLiteral("-1"), shot, png }
                                   << QStringLiteral("--seed");
        QTest::newRow("demo run-for") << QStringList { demo, QStringLiteral("--run-for"), QStringLiteral("soon"), shot,
            png } << QStringLiteral("--run-for");
        QTest::newRow("demo run-for negative")
            << QStringList { demo, QStringLiteral("--run-for=-5"), shot, png } << QStringLiteral("--run-for");
        QTest::newRow("speed without demo")
            << QStringList { QStringLiteral("--speed"), QStringLiteral("60"), shot, png } << QStringLiteral("--demo");
        QTest::newRow("demo journal empty")
            << QStringList { demo, QStringLiteral("--demo-journal="), shot, png } << QStringLiteral("--demo-journal");
    }

    void demoScreenshotRunsTheDemo_data()
    {
        QTest::addColumn<QString>("speed");
        QTest::addColumn<QSize>("size");
        QTest::newRow("x3600") << QStringLiteral("3600") << QSize(1280, 800);
        QTest::newRow("max") << QStringLiteral("max") << QSize(1600, 1000);
    }

    void demoScreenshotRunsTheDemo()
    {
        QFETCH(QString, speed);
        QFETCH(QSize, size);
        const QString tag = QLatin1String(QTest::currentDataTag());
        const QString png = m_dir.filePath(QStringLiteral("demo-%1.png").arg(tag));
        const QString journal = m_dir.filePath(QStringLiteral("demo-%1.db").arg(tag));
        const Run result
            = run({ QStringLiteral("--demo"), QStringLiteral("--speed"), speed, QStringLiteral("--run-for"),
                QStringLiteral("1500"), QStringLiteral("--demo-journal"), journal, QStringLiteral("--screenshot"), png,
                QStringLiteral("--size"), QStringLiteral("%1x%2").arg(size.width()).arg(size.height()) });
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QCOMPARE(result.err, QString());
        QImage image;
        QVERIFY(image.load(png, "PNG"));
        QCOMPARE(image.size(), size);
        QVERIFY(colourCount(image) > 8);
        // The platform wrote and committed its journal: it reads back whole.
        std::string error;
        auto source = cd::store::openEntrySource(journal.toStdString(), {}, error);
        QVERIFY2(source, error.c_str());
        std::int64_t entries = 0;
        cd::store::SourceItem item;
        while (source->next(item) == cd::store::EntrySource::Status::Item) {
            QVERIFY2(item.valid, item.reason.c_str());
            ++entries;
        }
        QVERIFY(entries > 0);
    }

    void demoDefaultJournalGoesToTheDataDirectory()
    {
        const QString png = m_dir.filePath(QStringLiteral("demo-default.png"));
        const Run result = run({ QStringLiteral("--demo"), QStringLiteral("--run-for"), QStringLiteral("0"),
            QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--screenshot"), png });
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        // <XDG_DATA_HOME>/<organisation>/<application>/demos (QStandardPaths::AppLocalDataLocation).
        QStringList made;
        QDirIterator it(m_dir.filePath(QStringLiteral("data")), { QStringLiteral("demo-*-seed7.db") }, QDir::Files,
            QDirIterator::Subdirectories);
        while (it.hasNext())
            made.append(it.next());
        QCOMPARE(made.size(), 1);
        QVERIFY2(made.front().contains(QStringLiteral("/demos/")), qPrintable(made.front()));
    }

    void demoThatCannotStartExitsTwo_data()
    {
        QTest::addColumn<QString>("journal");
        QTest::newRow("missing directory") << m_dir.filePath(QStringLiteral("no/such/dir/demo.db"));
        QTest::newRow("existing file") << sqlitePath(); // a demo journal must be new
    }

    void demoThatCannotStartExitsTwo()
    {
        QFETCH(QString, journal);
        const QByteArray before = fileHash(journal);
        const QString png = m_dir.filePath(QStringLiteral("demo-bad.png"));
        const Run result = run({ QStringLiteral("--demo"), QStringLiteral("--demo-journal"), journal,
            QStringLiteral("--screenshot"), png });
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.startsWith(QStringLiteral("chronodesk: ")), qPrintable(result.err));
        QVERIFY2(result.err.contains(journal), qPrintable(result.err));
        QCOMPARE(result.err.count(QLatin1Char('\n')), 1);
        QVERIFY(!QFileInfo::exists(png));
        QCOMPARE(fileHash(journal), before);
    }

    void badOptionValuesExitOne()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        const Run result = run(arguments);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.startsWith(QStringLiteral("chronodesk: ")), qPrintable(result.err));
        QVERIFY2(result.err.contains(mentions), qPrintable(result.err));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("never.png"))));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestAppCli)
#include "tst_app_cli.moc"
