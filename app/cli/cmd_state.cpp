// state, diff, stats: answers from the history index.
#include "app/cli/commands.h"
#include "app/cli/journal_access.h"
#include "engine/history/diff.h"
#include "engine/history/state_output.h"
#include "engine/history/stats.h"

namespace cd::cli {

int runState(const ParsedArgs& args, const Io& io)
{
    const auto at = args.integer("at");
    const auto atTime = args.integer("at-time");
    const auto tenant = args.value("tenant");
    const auto history = loadHistory(args.positionals[0]);
    const auto point = at ? history->stateAt(*at) : atTime ? history->stateAtTime(*atTime) : history->latest();
    std::optional<std::string_view> tenantId;
    if (tenant)
        tenantId = *tenant;
    io.write(history::stateJson(point, history->pool(), tenantId) + "\n");
    return ExitOk;
}

int runDiff(const ParsedArgs& args, const Io& io)
{
    const auto range = sequenceRange(args);
    const auto tenant = args.value("tenant");
    const auto history = loadHistory(args.positionals[0]);
    std::optional<std::string_view> tenantId;
    if (tenant)
        tenantId = *tenant;
    io.write(history::diffJson(history::diffStates(*history, *range.from, *range.to, tenantId)) + "\n");
    return ExitOk;
}

int runStats(const ParsedArgs& args, const Io& io)
{
    const auto history = loadHistory(args.positionals[0]);
    io.write(history::statsJson(history::computeStats(*history)) + "\n");
    return ExitOk;
}

} // namespace cd::cli
