// import and export: the store does the work; this maps outcomes to exit codes.
#include "app/cli/commands.h"
#include "app/cli/journal_access.h"
#include "engine/store/exporter.h"
#include "engine/store/importer.h"

namespace cd::cli {

int runImport(const ParsedArgs& args, const Io& io)
{
    store::ImportOptions options;
    options.skipInvalid = args.has("skip-invalid");
    options.force = args.has("force");
    const auto summary = store::importJournal(args.positionals[0], args.positionals[1], options);
    if (summary.status == store::ImportStatus::InvalidEntries) {
        for (const auto& line : summary.errorReport())
            io.note(line + "\n");
        return ExitBadInput;
    }
    if (!summary.ok())
        throw InputError(summary.message);
    std::string note = "imported " + std::to_string(summary.accepted) + " entries into " + args.positionals[1];
    if (summary.rejected > 0)
        note += "; rejected " + std::to_string(summary.rejected) + " (see " + summary.rejectedPath + ")";
    io.note(note + "\n");
    return ExitOk;
}

int runExport(const ParsedArgs& args, const Io& io)
{
    store::ExportOptions options;
    if (const auto format = args.value("format")) {
        if (*format == "ndjson")
            options.format = store::ExportFormat::Ndjson;
        else if (*format == "phyxius")
            options.format = store::ExportFormat::Phyxius;
        else
            throw UsageError("export: --format: expected ndjson or phyxius, got '" + *format + "'");
    }
    options.tenantId = args.value("tenant");
    const auto range = sequenceRange(args);
    options.fromSequence = range.from;
    options.toSequence = range.to;
    options.redact = args.has("redact");
    options.force = args.has("force");
    const auto summary = store::exportJournal(args.positionals[0], args.positionals[1], options);
    if (!summary.ok())
        throw InputError(summary.message);
    io.note("exported " + std::to_string(summary.exported) + " entries to " + args.positionals[1] + "\n");
    return ExitOk;
}

} // namespace cd::cli
