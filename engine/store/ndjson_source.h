#pragma once

#include "engine/store/block_reader.h"
#include "engine/store/entry_source.h"

#include <memory>
#include <string>
#include <string_view>

namespace cd::platform {
class EntryCodec;
}

namespace cd::store {

// NDJSON (journal-format.md §2): one entry per line, read in large blocks.
// Blank lines are skipped; lines are numbered from 1; a line that is not
// valid UTF-8 is invalid ("invalid UTF-8") and keeps its raw bytes.
class NdjsonSource : public EntrySource {
public:
    static std::unique_ptr<NdjsonSource> open(
        const std::string& path, const SourceOptions& options, std::string& error);
    ~NdjsonSource() override;

    double progress() const override;
    std::string contentHash() override { return m_reader.finishHash(); }

protected:
    Status readNext(SourceItem& item) override;
    void fillRaw(SourceItem& item) override;

private:
    NdjsonSource(std::string path, SourceOptions options);
    // The next line (without its '\n'), or false at the end of the file.
    bool nextLine(std::string_view& line);

    BlockReader m_reader;
    std::unique_ptr<platform::EntryCodec> m_codec;
    std::string m_buffer;
    std::size_t m_pos = 0;
    std::int64_t m_line = 0;
    std::string_view m_current;
};

} // namespace cd::store
