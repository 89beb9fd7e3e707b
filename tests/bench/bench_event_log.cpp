// bench_event_log [--entries N] [--tenants T] [--dir DIR] [--jumps J] [--sql-jumps K] [--sql-budget-s S]
//                 [--journal PATH]
//
// The event log's jump to a row against a QSqlQueryModel over the same
// journal's events table, side by side in one run, on a generated SQLite
// journal (made once under DIR, then reused). A jump is: make the row
// current and produce data() for a screenful of rows starting there (what a
// view paints after scrollTo). The event log answers from the index; the
// QSqlQueryModel (setQuery on SELECT ... ORDER BY sequence) must fetchMore
// until it holds the row; it gets at most K jumps within S seconds (at 10M
// rows a jump takes minutes). The model is also timed in a plain QTableView
// and in the WindowedTable the event log panel uses. --journal: an existing SQLite journal instead
// (e.g. bench_gui's 10M platform-like one). Prints one JSON object.

#include "models/event_log_model.h"
#include "models/journal_document.h"
#include "ui/panels/windowed_table.h"

#include "tests/bench/bench_pump.h"
#include "tests/history/journal_gen.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHeaderView>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlQueryModel>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
constexpr int ScreenRows = 40;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Summary {
    double median = 0;
    double p95 = 0;
    double max = 0;
    double mean = 0;
};

Summary summarize(std::vector<double> ms)
{
    Summary s;
    if (ms.empty())
        return s;
    std::sort(ms.begin(), ms.end());
    s.median = ms[ms.size() / 2];
    s.p95 = ms[std::min(ms.size() - 1, ms.size() * 95 / 100)];
    s.max = ms.back();
    double total = 0;
    for (double v : ms)
        total += v;
    s.mean = total / double(ms.size());
    return s;
}

std::string json(const char* name, std::size_t jumps, const Summary& s)
{
    char buffer[256];
    std::snprintf(buffer, sizeof buffer,
        "\"%s\":{\"jumps\":%zu,\"medianMs\":%.3f,\"meanMs\":%.3f,\"p95Ms\":%.3f,\"maxMs\":%.3f}", name, jumps, s.median,
        s.mean, s.p95, s.max);
    return buffer;
}

void generate(const std::string& path, std::size_t entries, int tenants)
{
    cd::store::WriterOptions options;
    options.meta.journalId = "bench";
    options.mode = cd::store::WriterOptions::Mode::Bulk;
    std::string error;
    const std::string partial = path + ".partial";
    std::filesystem::remove(partial);
    auto writer = cd::store::SqliteJournalWriter::create(partial, options, error);
    if (!writer) {
        std::cerr << error << "\n";
        std::exit(2);
    }
    // The same seeded journal as bench_history's random profile.
    cd::history::test::RandomJournal journal(tenants, 1234);
    for (std::size_t done = 0; done < entries;) {
        const std::size_t n = std::min<std::size_t>(100'000, entries - done);
        journal.gen.entries.clear();
        journal.generate(n);
        for (const auto& e : journal.gen.entries)
            if (!writer->appendBulk(e, error)) {
                std::cerr << error << "\n";
                std::exit(2);
            }
        done += n;
    }
    if (!writer->flushBulk(error) || !writer->close(error)) {
        std::cerr << error << "\n";
        std::exit(2);
    }
    std::filesystem::rename(partial, path);
}

// Produces what a view paints for a screenful starting at row.
template <typename Model>
std::size_t touchScreen(const Model& model, int row, std::initializer_list<int> extraRoles)
{
    std::size_t chars = 0;
    const int last = std::min(row + ScreenRows, model.rowCount());
    for (int r = row; r < last; ++r)
        for (int c = 0; c < model.columnCount(); ++c) {
            const QModelIndex index = model.index(r, c);
            chars += std::size_t(model.data(index, Qt::DisplayRole).toString().size());
            for (int role : extraRoles)
                chars += model.data(index, role).isValid() ? 1 : 0;
        }
    return chars;
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::size_t entries = 10'000'000;
    int tenants = 10'000;
    std::string dir = "/tmp";
    std::size_t jumps = 100;
    std::size_t sqlJumps = 100;
    double sqlBudgetS = 300;
    std::string journal;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const std::string value = argv[i + 1];
        if (key == "--entries")
            entries = std::stoull(value);
        else if (key == "--tenants")
            tenants = std::stoi(value);
        else if (key == "--dir")
            dir = value;
        else if (key == "--jumps")
            jumps = std::stoull(value);
        else if (key == "--sql-jumps")
            sqlJumps = std::stoull(value);
        else if (key == "--sql-budget-s")
            sqlBudgetS = std::stod(value);
        else if (key == "--journal")
            journal = value;
    }
    const std::string path = !journal.empty()
        ? journal
        : dir + "/bench-event-log-" + std::to_string(entries) + "-" + std::to_string(tenants) + ".sqlite";
    double generateMs = 0;
    if (!std::filesystem::exists(path)) {
        const auto start = Clock::now();
        generate(path, entries, tenants);
        generateMs = msSince(start);
    }

    // Open it the way the application does (index cache beside the journal).
    cd::models::JournalDocument document;
    document.setIndexCacheDirectory(QString::fromStdString(dir + "/bench-event-log-cache"));
    QEventLoop loop;
    QObject::connect(&document, &cd::models::JournalDocument::ready, &loop, &QEventLoop::quit);
    QObject::connect(&document, &cd::models::JournalDocument::failed, &loop, [&loop](const QString& reason) {
        std::cerr << reason.toStdString() << "\n";
        loop.exit(2);
    });
    const auto openStart = Clock::now();
    document.open(QString::fromStdString(path));
    if (loop.exec() != 0)
        return 2;
    const double openMs = msSince(openStart);

    cd::models::EventLogModel model(&document);
    // The model shows its rows in passes of the event loop (a view's header
    // takes every row it is told of at once): jump over all of them.
    const int indexed = int(document.history()->size());
    if (!cd::bench::pumpUntil([&model, indexed] { return model.rowCount() >= indexed; }, 600)) {
        std::cerr << "the event log model shows " << model.rowCount() << " of " << indexed << " rows\n";
        return 2;
    }
    const int rows = model.rowCount();
    std::mt19937_64 rng(42);
    std::vector<int> targets;
    for (std::size_t i = 0; i < jumps; ++i)
        targets.push_back(int(rng() % std::uint64_t(std::max(1, rows - ScreenRows))));

    // 1. The event log model: row lookup plus a screenful of data().
    std::vector<double> logMs;
    std::size_t sink = 0;
    for (int row : targets) {
        const auto start = Clock::now();
        sink += std::size_t(model.rowForPosition(model.positionAt(row)));
        sink += touchScreen(
            model, row, { cd::models::EventLogModel::IsCursorRole, cd::models::EventLogModel::FutureRole });
        logMs.push_back(msSince(start));
    }

    // 2. The same model in a QTableView: scrollTo the row and paint the viewport.
    QTableView view;
    view.verticalHeader()->hide();
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.resize(1000, ScreenRows * view.verticalHeader()->defaultSectionSize());
    const auto setModelStart = Clock::now();
    view.setModel(&model);
    view.show();
    QCoreApplication::processEvents();
    const double setModelMs = msSince(setModelStart);
    // Each target: jump(row), then paint the viewport it shows.
    const auto timeJumps = [&targets](auto jump, QWidget* viewport) {
        std::vector<double> ms;
        for (int row : targets) {
            const auto start = Clock::now();
            jump(row);
            viewport->repaint();
            ms.push_back(msSince(start));
        }
        return ms;
    };
    const std::vector<double> viewMs = timeJumps(
        [&](int row) { view.scrollTo(model.index(row, 0), QAbstractItemView::PositionAtTop); }, view.viewport());

    // 2b. As the event log panel shows it: a WindowedTable (the QTableView
    // holds a page of rows; its own scroll bar spans all of them).
    const auto windowedStart = Clock::now();
    cd::ui::WindowedTable windowed(&model);
    windowed.resize(1000, view.height());
    windowed.show();
    QCoreApplication::processEvents();
    const double windowedSetupMs = msSince(windowedStart);
    const std::vector<double> windowedMs = timeJumps(
        [&](int row) { windowed.scrollTo(row, QAbstractItemView::PositionAtTop); }, windowed.view()->viewport());

    // 3. QSqlQueryModel over the events table, a fresh query per jump.
    std::vector<double> sqlMs;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench"));
        db.setDatabaseName(QString::fromStdString(path));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open()) {
            std::cerr << "cannot open " << path << " with QSQLITE\n";
            return 2;
        }
        const auto budgetStart = Clock::now();
        for (std::size_t i = 0; i < std::min(sqlJumps, targets.size()); ++i) {
            if (msSince(budgetStart) > sqlBudgetS * 1000)
                break;
            const int row = targets[i];
            QSqlQueryModel sql;
            const auto start = Clock::now();
            sql.setQuery(
                QStringLiteral("SELECT sequence, wall_ms, tenant_id, type, data FROM events ORDER BY sequence"), db);
            while (sql.rowCount() < row + ScreenRows && sql.canFetchMore())
                sql.fetchMore();
            sink += touchScreen(sql, row, {});
            sqlMs.push_back(msSince(start));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench"));

    const Summary log = summarize(logMs);
    const Summary inView = summarize(viewMs);
    const Summary inWindowed = summarize(windowedMs);
    const Summary sql = summarize(sqlMs);
    // The SQL side ran the first sqlMs.size() targets: compare like with like.
    const Summary logSame = summarize(std::vector<double>(logMs.begin(), logMs.begin() + std::ptrdiff_t(sqlMs.size())));
    std::printf("{\"journal\":\"%s\",\"entries\":%d,\"tenants\":%d,\"generateMs\":%.0f,\"openMs\":%.0f,"
                "\"screenRows\":%d,%s,%s,\"viewSetModelMs\":%.1f,%s,\"windowedSetupMs\":%.1f,%s,\"ratioMedian\":%.0f,"
                "\"ratioMean\":%.0f,"
                "\"sink\":%zu}\n",
        path.c_str(), rows, int(document.history()->view().index().tenantLogs().size()), generateMs, openMs, ScreenRows,
        json("eventLogModel", logMs.size(), log).c_str(), json("eventLogInTableView", viewMs.size(), inView).c_str(),
        setModelMs, json("eventLogInWindowedTable", windowedMs.size(), inWindowed).c_str(), windowedSetupMs,
        json("qSqlQueryModel", sqlMs.size(), sql).c_str(), logSame.median > 0 ? sql.median / logSame.median : 0.0,
        logSame.mean > 0 ? sql.mean / logSame.mean : 0.0, sink);
    return 0;
}
