#include "engine/platform/codec.h"

#include "engine/platform/event.h"
#include "engine/platform/json_writer.h"
#include "engine/platform/string_pool.h"

namespace cd::platform {

std::string encodeEvent(const Event& e, const StringPool& pool)
{
    std::string out;
    // Room for almost every event at once: growing 15 -> 30 -> 60 -> 120
    // bytes cost more than the encoding itself.
    out.reserve(160);
    JsonWriter w(out);
    w.beginObject();
    w.plainKey("type");
    w.string(eventTypeName(e.type));
    for (const EventField f : eventFields(e.type)) {
        w.plainKey(eventFieldName(f));
        switch (f) {
        case EventField::TenantId:
            w.string(pool.view(e.tenantId));
            break;
        case EventField::UserId:
            w.string(pool.view(e.userId));
            break;
        case EventField::Email:
            w.string(pool.view(e.email));
            break;
        case EventField::OwnerId:
            w.string(pool.view(e.ownerId));
            break;
        case EventField::CycleId:
            w.string(pool.view(e.cycleId));
            break;
        case EventField::Reason:
            w.string(pool.view(e.reason));
            break;
        case EventField::Feature:
            w.string(pool.view(e.feature));
            break;
        case EventField::SessionId:
            w.string(pool.view(e.sessionId));
            break;
        case EventField::Plan:
            w.string(planName(e.plan));
            break;
        case EventField::From:
            w.string(planName(e.from));
            break;
        case EventField::To:
            w.string(planName(e.to));
            break;
        case EventField::Role:
            w.string(roleName(e.role));
            break;
        case EventField::Amount:
            w.number(e.amount);
            break;
        case EventField::Usage:
            w.number(e.usage);
            break;
        case EventField::Limit:
            w.number(e.limit);
            break;
        }
    }
    w.endObject();
    return out;
}

} // namespace cd::platform
