// explain and audit: the index picks the entries, the file supplies their text.
#include "app/cli/commands.h"
#include "app/cli/journal_access.h"
#include "engine/history/audit.h"
#include "engine/history/entry_fetcher.h"
#include "engine/history/explain.h"

namespace cd::cli {

int runExplain(const ParsedArgs& args, const Io& io)
{
    const auto tenant = *args.value("tenant");
    const auto at = args.integer("at");
    const std::string& path = args.positionals[0];
    const auto history = loadHistory(path);
    history::SourceEntryFetcher fetcher(path);
    std::string out;
    std::string error;
    if (!history::explanationJson(history::explain(*history, tenant, at), fetcher, out, error))
        throw InputError(error);
    io.write(out + "\n");
    return ExitOk;
}

int runAudit(const ParsedArgs& args, const Io& io)
{
    history::AuditQuery query;
    query.tenantId = *args.value("tenant");
    const auto range = sequenceRange(args);
    query.from = range.from;
    query.to = range.to;
    for (const auto& name : args.all("type")) {
        const auto type = platform::eventTypeFromName(name);
        if (!type)
            throw UsageError("audit: --type: unknown event type '" + name + "'");
        query.types.push_back(*type);
    }
    const std::string& path = args.positionals[0];
    const auto history = loadHistory(path);
    history::SourceEntryFetcher fetcher(path);
    std::string error;
    const bool ok = history::writeAudit(
        *history, fetcher, query, [&io](std::string_view line) { io.write(std::string(line)); }, error);
    if (!ok)
        throw InputError(error);
    return ExitOk;
}

} // namespace cd::cli
