// bench_history: measures the history on a generated journal (not a test).
//   bench_history [--entries N] [--tenants T] [--profile random|platform] [--format ndjson|sqlite]
//                 [--dir DIR] [--budget-mb MB]
// The journal is generated once into DIR (default /tmp) and reused; the
// process re-executes itself after generating so its peak RSS covers only
// the measured work.

#include "engine/history/diff.h"
#include "engine/history/explain.h"
#include "engine/history/history.h"
#include "engine/history/index_cache.h"
#include "engine/history/verifier.h"
#include "engine/platform/string_pool.h"
#include "engine/store/entry_source.h"
#include "journal_gen.h"

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

using namespace cd::history;
using Clock = std::chrono::steady_clock;

namespace {
double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// CPU time of this thread: other processes on a shared machine skew wall time.
double cpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

long statusKb(const char* key)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0)
            return std::atol(line.c_str() + std::strlen(key));
    return 0;
}

// A journal shaped like the running platform's: tenants created first with
// their users, then mostly usage and sessions, daily-ish billing with some
// declines (three in a row suspend), few user and plan changes.
class PlatformLikeJournal {
public:
    PlatformLikeJournal(int tenants, std::uint64_t seed)
        : m_tenants(tenants)
        , m_rng(seed)
        , m_state(std::size_t(tenants))
    { }

    void generate(std::size_t count)
    {
        static const char* const Plans[] = { "starter", "pro", "enterprise" };
        static const int UserLimits[] = { 5, 25, 100 };
        const std::size_t target = gen.entries.size() + count;
        while (gen.entries.size() < target) {
            if (m_created < m_tenants) {
                const int plan = pick(3);
                const std::string t = "t-" + std::to_string(m_created);
                gen.created(t, Plans[plan], "owner-" + std::to_string(m_created));
                Tenant& tenant = m_state[std::size_t(m_created++)];
                tenant.plan = plan;
                const int users = 1 + pick(std::min(UserLimits[plan], 12));
                for (int u = 0; u < users; ++u)
                    invite(t, tenant), gen.activated(t, "u-" + std::to_string(tenant.users - 1));
                continue;
            }
            const int i = pick(m_tenants);
            const std::string t = "t-" + std::to_string(i);
            Tenant& tenant = m_state[std::size_t(i)];
            const std::string u = "u-" + std::to_string(pick(tenant.users));
            const int r = pick(1000);
            if (r < 500) {
                gen.used(t, u, pick(5) == 0 ? "storage_mb" : "api_calls", 1 + pick(50));
            } else if (r < 640) {
                gen.connected(t, u, "s-" + std::to_string(++m_session));
                tenant.open.push_back(m_session);
            } else if (r < 780) {
                if (tenant.open.empty())
                    continue;
                const std::size_t k = std::size_t(pick(int(tenant.open.size())));
                const std::string sid = "s-" + std::to_string(tenant.open[k]);
                tenant.open[k] = tenant.open.back();
                tenant.open.pop_back();
                pick(3) == 0 ? gen.expired(t, sid) : gen.disconnected(t, sid);
            } else if (r < 820) {
                if (tenant.suspended)
                    continue;
                const std::string c = "c-" + std::to_string(++m_cycle);
                const double price = tenant.plan == 0 ? 2900 : tenant.plan == 1 ? 9900 : 29900;
                gen.cycle(t, c, price);
                if (pick(10) == 0) {
                    gen.failed(t, c, price, "card_declined");
                    if (++tenant.failures == 3)
                        gen.suspended(t), tenant.suspended = true;
                } else {
                    gen.paid(t, c, price).reset(t, "api_calls", c);
                    tenant.failures = 0;
                }
            } else if (r < 840) {
                gen.exceeded(t, "api_calls", 1000, 1000 + pick(500));
            } else if (r < 850) {
                invite(t, tenant);
            } else if (r < 860) {
                gen.activated(t, "u-" + std::to_string(tenant.users - 1));
            } else if (r < 865) {
                gen.removed(t, u);
            } else if (r < 868) {
                const int to = pick(3);
                gen.planChanged(t, Plans[tenant.plan], Plans[to]);
                tenant.plan = to;
            } else if (r < 872 && tenant.suspended) {
                gen.reactivated(t);
                tenant.suspended = false;
                tenant.failures = 0;
            }
        }
    }

    test::JournalGen gen;

private:
    struct Tenant {
        int plan = 0;
        int users = 0;
        int failures = 0;
        bool suspended = false;
        std::vector<int> open;
    };
    int pick(int n) { return int(m_rng() % std::uint64_t(std::max(1, n))); }
    void invite(const std::string& t, Tenant& tenant)
    {
        const std::string u = "u-" + std::to_string(tenant.users++);
        gen.invited(t, u, u + "." + t + "@example.com", tenant.users == 1 ? "admin" : "user");
    }

    int m_tenants;
    std::mt19937_64 m_rng;
    std::vector<Tenant> m_state;
    int m_created = 0;
    int m_cycle = 0;
    int m_session = 0;
};

template <typename Journal>
void generate(Journal& journal, const std::string& path, std::size_t entries, bool sqlite)
{
    std::unique_ptr<cd::store::SqliteJournalWriter> writer;
    std::ofstream out;
    std::string error;
    if (sqlite) {
        cd::store::WriterOptions options;
        options.meta.journalId = "bench";
        options.mode = cd::store::WriterOptions::Mode::Bulk;
        writer = cd::store::SqliteJournalWriter::create(path, options, error);
        if (!writer) {
            std::cerr << error << "\n";
            std::exit(2);
        }
    } else {
        out.open(path, std::ios::binary);
    }
    for (std::size_t done = 0; done < entries;) {
        const std::size_t n = std::min<std::size_t>(100'000, entries - done);
        journal.gen.entries.clear();
        journal.generate(n);
        for (const auto& e : journal.gen.entries) {
            if (writer)
                writer->appendBulk(e, error);
            else
                out << test::ndjsonLine(e) << '\n';
        }
        done += n;
    }
    if (writer && (!writer->flushBulk(error) || !writer->close(error))) {
        std::cerr << error << "\n";
        std::exit(2);
    }
}
} // namespace

int main(int argc, char** argv)
{
    std::size_t entries = 1'000'000;
    int tenants = 10'000;
    std::string format = "ndjson";
    std::string dir = "/tmp";
    std::size_t budgetMb = 0;
    std::string profile = "random";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const std::string value = argv[i + 1];
        if (key == "--entries")
            entries = std::stoull(value);
        else if (key == "--tenants")
            tenants = std::stoi(value);
        else if (key == "--format")
            format = value;
        else if (key == "--dir")
            dir = value;
        else if (key == "--profile")
            profile = value;
        else if (key == "--budget-mb")
            budgetMb = std::stoull(value);
    }
    const std::string path = dir + "/bench-history-" + profile + "-" + std::to_string(entries) + "-"
        + std::to_string(tenants) + (format == "sqlite" ? ".sqlite" : ".ndjson");
    if (!std::filesystem::exists(path)) {
        const auto start = Clock::now();
        if (profile == "platform") {
            PlatformLikeJournal journal(tenants, 1234);
            generate(journal, path, entries, format == "sqlite");
        } else {
            test::RandomJournal journal(tenants, 1234);
            generate(journal, path, entries, format == "sqlite");
        }
        std::printf("generated %s in %.0f ms\n", path.c_str(), msSince(start));
        std::fflush(stdout);
        execv("/proc/self/exe", argv);
        return 2;
    }

    if (std::getenv("BENCH_SOURCE")) {
        // The store's share of a build: reading and validating entries alone.
        cd::store::SourceOptions sourceOptions;
        sourceOptions.checkOrder = false;
        std::string error;
        auto source = cd::store::openEntrySource(path, sourceOptions, error);
        cd::store::SourceItem item;
        std::size_t count = 0;
        const auto start = Clock::now();
        while (source->next(item) == cd::store::EntrySource::Status::Item)
            ++count;
        const double ms = msSince(start);
        std::printf(
            "source alone: %zu entries in %.0f ms = %.2f M entries/s\n", count, ms, double(count) / ms / 1000.0);
    }
    if (std::getenv("BENCH_LOAD_ONLY")) {
        // Only the cache load (after a run with BENCH_CACHE saved it).
        std::string error;
        const auto identity = IndexCache::identify(path, error);
        const IndexCache cache(dir + "/bench-history-cache");
        History loaded;
        const auto start = Clock::now();
        const bool ok = identity && cache.load(*identity, loaded, error);
        std::printf("cache load: %.0f ms (%s), peak RSS %.1f MB\n", msSince(start), ok ? "ok" : error.c_str(),
            double(statusKb("VmHWM:")) / 1024.0);
        return ok ? 0 : 2;
    }
    const long baseKb = statusKb("VmRSS:");
    HistoryOptions options;
    if (budgetMb)
        options.snapshots.budgetBytes = budgetMb << 20;
    History history(options);
    {
        cd::store::SourceOptions sourceOptions;
        sourceOptions.checkOrder = false;
        std::string error;
        auto source = cd::store::openEntrySource(path, sourceOptions, error);
        if (!source) {
            std::cerr << error << "\n";
            return 2;
        }
        const auto start = Clock::now();
        const double cpuStart = cpuMs();
        const BuildResult result = history.build(*source);
        const double ms = msSince(start);
        const double cpu = cpuMs() - cpuStart;
        if (!result.ok()) {
            std::cerr << result.problem() << "\n";
            return 2;
        }
        std::printf("build: %zu entries in %.0f ms = %.2f M entries/s (cpu %.0f ms = %.2f M entries/s)\n",
            history.size(), ms, double(history.size()) / ms / 1000.0, cpu, double(history.size()) / cpu / 1000.0);
    }
    const long peakKb = statusKb("VmHWM:");
    const long rssKb = statusKb("VmRSS:");
    const double n = double(history.size());
    std::printf("memory: estimate %.1f B/entry (pool %.1f MB, snapshots %zu, interval %zu, %.1f MB); RSS %.1f "
                "B/entry above the %.1f MB baseline, peak RSS %.1f MB\n",
        double(history.memoryUsage()) / n, double(history.pool().memoryUsage()) / 1e6, history.snapshotCount(),
        history.snapshotInterval(), double(history.snapshotMemory()) / 1e6, double(rssKb - baseKb) * 1024.0 / n,
        double(baseKb) / 1024.0, double(peakKb) / 1024.0);

    {
        const History::View view = history.view();
        cd::platform::PlatformState state;
        const auto start = Clock::now();
        view.foldRange(state, 0, view.index().size());
        const double ms = msSince(start);
        std::printf("replay from zero (index, no snapshot): %.0f ms = %.2f M entries/s, %zu tenants\n", ms,
            n / ms / 1000.0, state.size());
    }

    if (std::getenv("BENCH_CURVE")) {
        // Cost of a state against its distance from the snapshot before it.
        const auto positions = history.snapshotPositions();
        const History::View view = history.view();
        const std::size_t k = view.snapshotInterval();
        const std::size_t base = positions[positions.size() / 2];
        for (std::size_t d : { std::size_t(0), std::size_t(100), std::size_t(1000), std::size_t(10'000),
                 std::size_t(30'000), std::size_t(65'000), k / 2, k - 1 }) {
            double best = 1e9;
            for (int r = 0; r < 5; ++r) {
                const double c0 = cpuMs();
                const StatePoint p = view.stateAtCount(base + d);
                best = std::min(best, cpuMs() - c0);
            }
            std::printf("  state at snapshot + %zu: %.2f ms\n", d, best);
        }
    }
    if (const char* d = std::getenv("BENCH_LOOP_DISTANCE")) {
        // For profiling one distance: many states that far from a snapshot.
        const auto positions = history.snapshotPositions();
        const History::View view = history.view();
        const double c0 = cpuMs();
        const int loops = std::getenv("BENCH_LOOPS") ? std::atoi(std::getenv("BENCH_LOOPS")) : 300;
        for (int r = 0; r < loops; ++r) {
            const std::size_t base = positions[std::size_t(r) % (positions.size() - 1)];
            const StatePoint p = view.stateAtCount(base + std::size_t(std::atol(d)));
        }
        std::printf("loop: %.2f ms per state\n", (cpuMs() - c0) / loops);
        return 0;
    }
    std::mt19937_64 rng(7);
    std::vector<double> times;
    std::vector<double> cpuTimes;
    const std::int64_t last = *history.latest().sequence;
    const int stateRuns = std::getenv("BENCH_STATE_RUNS") ? std::atoi(std::getenv("BENCH_STATE_RUNS")) : 200;
    // On a thread of its own, as the app's cursor folds are (its own malloc
    // arena, not the main one the build fragmented).
    bool tooMany = false;
    std::thread([&] {
        for (int i = 0; i < stateRuns; ++i) {
            const std::int64_t s = std::int64_t(rng() % std::uint64_t(last + 1));
            const auto start = Clock::now();
            const double cpuStart = cpuMs();
            const StatePoint point = history.stateAt(s);
            times.push_back(msSince(start));
            cpuTimes.push_back(cpuMs() - cpuStart);
            tooMany = tooMany || point.state.size() > std::size_t(tenants) + 1;
        }
    }).join();
    if (tooMany)
        return 3;
    std::sort(times.begin(), times.end());
    std::sort(cpuTimes.begin(), cpuTimes.end());
    std::printf("stateAt(random sequence): median %.2f ms (cpu %.2f ms), p90 %.2f ms, max %.2f ms\n",
        times[times.size() / 2], cpuTimes[cpuTimes.size() / 2], times[times.size() * 9 / 10], times.back());
    if (std::getenv("BENCH_STATE_ONLY"))
        return 0;

    times.clear();
    for (int i = 0; i < 20; ++i) {
        const std::int64_t a = std::int64_t(rng() % std::uint64_t(last + 1));
        const std::int64_t b = std::min<std::int64_t>(last, a + std::int64_t(rng() % 5000));
        const auto start = Clock::now();
        const DiffResult diff = diffStates(history, a, b);
        times.push_back(msSince(start));
    }
    std::sort(times.begin(), times.end());
    std::printf("diff(random, up to 5000 apart): median %.2f ms, max %.2f ms\n", times[times.size() / 2], times.back());

    times.clear();
    for (int i = 0; i < 20; ++i) {
        const std::string tenant = "t-" + std::to_string(rng() % std::uint64_t(tenants));
        const auto start = Clock::now();
        const Explanation e = explain(history, tenant);
        times.push_back(msSince(start));
    }
    std::sort(times.begin(), times.end());
    std::printf("explain(random tenant): median %.2f ms, max %.2f ms\n", times[times.size() / 2], times.back());

    if (std::getenv("BENCH_CACHE")) {
        std::string error;
        const auto identity = IndexCache::identify(path, error);
        const IndexCache cache(dir + "/bench-history-cache");
        auto start = Clock::now();
        if (!identity || !cache.save(*identity, history, error)) {
            std::cerr << error << "\n";
            return 2;
        }
        const double saveMs = msSince(start);
        History loaded(options);
        start = Clock::now();
        const bool ok = cache.load(*identity, loaded, error);
        std::printf("cache: save %.0f ms (%.0f MB), load %.0f ms (%s)\n", saveMs,
            double(std::filesystem::file_size(cache.fileFor(*identity))) / 1e6, msSince(start),
            ok ? "ok" : error.c_str());
    }
    if (std::getenv("BENCH_VERIFY")) {
        cd::store::SourceOptions sourceOptions;
        sourceOptions.checkOrder = false;
        std::string error;
        auto source = cd::store::openEntrySource(path, sourceOptions, error);
        VerifyReport report;
        const auto start = Clock::now();
        verifyJournal(*source, report, error);
        const double ms = msSince(start);
        std::printf("verify: %.0f ms = %.2f M entries/s, %zu warnings, peak RSS %.1f MB\n", ms, n / ms / 1000.0,
            report.warnings.size(), double(statusKb("VmHWM:")) / 1024.0);
    }
    return 0;
}
