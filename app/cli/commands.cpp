#include "app/cli/commands.h"

#include <exception>
#include <new>

namespace cd::cli {

int runDemo(const ParsedArgs& args, const Io& io); // cmd_demo.cpp

namespace {
constexpr OptionSpec flag(std::string_view name)
{
    return { name, false, false, false };
}
constexpr OptionSpec value(std::string_view name, bool required = false)
{
    return { name, true, false, required };
}

std::vector<Command> buildTable()
{
    std::vector<Command> t;
    t.push_back({ { "import", { "INPUT", "OUTPUT" }, { flag("skip-invalid"), flag("force") },
                      "import INPUT OUTPUT.sqlite [--skip-invalid] [--force]",
                      "write a format-1 SQLite journal from any supported journal", {}, {} },
        &runImport });
    t.push_back({ { "export", { "JOURNAL", "OUTPUT" },
                      { value("format"), value("tenant"), value("from"), value("to"), flag("redact"), flag("force") },
                      "export JOURNAL OUTPUT [--format ndjson|phyxius] [--tenant ID] [--from SEQ] [--to SEQ] "
                      "[--redact] [--force]",
                      "write entries (or a slice) as NDJSON or a Phyxius export", {}, {} },
        &runExport });
    t.push_back({ { "state", { "JOURNAL" }, { value("at"), value("at-time"), value("tenant") },
                      "state JOURNAL [--at SEQ | --at-time MS] [--tenant ID]",
                      "the state of every tenant (or one) at a sequence or a time", { { "at", "at-time" } }, {} },
        &runState });
    t.push_back({ { "diff", { "JOURNAL" }, { value("from", true), value("to", true), value("tenant") },
                      "diff JOURNAL --from SEQ --to SEQ [--tenant ID]", "what changed between two sequences", {}, {} },
        &runDiff });
    t.push_back({ { "audit", { "JOURNAL" },
                      { value("tenant", true), value("from"), value("to"), { "type", true, true, false } },
                      "audit JOURNAL --tenant ID [--from SEQ] [--to SEQ] [--type TYPE ...]",
                      "a tenant's entries as NDJSON", {}, "type" },
        &runAudit });
    t.push_back(
        { { "explain", { "JOURNAL" }, { value("tenant", true), value("at") }, "explain JOURNAL --tenant ID [--at SEQ]",
              "why a tenant is in its status, with the entries that made it so", {}, {} },
            &runExplain });
    t.push_back(
        { { "verify", { "JOURNAL" }, {}, "verify JOURNAL", "invariant report; exit 3 when it has errors", {}, {} },
            &runVerify });
    t.push_back({ { "stats", { "JOURNAL" }, {}, "stats JOURNAL", "counts and ranges", {}, {} }, &runStats });
    t.push_back({ { "demo", {},
                      { value("out", true), value("seed"), value("tenants"), value("days"), value("decline-rate"),
                          value("crash-rate"), value("live-state-out"), flag("force") },
                      "demo --out OUTPUT.sqlite [--seed N] [--tenants N] [--days N] [--decline-rate F] "
                      "[--crash-rate F] [--live-state-out FILE] [--force]",
                      "run the live platform headless on a controlled clock and write its journal", {}, {} },
        &runDemo });
    return t;
}

std::vector<CommandSpec> specsOf(const std::vector<Command>& table)
{
    std::vector<CommandSpec> specs;
    for (const auto& c : table)
        specs.push_back(c.spec);
    return specs;
}
} // namespace

const std::vector<Command>& commandTable()
{
    static const std::vector<Command> table = buildTable();
    return table;
}

std::string usageText()
{
    std::string text = "Usage: chronodesk-cli COMMAND [ARGS...]\n\n"
                       "Answers questions about Chronodesk journals (SQLite, NDJSON or Phyxius export) as JSON.\n\n"
                       "Commands:\n";
    for (const auto& c : commandTable()) {
        text += "  " + std::string(c.spec.synopsis) + "\n      " + std::string(c.spec.summary) + "\n";
    }
    text += "\nOptions:\n  --help     show this help\n  --version  show the version\n\n"
            "Exit codes: 0 success, 1 usage error, 2 bad input, 3 verify found errors.\n";
    return text;
}

int runCli(const std::vector<std::string>& args, const Io& io)
{
    try {
        static const std::vector<CommandSpec> specs = specsOf(commandTable());
        if (args.size() >= 2 && (args[1] == "--help" || args[1] == "-h")) {
            for (const auto& c : commandTable()) {
                if (c.spec.name == args[0]) {
                    io.write("Usage: chronodesk-cli " + std::string(c.spec.synopsis) + "\n  "
                        + std::string(c.spec.summary) + "\n");
                    return ExitOk;
                }
            }
        }
        const ParsedArgs parsed = parseArgs(specs, args);
        for (const auto& c : commandTable()) {
            if (&c.spec == parsed.command || c.spec.name == parsed.command->name)
                return c.run(parsed, io);
        }
        throw UsageError("unknown command");
    } catch (const UsageError& e) {
        io.note("chronodesk-cli: " + std::string(e.what()) + "\n");
        return ExitUsage;
    } catch (const InputError& e) {
        io.note("chronodesk-cli: " + std::string(e.what()) + "\n");
        return ExitBadInput;
    } catch (const std::bad_alloc&) {
        io.note("chronodesk-cli: out of memory\n");
        return ExitBadInput;
    } catch (const std::exception& e) {
        io.note("chronodesk-cli: " + std::string(e.what()) + "\n");
        return ExitBadInput;
    }
}

} // namespace cd::cli
