#include "engine/history/verifier.h"

#include "engine/platform/codec.h"
#include "engine/platform/string_pool.h"
#include "engine/store/entry_source.h"
#include "engine/store/json_text.h"

namespace cd::history {

namespace {
// The sequence of an entry that failed validation, when its text still says it.
std::optional<std::int64_t> sequenceOf(const store::SourceItem& item, std::string_view placeKey)
{
    if (placeKey == "sequence")
        return item.place;
    if (!item.rawIsUtf8)
        return std::nullopt;
    const std::string_view raw = item.raw;
    const std::size_t begin = store::json::skipSpace(raw, 0);
    if (begin >= raw.size() || raw[begin] != '{')
        return std::nullopt;
    store::json::MemberWalker walker(raw.substr(begin));
    std::int64_t value = 0;
    while (walker.next())
        if (walker.key() == "sequence")
            return store::parseJsonInteger(walker.value(), value) && value >= 0 ? std::optional(value) : std::nullopt;
    return std::nullopt;
}

std::string placeText(const store::SourceItem& item, std::string_view placeKey)
{
    if (placeKey == "line")
        return "line " + std::to_string(item.place) + ": ";
    if (placeKey == "index")
        return "entries[" + std::to_string(item.place) + "]: ";
    return {};
}
} // namespace

Verifier::Verifier()
    : m_pool(std::make_unique<platform::StringPool>())
    , m_ids(std::make_unique<platform::StringPool>())
    , m_codec(std::make_unique<platform::EntryCodec>())
    , m_rules(*m_pool)
{ }

Verifier::~Verifier() = default;

void Verifier::invalid(std::optional<std::int64_t> sequence, std::string message)
{
    m_report.errors.push_back({ sequence, "invalid-event", std::move(message) });
}

void Verifier::add(const store::SourceItem& item, std::string_view placeKey)
{
    if (item.valid) {
        add(item.entry);
        return;
    }
    ++m_report.entries;
    invalid(sequenceOf(item, placeKey), placeText(item, placeKey) + item.reason);
}

void Verifier::duplicateId(const platform::Entry& e)
{
    const platform::Str id = m_ids->intern(e.id);
    if (id.id < m_idSequence.size()) {
        m_report.errors.push_back({ e.sequence, "duplicate-id",
            "id '" + e.id + "' was already used by the entry at sequence " + std::to_string(m_idSequence[id.id]) });
        return;
    }
    // Ids are dense and handed out in order: this one is the next slot.
    while (m_idSequence.size() <= id.id)
        m_idSequence.push_back(e.sequence);
}

void Verifier::add(const platform::Entry& e)
{
    ++m_report.entries;
    duplicateId(e);
    if (m_lastSequence && e.sequence <= *m_lastSequence) {
        m_report.errors.push_back({ e.sequence, "sequence-not-increasing",
            "sequence " + std::to_string(e.sequence) + " is not larger than the previous entry's ("
                + std::to_string(*m_lastSequence) + "); the entry is left out of the fold" });
        return;
    }
    platform::Event event;
    std::string reason;
    if (!m_codec->decodeData(e.data, reason, &event, m_pool.get())) {
        invalid(e.sequence, reason);
        return;
    }
    auto& warnings = m_report.warnings;
    if (!m_lastSequence && e.sequence > 0)
        warnings.push_back({ e.sequence, "history-truncated",
            "the journal starts at sequence " + std::to_string(e.sequence)
                + ", not 0: entries before it are missing, and so are the tenants they created" });
    if (m_lastSequence && e.sequence > *m_lastSequence + 1)
        warnings.push_back({ e.sequence, "sequence-gap",
            "sequence jumps from " + std::to_string(*m_lastSequence) + " to " + std::to_string(e.sequence) + " ("
                + std::to_string(e.sequence - *m_lastSequence - 1) + " missing)" });
    if (m_lastWallMs && e.wallMs < *m_lastWallMs)
        warnings.push_back({ e.sequence, "time-backwards",
            "wall time " + std::to_string(e.wallMs) + " is " + std::to_string(*m_lastWallMs - e.wallMs)
                + " ms before the previous entry's (" + std::to_string(*m_lastWallMs) + ")" });
    m_rules.check(event, e.sequence, e.wallMs, warnings);

    if (!m_report.firstSequence)
        m_report.firstSequence = e.sequence;
    m_report.lastSequence = e.sequence;
    m_lastSequence = e.sequence;
    m_lastWallMs = e.wallMs;
}

bool verifyJournal(store::EntrySource& source, VerifyReport& report, std::string& error, const BuildOptions& options)
{
    Verifier verifier;
    store::SourceItem item;
    std::int64_t sinceCheck = 0;
    for (;;) {
        const auto status = source.next(item);
        if (status == store::EntrySource::Status::Failed) {
            error = source.error();
            return false;
        }
        if (status == store::EntrySource::Status::End)
            break;
        verifier.add(item, source.placeKey());
        if (++sinceCheck % BuildOptions::PauseEvery != 0)
            continue;
        if (options.pause)
            options.pause();
        if (sinceCheck == 65536) {
            sinceCheck = 0;
            if (options.cancel && options.cancel->load(std::memory_order_relaxed)) {
                error = source.path() + ": cancelled";
                return false;
            }
            if (options.progress)
                options.progress(source.progress(), verifier.report().entries);
        }
    }
    if (options.progress)
        options.progress(1.0, verifier.report().entries);
    report = verifier.take();
    return true;
}

} // namespace cd::history
