#include "ui/panels/table_setup.h"

#include <QHeaderView>
#include <QTableView>

namespace cd::ui {

void setUpTable(QTableView* view)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideRight);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
    view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
}

void scrollIntoView(QTableView* view, const QModelIndex& index, QAbstractItemView::ScrollHint hint)
{
    const auto shows = [view, &index] { return view->viewport()->rect().contains(view->visualRect(index)); };
    if (!index.isValid() || shows())
        return;
    view->scrollTo(index, hint);
    if (!shows()) {
        view->doItemsLayout();
        view->scrollTo(index, hint);
    }
}

} // namespace cd::ui
