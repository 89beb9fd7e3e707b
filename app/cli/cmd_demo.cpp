// demo: runs the live platform headless on a controlled clock (engine/live)
// and writes its journal; the summary JSON goes to stdout.
#include "app/cli/commands.h"
#include "engine/live/demo_runner.h"
#include "engine/platform/json_writer.h"
#include "engine/store/atomic_file.h"

#include <chrono>

namespace cd::cli {

namespace {

std::int64_t integerIn(
    const ParsedArgs& args, std::string_view option, std::int64_t fallback, std::int64_t min, std::int64_t max)
{
    const auto v = args.integer(option).value_or(fallback);
    if (v < min || v > max) {
        throw UsageError("demo: --" + std::string(option) + ": expected " + std::to_string(min) + ".."
            + std::to_string(max) + ", got " + std::to_string(v));
    }
    return v;
}

double rateIn(const ParsedArgs& args, std::string_view option, double fallback)
{
    const double v = args.number(option).value_or(fallback);
    if (v < 0.0 || v > 1.0)
        throw UsageError("demo: --" + std::string(option) + ": expected a rate between 0 and 1");
    return v;
}

} // namespace

int runDemo(const ParsedArgs& args, const Io& io)
{
    live::DemoOptions options;
    options.seed = static_cast<std::uint64_t>(integerIn(args, "seed", 1, 0, INT64_MAX));
    options.tenants = integerIn(args, "tenants", 50, 1, 9999);
    options.days = integerIn(args, "days", 30, 1, 3650);
    options.declineRate = rateIn(args, "decline-rate", 0.05);
    options.crashRate = rateIn(args, "crash-rate", 0.0);
    const std::string outPath = *args.value("out");
    const auto liveStateOut = args.value("live-state-out");
    const bool force = args.has("force");

    // Both outputs go to temporary files renamed into place only at the end,
    // so a refused or failed run leaves nothing behind.
    std::string error;
    store::AtomicFile journal;
    if (!journal.begin(outPath, force, error))
        throw InputError(error);
    store::AtomicFile stateFile;
    if (liveStateOut && !stateFile.begin(*liveStateOut, force, error))
        throw InputError(error);

    const auto started = std::chrono::steady_clock::now();
    live::DemoResult result;
    if (!live::runDemo(options, journal.tempPath(), liveStateOut.has_value(), result, error))
        throw InputError(error);
    if (!journal.commit(error, true))
        throw InputError(error);
    if (liveStateOut) {
        stateFile.write(result.liveStateJson);
        stateFile.write("\n");
        if (!stateFile.commit(error))
            throw InputError(error);
    }
    const auto elapsed
        = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();

    std::string out;
    platform::JsonWriter w(out);
    w.beginObject();
    w.key("entries");
    w.integer(result.entries);
    w.key("tenants");
    w.integer(result.tenants);
    w.key("simulatedDays");
    w.integer(result.simulatedDays);
    w.key("restarts");
    w.integer(result.restarts);
    w.key("elapsedMs");
    w.integer(elapsed);
    w.endObject();
    io.write(out + "\n");
    io.note("demo: " + std::to_string(result.commands) + " commands (" + std::to_string(result.commandsFailed)
        + " failed by crashes), " + std::to_string(result.commits) + " group commits, journal " + outPath + "\n");
    return ExitOk;
}

} // namespace cd::cli
