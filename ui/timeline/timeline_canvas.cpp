#include "ui/timeline/timeline_canvas.h"

#include "models/journal_document.h"
#include "models/timeline_model.h"
#include "ui/timeline/timeline_axis.h"
#include "ui/timeline/timeline_style.h"

#include "engine/history/history.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <optional>

namespace cd::ui {

using models::TimelineModel;
using MarkerKind = models::TimelineModel::MarkerKind;

namespace {

constexpr int Margin = 6;
constexpr int MarkerRow = 4; // px per marker kind
constexpr int MarkerLane = TimelineModel::MarkerKindCount * MarkerRow + 4;
constexpr int LabelSpacing = 110; // px between axis labels at least

const models::TimelineBucket* bucketAt(const std::vector<models::TimelineBucket>& buckets, std::int64_t value)
{
    const auto it = std::upper_bound(buckets.begin(), buckets.end(), value,
        [](std::int64_t v, const models::TimelineBucket& b) { return v < b.end; });
    if (it == buckets.end() || it->begin > value)
        return nullptr;
    return &*it;
}

} // namespace

TimelineCanvas::TimelineCanvas(models::TimelineModel* model, models::JournalDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_document(document)
{
    setObjectName(QStringLiteral("timelineCanvas"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    const auto repaint = [this] { update(); };
    connect(model, &TimelineModel::bucketsChanged, this, repaint);
    connect(model, &TimelineModel::rangeChanged, this, repaint);
    connect(model, &TimelineModel::markersChanged, this, repaint);
    connect(document, &models::JournalDocument::cursorChanged, this, repaint);
    connect(document, &models::JournalDocument::marksChanged, this, repaint);
}

QSize TimelineCanvas::sizeHint() const
{
    return { 800, 76 };
}

QSize TimelineCanvas::minimumSizeHint() const
{
    return { 200, MarkerLane + 24 + fontMetrics().height() + 6 };
}

QRect TimelineCanvas::plotRect() const
{
    const int axis = fontMetrics().height() + 6;
    return QRect(Margin, 2, std::max(1, width() - 2 * Margin), std::max(1, height() - 2 - axis));
}

int TimelineCanvas::xOf(std::int64_t value) const
{
    const QRect plot = plotRect();
    const std::int64_t begin = m_model->visibleBegin();
    const std::int64_t length = std::max<std::int64_t>(1, m_model->visibleEnd() - begin);
    const double x = plot.left() + double(value - begin) * plot.width() / double(length);
    return int(std::lround(std::clamp(x, -1e6, 1e6)));
}

std::int64_t TimelineCanvas::valueAt(int x) const
{
    const QRect plot = plotRect();
    const std::int64_t begin = m_model->visibleBegin();
    const std::int64_t length = std::max<std::int64_t>(1, m_model->visibleEnd() - begin);
    const double fraction = std::clamp(double(x - plot.left()) / plot.width(), 0.0, 1.0);
    return std::min(begin + std::int64_t(std::floor(fraction * double(length))), begin + length - 1);
}

std::int64_t TimelineCanvas::positionAt(int x) const
{
    return std::max<std::int64_t>(m_model->positionAt(valueAt(x)), 0);
}

void TimelineCanvas::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    const QRect plot = plotRect();
    painter.fillRect(plot.adjusted(0, MarkerLane, 0, 0), palette().alternateBase());
    paintBars(painter, plot);
    paintMarkers(painter, plot);
    paintMarks(painter, plot);
    paintAxis(painter, plot);
    if (m_selectFrom) {
        const int left = std::min(*m_selectFrom, m_selectTo);
        const int right = std::max(*m_selectFrom, m_selectTo);
        painter.fillRect(QRect(left, plot.top(), right - left + 1, plot.height()), timeline::selectionColor());
    }
    if (m_model->entryCount() == 0) {
        const QString text
            = m_document->status() == models::JournalDocument::Status::Indexing ? tr("Indexing…") : tr("No journal");
        if (!m_model->buckets().empty()) {
            // Bars before the index (a cached journal's saved histogram):
            // the words on a plate of the window's colour, readable on them.
            QRect plate = fontMetrics().boundingRect(text).adjusted(-8, -3, 8, 3);
            plate.moveCenter(plot.center());
            painter.fillRect(plate, palette().color(QPalette::Window));
        }
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(plot, Qt::AlignCenter, text);
    }
}

void TimelineCanvas::paintBars(QPainter& painter, const QRect& plot) const
{
    const double scale = m_model->maxDensity();
    if (scale <= 0)
        return;
    const int top = plot.top() + MarkerLane;
    const int height = plot.bottom() - top;
    painter.save();
    painter.setClipRect(plot);
    for (const auto& bucket : m_model->buckets()) {
        if (bucket.total == 0)
            continue;
        const int x0 = xOf(bucket.begin);
        const int x1 = std::max(x0 + 1, xOf(bucket.end) - (xOf(bucket.end) - x0 > 3 ? 1 : 0));
        const double density = double(bucket.total) / double(bucket.end - bucket.begin);
        const int h = std::max(1, int(std::lround(height * density / scale)));
        painter.fillRect(QRect(x0, plot.bottom() - h + 1, x1 - x0, h), timeline::barColor());
    }
    painter.restore();
}

void TimelineCanvas::paintMarkers(QPainter& painter, const QRect& plot) const
{
    painter.save();
    painter.setClipRect(plot);
    for (int k = 0; k < TimelineModel::MarkerKindCount - 1; ++k) {
        const auto kind = MarkerKind(k);
        const int y = plot.top() + k * MarkerRow;
        for (const auto& bucket : m_model->buckets()) {
            if (TimelineModel::markerCount(bucket, kind) == 0)
                continue;
            const int x0 = xOf(bucket.begin);
            const int x1 = std::max(x0 + 2, xOf(bucket.end));
            painter.fillRect(QRect(x0, y, x1 - x0, MarkerRow - 1), timeline::markerColor(kind));
        }
    }
    // Restarts: a line through the bars, so they read as a break.
    const QColor restart = timeline::markerColor(MarkerKind::Restart);
    const std::int64_t size = m_model->entryCount();
    for (std::int64_t sequence : m_model->restartMarkers()) {
        const auto position = m_document->history()->view().index().positionAtOrBefore(sequence);
        if (!position || std::int64_t(*position) >= size)
            continue;
        const int x = xOf(m_model->axisValue(std::int64_t(*position)));
        const int y = plot.top() + (TimelineModel::MarkerKindCount - 1) * MarkerRow;
        painter.fillRect(QRect(x - 1, y, 3, MarkerRow - 1), restart);
        painter.setPen(QPen(restart, 1, Qt::DashLine));
        painter.drawLine(x, y + MarkerRow, x, plot.bottom());
    }
    painter.restore();
}

void TimelineCanvas::paintMarks(QPainter& painter, const QRect& plot) const
{
    const auto xOfSequence = [this](std::optional<std::int64_t> sequence) -> std::optional<int> {
        const auto history = m_document->history();
        if (!sequence || !history)
            return std::nullopt;
        const auto position = history->view().index().positionAtOrBefore(*sequence);
        if (!position)
            return std::nullopt;
        return xOf(m_model->axisValue(std::int64_t(*position)));
    };
    const auto a = xOfSequence(m_document->markA());
    const auto b = xOfSequence(m_document->markB());
    painter.save();
    painter.setClipRect(plot.adjusted(-Margin, 0, Margin, 0));
    if (a && b)
        painter.fillRect(
            QRect(std::min(*a, *b), plot.top(), std::abs(*b - *a) + 1, plot.height()), timeline::rangeColor());
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    const auto drawMark = [&painter, &plot](int x, const QColor& color, const QString& name) {
        painter.setPen(QPen(color, 2));
        painter.drawLine(x, plot.top() + MarkerLane, x, plot.bottom());
        const QRect box(x + 2, plot.top() + MarkerLane, painter.fontMetrics().horizontalAdvance(name) + 4,
            painter.fontMetrics().height());
        painter.fillRect(box, color);
        painter.setPen(Qt::white);
        painter.drawText(box, Qt::AlignCenter, name);
    };
    if (a)
        drawMark(*a, timeline::markAColor(), QStringLiteral("A"));
    if (b)
        drawMark(*b, timeline::markBColor(), QStringLiteral("B"));
    const std::int64_t cursor = m_document->cursorPosition();
    if (cursor >= 0 && cursor < m_model->entryCount()) {
        const int x = xOf(m_model->axisValue(cursor));
        painter.setPen(QPen(timeline::cursorColor(), 2));
        painter.drawLine(x, plot.top(), x, plot.bottom());
        QPolygon head;
        head << QPoint(x - 5, plot.top()) << QPoint(x + 5, plot.top()) << QPoint(x, plot.top() + 6);
        painter.setBrush(timeline::cursorColor());
        painter.drawPolygon(head);
    }
    painter.restore();
}

void TimelineCanvas::paintAxis(QPainter& painter, const QRect& plot) const
{
    const std::int64_t begin = m_model->visibleBegin();
    const std::int64_t end = m_model->visibleEnd();
    const std::int64_t size = m_model->entryCount();
    // One read of the index for all the labels: while a journal indexes,
    // every read waits for the batch the writer holds.
    const bool sequences = m_model->axis() == models::TimelineAxis::Sequence;
    const auto history = m_document->history();
    std::optional<history::History::View> view;
    if (history && sequences)
        view.emplace(history->view());
    const auto ticks = sequences
        ? timeline::sequenceTicks(begin, end, plot.width(), LabelSpacing,
            [&view, size](std::int64_t p) {
                return view && p < size ? QString::number(view->index().sequence(std::size_t(p))) : QString();
            })
        : timeline::timeTicks(begin, end, plot.width(), LabelSpacing);
    const QColor text = palette().color(QPalette::Text);
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawLine(plot.left(), plot.bottom() + 1, plot.right(), plot.bottom() + 1);
    const QFontMetrics fm = fontMetrics();
    int lastRight = -1;
    for (const auto& tick : ticks) {
        const int x = xOf(tick.value);
        painter.setPen(palette().color(QPalette::Mid));
        painter.drawLine(x, plot.bottom() + 1, x, plot.bottom() + 4);
        const int w = fm.horizontalAdvance(tick.label);
        const int left = std::max(0, x - w / 2);
        if (tick.label.isEmpty() || left <= lastRight + 8 || left + w > width())
            continue; // never clipped, never overlapping
        painter.setPen(text);
        painter.drawText(QRect(left, plot.bottom() + 4, w, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, tick.label);
        lastRight = left + w;
    }
}

QString TimelineCanvas::toolTipAt(int x) const
{
    const auto* bucket = bucketAt(m_model->buckets(), valueAt(x));
    if (!bucket)
        return {};
    const auto [first, last] = m_model->positionsIn(bucket->begin, bucket->end);
    QStringList lines;
    if (last > first) {
        const QString from = QString::number(m_model->sequenceAt(first));
        const QString to = QString::number(m_model->sequenceAt(last - 1));
        lines << (first + 1 == last ? tr("seq %1").arg(from) : tr("seq %1 – %2").arg(from, to));
        const QString t0 = timeline::isoUtc(m_model->wallMsAt(first));
        const QString t1 = timeline::isoUtc(m_model->wallMsAt(last - 1));
        lines << (t0 == t1 ? t0 : t0 + QStringLiteral(" – ") + t1);
    }
    lines << tr("%n event(s)", nullptr, int(bucket->total));
    for (int k = 0; k < TimelineModel::MarkerKindCount - 1; ++k)
        if (const auto n = TimelineModel::markerCount(*bucket, MarkerKind(k)))
            lines << QStringLiteral("<span style='color:%1'>■</span> %2: %3")
                         .arg(timeline::markerColor(MarkerKind(k)).name(), timeline::markerName(MarkerKind(k)))
                         .arg(n);
    // Then the types in the bar, most frequent first.
    std::vector<std::pair<std::uint32_t, int>> types;
    for (int t = 0; t < platform::EventTypeCount; ++t)
        if (const auto n = bucket->counts[std::size_t(t)])
            types.emplace_back(n, t);
    std::sort(types.begin(), types.end(), [](const auto& l, const auto& r) { return l.first > r.first; });
    for (const auto& [n, t] : types) {
        const std::string_view name = platform::eventTypeName(platform::EventType(t));
        lines << QStringLiteral("%1: %2").arg(
            QString::fromUtf8(name.data(), qsizetype(name.size())), QString::number(n));
    }
    return lines.join(QStringLiteral("<br>"));
}

bool TimelineCanvas::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos().x());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void TimelineCanvas::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    m_model->setBucketCount(std::max(1, plotRect().width() / 3)); // a bar every 3 px
}

void TimelineCanvas::moveCursorTo(int x)
{
    if (m_model->entryCount() > 0)
        m_document->setCursorPosition(positionAt(x));
}

void TimelineCanvas::mousePressEvent(QMouseEvent* event)
{
    const int x = int(event->position().x());
    if (event->button() == Qt::RightButton
        || (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier))) {
        m_selectFrom = x;
        m_selectTo = x;
        m_rightDragged = false;
        update();
        return;
    }
    if (event->button() == Qt::LeftButton) {
        m_dragCursor = true;
        moveCursorTo(x);
    }
}

void TimelineCanvas::mouseMoveEvent(QMouseEvent* event)
{
    const int x = int(event->position().x());
    if (m_selectFrom) {
        m_selectTo = x;
        m_rightDragged = m_rightDragged || std::abs(x - *m_selectFrom) > 3;
        update();
    } else if (m_dragCursor) {
        moveCursorTo(x);
    }
}

void TimelineCanvas::mouseReleaseEvent(QMouseEvent* event)
{
    m_dragCursor = false;
    if (!m_selectFrom)
        return;
    m_selectTo = int(event->position().x());
    const int from = std::min(*m_selectFrom, m_selectTo);
    const int to = std::max(*m_selectFrom, m_selectTo);
    m_selectFrom.reset();
    update();
    if (to - from > 3) {
        m_model->zoomTo(valueAt(from), valueAt(to) + 1);
    } else if (event->button() == Qt::RightButton) {
        showMenu(event->position().toPoint());
    }
}

void TimelineCanvas::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        m_model->zoomOut();
}

void TimelineCanvas::wheelEvent(QWheelEvent* event)
{
    const int steps = event->angleDelta().y() / 120;
    if (steps == 0)
        return;
    m_model->zoomAround(valueAt(int(event->position().x())), std::pow(0.8, steps));
}

void TimelineCanvas::contextMenuEvent(QContextMenuEvent* event)
{
    // Mouse context menus open on release (after a possible drag); this is the keyboard's.
    if (event->reason() != QContextMenuEvent::Mouse)
        showMenu(event->pos());
}

void TimelineCanvas::showMenu(const QPoint& pos)
{
    if (m_model->entryCount() == 0)
        return;
    const std::int64_t sequence = m_model->sequenceAt(positionAt(pos.x()));
    QMenu menu(this);
    menu.addAction(
        tr("Set mark A at seq %1").arg(sequence), this, [this, sequence] { m_document->setMarkA(sequence); });
    menu.addAction(
        tr("Set mark B at seq %1").arg(sequence), this, [this, sequence] { m_document->setMarkB(sequence); });
    menu.addAction(tr("Clear marks"), this, [this] {
        m_document->setMarkA(std::nullopt);
        m_document->setMarkB(std::nullopt);
    });
    menu.addSeparator();
    QAction* zoomAB = menu.addAction(tr("Zoom to A–B"), this, [this] {
        const auto history = m_document->history();
        const auto view = history->view();
        const auto a = view.index().positionAtOrBefore(*m_document->markA());
        const auto b = view.index().positionAtOrBefore(*m_document->markB());
        if (!a || !b)
            return;
        const std::int64_t lo = m_model->axisValue(std::int64_t(std::min(*a, *b)));
        const std::int64_t hi = m_model->axisValue(std::int64_t(std::max(*a, *b)));
        m_model->zoomTo(lo, hi + 1);
    });
    zoomAB->setEnabled(m_document->markA() && m_document->markB());
    QAction* reset = menu.addAction(tr("Reset zoom"), this, [this] { m_model->zoomOut(); });
    reset->setEnabled(m_model->isZoomed());
    menu.exec(mapToGlobal(pos));
}

} // namespace cd::ui
