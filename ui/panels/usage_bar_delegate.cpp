#include "ui/panels/usage_bar_delegate.h"

#include <QApplication>
#include <QPainter>

#include <algorithm>

namespace cd::ui {

UsageBarDelegate::UsageBarDelegate(int fractionRole, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_fractionRole(fractionRole)
{ }

void UsageBarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QVariant fraction = index.data(m_fractionRole);
    if (!fraction.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    // Background and selection as any cell, then the bar, then the text.
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const double f = fraction.toDouble();
    const QRect frame = opt.rect.adjusted(3, 3, -3, -3);
    QColor fill = f > 1.0 ? QColor(0xe0, 0x1b, 0x24) : f >= 0.8 ? QColor(0xe5, 0xa5, 0x0a) : QColor(0x33, 0xd1, 0x7a);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(opt.palette.color(QPalette::Mid));
    painter->setBrush(opt.palette.color(QPalette::Base));
    painter->drawRect(frame.adjusted(0, 0, -1, -1));
    fill.setAlpha(170);
    const int width = int(std::clamp(f, 0.0, 1.0) * (frame.width() - 2));
    painter->fillRect(QRect(frame.left() + 1, frame.top() + 1, width, frame.height() - 2), fill);
    painter->setPen(opt.palette.color(QPalette::Text));
    painter->drawText(frame, Qt::AlignCenter, text);
    painter->restore();
}

QSize UsageBarDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width() + 16, 110));
    return size;
}

} // namespace cd::ui
