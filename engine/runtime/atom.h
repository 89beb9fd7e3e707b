#pragma once

#include "engine/runtime/clock.h"
#include "engine/runtime/observe.h"
#include "engine/runtime/subscriber_list.h"

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace cd::rt {

template <typename T>
struct AtomSnapshot {
    T value;
    std::int64_t version = 0;
    Instant at;
};

// What a watcher receives: the committed change, stamped at commit time.
template <typename T>
struct AtomChange {
    T from;
    T to;
    std::int64_t versionFrom = 0;
    std::int64_t versionTo = 0;
    Instant at;
    std::optional<std::string> cause;
};

template <typename T>
struct AtomOptions {
    // Decides whether a write is a no-op. Default: operator== (so for
    // std::shared_ptr values it is reference identity, like the library's
    // Object.is on objects). Unlike Object.is, operator== on doubles says
    // NaN != NaN (every reset(NaN) is a change) and +0 == -0.
    std::function<bool(const T&, const T&)> equals;
    std::int64_t baseVersion = 0;
    std::int64_t historySize = 1; // clamped to >= 1
    // Observability sink (atom:watcher:error); empty = the clock's emitter.
    EmitFn emit;
    // Keep a snapshot that other threads may read with published().
    bool publish = false;
};

// A versioned, watchable value (the library's atom). It belongs to the engine
// thread: only published() may be called from other threads.
//
// Every real change bumps the version by exactly 1, records {value, version,
// at} in the history ring and notifies the watchers synchronously, in order.
// A write that equals() the current value changes nothing. Updating the same
// atom from one of its watchers throws std::logic_error; watcher errors are
// caught and emitted as atom:watcher:error {error, versionTo, at}.
template <typename T>
class Atom {
public:
    using Watcher = std::function<void(const AtomChange<T>&)>;
    using Cause = std::optional<std::string>;

    Atom(T initial, const Clock& clock, AtomOptions<T> options = {})
        : m_clock(&clock)
        , m_equals(std::move(options.equals))
        , m_emit(options.emit ? std::move(options.emit) : clock.emitter())
        , m_baseVersion(options.baseVersion)
        , m_historySize(static_cast<std::size_t>(std::max<std::int64_t>(1, options.historySize)))
        , m_publish(options.publish)
    {
        m_history.push_back({ std::make_shared<const T>(std::move(initial)), m_baseVersion, clock.now() });
        publish();
    }
    Atom(const Atom&) = delete;
    Atom& operator=(const Atom&) = delete;

    const T& deref() const { return *m_history.back().value; }
    std::int64_t version() const { return m_history.back().version; }
    std::int64_t baseVersion() const { return m_baseVersion; }
    std::size_t historySize() const { return m_historySize; }
    std::size_t watcherCount() const { return m_watchers.size(); }

    // next = updater(current). An updater or equals() that throws changes
    // nothing. Returns the value after the call.
    template <typename F>
    T swap(F&& updater, Cause cause = std::nullopt)
    {
        ensureNotNotifying();
        T next = std::invoke(std::forward<F>(updater), deref());
        return commit(std::move(next), std::move(cause));
    }

    T reset(T next, Cause cause = std::nullopt)
    {
        ensureNotNotifying();
        return commit(std::move(next), std::move(cause));
    }

    // False (and nothing happens, even inside a watcher) unless the current
    // value equals expected. Otherwise behaves as reset(next) and returns true,
    // even when next equals the current value and nothing changes.
    bool compareAndSet(const T& expected, T next, Cause cause = std::nullopt)
    {
        if (!equal(deref(), expected))
            return false;
        ensureNotNotifying();
        commit(std::move(next), std::move(cause));
        return true;
    }

    // The current value and version, stamped with the clock's time now.
    AtomSnapshot<T> snapshot() const { return { deref(), version(), m_clock->now() }; }

    Unsubscribe watch(Watcher watcher) { return m_watchers.add(std::move(watcher)); }

    // Oldest first; the newest is always the current value.
    std::vector<AtomSnapshot<T>> history() const
    {
        std::vector<AtomSnapshot<T>> out;
        out.reserve(m_history.size());
        for (const auto& c : m_history)
            out.push_back({ *c.value, c.version, c.at });
        return out;
    }

    // Keeps only the newest snapshot; value and version are unchanged.
    void clearHistory()
    {
        while (m_history.size() > 1)
            m_history.pop_front();
    }

    // Thread-safe: the last committed snapshot, or null unless the atom was
    // created with options.publish.
    std::shared_ptr<const AtomSnapshot<T>> published() const
    {
        std::lock_guard lock(m_publishMutex);
        return m_published;
    }

private:
    struct Committed {
        std::shared_ptr<const T> value; // shared with the history ring: no copy per write
        std::int64_t version;
        Instant at;
    };

    bool equal(const T& a, const T& b) const
    {
        if (m_equals)
            return m_equals(a, b);
        if constexpr (std::equality_comparable<T>)
            return a == b;
        else
            return false;
    }

    void ensureNotNotifying() const
    {
        if (m_notifying)
            throw std::logic_error("Cannot update atom during notification (reentrant update)");
    }

    T commit(T next, Cause cause)
    {
        if (equal(deref(), next))
            return deref();
        const Committed previous = m_history.back();
        const Committed current { std::make_shared<const T>(std::move(next)), previous.version + 1, m_clock->now() };
        m_history.push_back(current);
        while (m_history.size() > m_historySize)
            m_history.pop_front();
        publish();
        if (!m_watchers.empty()) {
            const AtomChange<T> change { *previous.value, *current.value, previous.version, current.version, current.at,
                std::move(cause) };
            struct Notifying {
                bool& flag;
                ~Notifying() { flag = false; }
            } guard { m_notifying };
            m_notifying = true;
            m_watchers.notify(change, [this, &change](std::exception_ptr error) { reportWatcherError(error, change); });
        }
        return *current.value;
    }

    void reportWatcherError(std::exception_ptr error, const AtomChange<T>& change) const
    {
        if (!m_emit)
            return;
        std::string message = "unknown error";
        try {
            std::rethrow_exception(std::move(error));
        } catch (const std::exception& e) {
            message = e.what();
        } catch (...) { }
        m_emit(ObsEvent(
            "atom:watcher:error", { { "error", message }, { "versionTo", change.versionTo }, { "at", change.at } }));
    }

    void publish()
    {
        if (!m_publish)
            return;
        const Committed& c = m_history.back();
        auto snapshot = std::make_shared<const AtomSnapshot<T>>(AtomSnapshot<T> { *c.value, c.version, c.at });
        std::lock_guard lock(m_publishMutex);
        m_published = std::move(snapshot);
    }

    const Clock* m_clock;
    std::function<bool(const T&, const T&)> m_equals;
    EmitFn m_emit;
    std::int64_t m_baseVersion;
    std::size_t m_historySize;
    bool m_publish;
    bool m_notifying = false;
    std::deque<Committed> m_history; // never empty; back() is the current value
    SubscriberList<AtomChange<T>> m_watchers;
    mutable std::mutex m_publishMutex;
    std::shared_ptr<const AtomSnapshot<T>> m_published;
};

} // namespace cd::rt
