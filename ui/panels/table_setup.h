#pragma once

#include <QAbstractItemView>

class QModelIndex;
class QTableView;

namespace cd::ui {

// The look every panel table shares: whole-row single selection, fixed row
// height (no per-row measuring, which a 10-million-row view cannot afford),
// no row header, last column stretched, no word wrap.
void setUpTable(QTableView* view);

// Scrolls view so that index shows, with hint; nothing when it already
// shows. Rows that just came leave the scroll range to a delayed layout,
// which would clamp the scroll: then the view is laid out and scrolled again.
void scrollIntoView(QTableView* view, const QModelIndex& index, QAbstractItemView::ScrollHint hint);

} // namespace cd::ui
