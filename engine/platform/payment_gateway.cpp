#include "engine/platform/payment_gateway.h"

namespace cd::platform {

std::string_view chargeOutcomeKindName(ChargeOutcome::Kind kind)
{
    switch (kind) {
    case ChargeOutcome::Kind::Approved:
        return "approved";
    case ChargeOutcome::Kind::Declined:
        return "declined";
    case ChargeOutcome::Kind::TransientError:
        return "transient-error";
    }
    return "approved";
}

} // namespace cd::platform
