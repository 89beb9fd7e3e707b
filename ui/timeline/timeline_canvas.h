#pragma once

#include <QWidget>

#include <cstdint>
#include <optional>

namespace cd::models {
class JournalDocument;
class TimelineModel;
} // namespace cd::models

namespace cd::ui {

// The scrubber's drawing surface: density bars, marker ticks, the cursor,
// marks A and B, and the axis. Mouse: press or drag moves the cursor;
// shift-drag or right-drag selects a range to zoom into; double-click zooms
// out; the wheel zooms around the pointer; the context menu sets marks.
class TimelineCanvas : public QWidget {
    Q_OBJECT
public:
    TimelineCanvas(models::TimelineModel* model, models::JournalDocument* document, QWidget* parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // The plot area (bars and markers) and conversions for its x axis.
    QRect plotRect() const;
    int xOf(std::int64_t value) const;
    std::int64_t valueAt(int x) const;
    // The entry under x: the last at or before its axis value (clamped to the journal).
    std::int64_t positionAt(int x) const;
    // The text the tooltip shows at x (empty over no bar).
    QString toolTipAt(int x) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    bool event(QEvent* event) override;

private:
    void paintBars(QPainter& painter, const QRect& plot) const;
    void paintMarkers(QPainter& painter, const QRect& plot) const;
    void paintMarks(QPainter& painter, const QRect& plot) const;
    void paintAxis(QPainter& painter, const QRect& plot) const;
    void moveCursorTo(int x);
    void showMenu(const QPoint& pos);

    models::TimelineModel* m_model;
    models::JournalDocument* m_document;
    std::optional<int> m_selectFrom; // x where a range selection started
    int m_selectTo = 0;
    bool m_dragCursor = false;
    bool m_rightDragged = false;
};

} // namespace cd::ui
