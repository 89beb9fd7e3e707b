#include "engine/store/importer.h"

#include "engine/store/atomic_file.h"
#include "engine/store/entry_source.h"
#include "engine/store/json_text.h"
#include "engine/store/sqlite_journal_writer.h"
#include "engine/store/text_encoding.h"

#include <cstdio>
#include <memory>

namespace cd::store {

namespace {

constexpr std::uint64_t ProgressEvery = 4096;

// {"line":N,"reason":"...","raw":"..."} (or "rawBase64" for bytes that are not UTF-8).
std::string rejectedRecord(std::string_view placeKey, const SourceItem& item)
{
    std::string out = "{\"";
    out += placeKey;
    out += "\":" + std::to_string(item.place) + ",\"reason\":";
    json::appendQuoted(out, item.reason);
    if (item.rawIsUtf8) {
        out += ",\"raw\":";
        json::appendQuoted(out, item.raw);
    } else {
        out += ",\"rawBase64\":\"" + base64Encode(item.raw) + "\"";
    }
    out += "}\n";
    return out;
}

class Import {
public:
    Import(const std::string& input, const std::string& output, const ImportOptions& options)
        : m_input(input)
        , m_output(output)
        , m_options(options)
    { }

    ImportSummary run();

private:
    bool fail(ImportStatus status, std::string message)
    {
        m_summary.status = status;
        m_summary.message = std::move(message);
        return false;
    }
    bool prepare();
    bool readAll();
    void addError(const std::string& line)
    {
        if (m_summary.errors.size() < m_options.maxListedErrors)
            m_summary.errors.push_back(line);
        ++m_summary.errorCount;
    }
    bool finish();

    const std::string& m_input;
    const std::string& m_output;
    const ImportOptions& m_options;
    ImportSummary m_summary;
    std::unique_ptr<EntrySource> m_source;
    AtomicFile m_file;
    AtomicFile m_rejectedFile;
    std::unique_ptr<SqliteJournalWriter> m_writer;
    std::optional<std::int64_t> m_firstWallMs;
};

ImportSummary Import::run()
{
    if (prepare() && readAll())
        finish();
    if (!m_summary.ok()) {
        // Strict or failed: nothing of this import may remain.
        m_writer.reset();
        m_file.discard();
        m_rejectedFile.discard();
        m_summary.rejectedPath.clear();
    }
    return m_summary;
}

bool Import::prepare()
{
    std::string error;
    const std::string rejectedPath = m_output + ".rejected.ndjson";
    if (!m_options.force) {
        // With --skip-invalid the rejected log is an output too.
        for (const std::string* path : { &m_output, m_options.skipInvalid ? &rejectedPath : nullptr }) {
            if (path && pathExists(*path))
                return fail(ImportStatus::OutputExists, *path + ": already exists (use --force to replace it)");
        }
    }
    SourceOptions sourceOptions;
    sourceOptions.hashContent = true;
    m_source = openEntrySource(m_input, sourceOptions, error);
    if (!m_source) {
        m_summary.errors.push_back(error);
        m_summary.errorCount = 1;
        return fail(ImportStatus::BadInput, error);
    }
    m_summary.format = m_source->format();
    if (!m_file.begin(m_output, m_options.force, error))
        return fail(ImportStatus::WriteFailed, error);
    if (m_options.skipInvalid && !m_rejectedFile.begin(rejectedPath, m_options.force, error))
        return fail(ImportStatus::WriteFailed, error);
    WriterOptions writerOptions;
    writerOptions.mode = WriterOptions::Mode::Bulk;
    writerOptions.bulkChunkRows = m_options.chunkRows;
    m_writer = SqliteJournalWriter::create(m_file.tempPath(), writerOptions, error);
    if (!m_writer)
        return fail(ImportStatus::WriteFailed, error);
    return true;
}

bool Import::readAll()
{
    SourceItem item;
    std::string error;
    std::uint64_t count = 0;
    for (;;) {
        const auto status = m_source->next(item);
        if (status == EntrySource::Status::End)
            break;
        if (status == EntrySource::Status::Failed) {
            addError(m_source->error());
            return fail(ImportStatus::BadInput, m_source->error());
        }
        if (++count % ProgressEvery == 0 && m_options.progress && !m_options.progress(m_source->progress()))
            return fail(ImportStatus::Cancelled, m_input + ": import cancelled");
        if (!item.valid) {
            addError(m_source->describe(item));
            ++m_summary.rejected;
            if (m_options.skipInvalid && !m_rejectedFile.write(rejectedRecord(m_source->placeKey(), item)))
                return fail(ImportStatus::WriteFailed, m_rejectedFile.target() + ": write failed");
            continue;
        }
        ++m_summary.accepted;
        if (!m_summary.firstSequence) {
            m_summary.firstSequence = item.entry.sequence;
            m_firstWallMs = item.entry.wallMs;
        }
        m_summary.lastSequence = item.entry.sequence;
        // Strict mode with an error already: validate the rest, write nothing.
        if ((m_options.skipInvalid || m_summary.rejected == 0) && !m_writer->appendBulk(item.entry, error))
            return fail(ImportStatus::WriteFailed, error);
    }
    if (m_summary.rejected > 0 && !m_options.skipInvalid) {
        return fail(ImportStatus::InvalidEntries,
            m_input + ": " + std::to_string(m_summary.rejected) + " invalid "
                + (m_summary.rejected == 1 ? "entry" : "entries")
                + "; nothing written (first: " + m_summary.errors.front() + ")");
    }
    return true;
}

bool Import::finish()
{
    const SourceMeta source = m_source->meta();
    JournalMeta meta;
    if (m_source->format() == JournalFormat::Sqlite && source.journalId) {
        meta.journalId = *source.journalId;
    } else {
        meta.journalId = "import-" + m_source->contentHash();
    }
    meta.createdWallMs = source.createdWallMs.value_or(m_firstWallMs.value_or(0));
    meta.createdMonoMs = source.createdMonoMs;
    m_summary.journalId = meta.journalId;
    m_source.reset();
    std::string error;
    if (!m_writer->updateMeta(meta, error) || !m_writer->close(error))
        return fail(ImportStatus::WriteFailed, error);
    m_writer.reset();
    if (!m_file.commit(error, true))
        return fail(ImportStatus::WriteFailed, error);
    if (m_options.skipInvalid) {
        if (m_summary.rejected > 0) {
            if (!m_rejectedFile.commit(error))
                return fail(ImportStatus::WriteFailed, error);
            m_summary.rejectedPath = m_rejectedFile.target();
        } else {
            // Written only when something was rejected; a log left by an
            // earlier import (replaced with force) would describe other data.
            m_rejectedFile.discard();
            std::remove(m_rejectedFile.target().c_str());
        }
    }
    return true;
}

} // namespace

std::vector<std::string> ImportSummary::errorReport() const
{
    std::vector<std::string> lines = errors;
    if (errorCount > errors.size())
        lines.push_back("... and " + std::to_string(errorCount - errors.size()) + " more");
    return lines;
}

ImportSummary importJournal(const std::string& input, const std::string& output, const ImportOptions& options)
{
    return Import(input, output, options).run();
}

} // namespace cd::store
