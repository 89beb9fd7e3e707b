#include "engine/store/exporter.h"

#include "engine/platform/codec.h"
#include "engine/store/atomic_file.h"
#include "engine/store/entry_source.h"
#include "engine/store/json_text.h"
#include "engine/store/redactor.h"

#include <memory>

namespace cd::store {

namespace {

constexpr std::uint64_t ProgressEvery = 4096;

ExportSummary failed(ExportSummary summary, ExportStatus status, std::string message)
{
    summary.status = status;
    summary.message = std::move(message);
    return summary;
}

bool selected(const platform::Entry& entry, const ExportOptions& options, std::string& scratch)
{
    if (options.fromSequence && entry.sequence < *options.fromSequence)
        return false;
    if (options.toSequence && entry.sequence > *options.toSequence)
        return false;
    return !options.tenantId || (json::topLevelString(entry.data, "tenantId", scratch) && scratch == *options.tenantId);
}

} // namespace

ExportSummary exportEntries(
    EntrySource& source, const ExportOptions& options, const std::function<bool(std::string_view)>& sink)
{
    ExportSummary summary;
    summary.sourceFormat = source.format();
    std::unique_ptr<Redactor> redactor;
    if (options.redact)
        redactor = std::make_unique<Redactor>(options.redactionKey);
    const bool phyxius = options.format == ExportFormat::Phyxius;
    const std::string writeError = "export: write failed";
    if (phyxius && !sink("{\"entries\":["))
        return failed(summary, ExportStatus::WriteFailed, writeError);
    SourceItem item;
    std::string line;
    std::string scratch;
    std::uint64_t count = 0;
    for (;;) {
        const auto status = source.next(item);
        if (status == EntrySource::Status::End)
            break;
        if (status == EntrySource::Status::Failed)
            return failed(summary, ExportStatus::BadInput, source.error());
        if (!item.valid)
            return failed(summary, ExportStatus::InvalidEntry, source.describe(item));
        if (++count % ProgressEvery == 0 && options.progress && !options.progress(source.progress()))
            return failed(summary, ExportStatus::Cancelled, source.path() + ": export cancelled");
        if (!selected(item.entry, options, scratch))
            continue;
        if (redactor)
            redactor->redactEntry(item.entry);
        line.clear();
        if (phyxius)
            line += summary.exported > 0 ? ",\n" : "\n";
        line += platform::encodeEntry(item.entry);
        if (!phyxius)
            line += '\n';
        if (!sink(line))
            return failed(summary, ExportStatus::WriteFailed, writeError);
        ++summary.exported;
        if (!summary.firstSequence)
            summary.firstSequence = item.entry.sequence;
        summary.lastSequence = item.entry.sequence;
    }
    if (phyxius) {
        const SourceMeta meta = source.meta();
        std::string tail = summary.exported > 0 ? "\n]" : "]";
        tail += ",\"nextSequence\":" + std::to_string(summary.lastSequence ? *summary.lastSequence + 1 : 0);
        if (meta.createdWallMs && meta.createdMonoMs) {
            tail += ",\"createdAt\":{\"wallMs\":" + std::to_string(*meta.createdWallMs)
                + ",\"monoMs\":" + std::to_string(*meta.createdMonoMs) + "}";
        }
        tail += "}\n";
        if (!sink(tail))
            return failed(summary, ExportStatus::WriteFailed, writeError);
    }
    summary.redactedAddresses = redactor ? redactor->addressCount() : 0;
    return summary;
}

ExportSummary exportJournal(const std::string& input, const std::string& output, const ExportOptions& options)
{
    ExportSummary summary;
    std::string error;
    if (!options.force && pathExists(output))
        return failed(summary, ExportStatus::OutputExists, output + ": already exists (use --force to replace it)");
    SourceOptions sourceOptions;
    sourceOptions.fromSequence = options.fromSequence;
    sourceOptions.toSequence = options.toSequence;
    sourceOptions.tenantId = options.tenantId;
    const auto source = openEntrySource(input, sourceOptions, error);
    if (!source)
        return failed(summary, ExportStatus::BadInput, error);
    AtomicFile file;
    if (!file.begin(output, options.force, error))
        return failed(summary, ExportStatus::WriteFailed, error);
    summary = exportEntries(*source, options, [&file](std::string_view bytes) { return file.write(bytes); });
    if (summary.status == ExportStatus::WriteFailed)
        summary.message = output + ": write failed";
    if (!summary.ok())
        return summary;
    if (!file.commit(error))
        return failed(summary, ExportStatus::WriteFailed, error);
    return summary;
}

} // namespace cd::store
