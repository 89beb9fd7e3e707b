#pragma once

#include "engine/platform/json_value.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cd::history {

class History;

// One difference between two states of a tenant (cli.md "Diff JSON").
struct DiffChange {
    std::string tenantId;
    std::vector<std::string> keys; // the path's keys, unescaped ({} = the whole tenant)
    std::string path; // the same as a JSON Pointer (RFC 6901)
    platform::JsonValue before; // null when the key (or tenant) appeared
    platform::JsonValue after; // null when it went
    // Sequences of the entries between the two points (after the earlier,
    // up to the later) of this tenant whose event writes this path, a parent
    // or a child of it: what the GUI links the change to. Not in the CLI JSON.
    std::vector<std::int64_t> causes;
};

struct DiffResult {
    std::int64_t from = 0;
    std::int64_t to = 0;
    // Sorted by tenantId, then by the path's keys in order (byte order).
    std::vector<DiffChange> changes;
};

// What changed between the state at sequence from and the state at sequence
// to (each the fold of the entries up to it), for every tenant or one.
DiffResult diffStates(const History& history, std::int64_t from, std::int64_t to,
    std::optional<std::string_view> tenantId = std::nullopt);

// Compares two JSON values key by key (objects recursively) and appends one
// change per difference to out, with keys prefixed by prefix.
void diffJsonValues(const platform::JsonValue& before, const platform::JsonValue& after, std::string_view tenantId,
    std::vector<std::string>& prefix, std::vector<DiffChange>& out);

// {"from": A, "to": B, "changes": [{"tenantId","path","before","after"}, ...]}
std::string diffJson(const DiffResult& diff);

} // namespace cd::history
