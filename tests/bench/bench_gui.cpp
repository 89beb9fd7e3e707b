// bench_gui [--journal PATH] [--ndjson PATH] [--entries N] [--tenants T] [--cache-dir DIR] [--moves M]
//           [--jumps J] [--replays R] [--tenant ID] [--size WxH] [--settle-s S] [--cold 0|1]
//           [--first-paint PREFIX]
//
// Issue 5's figures through the real window (MainWindow + installWorkbench,
// every panel live, offscreen, WxH default 1280x800) on a large journal:
//   opening  - open() to the first paint of the timeline canvas with bars,
//              and to the index being complete (ready) and the timeline's
//              bars covering every entry; once cold (no index cache) in a
//              first window, once from the index cache in a second one;
//   moves    - random cursor moves (document setCursorPosition) after
//              indexing, with a tenant selected: "sync" is setCursor plus the
//              event loop pass that repaints what updated synchronously
//              (timeline, toolbar readout, event log, audit trail, "Why?" for
//              a tenant of <= 4096 entries, charts' cursor line); "state" is
//              until the document holds the state at the cursor (the worker's
//              fold, and the panels taking it on the GUI thread); "panels" is
//              until every panel shows the new cursor (the workers' reads done
//              and what they posted processed); "settled" adds
//              every worker the move started and the repaint after it: the
//              state fold at the cursor (tenants, tenant detail) and the
//              inspector's entry read from the file. Settled means the thread
//              pool is back to the busy threads it had before the move (a
//              verify the open started may run on), the document's state is
//              the cursor's and the posted events (continuations, repaints)
//              are processed.
//              Yardstick: replaying from zero to the same positions;
//   jumps    - the event log panel's table: scrollTo a random row of all
//              entries and repaint the viewport;
//   stalls   - every event dispatched on the GUI thread is timed
//              (QApplication::notify, outermost only) plus the bench's own
//              direct calls (open, setCursor); per phase the longest, how
//              many took > 16 ms and > 50 ms, and the worst one's event.
// The journal: PATH when it exists, else imported from --ndjson (the seeded
// platform-like journal bench_journal --keep 1 writes), else generated
// (N entries, T tenants, tests/history/journal_gen.h's random profile).
// Prints one JSON object.

#include "engine/history/history.h"
#include "engine/store/importer.h"
#include "engine/store/sqlite_journal_writer.h"
#include "models/event_log_model.h"
#include "models/journal_document.h"
#include "models/timeline_model.h"
#include "models/work_pool.h"
#include "ui/mainwindow.h"
#include "ui/panels/event_log_panel.h"
#include "ui/panels/windowed_table.h"
#include "ui/timeline/timeline_canvas.h"
#include "ui/timeline/timeline_scrubber.h"
#include "ui/workbench.h"

#include "tests/bench/bench_pump.h"

#include "tests/history/journal_gen.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QDir>
#include <QTableView>
#include <QThread>
#include <QThreadPool>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using cd::bench::pumpUntil;

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

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

std::string summary(std::vector<double> ms)
{
    if (ms.empty())
        return "null";
    std::sort(ms.begin(), ms.end());
    double total = 0;
    for (double v : ms)
        total += v;
    return "{\"n\":" + std::to_string(ms.size()) + ",\"medianMs\":" + fmt("%.2f", ms[ms.size() / 2])
        + ",\"p95Ms\":" + fmt("%.2f", ms[std::min(ms.size() - 1, ms.size() * 95 / 100)])
        + ",\"maxMs\":" + fmt("%.2f", ms.back()) + ",\"meanMs\":" + fmt("%.2f", total / double(ms.size())) + "}";
}

// The GUI thread's stalls, per phase.
struct PhaseStalls {
    double maxMs = 0;
    int over16 = 0;
    int over50 = 0;
    std::string worst;
};

class TimedApplication : public QApplication {
public:
    using QApplication::QApplication;

    void setPhase(const std::string& phase)
    {
        m_phase = phase;
        m_order.push_back(phase);
    }
    // A blocking call the bench makes itself on the GUI thread.
    void record(double ms, const std::string& what)
    {
        PhaseStalls& stalls = m_stalls[m_phase];
        stalls.over16 += ms > 16 ? 1 : 0;
        stalls.over50 += ms > 50 ? 1 : 0;
        if (ms > stalls.maxMs) {
            stalls.maxMs = ms;
            stalls.worst = what;
        }
    }

    bool notify(QObject* receiver, QEvent* event) override
    {
        // Who gets layout requests, at any depth: a widget whose size
        // follows changing text sends them up to the main window.
        if (event->type() == QEvent::LayoutRequest)
            ++m_layoutRequests[m_phase][describe(receiver)];
        if (m_depth > 1)
            return QApplication::notify(receiver, event);
        const QEvent::Type type = event->type(); // the event may be gone afterwards
        if (m_depth == 1) {
            // Inside the outermost event: which one of the events it sent
            // (the paint of one widget, a layout) took the longest.
            ++m_depth;
            const std::string inner = "event " + std::to_string(int(type)) + " to " + describe(receiver);
            const auto start = Clock::now();
            const bool result = QApplication::notify(receiver, event); // may delete receiver
            --m_depth;
            const double ms = msSince(start);
            m_costs[m_phase]["  " + inner] += ms;
            if (ms > m_innerMs) {
                m_innerMs = ms;
                m_inner = inner;
            }
            return result;
        }
        ++m_depth;
        m_innerMs = 0;
        m_inner.clear();
        const std::string name = describe(receiver);
        const auto start = Clock::now();
        const bool result = QApplication::notify(receiver, event);
        --m_depth;
        const double ms = msSince(start);
        m_costs[m_phase]["event " + std::to_string(int(type)) + " to " + name] += ms;
        if (ms > 1)
            record(ms,
                "event " + std::to_string(int(type)) + " to " + name
                    + (m_inner.empty() ? std::string()
                                       : ", slowest inside: " + m_inner + " " + fmt("%.1f ms", m_innerMs)));
        return result;
    }

    std::string json() const
    {
        std::string out = "{";
        for (const std::string& phase : m_order) {
            const auto it = m_stalls.find(phase);
            const PhaseStalls stalls = it == m_stalls.end() ? PhaseStalls {} : it->second;
            std::string worst = stalls.worst;
            std::replace(worst.begin(), worst.end(), '"', '\'');
            std::string layouts;
            const auto requests = m_layoutRequests.find(phase);
            if (requests != m_layoutRequests.end())
                for (const auto& [who, count] : requests->second)
                    layouts += (layouts.empty() ? "\"" : ",\"") + who + "\":" + std::to_string(count);
            out += (out.size() > 1 ? "," : "") + ("\"" + phase + "\":{\"maxBlockedMs\":" + fmt("%.1f", stalls.maxMs))
                + ",\"over16ms\":" + std::to_string(stalls.over16) + ",\"over50ms\":" + std::to_string(stalls.over50)
                + ",\"worst\":\"" + worst + "\",\"layoutRequests\":{" + layouts + "},\"busiest\":" + busiest(phase)
                + "}";
        }
        return out + "}";
    }

private:
    // The events that took the GUI thread longest in all during a phase, the
    // top twelve (outermost ones, and indented, the ones sent inside them).
    std::string busiest(const std::string& phase) const
    {
        const auto it = m_costs.find(phase);
        if (it == m_costs.end())
            return "[]";
        std::vector<std::pair<std::string, double>> costs(it->second.begin(), it->second.end());
        std::sort(costs.begin(), costs.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        std::string out;
        for (std::size_t i = 0; i < std::min<std::size_t>(12, costs.size()); ++i) {
            std::string what = costs[i].first;
            std::replace(what.begin(), what.end(), '"', '\'');
            out += (out.empty() ? "{\"" : ",\"") + what + "\":" + fmt("%.1f", costs[i].second);
        }
        return out.empty() ? "[]" : "[" + out + "}]";
    }

    static std::string describe(QObject* object)
    {
        if (!object)
            return "null";
        std::string name = object->metaObject()->className();
        if (!object->objectName().isEmpty())
            name += "#" + object->objectName().toStdString();
        // An unnamed widget: whose it is (a scroll bar of which view).
        const bool anonymous = object->objectName().isEmpty() || object->objectName().startsWith(QLatin1String("qt_"));
        for (QObject* p = object->parent(); anonymous && p; p = p->parent()) {
            if (!p->objectName().isEmpty() && !p->objectName().startsWith(QLatin1String("qt_"))) {
                name += " in " + p->objectName().toStdString();
                break;
            }
        }
        return name;
    }

    int m_depth = 0;
    double m_innerMs = 0; // the slowest event sent inside the current outermost one
    std::string m_inner;
    std::string m_phase = "setup";
    std::vector<std::string> m_order { "setup" };
    std::map<std::string, PhaseStalls> m_stalls;
    std::map<std::string, std::map<std::string, int>> m_layoutRequests; // phase -> receiver -> count
    std::map<std::string, std::map<std::string, double>> m_costs; // phase -> event -> total ms
};

TimedApplication* timedApp()
{
    return static_cast<TimedApplication*>(QCoreApplication::instance());
}

// Jobs running that a cursor move may start (folds, releases, reads), not
// Problems' verify on the background pool.
int foregroundJobs()
{
    return cd::models::workPool()->activeThreadCount() + cd::models::statePool()->activeThreadCount();
}

// Anonymous memory the kernel backs with huge pages now, in MB (-1: not
// Linux). The index's columns ask for them (chunked::allocateBlock); with
// THP in madvise mode whether they get them depends on fragmentation, which
// may explain runs whose folds are slower.
double anonHugePagesMB()
{
    std::ifstream rollup("/proc/self/smaps_rollup");
    std::string key;
    double kb = 0;
    while (rollup >> key) {
        if (key == "AnonHugePages:") {
            rollup >> kb;
            return kb / 1024.0;
        }
        rollup.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
    }
    return -1;
}

bool poolIdle()
{
    return cd::models::poolsIdle();
}

void generate(const std::string& path, std::size_t entries, int tenants)
{
    cd::store::WriterOptions options;
    options.meta.journalId = "bench";
    options.mode = cd::store::WriterOptions::Mode::Bulk;
    std::string error;
    const std::string partial = path + ".partial";
    fs::remove(partial);
    auto writer = cd::store::SqliteJournalWriter::create(partial, options, error);
    cd::history::test::RandomJournal journal(tenants, 1234);
    for (std::size_t done = 0; writer && done < entries;) {
        const std::size_t n = std::min<std::size_t>(100'000, entries - done);
        journal.gen.entries.clear();
        journal.generate(n);
        for (const auto& e : journal.gen.entries)
            if (!writer->appendBulk(e, error))
                writer.reset();
        done += n;
    }
    if (!writer || !writer->flushBulk(error) || !writer->close(error)) {
        std::cerr << error << "\n";
        std::exit(2);
    }
    fs::rename(partial, path);
}

struct OpenFigures {
    double openCallMs = 0; // the synchronous open() itself
    double firstPaintMs = -1; // first canvas paint with bars
    double readyMs = -1;
    double barsCompleteMs = -1; // the timeline's bars cover every entry (painted)
    double timelineJobMs = 0; // the timeline's last job (extend + bars)
    std::int64_t entries = 0;

    std::string json() const
    {
        return "{\"openCallMs\":" + fmt("%.1f", openCallMs) + ",\"firstTimelinePaintMs\":" + fmt("%.1f", firstPaintMs)
            + ",\"indexReadyMs\":" + fmt("%.1f", readyMs) + ",\"timelineBarsCompleteMs\":" + fmt("%.1f", barsCompleteMs)
            + ",\"timelineLastJobMs\":" + fmt("%.1f", timelineJobMs) + ",\"entries\":" + std::to_string(entries) + "}";
    }
};

// Times the canvas' paints: the first with bars, the first with every entry counted.
class PaintWatch : public QObject {
public:
    PaintWatch(cd::models::TimelineModel* model, Clock::time_point start)
        : m_model(model)
        , m_start(start)
    { }
    double firstBarsMs = -1;
    double completeMs = -1;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && m_model->maxDensity() > 0) {
            const double ms = msSince(m_start);
            if (firstBarsMs < 0)
                firstBarsMs = ms;
            const std::int64_t all = m_model->entryCount();
            if (completeMs < 0 && all > 0 && m_model->countedEntries() == all && !m_model->busy()
                && m_model->document()->status() == cd::models::JournalDocument::Status::Ready)
                completeMs = ms;
        }
        return QObject::eventFilter(watched, event);
    }

private:
    cd::models::TimelineModel* m_model;
    Clock::time_point m_start;
};

struct Window {
    cd::ui::MainWindow window;
    cd::ui::TimelineScrubber* timeline = nullptr;

    Window(const QString& cacheDir, QSize size)
    {
        window.setErrorDialogsEnabled(false);
        window.document()->setIndexCacheDirectory(cacheDir);
        cd::ui::installWorkbench(window);
        timeline = window.findChild<cd::ui::TimelineScrubber*>();
        window.resize(size);
        window.show();
        QCoreApplication::processEvents();
    }
};

// --first-paint PREFIX: the window as it is at the first paint with bars,
// saved to PREFIX-cold.png and PREFIX-cached.png (what a user sees first).
QString firstPaintPrefix;

OpenFigures openIn(Window& w, const QString& path, const std::string& phase)
{
    TimedApplication* app = timedApp();
    OpenFigures figures;
    cd::models::JournalDocument* document = w.window.document();
    app->setPhase(phase + "Opening");
    const auto start = Clock::now();
    PaintWatch watch(w.timeline->model(), start);
    w.timeline->canvas()->installEventFilter(&watch);
    QObject::connect(
        document, &cd::models::JournalDocument::ready, &watch, [&figures, start] { figures.readyMs = msSince(start); });
    w.window.openFile(path);
    figures.openCallMs = msSince(start);
    app->record(figures.openCallMs, "openFile()");
    const auto failed = [document] { return document->status() == cd::models::JournalDocument::Status::Failed; };
    pumpUntil([&watch, &failed] { return watch.firstBarsMs >= 0 || failed(); }, 600);
    if (!firstPaintPrefix.isEmpty())
        w.window.grab().save(
            firstPaintPrefix + QLatin1Char('-') + QString::fromStdString(phase) + QStringLiteral(".png"));
    app->setPhase(phase + "Indexing");
    pumpUntil([&watch, &failed] { return watch.completeMs >= 0 || failed(); }, 1200);
    if (failed()) {
        std::cerr << "open failed: " << document->errorText().toStdString() << "\n";
        std::exit(2);
    }
    w.timeline->canvas()->removeEventFilter(&watch);
    figures.firstPaintMs = watch.firstBarsMs;
    figures.barsCompleteMs = watch.completeMs;
    figures.timelineJobMs = w.timeline->model()->lastJobMs();
    figures.entries = w.timeline->model()->entryCount();
    return figures;
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    std::string journal = "/tmp/perf5/journal-10000000.sqlite";
    std::string ndjson = "/tmp/perf5/journal-10000000.ndjson";
    std::size_t entries = 10'000'000;
    int tenants = 10'000;
    std::string cacheDir = "/tmp/perf5/index-cache";
    int moves = 100;
    int jumps = 100;
    int replays = 10;
    QString tenant = QStringLiteral("t-1234");
    QSize size(1280, 800);
    double settleS = 60;
    bool coldOpen = true; // --cold 0: the index cache is already there, only the cached open
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const std::string value = argv[i + 1];
        if (key == "--journal")
            journal = value;
        else if (key == "--ndjson")
            ndjson = value;
        else if (key == "--entries")
            entries = std::stoull(value);
        else if (key == "--tenants")
            tenants = std::stoi(value);
        else if (key == "--cache-dir")
            cacheDir = value;
        else if (key == "--moves")
            moves = std::stoi(value);
        else if (key == "--jumps")
            jumps = std::stoi(value);
        else if (key == "--replays")
            replays = std::stoi(value);
        else if (key == "--tenant")
            tenant = QString::fromStdString(value);
        else if (key == "--cold")
            coldOpen = value != "0";
        else if (key == "--first-paint")
            firstPaintPrefix = QString::fromStdString(value);
        else if (key == "--settle-s")
            settleS = std::stod(value);
        else if (key == "--size") {
            const auto x = value.find('x');
            size = QSize(std::stoi(value.substr(0, x)), std::stoi(value.substr(x + 1)));
        }
    }

    std::string source = "reused";
    double prepareMs = 0;
    if (!fs::exists(journal)) {
        const auto start = Clock::now();
        if (fs::exists(ndjson)) {
            const auto imported = cd::store::importJournal(ndjson, journal);
            if (!imported.ok()) {
                std::cerr << "import failed: " << imported.message << "\n";
                return 2;
            }
            source = "imported";
        } else {
            generate(journal, entries, tenants);
            source = "generated";
        }
        prepareMs = msSince(start);
    }
    const QString path = QString::fromStdString(journal);
    // 1. Cold: a first window indexes the file (and writes the index cache).
    OpenFigures cold;
    if (coldOpen) {
        QDir(QString::fromStdString(cacheDir)).removeRecursively(); // the first open is cold
        Window w(QString::fromStdString(cacheDir), size);
        cold = openIn(w, path, "cold");
    }
    // Jobs the first window started (Problems' verify of the whole journal)
    // end before the second opens, so its open job finds a free thread.
    app.setPhase("coldTeardown");
    const auto teardownStart = Clock::now();
    pumpUntil([] { return poolIdle(); }, settleS * 10);
    const double teardownMs = msSince(teardownStart);
    // 2. Cached: a second window; then everything else happens there.
    Window w(QString::fromStdString(cacheDir), size);
    const OpenFigures cached = openIn(w, path, "cached");
    cd::models::JournalDocument* document = w.window.document();

    // Whatever the open started (verify for Problems, charts, ...) ends first,
    // or for at most --settle-s: the moves wait only for what they start.
    app.setPhase("settling");
    document->setSelectedTenant(tenant);
    const auto settleStart = Clock::now();
    const bool settled = pumpUntil([] { return poolIdle(); }, settleS);
    const double settleMs = msSince(settleStart);

    // 3. Cursor moves.
    app.setPhase("cursorMoves");
    const std::int64_t size10 = w.timeline->model()->entryCount();
    std::mt19937_64 rng(42);
    std::vector<std::int64_t> targets;
    for (int i = 0; i < moves; ++i)
        targets.push_back(std::int64_t(rng() % std::uint64_t(size10)));
    std::vector<double> syncMs;
    std::vector<double> settledMs;
    std::vector<double> stateMs;
    std::vector<double> foldMs; // the worker's part of stateMs
    std::vector<double> foldCpuMs; // of foldMs, on a core
    std::vector<double> panelsMs;
    int timeouts = 0;
    for (std::int64_t position : targets) {
        const int busyBefore = foregroundJobs();
        const int busyWork = cd::models::workPool()->activeThreadCount();
        const auto start = Clock::now();
        document->setCursorPosition(position);
        app.record(msSince(start), "setCursorPosition()");
        QCoreApplication::processEvents();
        syncMs.push_back(msSince(start));
        // Jobs still running from the open (Problems' verify of 10M entries
        // takes minutes) stay out: back to as many busy threads as before.
        const auto done = [document, position, busyBefore] {
            const auto state = document->state();
            return foregroundJobs() <= busyBefore && state && std::int64_t(state->entryCount) == position + 1;
        };
        // The state at the cursor delivered (the worker's fold and the
        // panels taking it on the GUI thread), before the rest settles.
        bool ok = pumpUntil(
            [document, position] {
                const auto state = document->state();
                return state && std::int64_t(state->entryCount) == position + 1;
            },
            30);
        stateMs.push_back(msSince(start));
        foldMs.push_back(document->lastStateMs());
        foldCpuMs.push_back(document->lastStateCpuMs());
        // Every panel shown: the workers' reads (inspector, audit, "Why?")
        // done and what they posted processed; the state thread may still
        // be freeing the previous state.
        const auto shown = [busyWork] { return cd::models::workPool()->activeThreadCount() <= busyWork; };
        ok = ok && pumpUntil(shown, 30);
        QCoreApplication::processEvents();
        ok = ok && pumpUntil(shown, 30);
        QCoreApplication::processEvents();
        panelsMs.push_back(msSince(start));
        ok = ok && pumpUntil(done, 30);
        // Continuations the workers posted, then the repaint they caused.
        QCoreApplication::processEvents();
        ok = ok && pumpUntil(done, 30);
        QCoreApplication::processEvents();
        settledMs.push_back(msSince(start));
        timeouts += ok ? 0 : 1;
    }

    // Yardstick: replaying from zero to the same positions (a few, they take long).
    std::vector<double> replayMs;
    std::vector<double> ratio;
    {
        const auto history = document->history();
        for (int i = 0; i < std::min<int>(replays, int(targets.size())); ++i) {
            const auto view = history->view();
            cd::platform::PlatformState state;
            const auto start = Clock::now();
            view.foldRange(state, 0, std::size_t(targets[std::size_t(i)]) + 1);
            replayMs.push_back(msSince(start));
            ratio.push_back(replayMs.back() / std::max(settledMs[std::size_t(i)], 1e-3));
        }
    }

    // 4. The event log's table: scrollTo a random row and repaint.
    app.setPhase("eventLogJumps");
    std::vector<double> jumpMs;
    auto* eventLog = w.window.findChild<cd::ui::EventLogPanel*>(QStringLiteral("eventLogPanel"));
    if (eventLog) {
        cd::ui::WindowedTable* table = eventLog->table();
        const int rows = eventLog->model()->rowCount();
        for (int i = 0; i < jumps && rows > 0; ++i) {
            const int row = int(rng() % std::uint64_t(rows));
            const auto start = Clock::now();
            table->scrollTo(row, QAbstractItemView::PositionAtTop);
            table->view()->viewport()->repaint();
            jumpMs.push_back(msSince(start));
            app.record(jumpMs.back(), "scrollTo()+repaint()");
            QCoreApplication::processEvents();
        }
    }

    const auto history = document->history();
    std::ostringstream out;
    out << "{\"journal\":\"" << journal << "\",\"journalSource\":\"" << source
        << "\",\"prepareMs\":" << fmt("%.0f", prepareMs) << ",\"entries\":" << size10 << ",\"window\":\""
        << size.width() << "x" << size.height() << "\",\"idealThreads\":" << QThread::idealThreadCount()
        << ",\"cold\":" << cold.json() << ",\"poolIdleAfterColdWindowMs\":" << fmt("%.0f", teardownMs)
        << ",\"cached\":" << cached.json() << ",\"settleAfterOpenMs\":" << fmt("%.0f", settleMs)
        << ",\"settled\":" << (settled ? "true" : "false")
        << ",\"snapshotInterval\":" << (history ? history->snapshotInterval() : 0)
        << ",\"snapshotMB\":" << fmt("%.0f", history ? double(history->snapshotMemory()) / 1e6 : 0.0)
        << ",\"anonHugePagesMB\":" << fmt("%.0f", anonHugePagesMB()) << ",\"selectedTenant\":\"" << tenant.toStdString()
        << "\",\"cursorMoves\":{\"sync\":" << summary(syncMs) << ",\"fold\":" << summary(foldMs)
        << ",\"foldCpu\":" << summary(foldCpuMs) << ",\"state\":" << summary(stateMs)
        << ",\"panels\":" << summary(panelsMs) << ",\"settled\":" << summary(settledMs) << ",\"timeouts\":" << timeouts
        << ",\"asyncPanels\":[\"tenants (state fold)\",\"tenant detail (state fold)\","
        << "\"inspector (entry read from file)\",\"why (worker above 4096 tenant entries)\"]"
        << ",\"replayFromZero\":" << summary(replayMs) << ",\"replayOverSettled\":" << summary(ratio)
        << "},\"eventLogJumps\":" << summary(jumpMs) << ",\"guiThreadStalls\":" << app.json() << "}\n";
    std::cout << out.str();
    return 0;
}
