#include "../history/journal_gen.h"
#include "engine/history/history.h"
#include "models/journal_document.h"
#include "models/journal_loader.h"
#include "models/timeline_model.h"
#include "models/timeline_player.h"
#include "tests/models/document_test_support.h"
#include "ui/timeline/timeline_axis.h"
#include "ui/timeline/timeline_canvas.h"
#include "ui/timeline/timeline_scrubber.h"
#include "ui/timeline/timeline_style.h"
#include "ui/timeline/timeline_toolbar.h"

#include <QApplication>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QWheelEvent>

#include <cmath>
#include <numeric>

using cd::models::JournalDocument;
using cd::models::TimelineAxis;
using cd::models::TimelineModel;
using cd::platform::EventType;
using cd::ui::TimelineScrubber;

namespace {

QString dataFile(const char* name)
{
    return qEnvironmentVariable("CHRONODESK_TEST_DATA") + QLatin1Char('/') + QLatin1String(name);
}

// A document with a scrubber shown at a fixed size, its journal indexed and its bars computed.
struct Fixture {
    JournalDocument document;
    TimelineScrubber scrubber { &document };

    bool open(const QString& path, QSize size = { 1000, 110 })
    {
        document.setIndexCacheDirectory({});
        scrubber.resize(size);
        scrubber.show();
        QSignalSpy ready(&document, &JournalDocument::ready);
        document.open(path);
        if (!QTest::qWaitFor([&] { return !ready.isEmpty(); }, 60000))
            return false;
        return settle();
    }
    bool settle()
    {
        const TimelineModel* model = scrubber.model();
        return QTest::qWaitFor(
            [model] {
                return !model->busy() && model->countedEntries() == model->entryCount() && !model->buckets().empty();
            },
            60000);
    }
    void key(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QTest::keyClick(scrubber.canvas(), Qt::Key(key), modifiers);
    }
    int xOfPosition(std::int64_t position) const
    {
        return scrubber.canvas()->xOf(scrubber.model()->axisValue(position)) + 1;
    }
    QPoint at(std::int64_t position) const
    {
        return { xOfPosition(position), scrubber.canvas()->plotRect().center().y() };
    }
};

void sendMouse(QWidget* widget, QEvent::Type type, QPoint pos, Qt::MouseButton button, Qt::MouseButtons buttons,
    Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QMouseEvent event(type, QPointF(pos), widget->mapToGlobal(QPointF(pos)), button, buttons, modifiers);
    QCoreApplication::sendEvent(widget, &event);
}

int countColor(const QImage& image, const QColor& color)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += image.pixelColor(x, y).rgb() == color.rgb();
    return n;
}

} // namespace

class TestTimeline : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void keysMoveTheCursor_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("key");
        QTest::addColumn<bool>("shift");
        QTest::addColumn<int>("expected");
        QTest::newRow("right") << 10 << int(Qt::Key_Right) << false << 11;
        QTest::newRow("left") << 10 << int(Qt::Key_Left) << false << 9;
        QTest::newRow("left at 0") << 0 << int(Qt::Key_Left) << false << 0;
        QTest::newRow("right at end") << 19 << int(Qt::Key_Right) << false << 19;
        QTest::newRow("home") << 10 << int(Qt::Key_Home) << false << 0;
        QTest::newRow("end") << 3 << int(Qt::Key_End) << false << 19;
        // billing.payment.failed (the toolbar's default type) at 7, 9, 11.
        QTest::newRow("T") << 0 << int(Qt::Key_T) << false << 7;
        QTest::newRow("T again") << 7 << int(Qt::Key_T) << false << 9;
        QTest::newRow("Shift+T") << 12 << int(Qt::Key_T) << true << 11;
        QTest::newRow("T past the last") << 11 << int(Qt::Key_T) << false << 11;
    }
    void keysMoveTheCursor()
    {
        QFETCH(int, from);
        QFETCH(int, key);
        QFETCH(bool, shift);
        QFETCH(int, expected);
        Fixture f;
        QVERIFY(f.open(dataFile("sample.ndjson")));
        f.document.setCursorPosition(from);
        f.key(key, shift ? Qt::ShiftModifier : Qt::NoModifier);
        QCOMPARE(f.document.cursorPosition(), expected);
    }

    void tenantKeysFollowTheSelectedTenant()
    {
        Fixture f;
        QVERIFY(f.open(dataFile("sample.ndjson")));
        const auto view = f.document.history()->view();
        const auto positions = view.index().tenantPositions(view.find("t-2"));
        QVERIFY(positions.size() >= 3);
        f.document.setSelectedTenant(QStringLiteral("t-2"));
        f.document.setCursorPosition(0);
        f.key(Qt::Key_N);
        QCOMPARE(f.document.cursorPosition(), std::int64_t(positions[0]));
        f.key(Qt::Key_N);
        QCOMPARE(f.document.cursorPosition(), std::int64_t(positions[1]));
        f.key(Qt::Key_N, Qt::ShiftModifier);
        QCOMPARE(f.document.cursorPosition(), std::int64_t(positions[0]));
    }

    void pageKeysMoveOneBar_data()
    {
        QTest::addColumn<int>("axis");
        QTest::newRow("sequence") << int(TimelineAxis::Sequence);
        QTest::newRow("time") << int(TimelineAxis::Time);
    }
    void pageKeysMoveOneBar()
    {
        QFETCH(int, axis);
        const auto entries = cd::history::test::randomJournal(5'000, 40, 5);
        const QString path = QString::fromStdString(cd::history::test::writeNdjson(m_dir, "page.ndjson", entries));
        Fixture f;
        QVERIFY(f.open(path));
        f.scrubber.model()->setAxis(TimelineAxis(axis));
        QVERIFY(f.settle());
        const TimelineModel* model = f.scrubber.model();
        const std::int64_t bar = (model->visibleEnd() - model->visibleBegin()) / model->bucketCount();
        QVERIFY(bar > 1);
        f.document.setCursorPosition(2'000);
        const std::int64_t start = model->axisValue(2'000);
        f.key(Qt::Key_PageDown);
        const std::int64_t after = f.document.cursorPosition();
        QVERIFY(after > 2'000);
        QVERIFY(model->axisValue(after) <= start + bar);
        QVERIFY(after + 1 == model->entryCount() || model->axisValue(after + 1) > start + bar);
        f.key(Qt::Key_PageUp);
        QVERIFY(f.document.cursorPosition() < after);
        QVERIFY(model->axisValue(f.document.cursorPosition()) <= model->axisValue(after) - bar);
    }

    void marksFromKeysAndMenuActions()
    {
        Fixture f;
        QVERIFY(f.open(dataFile("sample.ndjson")));
        QSignalSpy marks(&f.document, &JournalDocument::marksChanged);
        f.document.setCursorPosition(5);
        f.key(Qt::Key_A);
        f.document.setCursorPosition(12);
        f.key(Qt::Key_B);
        QCOMPARE(f.document.markA(), std::optional<std::int64_t>(5));
        QCOMPARE(f.document.markB(), std::optional<std::int64_t>(12));
        QCOMPARE(marks.size(), 2);
    }

    void dragMovesTheCursor()
    {
        Fixture f;
        QVERIFY(f.open(dataFile("sample.ndjson")));
        QWidget* canvas = f.scrubber.canvas();
        sendMouse(canvas, QEvent::MouseButtonPress, f.at(3), Qt::LeftButton, Qt::LeftButton);
        QCOMPARE(f.document.cursorPosition(), 3);
        sendMouse(canvas, QEvent::MouseMove, f.at(8), Qt::NoButton, Qt::LeftButton);
        QCOMPARE(f.document.cursorPosition(), 8);
        sendMouse(canvas, QEvent::MouseMove, f.at(15), Qt::NoButton, Qt::LeftButton);
        sendMouse(canvas, QEvent::MouseButtonRelease, f.at(15), Qt::LeftButton, Qt::NoButton);
        QCOMPARE(f.document.cursorPosition(), 15);
        // Moving without a button pressed leaves it.
        sendMouse(canvas, QEvent::MouseMove, f.at(2), Qt::NoButton, Qt::NoButton);
        QCOMPARE(f.document.cursorPosition(), 15);
        QVERIFY(!f.scrubber.model()->isZoomed());
    }

    void rangeDragZoomsAndDoubleClickZoomsOut_data()
    {
        QTest::addColumn<int>("button");
        QTest::addColumn<int>("modifiers");
        QTest::newRow("shift-drag") << int(Qt::LeftButton) << int(Qt::ShiftModifier);
        QTest::newRow("right-drag") << int(Qt::RightButton) << int(Qt::NoModifier);
    }
    void rangeDragZoomsAndDoubleClickZoomsOut()
    {
        QFETCH(int, button);
        QFETCH(int, modifiers);
        Fixture f;
        QVERIFY(f.open(dataFile("sample.ndjson")));
        QWidget* canvas = f.scrubber.canvas();
        const auto b = Qt::MouseButton(button);
        const auto m = Qt::KeyboardModifiers(modifiers);
        f.document.setCursorPosition(19);
        sendMouse(canvas, QEvent::MouseButtonPress, f.at(6), b, b, m);
        sendMouse(canvas, QEvent::MouseMove, f.at(10), Qt::NoButton, b, m);
        sendMouse(canvas, QEvent::MouseButtonRelease, f.at(13), b, Qt::NoButton, m);
        TimelineModel* model = f.scrubber.model();
        QVERIFY(model->isZoomed());
        QCOMPARE(model->visibleBegin(), 6);
        QCOMPARE(model->visibleEnd(), 14);
        QCOMPARE(f.document.cursorPosition(), 19); // a selection is not a cursor move
        QVERIFY(f.settle());
        QCOMPARE(model->buckets().front().begin, 6);
        auto* reset = f.scrubber.findChild<QToolButton*>(QStringLiteral("timelineResetZoom"));
        QVERIFY(reset && reset->isEnabled());
        QTest::mouseDClick(canvas, Qt::LeftButton, Qt::NoModifier, f.at(8));
        QVERIFY(!model->isZoomed());
        QCOMPARE(model->visibleEnd(), 20);
        QVERIFY(!reset->isEnabled());
    }

    // The wheel zooms around the pointer: up (away from the user) zooms in by
    // 0.8 a step, keeping the entry under the pointer in place; down zooms
    // back out to the whole journal.
    void wheelZoomsAroundThePointer_data()
    {
        QTest::addColumn<int>("anchor");
        QTest::addColumn<int>("steps");
        QTest::newRow("one step at 10") << 10 << 1;
        QTest::newRow("three steps at 4") << 4 << 3;
        QTest::newRow("two steps at 17") << 17 << 2;
    }
    void wheelZoomsAroundThePointer()
    {
        QFETCH(int, anchor);
        QFETCH(int, steps);
        Fixture f;
        QVERIFY(f.open(dataFile("sample.ndjson")));
        QWidget* canvas = f.scrubber.canvas();
        TimelineModel* model = f.scrubber.model();
        const std::int64_t before = f.scrubber.canvas()->valueAt(f.xOfPosition(anchor));
        QCOMPARE(before, anchor);
        const auto wheel = [canvas, &f, anchor](int delta) {
            const QPointF pos(f.xOfPosition(anchor), canvas->height() / 2);
            QWheelEvent event(pos, canvas->mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier,
                Qt::NoScrollPhase, false);
            QCoreApplication::sendEvent(canvas, &event);
        };
        wheel(120 * steps);
        QVERIFY(model->isZoomed());
        const double expected = 20 * std::pow(0.8, steps);
        const std::int64_t length = model->visibleEnd() - model->visibleBegin();
        QVERIFY2(std::abs(double(length) - expected) <= 2.0, qPrintable(QString::number(length)));
        QVERIFY(model->visibleBegin() <= anchor && anchor < model->visibleEnd());
        QVERIFY(f.settle());
        QCOMPARE(model->buckets().front().begin, model->visibleBegin());
        const std::int64_t sum = std::accumulate(model->buckets().begin(), model->buckets().end(), std::int64_t(0),
            [](std::int64_t total, const cd::models::TimelineBucket& b) { return total + b.total; });
        QCOMPARE(sum, length); // one entry per sequence step in the sample
        wheel(-120 * (steps + 2));
        QVERIFY(!model->isZoomed());
        QCOMPARE(model->visibleBegin(), 0);
        QCOMPARE(model->visibleEnd(), 20);
        QCOMPARE(f.document.cursorPosition(), 19); // zooming never moves the cursor
    }

    // The context menu (right click without a drag, or the keyboard's menu
    // key) offers the marks at the entry under the pointer, clearing them,
    // zooming to A-B and resetting the zoom; each action does what it says.
    void contextMenuActions_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<bool>("keyboard");
        QTest::newRow("mark A, mouse") << QStringLiteral("Set mark A at seq 6") << false;
        QTest::newRow("mark B, keyboard") << QStringLiteral("Set mark B at seq 6") << true;
        QTest::newRow("clear marks") << QStringLiteral("Clear marks") << false;
        QTest::newRow("zoom to A-B") << QStringLiteral("Zoom to A–B") << true;
        QTest::newRow("reset zoom") << QStringLiteral("Reset zoom") << false;
    }
    void contextMenuActions()
    {
        QFETCH(QString, action);
        QFETCH(bool, keyboard);
        Fixture f;
        QVERIFY(f.open(dataFile("sample.ndjson")));
        TimelineModel* model = f.scrubber.model();
        QWidget* canvas = f.scrubber.canvas();
        f.document.setMarkA(std::int64_t(3));
        f.document.setMarkB(std::int64_t(15));
        if (action == QStringLiteral("Reset zoom")) {
            model->zoomTo(2, 12);
            QVERIFY(f.settle());
        }
        QStringList shown;
        QStringList enabled;
        bool triggered = false;
        QTimer::singleShot(0, this, [&shown, &enabled, &triggered, &action] {
            auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
            if (!menu)
                return;
            for (QAction* item : menu->actions()) {
                if (item->isSeparator())
                    continue;
                shown << item->text();
                if (item->isEnabled())
                    enabled << item->text();
                if (item->text() == action && item->isEnabled()) {
                    item->trigger();
                    triggered = true;
                }
            }
            menu->close();
        });
        const QPoint pos = f.at(6);
        if (keyboard) {
            QContextMenuEvent event(QContextMenuEvent::Keyboard, pos, canvas->mapToGlobal(pos));
            QCoreApplication::sendEvent(canvas, &event);
        } else {
            sendMouse(canvas, QEvent::MouseButtonPress, pos, Qt::RightButton, Qt::RightButton);
            sendMouse(canvas, QEvent::MouseButtonRelease, pos, Qt::RightButton, Qt::NoButton);
        }
        QVERIFY(triggered);
        QCOMPARE(shown,
            QStringList({ QStringLiteral("Set mark A at seq 6"), QStringLiteral("Set mark B at seq 6"),
                QStringLiteral("Clear marks"), QStringLiteral("Zoom to A–B"), QStringLiteral("Reset zoom") }));
        QCOMPARE(enabled.contains(QStringLiteral("Reset zoom")), action == QStringLiteral("Reset zoom"));
        const auto marks = [&f] { return std::pair(f.document.markA(), f.document.markB()); };
        using Marks = std::pair<std::optional<std::int64_t>, std::optional<std::int64_t>>;
        if (action.startsWith(QStringLiteral("Set mark A")))
            QCOMPARE(marks(), Marks(6, 15));
        else if (action.startsWith(QStringLiteral("Set mark B")))
            QCOMPARE(marks(), Marks(3, 6));
        else if (action == QStringLiteral("Clear marks"))
            QCOMPARE(marks(), Marks());
        else if (action == QStringLiteral("Zoom to A–B")) {
            QVERIFY(model->isZoomed());
            QCOMPARE(model->visibleBegin(), 3);
            QCOMPARE(model->visibleEnd(), 16);
        } else {
            QVERIFY(!model->isZoomed());
            QCOMPARE(model->visibleEnd(), 20);
        }
    }

    // The toolbar fits a 1280 px window with the legend's names and the
    // readout; narrower, the legend shrinks to squares, then hides, and
    // the readout and controls stay whole.
    void toolbarFitsLaptopWidths_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<QString>("legend");
        QTest::newRow("1280") << 1280 << QStringLiteral("names");
        QTest::newRow("900") << 900 << QStringLiteral("squares");
        QTest::newRow("the toolbar's minimum") << 0 << QStringLiteral("hidden");
    }
    void toolbarFitsLaptopWidths()
    {
        QFETCH(int, width);
        QFETCH(QString, legend);
        Fixture f;
        QVERIFY(f.open(dataFile("sample.ndjson"), { std::max(width, 400), 110 }));
        f.document.setCursorPosition(12);
        QCoreApplication::processEvents();
        auto* toolbar = f.scrubber.toolbar();
        if (width == 0) {
            width = toolbar->minimumSizeHint().width();
            QVERIFY(width < 900);
            f.scrubber.resize(width, 110);
            QCoreApplication::processEvents();
        }
        QVERIFY2(toolbar->minimumSizeHint().width() <= width,
            qPrintable(QString::number(toolbar->minimumSizeHint().width())));
        QCOMPARE(toolbar->width(), width);
        auto* readout = f.scrubber.findChild<QLabel*>(QStringLiteral("timelineReadout"));
        QVERIFY(readout->width() >= readout->sizeHint().width());
        QVERIFY(readout->geometry().right() < width);
        for (auto* control : toolbar->findChildren<QWidget*>()) {
            if (control == readout || control->objectName() == QStringLiteral("timelineLegend") || !control->isVisible()
                || control->parentWidget() != toolbar)
                continue;
            QVERIFY2(control->width() >= control->minimumSizeHint().width(), qPrintable(control->objectName()));
        }
        auto* label = f.scrubber.findChild<QLabel*>(QStringLiteral("timelineLegend"));
        const QString text = label->text();
        QCOMPARE(text.isEmpty()                               ? QStringLiteral("hidden")
                : text.contains(QStringLiteral("Suspension")) ? QStringLiteral("names")
                                                              : QStringLiteral("squares"),
            legend);
        if (!text.isEmpty())
            QVERIFY(label->sizeHint().width() <= label->width());
        f.scrubber.grab().save(QDir::tempPath() + QStringLiteral("/timeline-toolbar-%1.png").arg(width));
        // The axis labels stay under the bars.
        const QImage image = f.scrubber.canvas()->grab().toImage();
        const QRect plot = f.scrubber.canvas()->plotRect();
        int textPixels = 0;
        for (int y = plot.bottom() + 5; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                textPixels += QColor(image.pixel(x, y)).lightness() < 128 ? 1 : 0;
        QVERIFY2(textPixels > 30, qPrintable(QString::number(textPixels)));
    }

    void spacePlaysAndTheToolbarSetsTheSpeed()
    {
        Fixture f;
        QVERIFY(f.open(dataFile("sample.ndjson")));
        cd::models::TimelinePlayer* player = f.scrubber.player();
        std::int64_t now = 0;
        player->setClock([&now] { return now; });
        auto* speed = f.scrubber.findChild<QComboBox*>(QStringLiteral("timelineSpeed"));
        QVERIFY(speed);
        speed->setCurrentIndex(speed->findData(100));
        QCOMPARE(player->speed(), 100);
        f.document.setCursorPosition(2);
        f.key(Qt::Key_Space);
        QVERIFY(player->isPlaying());
        auto* play = f.scrubber.findChild<QToolButton*>(QStringLiteral("timelinePlay"));
        QCOMPARE(play->text(), QStringLiteral("Pause"));
        QCOMPARE(player->advance(50), 5); // 100 ev/s for 50 ms
        QCOMPARE(f.document.cursorPosition(), 7);
        f.key(Qt::Key_Space);
        QVERIFY(!player->isPlaying());
        QCOMPARE(player->advance(1000), 0);
        QCOMPARE(f.document.cursorPosition(), 7);
        QTest::mouseClick(play, Qt::LeftButton);
        QVERIFY(player->isPlaying());
    }

    void readoutAndTooltip()
    {
        Fixture f;
        QVERIFY(f.open(dataFile("sample.ndjson")));
        f.document.setCursorPosition(12);
        auto* readout = f.scrubber.findChild<QLabel*>(QStringLiteral("timelineReadout"));
        QVERIFY(readout);
        QCOMPARE(readout->text(), QStringLiteral("seq 12 of 19 · 2025-11-24T16:00:12.000Z"));
        const QString tip = f.scrubber.canvas()->toolTipAt(f.xOfPosition(12));
        QVERIFY2(tip.contains(QStringLiteral("seq 12")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("tenant.suspended: 1")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("Suspension: 1")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("2025-11-24T16:00:12.000Z")), qPrintable(tip));
    }

    void axisTicks()
    {
        const auto ticks = cd::ui::timeline::timeTicks(1'764'000'000'000, 1'764'000'019'001, 1000, 110);
        QVERIFY(ticks.size() >= 3);
        QCOMPARE(ticks.front().label, QStringLiteral("16:00:00"));
        const auto seq = cd::ui::timeline::sequenceTicks(
            0, 1'000'000, 1000, 110, [](std::int64_t p) { return QString::number(p); });
        QCOMPARE(seq.size(), std::size_t(5));
        QCOMPARE(seq[1].label, QStringLiteral("200000"));
    }

    // Renders the scrubber (PNGs in the temp dir for a look) and checks that
    // bars, markers, the cursor and the marks are drawn.
    void renders_data()
    {
        QTest::addColumn<int>("axis");
        QTest::addColumn<QString>("name");
        QTest::newRow("sequence") << int(TimelineAxis::Sequence) << QStringLiteral("timeline-sequence.png");
        QTest::newRow("time") << int(TimelineAxis::Time) << QStringLiteral("timeline-time.png");
    }
    void renders()
    {
        QFETCH(int, axis);
        QFETCH(QString, name);
        const auto entries = cd::history::test::randomJournal(20'000, 60, 9);
        const QString path = QString::fromStdString(cd::history::test::writeNdjson(m_dir, "render.ndjson", entries));
        Fixture f;
        QVERIFY(f.open(path, { 1100, 112 }));
        auto* axisCombo = f.scrubber.findChild<QComboBox*>(QStringLiteral("timelineAxis"));
        axisCombo->setCurrentIndex(axisCombo->findData(axis));
        QVERIFY(f.settle());
        f.scrubber.model()->addRestartMarker(entries[15'000].sequence);
        f.document.setMarkA(entries[4'000].sequence);
        f.document.setMarkB(entries[9'000].sequence);
        f.document.setCursorPosition(12'000);
        const QImage image = f.scrubber.grab().toImage();
        image.save(QDir::tempPath() + QLatin1Char('/') + name);
        QVERIFY(countColor(image, cd::ui::timeline::barColor()) > 1000);
        QVERIFY(countColor(image, cd::ui::timeline::markerColor(TimelineModel::MarkerKind::Suspension)) > 50);
        QVERIFY(countColor(image, cd::ui::timeline::markAColor()) > 20);
        QVERIFY(countColor(image, cd::ui::timeline::markBColor()) > 20);
        QVERIFY(countColor(image, cd::ui::timeline::cursorColor()) > 20);
        QVERIFY(countColor(image, cd::ui::timeline::markerColor(TimelineModel::MarkerKind::Restart)) > 5);
    }

    // A cached journal's saved histogram: the bars and markers of the whole
    // journal before its index is read, "Indexing…" over them, the readout
    // saying so; then the journal itself.
    void rendersThePreviewBeforeTheIndex()
    {
        const auto entries = cd::history::test::randomJournal(20'000, 60, 9);
        const QString path = QString::fromStdString(cd::history::test::writeNdjson(m_dir, "preview.ndjson", entries));
        const QString cache = m_dir.filePath(QStringLiteral("preview-cache"));
        QVERIFY(cd::models::loadJournal(cd::models::test::cachingRequest(path, cache)).error.isEmpty());
        Fixture f;
        f.document.setIndexCacheDirectory(cache);
        f.scrubber.resize(1100, 112);
        f.scrubber.show();
        QSemaphore reached;
        QSemaphore release;
        struct Release {
            QSemaphore& s;
            ~Release() { s.release(10); }
        } releaseOnExit { release };
        cd::models::JournalOpenOptions options;
        options.beforePublish = [&reached, &release] {
            reached.release();
            release.acquire();
        };
        QSignalSpy ready(&f.document, &JournalDocument::ready);
        f.document.open(path, options);
        QVERIFY(QTest::qWaitFor([&] { return !f.scrubber.model()->buckets().empty(); }, 20000));
        QVERIFY(reached.tryAcquire(1, 20000));
        QCOMPARE(f.document.history()->size(), std::size_t(0));
        auto* readout = f.scrubber.findChild<QLabel*>(QStringLiteral("timelineReadout"));
        QCOMPARE(readout->text(), QStringLiteral("indexing"));
        const QImage image = f.scrubber.grab().toImage();
        image.save(QDir::tempPath() + QStringLiteral("/timeline-preview.png"));
        QVERIFY(countColor(image, cd::ui::timeline::barColor()) > 1000);
        QVERIFY(countColor(image, cd::ui::timeline::markerColor(TimelineModel::MarkerKind::Suspension)) > 50);
        // The words sit on a plate of the window's colour amid the bars.
        const QPoint middle = f.scrubber.canvas()->mapTo(&f.scrubber, f.scrubber.canvas()->plotRect().center());
        QCOMPARE(image.pixelColor(middle.x()
                         - f.scrubber.canvas()->fontMetrics().horizontalAdvance(QStringLiteral("Indexing…")) / 2 - 4,
                     middle.y()),
            f.scrubber.canvas()->palette().color(QPalette::Window));

        release.release();
        QVERIFY(ready.wait(20000));
        QVERIFY(f.settle());
        QCOMPARE(f.scrubber.model()->countedEntries(), std::int64_t(entries.size()));
        QVERIFY(readout->text().startsWith(QStringLiteral("seq ")));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"
