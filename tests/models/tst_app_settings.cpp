#include "models/app_settings.h"
#include "models/recent_files.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using cd::models::AppSettings;
using cd::models::RecentFiles;

namespace {

// "a b c" -> {"a", "b", "c"}
QStringList list(const char* names)
{
    return QString::fromLatin1(names).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace

class TestAppSettings : public QObject {
    Q_OBJECT

private:
    // Absolute, clean paths under the test folder.
    QString at(const QString& name) const { return QDir::cleanPath(m_dir.filePath(name)); }
    QStringList at(const QStringList& names) const
    {
        QStringList paths;
        for (const QString& name : names)
            paths.append(at(name));
        return paths;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void recentFilesKeepMostRecentFirstOnce_data()
    {
        QTest::addColumn<QStringList>("opened"); // in order
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("none") << QStringList() << QStringList();
        QTest::newRow("one") << list("a") << list("a");
        QTest::newRow("order") << list("a b c") << list("c b a");
        QTest::newRow("reopened moves to front") << list("a b a") << list("a b");
        QTest::newRow("same file spelled twice") << list("a x/../a ./b") << list("b a");
        QStringList twelve;
        for (int i = 0; i < 12; ++i)
            twelve.append(QStringLiteral("f%1").arg(i));
        QStringList lastTen;
        for (int i = 11; i >= 2; --i)
            lastTen.append(QStringLiteral("f%1").arg(i));
        QTest::newRow("at most ten") << twelve << lastTen;
    }

    void recentFilesKeepMostRecentFirstOnce()
    {
        QFETCH(QStringList, opened);
        QFETCH(QStringList, expected);
        RecentFiles recent;
        for (const QString& name : opened)
            recent.add(m_dir.path() + QLatin1Char('/') + name);
        QCOMPARE(recent.paths(), at(expected));
        // A stored list reads back the same, and a longer one is cut.
        QCOMPARE(RecentFiles(recent.paths()).paths(), recent.paths());
        QStringList stored = recent.paths();
        stored += at(list("extra1 extra2 extra3 extra4 extra5 extra6"));
        QCOMPARE(RecentFiles(stored).paths(), stored.mid(0, RecentFiles::MaxCount));
    }

    void recentFilesDropMissingAndRemoved()
    {
        QFile present(at(QStringLiteral("present.ndjson")));
        QVERIFY(present.open(QIODevice::WriteOnly));
        RecentFiles recent(at(list("gone.ndjson present.ndjson also-gone.json")));
        QCOMPARE(recent.removeMissing(), at(list("gone.ndjson also-gone.json")));
        QCOMPARE(recent.paths(), at(list("present.ndjson")));
        QVERIFY(!recent.remove(at(QStringLiteral("gone.ndjson"))));
        QVERIFY(recent.remove(m_dir.path() + QStringLiteral("/./present.ndjson")));
        QVERIFY(recent.isEmpty());
    }

    void settingsRoundTrip()
    {
        const QString file = at(QStringLiteral("round.ini"));
        {
            AppSettings settings(file);
            QCOMPARE(settings.recentFiles().paths(), QStringList());
            QCOMPARE(settings.windowGeometry(), QByteArray());
            QCOMPARE(settings.lastCursor(at(QStringLiteral("j.ndjson"))), std::nullopt);
            RecentFiles recent;
            recent.add(at(QStringLiteral("one.sqlite")));
            recent.add(at(QStringLiteral("two.ndjson")));
            settings.setRecentFiles(recent);
            settings.setWindowGeometry(QByteArray("geometry\0bytes", 14));
            settings.setWindowState(QByteArray("\x00\xff state", 8));
            settings.setLastCursor(at(QStringLiteral("j.ndjson")), 41);
            settings.setLastCursor(at(QStringLiteral("k.ndjson")), 0);
            settings.setLastCursor(at(QStringLiteral("j.ndjson")), 42); // replaces, never repeats
        }
        AppSettings settings(file);
        QCOMPARE(settings.recentFiles().paths(), at(list("two.ndjson one.sqlite")));
        QCOMPARE(settings.windowGeometry(), QByteArray("geometry\0bytes", 14));
        QCOMPARE(settings.windowState(), QByteArray("\x00\xff state", 8));
        QCOMPARE(settings.lastCursor(at(QStringLiteral("j.ndjson"))), std::optional<qint64>(42));
        QCOMPARE(settings.lastCursor(at(QStringLiteral("k.ndjson"))), std::optional<qint64>(0));
        QCOMPARE(settings.lastCursor(at(QStringLiteral("l.ndjson"))), std::nullopt);
    }

    void cursorsAreKeyedByCanonicalPath()
    {
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("real")));
        QFile journal(at(QStringLiteral("real/j.ndjson")));
        QVERIFY(journal.open(QIODevice::WriteOnly));
        QVERIFY(QFile::link(at(QStringLiteral("real")), at(QStringLiteral("linked"))));
        AppSettings settings(at(QStringLiteral("canonical.ini")));
        settings.setLastCursor(at(QStringLiteral("linked/j.ndjson")), 7);
        QCOMPARE(settings.lastCursor(at(QStringLiteral("real/j.ndjson"))), std::optional<qint64>(7));
        QCOMPARE(
            settings.lastCursor(m_dir.path() + QStringLiteral("/real/../linked/./j.ndjson")), std::optional<qint64>(7));
        QCOMPARE(AppSettings::journalKey(at(QStringLiteral("linked/j.ndjson"))),
            QFileInfo(at(QStringLiteral("real/j.ndjson"))).canonicalFilePath());
    }

    void rememberedCursorsAreBounded()
    {
        AppSettings settings(at(QStringLiteral("bounded.ini")));
        const int count = AppSettings::MaxRememberedCursors + 5;
        for (int i = 0; i < count; ++i)
            settings.setLastCursor(at(QStringLiteral("j%1.ndjson").arg(i)), i);
        // The least recently left journals are forgotten first.
        for (int i = 0; i < 5; ++i)
            QCOMPARE(settings.lastCursor(at(QStringLiteral("j%1.ndjson").arg(i))), std::nullopt);
        for (int i = 5; i < count; ++i)
            QCOMPARE(settings.lastCursor(at(QStringLiteral("j%1.ndjson").arg(i))), std::optional<qint64>(i));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_app_settings.moc"
