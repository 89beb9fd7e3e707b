#include "ui/sql_value_delegate.h"

#include "models/sql_result_model.h"

#include <QPalette>

namespace cd::ui {

namespace {

bool isNumber(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return true;
    default:
        return false;
    }
}

} // namespace

QString SqlValueDelegate::displayText(const QVariant& value, const QLocale& locale) const
{
    if (value.typeId() == QMetaType::QByteArray) {
        const qsizetype size = value.toByteArray().size();
        return size == 1 ? tr("<blob, 1 byte>") : tr("<blob, %1 bytes>").arg(size);
    }
    if (value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Int)
        return QString::number(value.toLongLong()); // sequences and ms: no group separators
    if (value.typeId() == QMetaType::QString) {
        QString text = value.toString();
        const bool cut = text.size() > MaxShownChars;
        if (cut)
            text.truncate(MaxShownChars);
        text.replace(QLatin1Char('\n'), QLatin1Char(' '));
        return cut ? text + QChar(0x2026) : text;
    }
    return QStyledItemDelegate::displayText(value, locale);
}

void SqlValueDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(models::SqlResultModel::IsNullRole).toBool()) {
        option->text = QStringLiteral("NULL");
        option->font.setItalic(true);
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
        return;
    }
    if (isNumber(index.data(models::SqlResultModel::SortRole)))
        option->displayAlignment = Qt::AlignRight | Qt::AlignVCenter;
}

} // namespace cd::ui
