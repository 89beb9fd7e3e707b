#pragma once

#include <QStyledItemDelegate>

namespace cd::ui {

// Draws a usage bar behind the cell's text from a fraction role (value /
// limit): green below 80 %, amber up to the limit, red beyond it. Cells
// without a fraction paint as usual.
class UsageBarDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit UsageBarDelegate(int fractionRole, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int m_fractionRole;
};

} // namespace cd::ui
