#pragma once

#include "engine/history/history.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace cd::cli {

class ParsedArgs;

// Opens JOURNAL (any format) and builds its history; any unreadable file or
// invalid entry throws InputError with the file and the place.
std::unique_ptr<history::History> loadHistory(const std::string& path);

// --from/--to as given; --from greater than --to is a usage error.
struct SequenceRange {
    std::optional<std::int64_t> from;
    std::optional<std::int64_t> to;
};
SequenceRange sequenceRange(const ParsedArgs& args);

} // namespace cd::cli
