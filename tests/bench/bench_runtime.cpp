// Runtime benchmarks (issue: foundation). Prints one JSON object. Every
// workload that has an equivalent in the C++ Actor Framework is run through
// it too, in the same run, on one scheduler thread, as the yardstick.
//   bench_runtime [scale]   (scale multiplies the message counts; default 1)
#include "caf_yardstick.h"

#include "engine/runtime/atom.h"
#include "engine/runtime/controlled_clock.h"
#include "engine/runtime/journal.h"
#include "engine/runtime/process.h"
#include "engine/runtime/task.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace cd::rt;

namespace {
using SteadyClock = std::chrono::steady_clock;

double secondsSince(SteadyClock::time_point start)
{
    return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

struct Tick {
    int value = 0;
};
struct Go {
    std::int64_t count = 0;
};
struct Ping {
    int value = 0;
    Reply<int> reply;
};

ProcessSpec<Tick, std::int64_t> counter(const std::string& name)
{
    return ProcessSpec<Tick, std::int64_t> {
        .name = name,
        .handle = [](std::int64_t sum, Tick t, Tools<Tick>&) { return sum + t.value; },
        .maxInbox = 1u << 26,
    };
}

double tellPerSecond(std::int64_t messages)
{
    Executor ex;
    ControlledClock clock(ex);
    ProcessSystem sys(ex, clock);
    auto receiver = sys.spawn(counter("receiver"));
    auto sender = sys.spawn(ProcessSpec<Go, int> {
        .name = "sender",
        .handle =
            [receiver](int state, Go go, Tools<Go>&) mutable {
                for (std::int64_t i = 0; i < go.count; ++i)
                    receiver.send(Tick { 1 });
                return state;
            },
    });
    ex.drain();
    const auto start = SteadyClock::now();
    sender.send(Go { messages });
    ex.drain();
    const double seconds = secondsSince(start);
    if (receiver.info().handled < static_cast<std::uint64_t>(messages))
        std::fprintf(stderr, "bench_runtime: receiver handled too few messages\n");
    return static_cast<double>(messages) / seconds;
}

Task<void> askLoop(ProcessRef<Ping> server, std::int64_t rounds, std::vector<double>& samples)
{
    for (std::int64_t i = 0; i < rounds; ++i) {
        const auto t0 = SteadyClock::now();
        auto build = [](Reply<int> r) { return Ping { 1, r }; };
        auto reply = server.ask<int>(build);
        co_await reply;
        samples.push_back(std::chrono::duration<double, std::nano>(SteadyClock::now() - t0).count());
    }
}

double askMedianNs(std::int64_t rounds)
{
    Executor ex;
    ControlledClock clock(ex);
    ProcessSystem sys(ex, clock);
    auto server = sys.spawn(ProcessSpec<Ping, int> {
        .name = "server",
        .handle =
            [](int state, Ping p, Tools<Ping>&) {
                p.reply(p.value + 1);
                return state;
            },
    });
    ex.drain();
    std::vector<double> samples;
    samples.reserve(static_cast<std::size_t>(rounds));
    auto done = start(ex, askLoop(server, rounds, samples));
    ex.drain();
    if (!done.settled())
        std::fprintf(stderr, "bench_runtime: ask loop did not finish\n");
    std::sort(samples.begin(), samples.end());
    return samples.empty() ? 0 : samples[samples.size() / 2];
}

double fanOutPerSecond(int processes, int rounds)
{
    Executor ex;
    ControlledClock clock(ex);
    ProcessSystem sys(ex, clock);
    std::vector<ProcessRef<Tick>> workers;
    for (int i = 0; i < processes; ++i)
        workers.push_back(sys.spawn(counter("worker-" + std::to_string(i))));
    ex.drain();
    const auto start = SteadyClock::now();
    for (int r = 0; r < rounds; ++r) {
        for (auto& w : workers)
            w.send(Tick { 1 });
    }
    ex.drain();
    return static_cast<double>(processes) * rounds / secondsSince(start);
}

double atomSwapsPerSecond(std::int64_t swaps, double& baseline)
{
    Executor ex;
    ControlledClock clock(ex);
    Atom<std::int64_t> atom(0, clock);
    const auto start = SteadyClock::now();
    for (std::int64_t i = 0; i < swaps; ++i)
        atom.swap([](std::int64_t n) { return n + 1; });
    const double ours = static_cast<double>(swaps) / secondsSince(start);
    // Baseline: the same updates through a plain std::function on a variable.
    volatile std::int64_t plain = 0;
    const std::function<std::int64_t(std::int64_t)> update = [](std::int64_t n) { return n + 1; };
    const auto t0 = SteadyClock::now();
    for (std::int64_t i = 0; i < swaps; ++i)
        plain = update(plain);
    baseline = static_cast<double>(swaps) / secondsSince(t0);
    return ours;
}

double journalAppendsPerSecond(std::int64_t appends, double& baseline)
{
    Executor ex;
    ControlledClock clock(ex);
    Journal<std::string> journal(clock);
    const std::string payload
        = R"({"type":"feature.used","tenantId":"t-1","userId":"u-1","feature":"api_calls","usage":1})";
    const auto start = SteadyClock::now();
    for (std::int64_t i = 0; i < appends; ++i)
        journal.append(payload);
    const double ours = static_cast<double>(appends) / secondsSince(start);
    // Baseline: a vector of (id, sequence, timestamp, data) records.
    struct Row {
        std::string id;
        std::int64_t sequence;
        Instant at;
        std::string data;
    };
    std::vector<Row> rows;
    const auto t0 = SteadyClock::now();
    for (std::int64_t i = 0; i < appends; ++i)
        rows.push_back(Row { "j-" + std::to_string(i), i, clock.now(), payload });
    baseline = static_cast<double>(appends) / secondsSince(t0);
    return ours;
}
} // namespace

int main(int argc, char* argv[])
{
    const std::int64_t scale = argc > 1 ? std::max(1L, std::atol(argv[1])) : 1;
    const std::int64_t tells = 2'000'000 * scale;
    const std::int64_t asks = 200'000 * scale;
    const int fanRounds = static_cast<int>(200 * scale);

    const double tell = tellPerSecond(tells);
    const double cafTell = caf_yardstick::tellPerSecond(tells);
    const double ask = askMedianNs(asks);
    const double cafAsk = caf_yardstick::askMedianNs(asks);
    const double fan = fanOutPerSecond(1000, fanRounds);
    const double cafFan = caf_yardstick::fanOutPerSecond(1000, fanRounds);
    double atomBaseline = 0;
    const double atom = atomSwapsPerSecond(5'000'000 * scale, atomBaseline);
    double journalBaseline = 0;
    const double journal = journalAppendsPerSecond(1'000'000 * scale, journalBaseline);

    std::printf("{\"tell\":{\"messages\":%lld,\"chronodesk_per_s\":%.0f,\"caf_per_s\":%.0f,\"ratio\":%.2f},\n",
        static_cast<long long>(tells), tell, cafTell, tell / cafTell);
    std::printf(" \"ask\":{\"rounds\":%lld,\"chronodesk_median_ns\":%.0f,\"caf_median_ns\":%.0f},\n",
        static_cast<long long>(asks), ask, cafAsk);
    std::printf(
        " \"fan_out_1000\":{\"rounds\":%d,\"chronodesk_per_s\":%.0f,\"caf_per_s\":%.0f},\n", fanRounds, fan, cafFan);
    std::printf(" \"atom_swap\":{\"chronodesk_per_s\":%.0f,\"baseline_plain_function_per_s\":%.0f,\"caf\":null},\n",
        atom, atomBaseline);
    std::printf(" \"journal_append\":{\"chronodesk_per_s\":%.0f,\"baseline_vector_per_s\":%.0f,\"caf\":null}}\n",
        journal, journalBaseline);
    return 0;
}
