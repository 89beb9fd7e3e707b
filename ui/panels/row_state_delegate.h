#pragma once

#include <QStyledItemDelegate>

namespace cd::ui {

// Presentation of row states the models expose as roles: the cursor's row
// (bold on a highlight tint), rows after the cursor (dimmed) and values that
// need attention (red). A role of -1 is not used.
class RowStateDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    struct Roles {
        int cursor = -1;
        int future = -1;
        int alert = -1;
    };
    explicit RowStateDelegate(Roles roles, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    Roles m_roles;
};

} // namespace cd::ui
