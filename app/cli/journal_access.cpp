#include "app/cli/journal_access.h"

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "engine/store/entry_source.h"

namespace cd::cli {

std::unique_ptr<history::History> loadHistory(const std::string& path)
{
    std::string error;
    store::SourceOptions options;
    options.checkOrder = false; // the history reports order errors itself
    auto source = store::openEntrySource(path, options, error);
    if (!source)
        throw InputError(error);
    auto history = std::make_unique<history::History>();
    history::BuildOptions build;
    build.stopAtFirstInvalid = true;
    const auto result = history->build(*source, build);
    if (!result.ok())
        throw InputError(result.problem());
    return history;
}

SequenceRange sequenceRange(const ParsedArgs& args)
{
    SequenceRange range { args.integer("from"), args.integer("to") };
    if (range.from && range.to && *range.from > *range.to) {
        throw UsageError(std::string(args.command->name) + ": --from " + std::to_string(*range.from)
            + " is greater than --to " + std::to_string(*range.to));
    }
    return range;
}

} // namespace cd::cli
