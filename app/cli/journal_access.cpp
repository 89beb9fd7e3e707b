#include "app/cli/journal_access.h"

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "engine/history/index_cache.h"
#include "engine/store/entry_source.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace cd::cli {

namespace fs = std::filesystem;

namespace {
// Below this a journal builds in a fraction of a second (NDJSON averages
// about 190 bytes an entry: some 90,000 entries), faster than a cache file
// pays for itself in writes and disk.
constexpr std::uint64_t CacheMinBytes = 16u << 20;

std::unique_ptr<history::History> build(const std::string& path)
{
    std::string error;
    store::SourceOptions options;
    options.checkOrder = false; // the history reports order errors itself
    auto source = store::openEntrySource(path, options, error);
    if (!source)
        throw InputError(error);
    auto history = std::make_unique<history::History>();
    history::BuildOptions build;
    build.stopAtFirstInvalid = true;
    const auto result = history->build(*source, build);
    if (!result.ok())
        throw InputError(result.problem());
    return history;
}

std::string envOrEmpty(const char* name)
{
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

// A journal worth caching, with its identity; nullopt when small or unreadable
// (the build then reports what is wrong with it).
std::optional<history::IndexCache::Identity> cacheIdentity(const std::string& path)
{
    std::string error;
    auto identity = history::IndexCache::identify(path, error);
    if (!identity || identity->size < CacheMinBytes)
        return std::nullopt;
    return identity;
}
} // namespace

std::optional<std::string> userCacheDirectory(const std::string& xdgCacheHome, const std::string& home)
{
    // XDG: a relative XDG_CACHE_HOME is invalid and ignored.
    if (!xdgCacheHome.empty() && fs::path(xdgCacheHome).is_absolute())
        return (fs::path(xdgCacheHome) / "chronodesk").string();
    if (!home.empty() && fs::path(home).is_absolute())
        return (fs::path(home) / ".cache" / "chronodesk").string();
    return std::nullopt;
}

std::unique_ptr<history::History> loadHistory(const std::string& path)
{
    const auto directory = userCacheDirectory(envOrEmpty("XDG_CACHE_HOME"), envOrEmpty("HOME"));
    const auto identity = directory ? cacheIdentity(path) : std::nullopt;
    if (!identity)
        return build(path);
    // A received journal is evidence: its own directory never holds a cache.
    std::error_code ec;
    if (fs::equivalent(*directory, fs::path(identity->path).parent_path(), ec))
        return build(path);
    const history::IndexCache cache(*directory);
    std::string error;
    auto history = std::make_unique<history::History>();
    if (cache.load(*identity, *history, error))
        return history;
    history = build(path);
    // Saved only when the journal did not change while it was read, so the
    // cache never claims entries for an identity that lacks them. A cache
    // that cannot be written is no error: the next run builds again.
    const auto after = cacheIdentity(path);
    if (after && *after == *identity)
        cache.save(*identity, *history, error);
    return history;
}

SequenceRange sequenceRange(const ParsedArgs& args)
{
    SequenceRange range { args.integer("from"), args.integer("to") };
    if (range.from && range.to && *range.from > *range.to) {
        throw UsageError(std::string(args.command->name) + ": --from " + std::to_string(*range.from)
            + " is greater than --to " + std::to_string(*range.to));
    }
    return range;
}

} // namespace cd::cli
