#pragma once

#include "engine/platform/event.h"

#include <QWidget>

#include <cstdint>

namespace cd::models {
class JournalDocument;
class TimelineModel;
class TimelinePlayer;
} // namespace cd::models

namespace cd::ui {

class TimelineCanvas;
class TimelineToolbar;

// The timeline at the bottom of the main window (objectName "timeline"): a
// toolbar row over the density bars of the open journal. Keys (with the
// timeline focused): Left/Right one entry; PageUp/PageDown one bar of the
// current view (so the step follows the zoom); Home/End; N / Shift+N the
// next / previous entry of the selected tenant; T / Shift+T of the toolbar's
// event type; A / B set the marks at the cursor; Space plays or pauses.
// When zoomed, the view pans to keep the cursor in sight.
class TimelineScrubber : public QWidget {
    Q_OBJECT
public:
    explicit TimelineScrubber(models::JournalDocument* document, QWidget* parent = nullptr);
    ~TimelineScrubber() override;

    models::TimelineModel* model() const { return m_model; }
    models::TimelinePlayer* player() const { return m_player; }
    TimelineCanvas* canvas() const { return m_canvas; }
    TimelineToolbar* toolbar() const { return m_toolbar; }

    // The stepping the keys do, callable directly.
    void stepEntries(std::int64_t count);
    void stepBars(int count);
    void jumpToTenant(bool forward);
    void jumpToType(bool forward);
    void setJumpType(platform::EventType type);

    QSize sizeHint() const override;

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void moveCursor(std::int64_t position);

    models::JournalDocument* m_document;
    models::TimelineModel* m_model;
    models::TimelinePlayer* m_player;
    TimelineToolbar* m_toolbar;
    TimelineCanvas* m_canvas;
};

} // namespace cd::ui
