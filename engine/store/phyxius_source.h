#pragma once

#include "engine/store/block_reader.h"
#include "engine/store/entry_source.h"

#include <memory>
#include <string>

namespace cd::platform {
class EntryCodec;
}

namespace cd::store {

// A Phyxius journal export (journal-format.md §3), streamed: the top-level
// object is scanned member by member, and the "entries" array is split into
// element texts by a string-aware bracket scanner, each decoded on its own.
// No DOM of the document is built; memory holds one element (plus one block).
// Structure errors (no "entries", truncation, a missing comma, content after
// the document) end the stream: "FILE: reason" or "FILE: entries[I]: reason".
class PhyxiusSource : public EntrySource {
public:
    static std::unique_ptr<PhyxiusSource> open(
        const std::string& path, const SourceOptions& options, std::string& error);
    ~PhyxiusSource() override;

    SourceMeta meta() const override { return m_meta; }
    double progress() const override;
    std::string contentHash() override { return m_reader.finishHash(); }

protected:
    Status readNext(SourceItem& item) override;
    void fillRaw(SourceItem& item) override;
    // nextSequence and createdAt may follow "entries".
    bool metaAtEnd() const override { return true; }

private:
    enum class State { Start, FirstMember, Member, AfterMember, FirstElement, Element, AfterElement, Trailer, Done };

    PhyxiusSource(std::string path, SourceOptions options);
    Status fail(std::string reason);
    // Reads more input, keeping everything from m_pos on. False at the end.
    bool refill();
    // Skips whitespace; false at the end of the file.
    bool peek(char& c);
    // The length of the value starting at m_pos; false when the file ends first.
    bool valueLength(std::size_t& length);
    bool member(std::string& failure);
    bool topLevelValue(const std::string& key, std::string_view value, std::string& failure);

    BlockReader m_reader;
    std::unique_ptr<platform::EntryCodec> m_codec;
    std::string m_buffer;
    std::size_t m_pos = 0;
    State m_state = State::Start;
    bool m_sawEntries = false;
    std::int64_t m_index = 0;
    std::size_t m_elementBegin = 0;
    std::size_t m_elementLength = 0;
    SourceMeta m_meta;
    std::string m_key;
};

} // namespace cd::store
