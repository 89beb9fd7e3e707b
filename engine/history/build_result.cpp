#include "engine/history/build_result.h"

namespace cd::history {

std::string BuildResult::problem() const
{
    if (status == Status::Failed)
        return error;
    if (!invalid.empty())
        return invalid.front().message;
    if (status == Status::Cancelled)
        return "cancelled";
    return {};
}

} // namespace cd::history
