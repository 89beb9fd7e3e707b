// Throughput of the platform layer on a generated journal: strict decoding of
// NDJSON lines, the fold (plain and with periodic whole-platform snapshots),
// whole-platform copies and state JSON output. Prints one JSON object.
// Usage: bench_platform [events=1000000] [tenants=10000]

#include "engine/platform/codec.h"
#include "engine/platform/event.h"
#include "engine/platform/fold.h"
#include "engine/platform/json_writer.h"
#include "engine/platform/platform_state.h"
#include "engine/platform/state_json.h"
#include "engine/platform/string_pool.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

using namespace cd::platform;

namespace {
class Rng {
public:
    explicit Rng(std::uint64_t seed)
        : m_s(seed)
    { }
    std::uint64_t next()
    {
        m_s = m_s * 6364136223846793005ull + 1442695040888963407ull;
        return m_s >> 33;
    }
    std::uint64_t below(std::uint64_t n) { return next() % n; }

private:
    std::uint64_t m_s;
};

// A plausible mix: mostly usage and sessions, some invites and billing.
std::string eventData(Rng& rng, std::size_t tenants, std::size_t i)
{
    const std::string t = "\"tenantId\":\"tenant-" + std::to_string(rng.below(tenants)) + "\"";
    const std::string u = "\"userId\":\"user-" + std::to_string(rng.below(40)) + "\"";
    const std::string s = "\"sessionId\":\"sess-" + std::to_string(rng.below(30)) + "\"";
    const std::string c = "\"cycleId\":\"cycle-" + std::to_string(i / 100000) + "\"";
    const std::uint64_t r = rng.below(100);
    if (r < 45)
        return "{\"type\":\"feature.used\"," + t + "," + u
            + ",\"feature\":\"api_calls\",\"usage\":" + std::to_string(rng.below(20)) + "}";
    if (r < 60)
        return "{\"type\":\"session.connected\"," + t + "," + u + "," + s + "}";
    if (r < 72)
        return "{\"type\":\"session.disconnected\"," + t + "," + s + "}";
    if (r < 80)
        return "{\"type\":\"user.invited\"," + t + "," + u + ",\"email\":\"someone@example.com\",\"role\":\"user\"}";
    if (r < 86)
        return "{\"type\":\"user.activated\"," + t + "," + u + "}";
    if (r < 90)
        return "{\"type\":\"billing.cycle.started\"," + t + "," + c + ",\"amount\":9900}";
    if (r < 94)
        return "{\"type\":\"billing.payment.succeeded\"," + t + "," + c + ",\"amount\":9900}";
    if (r < 96)
        return "{\"type\":\"billing.payment.failed\"," + t + "," + c + ",\"amount\":9900,\"reason\":\"declined\"}";
    if (r < 98)
        return "{\"type\":\"limits.exceeded\"," + t + ",\"feature\":\"api_calls\",\"limit\":10000,\"usage\":10001}";
    return "{\"type\":\"usage.reset\"," + t + ",\"feature\":\"api_calls\"," + c + "}";
}

// Thread CPU time, not wall time: the machine is shared, and time spent
// descheduled says nothing about the code.
double cpuNow()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}
double secondsSince(double start)
{
    return cpuNow() - start;
}
} // namespace

int main(int argc, char** argv)
{
    const std::size_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
    const std::size_t tenants = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10000;

    Rng rng(42);
    std::vector<std::string> lines;
    lines.reserve(count);
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const std::string data = i < tenants ? "{\"type\":\"tenant.created\",\"tenantId\":\"tenant-" + std::to_string(i)
                + "\",\"plan\":\"pro\",\"ownerId\":\"owner-" + std::to_string(i) + "\"}"
                                             : eventData(rng, tenants, i);
        Entry e { "e-" + std::to_string(i), std::int64_t(i), 1764000000000 + std::int64_t(i) * 10, std::int64_t(i) * 10,
            data };
        lines.push_back(encodeEntry(e));
        bytes += lines.back().size() + 1;
    }

    // 1. Strict decoding into Entry + Event (interning strings).
    StringPool pool;
    EntryCodec codec;
    std::vector<Event> events(count);
    std::vector<std::int64_t> walls(count);
    Entry entry;
    std::string error;
    // Each measurement is the best of Runs passes: the machine is shared.
    constexpr int Runs = 3;
    double decodeSeconds = 1e30;
    for (int run = 0; run < Runs; ++run) {
        const double start = cpuNow();
        for (std::size_t i = 0; i < count; ++i) {
            if (!codec.decodeEntry(lines[i], entry, error, &events[i], &pool)) {
                std::fprintf(stderr, "line %zu: %s\n", i + 1, error.c_str());
                return 2;
            }
            walls[i] = entry.wallMs;
        }
        decodeSeconds = std::min(decodeSeconds, secondsSince(start));
    }

    // 2. The fold, from an empty platform.
    PlatformState state;
    double foldSeconds = 1e30;
    for (int run = 0; run < Runs; ++run) {
        state = PlatformState();
        const double start = cpuNow();
        for (std::size_t i = 0; i < count; ++i)
            apply(state, events[i], walls[i]);
        foldSeconds = std::min(foldSeconds, secondsSince(start));
    }

    // 3. The fold with a whole-platform snapshot every 65536 events
    //    (what the history index keeps), so copy-on-write cloning is included.
    std::vector<PlatformState> snapshots;
    double snapshotFoldSeconds = 1e30;
    for (int run = 0; run < Runs; ++run) {
        PlatformState replay;
        snapshots.clear();
        const double start = cpuNow();
        for (std::size_t i = 0; i < count; ++i) {
            apply(replay, events[i], walls[i]);
            if ((i & 65535) == 65535)
                snapshots.push_back(replay);
        }
        snapshotFoldSeconds = std::min(snapshotFoldSeconds, secondsSince(start));
    }

    // 4. Copying the whole platform.
    constexpr int Copies = 100;
    double start = cpuNow();
    std::size_t sink = 0;
    for (int i = 0; i < Copies; ++i) {
        PlatformState copy = state;
        sink += copy.size();
    }
    const double copySeconds = secondsSince(start) / Copies;

    // 5. State JSON of the whole platform.
    std::string json;
    start = cpuNow();
    JsonWriter w(json);
    writePlatformStateJson(w, state, pool, std::int64_t(count - 1), walls.back());
    const double jsonSeconds = secondsSince(start);

    std::string out;
    JsonWriter r(out);
    r.beginObject();
    r.key("events");
    r.integer(std::int64_t(count));
    r.key("tenants");
    r.integer(std::int64_t(state.size()));
    r.key("inputBytes");
    r.integer(std::int64_t(bytes));
    r.key("decodeLinesPerSecond");
    r.number(double(std::int64_t(count / decodeSeconds)));
    r.key("decodeMBPerSecond");
    r.number(double(std::int64_t(bytes / decodeSeconds / 1e6)));
    r.key("foldEventsPerSecond");
    r.number(double(std::int64_t(count / foldSeconds)));
    r.key("foldWithSnapshotsEventsPerSecond");
    r.number(double(std::int64_t(count / snapshotFoldSeconds)));
    r.key("snapshots");
    r.integer(std::int64_t(snapshots.size()));
    r.key("platformCopyMicroseconds");
    r.number(double(std::int64_t(copySeconds * 1e6)));
    r.key("stateJsonBytes");
    r.integer(std::int64_t(json.size()));
    r.key("stateJsonMilliseconds");
    r.number(double(std::int64_t(jsonSeconds * 1e3)));
    r.key("poolStrings");
    r.integer(std::int64_t(pool.size()));
    r.key("sizeofEvent");
    r.integer(std::int64_t(sizeof(Event)));
    r.key("sizeofTenantState");
    r.integer(std::int64_t(sizeof(TenantState)));
    r.key("checksum");
    r.integer(std::int64_t(sink));
    r.endObject();
    std::printf("%s\n", out.c_str());
    return 0;
}
