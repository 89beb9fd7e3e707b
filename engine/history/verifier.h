#pragma once

#include "engine/history/build_result.h"
#include "engine/history/chunked_vector.h"
#include "engine/history/rule_checker.h"
#include "engine/history/verify_report.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cd::platform {
class EntryCodec;
class StringPool;
struct Entry;
} // namespace cd::platform

namespace cd::store {
class EntrySource;
struct SourceItem;
} // namespace cd::store

namespace cd::history {

// verify (cli.md): a streaming pass over every entry, valid or not. Errors
// (the format): invalid entries, sequences that do not increase, duplicate
// ids. Warnings (platform rules, see RuleChecker): truncation, gaps, wall
// time going backwards, and the rule checks. Invalid and out-of-order
// entries stay out of the fold; duplicate ids are folded (import accepts them).
//
// Memory: entry ids are kept exactly (interned, about 40 bytes per entry) so
// a duplicate is never a hash collision, plus the fold's state.
class Verifier {
public:
    Verifier();
    ~Verifier();
    Verifier(const Verifier&) = delete;
    Verifier& operator=(const Verifier&) = delete;

    // The next item of a source opened with checkOrder = false. placeKey is
    // the source's ("line", "index" or "sequence"): it names invalid entries.
    void add(const store::SourceItem& item, std::string_view placeKey);
    // The next entry (already parsed, e.g. from a live journal).
    void add(const platform::Entry& entry);

    const VerifyReport& report() const { return m_report; }
    VerifyReport take() { return std::move(m_report); }

private:
    void invalid(std::optional<std::int64_t> sequence, std::string message);
    void duplicateId(const platform::Entry& entry);

    std::unique_ptr<platform::StringPool> m_pool; // event strings
    std::unique_ptr<platform::StringPool> m_ids; // entry ids
    std::unique_ptr<platform::EntryCodec> m_codec;
    ChunkedVector<std::int64_t> m_idSequence; // by id Str: where it was first used
    RuleChecker m_rules;
    VerifyReport m_report;
    std::optional<std::int64_t> m_lastSequence;
    std::optional<std::int64_t> m_lastWallMs;
};

// Runs a whole source (open it with checkOrder = false) through a Verifier.
// False with error (naming the file) when the file cannot be read to its end
// (not a usable journal) or the pass was cancelled.
bool verifyJournal(
    store::EntrySource& source, VerifyReport& report, std::string& error, const BuildOptions& options = {});

} // namespace cd::history
