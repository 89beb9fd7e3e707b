#pragma once

class QTableView;

namespace cd::ui {

// The look every panel table shares: whole-row single selection, fixed row
// height (no per-row measuring, which a 10-million-row view cannot afford),
// no row header, last column stretched, no word wrap.
void setUpTable(QTableView* view);

} // namespace cd::ui
