#include "app/cli/commands.h"
#include "engine/history/verifier.h"
#include "engine/history/verify_report.h"
#include "engine/store/entry_source.h"

namespace cd::cli {

// verify reports invalid entries in its errors (exit 3); it exits 2 only when
// the file is not a usable journal at all.
int runVerify(const ParsedArgs& args, const Io& io)
{
    std::string error;
    store::SourceOptions options;
    options.checkOrder = false;
    auto source = store::openEntrySource(args.positionals[0], options, error);
    if (!source)
        throw InputError(error);
    history::VerifyReport report;
    if (!history::verifyJournal(*source, report, error))
        throw InputError(error);
    io.write(history::verifyJson(report) + "\n");
    return report.errors.empty() ? ExitOk : ExitVerifyErrors;
}

} // namespace cd::cli
