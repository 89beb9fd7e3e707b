#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cd::history {
struct DiffResult;
}

namespace cd::models {

// A diff A↔B arranged for a tree view: tenants, then the JSON Pointer path
// segments of their changes, the change itself at the last segment (or at
// the tenant when the whole tenant appeared or went). Built on a worker from
// a DiffResult; immutable afterwards and shared with the model. The JSON
// values are kept only as elided text, so a diff over many whole tenants
// does not keep their trees alive.
struct DiffTree {
    enum class Kind : std::uint8_t { Added, Removed, Changed };

    struct Change {
        std::string path; // JSON Pointer into the tenant
        std::string before; // compact JSON, elided to MaxValueBytes ("null" when absent)
        std::string after;
        Kind kind = Kind::Changed;
        std::vector<std::int64_t> causes; // sequences, ascending
    };

    struct Node {
        std::string name; // tenant id or one path segment (unescaped)
        std::int32_t parent = -1; // node index; -1 for a tenant
        std::int32_t row = 0; // row under its parent
        std::int32_t change = -1; // index into changes when the node is one
        std::int32_t changeCount = 0; // changes at or under the node
        std::vector<std::uint32_t> children; // node indexes
    };

    std::int64_t from = 0;
    std::int64_t to = 0;
    std::vector<Change> changes;
    std::vector<Node> nodes;
    std::vector<std::uint32_t> tenants; // node indexes, in tenant order

    static constexpr std::size_t MaxValueBytes = 2000;
};

// Consumes the result (its values are released as they are turned into text).
std::shared_ptr<const DiffTree> buildDiffTree(history::DiffResult&& result);

} // namespace cd::models
