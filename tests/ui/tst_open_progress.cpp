#include "models/journal_document.h"
#include "ui/open_progress.h"

#include <QFile>
#include <QLabel>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

using cd::models::JournalDocument;

namespace {

// Counts the layout requests a widget receives (a label that resizes with
// its text sends one up to the window on every change).
class LayoutRequests : public QObject {
public:
    int count = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::LayoutRequest)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

class TestOpenProgress : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void progressReportsNeverRelayOutTheWindow_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("short name") << QStringLiteral("j.ndjson");
        QTest::newRow("long name") << QStringLiteral("journal-of-a-very-large-customer-10000000.ndjson");
    }

    void progressReportsNeverRelayOutTheWindow()
    {
        QFETCH(QString, name);
        QTemporaryDir dir;
        const QString path = dir.filePath(name);
        QVERIFY(QFile::copy(qEnvironmentVariable("CHRONODESK_TEST_DATA") + QStringLiteral("/sample.ndjson"), path));
        JournalDocument document;
        QWidget window;
        auto* layout = new QVBoxLayout(&window);
        auto* progress = new cd::ui::OpenProgress(&document, &window);
        layout->addWidget(progress);
        window.resize(900, 60);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* label = progress->findChild<QLabel*>(QStringLiteral("openProgressLabel"));
        QVERIFY(label);
        // What open() signals, without indexing (the strip shows while it
        // indexes; blocking the pool instead would also block the raster
        // engine's painting threads).
        Q_EMIT document.opened(path);
        progress->show();
        QCoreApplication::processEvents();
        QVERIFY(progress->isVisible());
        QVERIFY(label->isVisible());

        LayoutRequests requests;
        window.installEventFilter(&requests);
        const QSize size = label->size();
        for (qint64 entries : { qint64(1), qint64(512), qint64(65'536), qint64(1'000'000), qint64(10'000'000) }) {
            Q_EMIT document.progress(double(entries) / 1e7, entries);
            QCoreApplication::processEvents();
            QCOMPARE(label->size(), size);
            // Fits: the text is never cut.
            QVERIFY2(label->fontMetrics().horizontalAdvance(label->text()) <= label->contentsRect().width(),
                qPrintable(label->text()));
        }
        QVERIFY(label->text().contains(QLocale().toString(qint64(10'000'000))));
        QCOMPARE(requests.count, 0);
    }
};

QTEST_MAIN(TestOpenProgress)
#include "tst_open_progress.moc"
