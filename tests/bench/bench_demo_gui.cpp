// bench_demo_gui [--seconds S] [--speeds 3600,max] [--tenants T] [--days D] [--size WxH] [--dir DIR]
//                [--crashes N] [--seed N]
//
// Issue 6's figures through the real window (MainWindow + installWorkbench,
// every panel live, offscreen, WxH default 1280x800): the live demo at each
// speed for S seconds (default 10; the scenario with T tenants over D days,
// a new journal in DIR), then a crashed tenant's restart backoff at x1.
//   per speed - every event dispatched on the GUI thread is timed
//               (QApplication::notify, outermost only): the longest and the
//               receiver it went to, how many took > 16 ms and > 50 ms, the
//               slowest few; a 1 ms timer's longest gap (anything else that
//               kept the thread); batches and entries shown per second; the
//               cursor following at the end; the EngineHost's longest slot;
//               where a delivered batch's time goes: the history append
//               (JournalDocument::append up to historyGrew), historyGrew's
//               slots (timeline, event log, ...), cursorChanged's slots (the
//               cursor-move path of every panel); stop latency; whether the
//               journal's -wal/-shm are gone after the window closed;
//   backoff   - crash a tenant process N times (default 3) at x1: platform
//               time from the failing command to the process running again.
// Prints one JSON object.

#include "engine/runtime/scaled_clock.h"
#include "models/demo_feed.h"
#include "models/engine_host.h"
#include "models/journal_document.h"
#include "ui/demo/demo_controller.h"
#include "ui/mainwindow.h"
#include "ui/workbench.h"

#include "tests/bench/bench_pump.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using cd::bench::pumpUntil;

using Clock = std::chrono::steady_clock;
using cd::models::EngineHost;
using cd::models::JournalDocument;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string fmt(const char* format, double value)
{
    char text[64];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

std::string quoted(std::string s)
{
    std::replace(s.begin(), s.end(), '"', '\'');
    return "\"" + s + "\"";
}

struct Stat {
    double max = 0;
    double total = 0;
    int n = 0;
    void add(double ms)
    {
        max = std::max(max, ms);
        total += ms;
        ++n;
    }
    std::string json() const
    {
        return "{\"n\":" + std::to_string(n) + ",\"meanMs\":" + fmt("%.2f", n ? total / n : 0.0)
            + ",\"maxMs\":" + fmt("%.1f", max) + "}";
    }
};

struct Dispatch {
    double ms = 0;
    std::string what;
};

// Times every outermost event dispatch on the GUI thread.
class TimedApplication : public QApplication {
public:
    using QApplication::QApplication;

    void reset()
    {
        m_slowest.clear();
        m_over16 = 0;
        m_over50 = 0;
        m_count = 0;
        m_paints.clear();
    }
    // When the dispatch running now began (valid inside one).
    Clock::time_point dispatchStart() const { return m_start; }
    bool inDispatch() const { return m_depth > 0; }

    bool notify(QObject* receiver, QEvent* event) override
    {
        if (m_depth > 0) {
            if (event->type() != QEvent::Paint)
                return QApplication::notify(receiver, event);
            // Which widgets the repaints spend their time in (each paint
            // event is the widget's own drawing; children get their own).
            const std::string name = describe(receiver);
            const auto start = Clock::now();
            const bool result = QApplication::notify(receiver, event);
            Stat& paint = m_paints[name];
            const double ms = msSince(start);
            paint.max = std::max(paint.max, ms);
            paint.total += ms;
            ++paint.n;
            return result;
        }
        ++m_depth;
        const QEvent::Type type = event->type(); // the event may be gone afterwards
        const std::string name = describe(receiver);
        m_start = Clock::now();
        const bool result = QApplication::notify(receiver, event);
        --m_depth;
        record(msSince(m_start), "event " + std::to_string(int(type)) + " to " + name);
        return result;
    }

    std::string json() const
    {
        std::string slowest;
        for (const Dispatch& d : m_slowest)
            slowest += (slowest.empty() ? "" : ",")
                + ("{\"ms\":" + fmt("%.1f", d.ms) + ",\"dispatch\":" + quoted(d.what)) + "}";
        return "{\"dispatches\":" + std::to_string(m_count)
            + ",\"maxBlockedMs\":" + fmt("%.1f", m_slowest.empty() ? 0.0 : m_slowest.front().ms)
            + ",\"over16ms\":" + std::to_string(m_over16) + ",\"over50ms\":" + std::to_string(m_over50)
            + ",\"slowest\":[" + slowest + "],\"paintsByWidget\":" + paintsJson() + "}";
    }

private:
    // The widgets whose paint events took longest in all, the top eight.
    std::string paintsJson() const
    {
        std::vector<std::pair<std::string, Stat>> paints(m_paints.begin(), m_paints.end());
        std::sort(
            paints.begin(), paints.end(), [](const auto& a, const auto& b) { return a.second.total > b.second.total; });
        std::string out;
        for (std::size_t i = 0; i < std::min<std::size_t>(8, paints.size()); ++i)
            out += (out.empty() ? "" : ",")
                + ("{\"widget\":" + quoted(paints[i].first) + ",\"paint\":" + paints[i].second.json()) + "}";
        return "[" + out + "]";
    }

    void record(double ms, std::string what)
    {
        ++m_count;
        m_over16 += ms > 16 ? 1 : 0;
        m_over50 += ms > 50 ? 1 : 0;
        if (m_slowest.size() == 5 && ms <= m_slowest.back().ms)
            return;
        m_slowest.push_back({ ms, std::move(what) });
        std::sort(m_slowest.begin(), m_slowest.end(), [](const Dispatch& a, const Dispatch& b) { return a.ms > b.ms; });
        if (m_slowest.size() > 5)
            m_slowest.pop_back();
    }

    // The receiver and up to two of its parents: a QTimer or a viewport says
    // little alone.
    static std::string describe(QObject* object)
    {
        std::string name;
        for (int level = 0; object && level < 3; ++level, object = object->parent()) {
            name += level ? " < " : "";
            name += object->metaObject()->className();
            if (!object->objectName().isEmpty())
                name += "#" + object->objectName().toStdString();
        }
        return name.empty() ? "null" : name;
    }

    int m_depth = 0;
    Clock::time_point m_start;
    std::vector<Dispatch> m_slowest;
    int m_over16 = 0;
    int m_over50 = 0;
    qint64 m_count = 0;
    std::map<std::string, Stat> m_paints;
};

TimedApplication* timedApp()
{
    return static_cast<TimedApplication*>(QCoreApplication::instance());
}

// The longest gap between a 1 ms timer's ticks: time the thread ran nothing.
class GapWatch {
public:
    GapWatch()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this]() {
            m_maxGapMs = std::max(m_maxGapMs, msSince(m_last));
            m_last = Clock::now();
        });
        m_last = Clock::now();
        m_timer.start();
    }
    double maxGapMs() const { return m_maxGapMs; }

private:
    QTimer m_timer;
    Clock::time_point m_last;
    double m_maxGapMs = 0;
};

// Where a delivered batch's GUI time goes. Connected before the workbench
// (first slots) and after it (last slots) of the document's signals.
struct AppendSplit {
    std::optional<Clock::time_point> grewFirst;
    std::optional<Clock::time_point> cursorFirst;
    Stat append; // dispatch start to historyGrew's first slot: the history append (+ the feed's own work)
    Stat grewSlots; // historyGrew's slots
    Stat cursorSlots; // cursorChanged's slots (following moves the cursor every batch)
    bool measuring = false;

    void connectFirst(JournalDocument* document)
    {
        QObject::connect(document, &JournalDocument::historyGrew, document, [this]() {
            grewFirst = Clock::now();
            if (measuring && timedApp()->inDispatch())
                append.add(std::chrono::duration<double, std::milli>(*grewFirst - timedApp()->dispatchStart()).count());
        });
        QObject::connect(document, &JournalDocument::cursorChanged, document, [this]() { cursorFirst = Clock::now(); });
    }
    void connectLast(JournalDocument* document)
    {
        QObject::connect(document, &JournalDocument::historyGrew, document, [this]() {
            if (measuring && grewFirst)
                grewSlots.add(msSince(*grewFirst));
        });
        QObject::connect(document, &JournalDocument::cursorChanged, document, [this]() {
            if (measuring && cursorFirst)
                cursorSlots.add(msSince(*cursorFirst));
        });
    }
    std::string json() const
    {
        return "{\"historyAppend\":" + append.json() + ",\"historyGrewSlots\":" + grewSlots.json()
            + ",\"cursorChangedSlots\":" + cursorSlots.json() + "}";
    }
};

struct Window {
    cd::ui::MainWindow main;
    cd::ui::Workbench bench;
    AppendSplit split;
    explicit Window(QSize size)
    {
        main.setErrorDialogsEnabled(false);
        split.connectFirst(main.document());
        bench = cd::ui::installWorkbench(main);
        split.connectLast(main.document());
        main.document()->setIndexCacheDirectory(QString());
        main.resize(size);
        main.show();
    }
};

std::int64_t entryCount(const JournalDocument& document)
{
    const auto history = document.history();
    return history ? std::int64_t(history->size()) : 0;
}

std::int64_t lastSequence(const JournalDocument& document)
{
    const auto history = document.history();
    if (!history)
        return -1;
    const auto view = history->view();
    return view.index().empty() ? -1 : view.index().sequence(view.index().size() - 1);
}

bool sideFilesGone(const QString& path)
{
    return !QFileInfo::exists(path + QStringLiteral("-wal")) && !QFileInfo::exists(path + QStringLiteral("-shm"));
}

std::string runSpeed(double speed, const std::string& label, double seconds, const EngineHost::StartOptions& base,
    QSize size, const QString& dir)
{
    EngineHost::StartOptions options = base;
    options.speed = speed;
    options.journalPath = QDir(dir).filePath(QStringLiteral("demo-%1.db").arg(QString::fromStdString(label)));
    for (const char* suffix : { "", "-wal", "-shm" })
        QFile::remove(options.journalPath + QLatin1String(suffix));
    std::ostringstream out;
    bool walGone = false;
    {
        Window w(size);
        auto* demo = w.bench.demo;
        qint64 batches = 0;
        QObject::connect(demo->feed(), &cd::models::DemoFeed::appendedEntries, demo, [&batches]() { ++batches; });
        bool started = false;
        QObject::connect(demo, &cd::ui::DemoController::started, demo, [&started]() { started = true; });
        if (!demo->startDemo(options) || !pumpUntil([&started]() { return started; }, 60)
            || !pumpUntil([&w]() { return w.main.document()->status() == JournalDocument::Status::Ready; }, 60))
            return "{\"error\":\"the demo did not start\"}";
        const std::int64_t first = entryCount(*w.main.document());
        batches = 0;
        timedApp()->reset();
        w.split.measuring = true;
        GapWatch gaps;
        const auto start = Clock::now();
        pumpUntil([]() { return false; }, seconds);
        const double elapsedS = msSince(start) / 1000.0;
        w.split.measuring = false;
        const std::string stalls = timedApp()->json();
        const double maxGap = gaps.maxGapMs();
        const std::int64_t shown = entryCount(*w.main.document()) - first;
        const bool following = w.main.document()->followsEnd()
            && w.main.document()->cursor() == std::optional<std::int64_t>(lastSequence(*w.main.document()));
        const auto stopStart = Clock::now();
        const bool stopped = demo->stopDemo(10000);
        const double stopMs = msSince(stopStart);
        // The journal as the window leaves it: committed, no -wal/-shm once
        // the window's reader is gone too (checked below).
        out << "{\"speed\":" << quoted(label) << ",\"seconds\":" << fmt("%.1f", elapsedS)
            << ",\"guiDispatches\":" << stalls << ",\"maxTimerGapMs\":" << fmt("%.1f", maxGap)
            << ",\"batchesPerSecond\":" << fmt("%.1f", double(batches) / elapsedS)
            << ",\"entriesPerSecond\":" << fmt("%.0f", double(shown) / elapsedS) << ",\"entriesShown\":" << shown
            << ",\"following\":" << (following ? "true" : "false")
            << ",\"longestEngineHostSlotMs\":" << demo->host()->longestGuiSliceMs()
            << ",\"batchSplit\":" << w.split.json() << ",\"stopMs\":" << fmt("%.1f", stopMs)
            << ",\"stopped\":" << (stopped ? "true" : "false")
            << ",\"sideFilesGoneAfterStop\":" << (sideFilesGone(options.journalPath) ? "true" : "false");
    }
    // The feed closes its read-write connection on the next event loop pass.
    walGone = pumpUntil([&options]() { return sideFilesGone(options.journalPath); }, 5);
    out << ",\"sideFilesGoneAfterWindow\":" << (walGone ? "true" : "false") << "}";
    return out.str();
}

std::string runBackoff(int crashes, QSize size, const QString& dir)
{
    Window w(size);
    auto* host = w.bench.demo->host();
    EngineHost::StartOptions options;
    options.journalPath = QDir(dir).filePath(QStringLiteral("backoff.db"));
    for (const char* suffix : { "", "-wal", "-shm" })
        QFile::remove(options.journalPath + QLatin1String(suffix));
    options.speed = 1;
    options.runScenario = false;
    bool started = false;
    QObject::connect(w.bench.demo, &cd::ui::DemoController::started, host, [&started]() { started = true; });
    if (!w.bench.demo->startDemo(options) || !pumpUntil([&started]() { return started; }, 60))
        return "{\"error\":\"the demo did not start\"}";
    std::vector<quint64> answered;
    QObject::connect(host, &EngineHost::commandFinished, host, [&answered](quint64 id) { answered.push_back(id); });
    std::optional<cd::models::EngineSnapshot> last;
    QObject::connect(host, &EngineHost::snapshot, host, [&last](const cd::models::EngineSnapshot& s) { last = s; });
    const auto answer = [&answered](quint64 id) {
        return pumpUntil([&answered, id]() { return std::count(answered.begin(), answered.end(), id) > 0; }, 30);
    };
    if (!answer(host->createTenant(QStringLiteral("acme"), cd::platform::Plan::Pro, QStringLiteral("owner"))))
        return "{\"error\":\"createTenant unanswered\"}";
    std::string out = "[";
    for (int crash = 1; crash <= crashes; ++crash) {
        if (!answer(host->crashTenant(QStringLiteral("acme")))
            || !answer(
                host->recordUsage(QStringLiteral("acme"), QStringLiteral("owner"), QStringLiteral("api_calls"), 1)))
            return "{\"error\":\"crash unanswered\"}";
        last.reset();
        host->requestSnapshot(); // the platform clock when the failing command was answered
        if (!pumpUntil([&last]() { return last.has_value(); }, 30))
            return "{\"error\":\"no snapshot\"}";
        const std::int64_t failedAt = last->virtualWallMs;
        std::optional<cd::rt::ProcessInfo> running;
        pumpUntil(
            [&last, &running, crash]() {
                if (!last)
                    return false;
                for (const auto& p : last->processes)
                    if (p.name.find("acme") != std::string::npos && p.restarts == crash
                        && p.status == cd::rt::ProcessStatus::Running)
                        running = p;
                return running.has_value();
            },
            60);
        out += (crash > 1 ? "," : "") + std::string("{\"crash\":") + std::to_string(crash) + ",\"restartedAfterMs\":"
            + (running ? std::to_string(running->startedAtWallMs - failedAt) : std::string("null")) + "}";
    }
    w.bench.demo->stopDemo();
    return out + "]";
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    double seconds = 10;
    std::vector<std::string> speeds { "3600", "max" };
    EngineHost::StartOptions options;
    options.scenarioTenants = 200;
    options.scenarioDays = 365;
    QSize size(1280, 800);
    QString dir = QStringLiteral("/tmp/bench-demo-gui");
    int crashes = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const std::string value = argv[i + 1];
        if (key == "--seconds")
            seconds = std::stod(value);
        else if (key == "--speeds") {
            speeds.clear();
            std::stringstream list(value);
            for (std::string s; std::getline(list, s, ',');)
                speeds.push_back(s);
        } else if (key == "--tenants")
            options.scenarioTenants = std::stoll(value);
        else if (key == "--days")
            options.scenarioDays = std::stoll(value);
        else if (key == "--seed")
            options.seed = std::stoull(value);
        else if (key == "--crashes")
            crashes = std::stoi(value);
        else if (key == "--dir")
            dir = QString::fromStdString(value);
        else if (key == "--size") {
            const auto x = value.find('x');
            size = QSize(std::stoi(value.substr(0, x)), std::stoi(value.substr(x + 1)));
        } else {
            std::cerr << "unknown option " << key << "\n";
            return 2;
        }
    }
    QDir().mkpath(dir);
    std::string runs;
    for (const std::string& label : speeds) {
        const double speed = label == "max" ? cd::rt::ScaledClock::kFastest : std::stod(label);
        runs += (runs.empty() ? "" : ",") + runSpeed(speed, label, seconds, options, size, dir);
    }
    const std::string backoff = crashes > 0 ? runBackoff(crashes, size, dir) : "[]";
    std::cout << "{\"window\":\"" << size.width() << "x" << size.height()
              << "\",\"tenants\":" << options.scenarioTenants << ",\"days\":" << options.scenarioDays
              << ",\"seed\":" << options.seed << ",\"runs\":[" << runs << "],\"restartBackoff\":" << backoff << "}\n";
    return 0;
}
