#include "engine/history/history.h"
#include "engine/history/state_output.h"
#include "engine/history/verifier.h"
#include "engine/runtime/scaled_clock.h"
#include "engine/store/entry_source.h"
#include "models/demo_feed.h"
#include "models/engine_host.h"
#include "models/journal_document.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using cd::live::CommandResult;
using cd::models::EngineHost;
using cd::models::EngineSnapshot;
using cd::models::JournalDocument;
using cd::platform::Plan;
using cd::platform::Role;

namespace {

EngineHost::StartOptions fastest(const QString& path, bool scenario)
{
    EngineHost::StartOptions o;
    o.journalPath = path;
    o.seed = 11;
    o.speed = cd::rt::ScaledClock::kFastest;
    o.runScenario = scenario;
    o.scenarioTenants = 4;
    o.scenarioDays = 2;
    return o;
}

// Waits for the reply to request id (the host answers every request once).
std::optional<CommandResult> waitFor(EngineHost& host, quint64 id)
{
    std::optional<CommandResult> got;
    auto c
        = QObject::connect(&host, &EngineHost::commandFinished, &host, [&got, id](quint64 rid, const CommandResult& r) {
              if (rid == id)
                  got = r;
          });
    const bool arrived = QTest::qWaitFor([&got]() { return got.has_value(); }, 20000);
    Q_UNUSED(arrived); // got stays empty on a timeout
    QObject::disconnect(c);
    return got;
}

bool startAndWait(EngineHost& host, const EngineHost::StartOptions& options)
{
    QSignalSpy started(&host, &EngineHost::started);
    if (!host.start(options))
        return false;
    return started.wait(20000) || !started.isEmpty();
}

std::string replayStateJson(const QString& path, std::int64_t* entries = nullptr)
{
    std::string error;
    auto source = cd::store::openEntrySource(path.toStdString(), {}, error);
    if (!source)
        return "unreadable: " + error;
    cd::history::History history;
    const auto built = history.build(*source);
    if (!built.ok())
        return "bad build: " + built.problem();
    if (entries)
        *entries = built.entries;
    return cd::history::stateJson(history.latest(), history.pool());
}

std::string documentStateJson(const JournalDocument& document)
{
    auto history = document.history();
    if (!history)
        return "no history";
    return cd::history::stateJson(history->latest(), history->pool());
}

const cd::rt::ProcessInfo* tenantProcess(const EngineSnapshot& s, const std::string& tenant)
{
    auto it = std::find_if(s.processes.begin(), s.processes.end(), [&tenant](const cd::rt::ProcessInfo& p) {
        return p.name.find(tenant) != std::string::npos || p.id.find(tenant) != std::string::npos;
    });
    return it == s.processes.end() ? nullptr : &*it;
}

} // namespace

class TestEngineHost : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void inviteBeyondLimitIsRefusedWithUsageAndLimit()
    {
        QTemporaryDir dir;
        EngineHost host;
        QVERIFY(startAndWait(host, fastest(dir.filePath(QStringLiteral("j.db")), false)));
        QVERIFY(!host.start(fastest(dir.filePath(QStringLiteral("other.db")), false))); // one at a time

        const auto created
            = waitFor(host, host.createTenant(QStringLiteral("acme"), Plan::Starter, QStringLiteral("u-0")));
        QVERIFY(created);
        QVERIFY2(created->accepted, created->refusal.c_str());
        QVERIFY(created->appended >= 1);

        // Starter allows 5 users (the owner is not one); the 6th invite appends
        // limits.exceeded with usage = users + 1 (platform.md).
        int accepted = 0;
        std::optional<CommandResult> refusal;
        for (int i = 1; i <= 7 && !refusal; ++i) {
            const QString user = QStringLiteral("u-%1").arg(i);
            const auto r = waitFor(
                host, host.inviteUser(QStringLiteral("acme"), user, user + QStringLiteral("@acme.test"), Role::User));
            QVERIFY(r);
            if (r->accepted)
                ++accepted;
            else
                refusal = r;
        }
        QVERIFY(refusal);
        QCOMPARE(accepted, 5);
        QVERIFY(!refusal->refusal.empty());
        QVERIFY(refusal->limit.has_value());
        QCOMPARE(*refusal->limit, 5.0);
        QVERIFY(refusal->usage.has_value());
        QCOMPARE(*refusal->usage, 6.0);

        const auto unknown = waitFor(host, host.activateUser(QStringLiteral("nope"), QStringLiteral("u-1")));
        QVERIFY(unknown);
        QVERIFY(!unknown->accepted);

        QElapsedTimer t;
        t.start();
        QVERIFY(host.stop());
        qInfo("shutdown took %lld ms", t.elapsed());
        QVERIFY(!host.isRunning());
        const auto late = waitFor(host, host.reactivateTenant(QStringLiteral("acme")));
        QVERIFY(late && !late->accepted);
    }

    void documentFollowsAndEqualsReplayAndJournalVerifies()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("demo.db"));
        EngineHost host;
        JournalDocument document;
        document.setIndexCacheDirectory(QString());
        cd::models::DemoFeed feed(&host, &document);
        qint64 delivered = 0;
        connect(&host, &EngineHost::entriesCommitted, this,
            [&delivered](const std::vector<cd::platform::Entry>& e) { delivered += qint64(e.size()); });
        QSignalSpy snapshots(&host, &EngineHost::snapshot);

        QVERIFY(startAndWait(host, fastest(path, true)));
        QVERIFY(QTest::qWaitFor([&document]() { return document.status() == JournalDocument::Status::Ready; }, 20000));
        const auto r = waitFor(host, host.createTenant(QStringLiteral("mine"), Plan::Pro, QStringLiteral("owner")));
        QVERIFY(r && r->accepted);
        // The scenario creates its tenants over simulated days: wait until some exist.
        QVERIFY(QTest::qWaitFor(
            [&snapshots]() {
                return !snapshots.isEmpty() && snapshots.last().at(0).value<EngineSnapshot>().counters.tenants >= 3;
            },
            30000));
        QVERIFY(document.followsEnd());
        QVERIFY(host.batchesDelivered() >= 1);

        QElapsedTimer t;
        t.start();
        QVERIFY(host.stop(10000));
        qInfo("shutdown %lld ms, %llu batches, longest GUI slice %lld ms", t.elapsed(), host.batchesDelivered(),
            host.longestGuiSliceMs());
        QVERIFY(QTest::qWaitFor([&document]() { return document.status() == JournalDocument::Status::Ready; }, 20000));

        std::int64_t fileEntries = 0;
        const std::string replay = replayStateJson(path, &fileEntries);
        QVERIFY(fileEntries > 0);
        QCOMPARE(delivered, qint64(fileEntries)); // every committed entry reached the GUI once
        QCOMPARE(qint64(document.history()->size()), qint64(fileEntries));
        QCOMPARE(documentStateJson(document), replay);
        QVERIFY(document.cursor().has_value());

        std::string error;
        cd::store::SourceOptions so;
        so.checkOrder = false;
        auto source = cd::store::openEntrySource(path.toStdString(), so, error);
        QVERIFY2(source, error.c_str());
        cd::history::VerifyReport report;
        QVERIFY2(cd::history::verifyJournal(*source, report, error), error.c_str());
        QCOMPARE(report.errors.size(), std::size_t(0));
        QCOMPARE(report.entries, fileEntries);
    }

    void deliveriesAreBoundedAndLoseNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bounded.db"));
        EngineHost host;
        host.setMaxEntriesPerDelivery(3);
        QCOMPARE(host.maxEntriesPerDelivery(), std::size_t(3));
        std::vector<std::int64_t> sequences;
        int capped = 0; // deliveries that left entries for the next ones
        QStringList wrong;
        connect(&host, &EngineHost::entriesCommitted, this,
            [&host, &sequences, &capped, &wrong](const std::vector<cd::platform::Entry>& e) {
                const std::size_t rest = host.backlog();
                // Bounded: 3 at a time, or an eighth of a larger backlog;
                // everything only when nothing is left (stop()).
                if (rest > 0 && e.size() != std::max<std::size_t>(3, (e.size() + rest) / 8))
                    wrong << QStringLiteral("%1 delivered, %2 left").arg(e.size()).arg(rest);
                capped += rest > 0 ? 1 : 0;
                for (const auto& entry : e)
                    sequences.push_back(entry.sequence);
            });
        QVERIFY(startAndWait(host, fastest(path, true)));
        QSignalSpy snapshots(&host, &EngineHost::snapshot);
        QVERIFY(QTest::qWaitFor(
            [&snapshots]() {
                return !snapshots.isEmpty() && snapshots.last().at(0).value<EngineSnapshot>().counters.tenants >= 3;
            },
            30000));
        QVERIFY(host.stop(10000));
        QCOMPARE(host.backlog(), std::size_t(0));
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QStringLiteral("; "))));
        QVERIFY(capped > 0); // the scenario commits groups of more than 3 entries

        // Every committed entry once, in order.
        std::int64_t fileEntries = 0;
        replayStateJson(path, &fileEntries);
        QCOMPARE(qint64(sequences.size()), qint64(fileEntries));
        for (std::size_t i = 1; i < sequences.size(); ++i)
            QVERIFY(sequences[i] > sequences[i - 1]);
    }

    void crashedProcessRestartsWithStateIntact()
    {
        QTemporaryDir dir;
        EngineHost host;
        QVERIFY(startAndWait(host, fastest(dir.filePath(QStringLiteral("c.db")), false)));
        QVERIFY(waitFor(host, host.createTenant(QStringLiteral("acme"), Plan::Pro, QStringLiteral("u-0")))->accepted);
        QVERIFY(waitFor(host,
            host.inviteUser(QStringLiteral("acme"), QStringLiteral("u-1"), QStringLiteral("a@b.test"), Role::User))
                    ->accepted);

        QVERIFY(!waitFor(host, host.crashTenant(QStringLiteral("ghost")))->accepted);
        QVERIFY(waitFor(host, host.crashTenant(QStringLiteral("acme")))->accepted);
        // The crash hits the next message; its outcome is unknown, so a reply either way.
        QVERIFY(waitFor(host, host.activateUser(QStringLiteral("acme"), QStringLiteral("u-1"))));

        QSignalSpy snapshots(&host, &EngineHost::snapshot);
        QVERIFY(QTest::qWaitFor(
            [&snapshots, &host]() {
                host.requestSnapshot();
                if (snapshots.isEmpty())
                    return false;
                const auto s = snapshots.last().at(0).value<EngineSnapshot>();
                const auto* p = tenantProcess(s, "acme");
                return p && p->restarts >= 1 && p->status == cd::rt::ProcessStatus::Running;
            },
            20000));
        // The restarted process rebuilt its state from the journal: u-1 is still there.
        const auto again = waitFor(host,
            host.inviteUser(QStringLiteral("acme"), QStringLiteral("u-1"), QStringLiteral("a@b.test"), Role::User));
        QVERIFY(again);
        QVERIFY(!again->accepted);
        QVERIFY(host.stop());
    }
};

QTEST_GUILESS_MAIN(TestEngineHost)
#include "tst_engine_host.moc"
