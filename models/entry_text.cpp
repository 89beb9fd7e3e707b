#include "models/entry_text.h"

#include "engine/platform/codec.h"
#include "engine/platform/entry.h"
#include "engine/platform/json_writer.h"
#include "engine/platform/string_pool.h"

#include <QDateTime>
#include <QTimeZone>

namespace cd::models {

namespace {

QString text(const platform::StringPool& pool, platform::Str s)
{
    const std::string_view v = pool.view(s);
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

QString latin(std::string_view v)
{
    return QString::fromLatin1(v.data(), qsizetype(v.size()));
}

void newline(std::string& out, int depth)
{
    out.push_back('\n');
    out.append(std::size_t(depth) * 2, ' ');
}

} // namespace

QString numberText(double value)
{
    std::string out;
    platform::appendJsonNumber(out, value);
    return QString::fromLatin1(out.data(), qsizetype(out.size()));
}

QString eventTypeText(platform::EventType type)
{
    return latin(platform::eventTypeName(type));
}

QString wallTimeText(std::int64_t wallMs)
{
    return QDateTime::fromMSecsSinceEpoch(wallMs, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString eventSummary(const platform::Event& e, const platform::StringPool& pool)
{
    using platform::EventType;
    auto s = [&pool](platform::Str str) { return text(pool, str); };
    switch (e.type) {
    case EventType::TenantCreated:
        return QStringLiteral("created on %1, owner %2").arg(latin(platform::planName(e.plan)), s(e.ownerId));
    case EventType::UserInvited:
        return QStringLiteral("invited %1 <%2> as %3").arg(s(e.userId), s(e.email), latin(platform::roleName(e.role)));
    case EventType::UserActivated:
        return QStringLiteral("activated %1").arg(s(e.userId));
    case EventType::UserRemoved:
        return QStringLiteral("removed %1").arg(s(e.userId));
    case EventType::BillingCycleStarted:
        return QStringLiteral("cycle %1 started, amount %2").arg(s(e.cycleId), numberText(e.amount));
    case EventType::BillingPaymentSucceeded:
        return QStringLiteral("cycle %1 paid, amount %2").arg(s(e.cycleId), numberText(e.amount));
    case EventType::BillingPaymentFailed:
        return QStringLiteral("cycle %1 payment failed: %2 (amount %3)")
            .arg(s(e.cycleId), s(e.reason), numberText(e.amount));
    case EventType::FeatureUsed:
        return QStringLiteral("%1 +%2 by %3").arg(s(e.feature), numberText(e.usage), s(e.userId));
    case EventType::LimitsExceeded:
        return QStringLiteral("%1 %2 over limit %3").arg(s(e.feature), numberText(e.usage), numberText(e.limit));
    case EventType::TenantSuspended:
        return QStringLiteral("suspended: %1").arg(s(e.reason));
    case EventType::TenantReactivated:
        return QStringLiteral("reactivated");
    case EventType::PlanChanged:
        return QStringLiteral("plan %1 \u2192 %2")
            .arg(latin(platform::planName(e.from)), latin(platform::planName(e.to)));
    case EventType::UsageReset:
        return QStringLiteral("%1 reset (cycle %2)").arg(s(e.feature), s(e.cycleId));
    case EventType::SessionConnected:
        return QStringLiteral("session %1 connected (%2)").arg(s(e.sessionId), s(e.userId));
    case EventType::SessionDisconnected:
        return QStringLiteral("session %1 disconnected").arg(s(e.sessionId));
    case EventType::SessionExpired:
        return QStringLiteral("session %1 expired").arg(s(e.sessionId));
    }
    return {};
}

std::string prettyJson(std::string_view json)
{
    std::string out;
    out.reserve(json.size() * 2);
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (inString) {
            out.push_back(c);
            if (c == '\\' && i + 1 < json.size())
                out.push_back(json[++i]); // the escaped character, never a closing quote
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            out.push_back(c);
            break;
        case '{':
        case '[': {
            // Empty containers stay on one line.
            const std::size_t next = json.find_first_not_of(" \t\r\n", i + 1);
            const char close = c == '{' ? '}' : ']';
            if (next != std::string_view::npos && json[next] == close) {
                out.push_back(c);
                out.push_back(close);
                i = next;
                break;
            }
            out.push_back(c);
            newline(out, ++depth);
            break;
        }
        case '}':
        case ']':
            newline(out, --depth);
            out.push_back(c);
            break;
        case ',':
            out.push_back(c);
            newline(out, depth);
            break;
        case ':':
            out.append(": ");
            break;
        case ' ':
        case '\t':
        case '\r':
        case '\n':
            break; // insignificant whitespace of a non-compact input
        default:
            out.push_back(c);
        }
    }
    return out;
}

std::string prettyEntryJson(const platform::Entry& entry)
{
    return prettyJson(platform::encodeEntry(entry));
}

} // namespace cd::models
