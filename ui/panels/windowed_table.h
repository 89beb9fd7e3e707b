#pragma once

#include <QAbstractItemView>
#include <QWidget>

class QAbstractItemModel;
class QScrollBar;
class QTableView;

namespace cd::models {
class RowWindowModel;
}

namespace cd::ui {

// A table over millions of rows: a QTableView shows a RowWindowModel page
// of a flat source model (a screenful of rows and one partly shown), and a
// scroll bar beside it, whose range is the source's rows, moves the page.
// The view's own header never holds more rows than fit, so growing the
// source, setting it and jumping anywhere cost what a screenful costs.
//
// Rows here are the source's rows. The wheel, the arrow keys, Page Up/Down
// and Home/End move through the source; the current row is kept (and
// selected) as the page moves. The view itself is set up like any panel
// table (setUpTable): one fixed row height.
class WindowedTable : public QWidget {
    Q_OBJECT
public:
    explicit WindowedTable(QAbstractItemModel* source, QWidget* parent = nullptr);

    QTableView* view() const { return m_view; }
    QScrollBar* scrollBar() const { return m_bar; }
    models::RowWindowModel* page() const { return m_page; }

    // The first source row shown, and how many show whole.
    int firstRow() const;
    int rowsShown() const;
    // Whether source row shows whole.
    bool rowShows(int row) const;
    // Where source row shows in the view's viewport; empty when it does not.
    QRect visualRect(int row) const;
    // Scrolls so that source row shows whole (nothing when it does): with
    // PositionAtCenter in the middle, PositionAtTop at the top, otherwise
    // the least scrolling.
    void scrollTo(int row, QAbstractItemView::ScrollHint hint = QAbstractItemView::EnsureVisible);

    // The current source row; -1 when none.
    int currentRow() const { return m_current; }
    // Makes source row current and selected, scrolled into view.
    void setCurrentRow(int row);

Q_SIGNALS:
    // The current row changed (the user clicked or stepped; -1: none).
    void currentRowChanged(int row);
    void rowDoubleClicked(int row);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    int rowHeight() const;
    // The page's size from the viewport's height, and the bar's range.
    void fitPage();
    void showFrom(int first);
    // After the page moved or changed: the view shows the current row selected.
    void markCurrent();
    bool step(int key, Qt::KeyboardModifiers modifiers);

    models::RowWindowModel* m_page;
    QTableView* m_view;
    QScrollBar* m_bar;
    int m_current = -1;
    int m_wheelRemainder = 0; // eighths of a degree not yet turned into rows
    bool m_marking = false;
};

} // namespace cd::ui
