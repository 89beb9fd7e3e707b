#include "engine/store/journal_meta.h"

namespace cd::store {

std::string_view formatName(JournalFormat format)
{
    switch (format) {
    case JournalFormat::Sqlite:
        return "sqlite";
    case JournalFormat::Ndjson:
        return "ndjson";
    case JournalFormat::Phyxius:
        break;
    }
    return "phyxius";
}

} // namespace cd::store
