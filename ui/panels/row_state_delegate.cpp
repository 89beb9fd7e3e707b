#include "ui/panels/row_state_delegate.h"

#include <QPainter>

namespace cd::ui {

RowStateDelegate::RowStateDelegate(Roles roles, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_roles(roles)
{ }

void RowStateDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (m_roles.cursor >= 0 && index.data(m_roles.cursor).toBool())
        option->font.setBold(true);
    if (m_roles.future >= 0 && index.data(m_roles.future).toBool())
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::Disabled, QPalette::Text));
    if (m_roles.alert >= 0 && index.data(m_roles.alert).toBool())
        option->palette.setColor(QPalette::Text, QColor(0xc0, 0x1c, 0x28));
}

void RowStateDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    if (m_roles.cursor >= 0 && index.data(m_roles.cursor).toBool()) {
        // A tint under the cursor's row that stays visible beside the selection.
        QColor tint = option.palette.color(QPalette::Highlight);
        tint.setAlpha(60);
        painter->fillRect(option.rect, tint);
    }
    QStyledItemDelegate::paint(painter, option, index);
}

} // namespace cd::ui
