#pragma once

#include "models/timeline_model.h"

#include <QColor>
#include <QString>

namespace cd::ui::timeline {

// Colours of the scrubber, shared by the canvas and the toolbar's legend.
inline QColor barColor()
{
    return QColor(0x5b, 0x8d, 0xef);
}
inline QColor cursorColor()
{
    return QColor(0x20, 0x20, 0x20);
}
inline QColor markAColor()
{
    return QColor(0x00, 0x89, 0x7b);
}
inline QColor markBColor()
{
    return QColor(0xc2, 0x18, 0x5b);
}
inline QColor rangeColor()
{
    return QColor(0xff, 0xc1, 0x07, 70);
}
inline QColor selectionColor()
{
    return QColor(0x5b, 0x8d, 0xef, 60);
}

inline QColor markerColor(models::TimelineModel::MarkerKind kind)
{
    switch (kind) {
    case models::TimelineModel::MarkerKind::Suspension:
        return QColor(0xd3, 0x2f, 0x2f);
    case models::TimelineModel::MarkerKind::PaymentFailure:
        return QColor(0xef, 0x6c, 0x00);
    case models::TimelineModel::MarkerKind::LimitBreach:
        return QColor(0x8e, 0x44, 0xad);
    case models::TimelineModel::MarkerKind::Restart:
        break;
    }
    return QColor(0x2e, 0x7d, 0x32);
}

inline QString markerName(models::TimelineModel::MarkerKind kind)
{
    switch (kind) {
    case models::TimelineModel::MarkerKind::Suspension:
        return QStringLiteral("Suspension");
    case models::TimelineModel::MarkerKind::PaymentFailure:
        return QStringLiteral("Payment failed");
    case models::TimelineModel::MarkerKind::LimitBreach:
        return QStringLiteral("Limit exceeded");
    case models::TimelineModel::MarkerKind::Restart:
        break;
    }
    return QStringLiteral("Restart");
}

} // namespace cd::ui::timeline
