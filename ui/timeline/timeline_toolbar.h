#pragma once

#include "engine/platform/event.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QToolButton;

namespace cd::models {
class JournalDocument;
class TimelineModel;
class TimelinePlayer;
} // namespace cd::models

namespace cd::ui {

// The row above the timeline's bars: play/pause, speed, axis, the event type
// T jumps to, reset zoom, the legend and the cursor readout. Compact (icons,
// short labels, tooltips): it fits 1280 px; when narrower the legend shrinks
// to coloured squares, then hides. Its controls take no keyboard focus, so
// the scrubber's keys keep working.
class TimelineToolbar : public QWidget {
    Q_OBJECT
public:
    TimelineToolbar(models::TimelineModel* model, models::TimelinePlayer* player, models::JournalDocument* document,
        QWidget* parent = nullptr);

    platform::EventType jumpType() const;
    void setJumpType(platform::EventType type);
    // "seq 12 of 19 · 2025-11-24T16:00:12.000Z"
    QString readout() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateReadout();
    void updateLegend();
    void updatePlaying(bool playing);

    models::TimelineModel* m_model;
    models::TimelinePlayer* m_player;
    models::JournalDocument* m_document;
    QToolButton* m_play;
    QComboBox* m_speed;
    QComboBox* m_axis;
    QComboBox* m_type;
    QToolButton* m_reset;
    QLabel* m_legend;
    QLabel* m_readout;
};

} // namespace cd::ui
