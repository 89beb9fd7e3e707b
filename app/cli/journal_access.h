#pragma once

#include "engine/history/history.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace cd::cli {

class ParsedArgs;

// Opens JOURNAL (any format) and builds its history; any unreadable file or
// invalid entry throws InputError with the file and the place. A large
// journal's index is kept in the user cache directory (history::IndexCache,
// keyed by the journal's identity) and loaded from there while the journal is
// unchanged; a cache that cannot be read or written only costs a build.
std::unique_ptr<history::History> loadHistory(const std::string& path);

// $XDG_CACHE_HOME/chronodesk, else $HOME/.cache/chronodesk (the values
// given; relative ones are ignored); nullopt when neither is usable.
std::optional<std::string> userCacheDirectory(const std::string& xdgCacheHome, const std::string& home);

// --from/--to as given; --from greater than --to is a usage error.
struct SequenceRange {
    std::optional<std::int64_t> from;
    std::optional<std::int64_t> to;
};
SequenceRange sequenceRange(const ParsedArgs& args);

} // namespace cd::cli
