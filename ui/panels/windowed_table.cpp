#include "ui/panels/windowed_table.h"

#include "ui/panels/table_setup.h"

#include "models/row_window_model.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QScrollBar>
#include <QTableView>
#include <QWheelEvent>

#include <algorithm>

namespace cd::ui {

using models::RowWindowModel;

WindowedTable::WindowedTable(QAbstractItemModel* source, QWidget* parent)
    : QWidget(parent)
    , m_page(new RowWindowModel(source, this))
    , m_view(new QTableView(this))
    , m_bar(new QScrollBar(Qt::Vertical, this))
{
    m_view->setModel(m_page);
    setUpTable(m_view);
    m_view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // The page moves instead of the view: a current row in the partly shown
    // last row must not scroll the view by itself.
    m_view->setAutoScroll(false);
    m_view->installEventFilter(this);
    m_view->viewport()->installEventFilter(this);
    m_bar->setObjectName(QStringLiteral("windowedTableScrollBar"));
    m_bar->setSingleStep(1);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_bar);

    connect(m_bar, &QScrollBar::valueChanged, this, &WindowedTable::showFrom);
    connect(m_page, &RowWindowModel::sourceRowCountChanged, this, &WindowedTable::fitPage);
    connect(m_page, &QAbstractItemModel::modelReset, this, [this] {
        m_current = -1;
        fitPage();
    });
    connect(
        m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            if (m_marking)
                return;
            const int row = current.isValid() ? m_page->sourceRow(current.row()) : -1;
            if (row == m_current)
                return;
            m_current = row;
            if (row >= 0 && !rowShows(row))
                scrollTo(row); // a click on the partly shown last row
            Q_EMIT currentRowChanged(row);
        });
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        const int row = m_page->sourceRow(index.row());
        if (row >= 0)
            Q_EMIT rowDoubleClicked(row);
    });
    fitPage();
}

int WindowedTable::rowHeight() const
{
    return std::max(1, m_view->verticalHeader()->defaultSectionSize());
}

int WindowedTable::firstRow() const
{
    return m_page->offset();
}

int WindowedTable::rowsShown() const
{
    return std::max(1, m_view->viewport()->height() / rowHeight());
}

bool WindowedTable::rowShows(int row) const
{
    return row >= firstRow() && row < firstRow() + rowsShown() && row < m_page->sourceRowCount();
}

QRect WindowedTable::visualRect(int row) const
{
    const int pageRow = m_page->pageRow(row);
    return pageRow < 0 ? QRect() : m_view->visualRect(m_page->index(pageRow, 0));
}

void WindowedTable::fitPage()
{
    const int shown = rowsShown();
    const QSignalBlocker blocker(m_bar);
    m_bar->setRange(0, std::max(0, m_page->sourceRowCount() - shown));
    m_bar->setPageStep(shown);
    showFrom(m_bar->value());
}

void WindowedTable::showFrom(int first)
{
    first = std::clamp(first, 0, m_bar->maximum());
    m_page->setPage(first, rowsShown() + 1);
    if (m_bar->value() != first) {
        const QSignalBlocker blocker(m_bar);
        m_bar->setValue(first);
    }
    m_view->verticalScrollBar()->setValue(0);
    markCurrent();
}

void WindowedTable::scrollTo(int row, QAbstractItemView::ScrollHint hint)
{
    if (row < 0 || row >= m_page->sourceRowCount())
        return;
    const int shown = rowsShown();
    int first = firstRow();
    switch (hint) {
    case QAbstractItemView::PositionAtCenter:
        first = rowShows(row) ? first : row - shown / 2;
        break;
    case QAbstractItemView::PositionAtTop:
        first = row;
        break;
    case QAbstractItemView::PositionAtBottom:
        first = row - shown + 1;
        break;
    case QAbstractItemView::EnsureVisible:
        if (row < first)
            first = row;
        else if (row >= first + shown)
            first = row - shown + 1;
        break;
    }
    showFrom(first);
}

void WindowedTable::setCurrentRow(int row)
{
    row = std::clamp(row, -1, m_page->sourceRowCount() - 1);
    const bool changed = row != m_current;
    m_current = row;
    if (row >= 0)
        scrollTo(row);
    markCurrent();
    if (changed)
        Q_EMIT currentRowChanged(row);
}

void WindowedTable::markCurrent()
{
    QItemSelectionModel* selection = m_view->selectionModel();
    const int pageRow = m_page->pageRow(m_current);
    const QModelIndex index = pageRow < 0 ? QModelIndex() : m_page->index(pageRow, 0);
    if (index == selection->currentIndex() && (pageRow < 0 || selection->isRowSelected(pageRow)))
        return;
    m_marking = true;
    if (index.isValid())
        selection->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    else
        selection->clear();
    m_marking = false;
}

bool WindowedTable::step(int key, Qt::KeyboardModifiers modifiers)
{
    if (modifiers & ~(Qt::ControlModifier | Qt::ShiftModifier | Qt::KeypadModifier))
        return false;
    const int rows = m_page->sourceRowCount();
    if (rows == 0)
        return false;
    const int from = m_current >= 0 ? m_current : firstRow();
    const int page = std::max(1, rowsShown() - 1);
    int to = from;
    switch (key) {
    case Qt::Key_Up:
        to = m_current >= 0 ? from - 1 : from;
        break;
    case Qt::Key_Down:
        to = m_current >= 0 ? from + 1 : from;
        break;
    case Qt::Key_PageUp:
        to = from - page;
        break;
    case Qt::Key_PageDown:
        to = from + page;
        break;
    case Qt::Key_Home:
        to = 0;
        break;
    case Qt::Key_End:
        to = rows - 1;
        break;
    default:
        return false;
    }
    setCurrentRow(std::clamp(to, 0, rows - 1));
    return true;
}

bool WindowedTable::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        return step(key->key(), key->modifiers());
    }
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        fitPage();
    if (watched == m_view->viewport() && event->type() == QEvent::Wheel) {
        const auto* wheel = static_cast<QWheelEvent*>(event);
        const QPoint angle = wheel->angleDelta();
        if (angle.y() == 0 || (wheel->modifiers() & Qt::ShiftModifier))
            return false; // sideways: the view's own horizontal scrolling
        // 120 eighths of a degree a notch, wheelScrollLines() rows a notch.
        m_wheelRemainder += angle.y() * QApplication::wheelScrollLines();
        const int rows = m_wheelRemainder / 120;
        m_wheelRemainder -= rows * 120;
        if (rows != 0)
            m_bar->setValue(m_bar->value() - rows);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace cd::ui
