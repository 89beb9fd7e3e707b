#include "models/explain_event_text.h"

#include "engine/platform/json_writer.h"
#include "engine/platform/string_pool.h"

#include <QDateTime>
#include <QStringList>
#include <QTimeZone>

namespace cd::models {

namespace {

QString text(const platform::StringPool& pool, platform::Str s)
{
    const std::string_view v = pool.view(s);
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

QString number(double value)
{
    std::string out;
    platform::appendJsonNumber(out, value);
    return QString::fromStdString(out);
}

QString latin(std::string_view v)
{
    return QString::fromLatin1(v.data(), qsizetype(v.size()));
}

} // namespace

QString explainTypeText(platform::EventType type)
{
    return latin(platform::eventTypeName(type));
}

QString explainEventDetail(const platform::Event& e, const platform::StringPool& pool)
{
    using platform::EventType;
    QStringList parts;
    auto add = [&parts](const QString& part) {
        if (!part.isEmpty())
            parts << part;
    };
    switch (e.type) {
    case EventType::TenantCreated:
        add(QStringLiteral("plan ") + latin(platform::planName(e.plan)));
        add(QStringLiteral("owner ") + text(pool, e.ownerId));
        break;
    case EventType::UserInvited:
        add(text(pool, e.userId));
        add(text(pool, e.email));
        add(latin(platform::roleName(e.role)));
        break;
    case EventType::UserActivated:
    case EventType::UserRemoved:
        add(text(pool, e.userId));
        break;
    case EventType::BillingCycleStarted:
    case EventType::BillingPaymentSucceeded:
    case EventType::BillingPaymentFailed:
        add(QStringLiteral("cycle ") + text(pool, e.cycleId));
        add(number(e.amount));
        add(text(pool, e.reason));
        break;
    case EventType::FeatureUsed:
        add(text(pool, e.feature) + QStringLiteral(" +") + number(e.usage));
        add(QStringLiteral("by ") + text(pool, e.userId));
        break;
    case EventType::LimitsExceeded:
        add(text(pool, e.feature) + QLatin1Char(' ') + number(e.usage) + QStringLiteral(" over limit ")
            + number(e.limit));
        break;
    case EventType::TenantSuspended:
    case EventType::TenantReactivated:
        add(text(pool, e.reason));
        break;
    case EventType::PlanChanged:
        add(latin(platform::planName(e.from)) + QStringLiteral(" → ") + latin(platform::planName(e.to)));
        break;
    case EventType::UsageReset:
        add(text(pool, e.feature));
        add(QStringLiteral("cycle ") + text(pool, e.cycleId));
        break;
    case EventType::SessionConnected:
    case EventType::SessionDisconnected:
    case EventType::SessionExpired:
        add(text(pool, e.sessionId));
        add(text(pool, e.userId));
        break;
    }
    return parts.join(QStringLiteral(" · "));
}

QString explainWallTime(std::int64_t wallMs)
{
    return QDateTime::fromMSecsSinceEpoch(wallMs, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString explainElided(std::string_view utf8, std::size_t maxBytes)
{
    if (utf8.size() <= maxBytes)
        return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
    std::size_t end = maxBytes;
    // Never cut inside a multi-byte character: back up over continuation bytes.
    while (end > 0 && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80)
        --end;
    return QString::fromUtf8(utf8.data(), qsizetype(end)) + QStringLiteral("…");
}

} // namespace cd::models
