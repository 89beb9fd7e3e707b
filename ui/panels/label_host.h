#pragma once

#include <QWidget>

class QLabel;

namespace cd::ui {

// Holds a QLabel whose text follows the cursor (panel titles, readouts) so
// that its text changes stop here. QLabel::setText() always calls
// updateGeometry(); inside a layout that invalidates every layout up to the
// main window, which then lays out all its docks again: tens of ms of GUI
// time per cursor move. The host has no layout of its own, so the label's
// geometry request arrives here as a LayoutRequest event; the host changes
// its own (fixed) height only when the text needs more lines than it has
// room for (it shrinks back only when its width changes).
// The label fills the host's width; the host's width comes from its layout.
class LabelHost : public QWidget {
    Q_OBJECT
public:
    explicit LabelHost(QLabel* label, QWidget* parent = nullptr);

    QLabel* label() const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    bool event(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitHeight(bool mayShrink);

    QLabel* m_label;
    int m_height = -1;
};

} // namespace cd::ui
