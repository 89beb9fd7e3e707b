#pragma once

// Shared setup of the atom suites (tst_atom, tst_atom_behaviour).

#include "engine/runtime/atom.h"
#include "engine/runtime/controlled_clock.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace cd::rt::testing {

struct Fixture {
    explicit Fixture(std::int64_t t = 0)
        : clock(ex, t, [this](const ObsEvent& e) { events.push_back(e); })
    { }
    Executor ex;
    std::vector<ObsEvent> events;
    ControlledClock clock;
};

template <typename T>
AtomOptions<T> sized(std::int64_t historySize)
{
    AtomOptions<T> o;
    o.historySize = historySize;
    return o;
}

template <typename T>
std::vector<T> valuesOf(const std::vector<AtomSnapshot<T>>& history)
{
    std::vector<T> out;
    for (const auto& s : history)
        out.push_back(s.value);
    return out;
}

struct Boxed {
    int value = 0;
};
struct Counted {
    int count = 0;
    std::string name;
    friend bool operator==(const Counted&, const Counted&) = default;
};
struct N {
    int n = 0;
    friend bool operator==(const N&, const N&) = default;
};
using NRef = std::shared_ptr<const N>; // operator== is identity, like JS objects

inline bool isReentrancy(const std::logic_error& e)
{
    return std::string(e.what()).find("reentrant") != std::string::npos;
}

} // namespace cd::rt::testing
