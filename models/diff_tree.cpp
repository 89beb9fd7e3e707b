#include "models/diff_tree.h"

#include "engine/history/diff.h"

namespace cd::models {

namespace {

std::string elided(const platform::JsonValue& value)
{
    std::string json = value.toJson();
    if (json.size() <= DiffTree::MaxValueBytes)
        return json;
    std::size_t end = DiffTree::MaxValueBytes;
    while (end > 0 && (static_cast<unsigned char>(json[end]) & 0xC0) == 0x80)
        --end;
    json.resize(end);
    json += "\xE2\x80\xA6"; // …
    return json;
}

// The child of parent named name, created when missing. Changes arrive sorted
// by keys, so a matching child can only be the last one added.
std::uint32_t childNamed(
    DiffTree& tree, std::vector<std::uint32_t>& siblings, std::int32_t parent, const std::string& name)
{
    if (!siblings.empty() && tree.nodes[siblings.back()].name == name)
        return siblings.back();
    DiffTree::Node node;
    node.name = name;
    node.parent = parent;
    node.row = std::int32_t(siblings.size());
    tree.nodes.push_back(std::move(node));
    const auto index = std::uint32_t(tree.nodes.size() - 1);
    // tree.nodes may have reallocated: siblings is re-fetched by the caller.
    siblings.push_back(index);
    return index;
}

} // namespace

std::shared_ptr<const DiffTree> buildDiffTree(history::DiffResult&& result)
{
    auto tree = std::make_shared<DiffTree>();
    tree->from = result.from;
    tree->to = result.to;
    tree->changes.reserve(result.changes.size());
    for (history::DiffChange& change : result.changes) {
        DiffTree::Change c;
        c.path = std::move(change.path);
        c.kind = change.before.isNull() ? DiffTree::Kind::Added
            : change.after.isNull()     ? DiffTree::Kind::Removed
                                        : DiffTree::Kind::Changed;
        c.before = elided(change.before);
        c.after = elided(change.after);
        c.causes = std::move(change.causes);
        change.before = {};
        change.after = {};
        const auto changeIndex = std::int32_t(tree->changes.size());
        tree->changes.push_back(std::move(c));

        std::uint32_t node = childNamed(*tree, tree->tenants, -1, change.tenantId);
        for (const std::string& key : change.keys) {
            // Copy the children out and back: childNamed may grow tree->nodes.
            std::vector<std::uint32_t> children = std::move(tree->nodes[node].children);
            const std::uint32_t child = childNamed(*tree, children, std::int32_t(node), key);
            tree->nodes[node].children = std::move(children);
            node = child;
        }
        tree->nodes[node].change = changeIndex;
        for (std::int32_t n = std::int32_t(node); n >= 0; n = tree->nodes[std::size_t(n)].parent)
            ++tree->nodes[std::size_t(n)].changeCount;
    }
    return tree;
}

} // namespace cd::models
