#pragma once

#include <QStyledItemDelegate>

namespace cd::ui {

// How SQL console cells read: NULL in grey italics (distinct from an empty
// string), numbers right-aligned, blobs as their size, long text cut to one
// line (the tooltip has it whole).
class SqlValueDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    // Longest text shown in a cell; a JSON data column can be kilobytes.
    static constexpr int MaxShownChars = 240;

    using QStyledItemDelegate::QStyledItemDelegate;

    QString displayText(const QVariant& value, const QLocale& locale) const override;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

} // namespace cd::ui
