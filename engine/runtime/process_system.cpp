#include "engine/runtime/process_system.h"

#include "engine/runtime/process_core.h"

#include <algorithm>

namespace cd::rt {

namespace {
void collect(const detail::ProcessCore& process, int depth, std::vector<ProcessInfo>& out)
{
    out.push_back(process.info(depth));
    for (const auto& child : process.children())
        collect(*child, depth + 1, out);
}

const detail::ProcessCore* findIn(
    const std::vector<std::shared_ptr<detail::ProcessCore>>& list, std::string_view id, int depth, int& foundDepth)
{
    for (const auto& p : list) {
        if (p->id() == id) {
            foundDepth = depth;
            return p.get();
        }
        if (const auto* hit = findIn(p->children(), id, depth + 1, foundDepth))
            return hit;
    }
    return nullptr;
}
} // namespace

ProcessSystem::ProcessSystem(Executor& executor, Clock& clock, ProcessSystemOptions options)
    : m_executor(&executor)
    , m_clock(&clock)
    , m_options(std::move(options))
{ }

ProcessSystem::~ProcessSystem()
{
    for (const auto& p : m_roots)
        p->detach();
}

std::vector<ProcessInfo> ProcessSystem::snapshot() const
{
    std::vector<ProcessInfo> out;
    for (const auto& p : m_roots)
        collect(*p, 0, out);
    return out;
}

std::optional<ProcessInfo> ProcessSystem::find(std::string_view id) const
{
    int depth = 0;
    if (const auto* p = findIn(m_roots, id, 0, depth))
        return p->info(depth);
    return std::nullopt;
}

Future<void> ProcessSystem::shutdown(std::string reason)
{
    m_shutdown = true;
    Promise<void> done(*m_executor);
    // Counts the top-level stops still running; settles when it reaches zero.
    auto remaining = std::make_shared<std::size_t>(1);
    auto finishOne = [remaining, done]() mutable {
        if (--*remaining == 0)
            done.resolve();
    };
    for (const auto& p : m_roots) {
        if (p->status() == ProcessStatus::Stopped)
            continue;
        ++*remaining;
        p->stop(reason).then(finishOne);
    }
    finishOne();
    return done.future();
}

std::size_t ProcessSystem::prune()
{
    std::size_t removed = 0;
    for (const auto& p : m_roots)
        removed += p->pruneStopped();
    const auto before = m_roots.size();
    std::erase_if(m_roots, [](const auto& p) { return p->status() == ProcessStatus::Stopped; });
    // A stopped process has only stopped descendants; count them too.
    return removed + (before - m_roots.size());
}

void ProcessSystem::adopt(std::shared_ptr<detail::ProcessCore> process, detail::ProcessCore* parent)
{
    if (parent)
        parent->adoptChild(std::move(process));
    else
        m_roots.push_back(std::move(process));
}

void ProcessSystem::rootChildFailed(const ChildFailure& failure)
{
    if (m_options.onGiveUp)
        m_options.onGiveUp(failure);
}

} // namespace cd::rt
