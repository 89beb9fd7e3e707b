#pragma once

#include <cstdint>

// The same workloads through the C++ Actor Framework (Debian's libcaf-dev),
// one scheduler thread, as the yardstick for bench_runtime.
namespace caf_yardstick {
double tellPerSecond(std::int64_t messages);
double askMedianNs(std::int64_t rounds);
double fanOutPerSecond(int processes, int rounds);
} // namespace caf_yardstick
