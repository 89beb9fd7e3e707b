#include "engine/history/verifier.h"
#include "engine/store/entry_source.h"
#include "journal_gen.h"

#include <QTemporaryDir>
#include <QTest>

using namespace cd::history;
using namespace cd::history::test;

using Lines = std::vector<std::string>;
Q_DECLARE_METATYPE(Lines)

namespace {
Lines linesOf(const JournalGen& gen)
{
    Lines lines;
    for (const auto& e : gen.entries)
        lines.push_back(ndjsonLine(e));
    return lines;
}

// "<sequence or null> <code>" per issue, in report order.
Lines issueCodes(const std::vector<VerifyIssue>& issues)
{
    Lines out;
    for (const auto& i : issues)
        out.push_back((i.sequence ? std::to_string(*i.sequence) : std::string("null")) + " " + i.code);
    return out;
}

VerifyReport verifyLines(const Lines& lines, const BuildOptions& build = {})
{
    QTemporaryDir dir;
    const std::string path = writeLines(dir, "j.ndjson", lines);
    cd::store::SourceOptions options;
    options.checkOrder = false;
    std::string error;
    auto source = cd::store::openEntrySource(path, options, error);
    if (!source)
        QTest::qFail(error.c_str(), __FILE__, __LINE__);
    VerifyReport report;
    if (!source || !verifyJournal(*source, report, error, build))
        QTest::qFail(("verify failed: " + error).c_str(), __FILE__, __LINE__);
    return report;
}

// A tenant on plan pro with an owner-invited admin; sequences 0 and 1.
JournalGen base()
{
    JournalGen gen;
    gen.created("t-1", "pro").invited("t-1", "u-1", "a@example.com", "admin");
    return gen;
}
} // namespace

class TestVerify : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyCode_data();
    void everyCode();
    void messagesAreHelpful();
    void jsonShape();
    void cleanRandomishJournalHasOnlyExpectedCodes();
    void pauseIsCalledBetweenSmallBatches();
};

void TestVerify::everyCode_data()
{
    QTest::addColumn<Lines>("lines");
    QTest::addColumn<Lines>("errors");
    QTest::addColumn<Lines>("warnings");

    {
        JournalGen g = base();
        g.activated("t-1", "u-1").cycle("t-1", "c-1", 9900).paid("t-1", "c-1", 9900).used("t-1", "u-1", "api_calls", 5);
        g.connected("t-1", "u-1", "s-1")
            .disconnected("t-1", "s-1")
            .cycle("t-1", "c-2", 9900)
            .failed("t-1", "c-2", 9900);
        g.suspended("t-1").reactivated("t-1").planChanged("t-1", "pro", "starter").reset("t-1", "api_calls", "c-2");
        g.exceeded("t-1", "api_calls", 1000, 1001)
            .removed("t-1", "u-1")
            .connected("t-1", "u-1", "s-2")
            .expired("t-1", "s-2");
        QTest::newRow("clean journal") << linesOf(g) << Lines {} << Lines {};
    }
    {
        JournalGen g;
        g.created("t-1").seq(3).used("t-1", "u", "api_calls", 1).seq(2).created("t-2").seq(4).suspended("t-2");
        QTest::newRow("sequence-not-increasing (left out of the fold)")
            << linesOf(g) << Lines { "2 sequence-not-increasing" } << Lines { "3 sequence-gap", "4 unknown-tenant" };
    }
    {
        JournalGen g = base();
        g.suspended("t-1");
        g.entries[2].id = g.entries[0].id;
        QTest::newRow("duplicate-id (still folded)") << linesOf(g) << Lines { "2 duplicate-id" } << Lines {};
    }
    {
        Lines lines = linesOf(base());
        lines.insert(lines.begin() + 1, "this is not JSON");
        lines.push_back(R"({"id":"x","sequence":7,"timestamp":{"wallMs":1,"monoMs":1},"data":{"type":"tenant.created",)"
                        R"("tenantId":"t-2","plan":"gold","ownerId":"o"}})");
        lines.push_back(R"({"id":"y","sequence":8,"timestamp":{"wallMs":1,"monoMs":1},"data":{"type":"user.activated",)"
                        R"("tenantId":"t-2","userId":"u"}})");
        QTest::newRow("invalid-event (left out of the fold)")
            << lines << Lines { "null invalid-event", "7 invalid-event" }
            << Lines { "8 sequence-gap", "8 time-backwards", "8 unknown-tenant" };
    }
    {
        JournalGen g(100);
        g.created("t-1").suspended("t-9");
        QTest::newRow("history-truncated")
            << linesOf(g) << Lines {} << Lines { "100 history-truncated", "101 unknown-tenant" };
    }
    {
        JournalGen g = base();
        g.seq(5).suspended("t-1").seq(7).reactivated("t-1");
        QTest::newRow("sequence-gap") << linesOf(g) << Lines {} << Lines { "5 sequence-gap", "7 sequence-gap" };
    }
    {
        JournalGen g = base();
        g.wall(1).suspended("t-1").wall(2).reactivated("t-1");
        QTest::newRow("time-backwards") << linesOf(g) << Lines {} << Lines { "2 time-backwards" };
    }
    {
        JournalGen g = base();
        g.used("t-2", "u", "api_calls", 1).created("t-2").used("t-2", "u", "api_calls", 1);
        QTest::newRow("unknown-tenant") << linesOf(g) << Lines {} << Lines { "2 unknown-tenant" };
    }
    {
        JournalGen g = base();
        g.created("t-1", "enterprise");
        QTest::newRow("duplicate-tenant") << linesOf(g) << Lines {} << Lines { "2 duplicate-tenant" };
    }
    {
        JournalGen g = base();
        g.invited("t-1", "u-2").invited("t-1", "u-1", "b@example.com");
        QTest::newRow("duplicate-invite") << linesOf(g) << Lines {} << Lines { "3 duplicate-invite" };
    }
    {
        JournalGen g = base();
        g.activated("t-1", "u-9").removed("t-1", "u-8").removed("t-1", "u-1").activated("t-1", "u-1");
        QTest::newRow("unknown-user") << linesOf(g) << Lines {}
                                      << Lines { "2 unknown-user", "3 unknown-user", "5 unknown-user" };
    }
    {
        JournalGen g = base();
        g.activated("t-1", "u-1").activated("t-1", "u-1");
        QTest::newRow("user-not-invited") << linesOf(g) << Lines {} << Lines { "3 user-not-invited" };
    }
    {
        JournalGen g = base();
        g.cycle("t-1", "c-1").paid("t-1", "c-9").failed("t-1", "c-8").created("t-2").paid("t-2", "c-1");
        QTest::newRow("payment-without-cycle") << linesOf(
            g) << Lines {} << Lines { "3 payment-without-cycle", "4 payment-without-cycle", "6 payment-without-cycle" };
    }
    {
        JournalGen g = base();
        g.cycle("t-1", "c-1", 2900).paid("t-1", "c-1", 2900).cycle("t-1", "c-2", 9900).failed("t-1", "c-2", 9800);
        g.planChanged("t-1", "pro", "enterprise").cycle("t-1", "c-3", 29900).paid("t-1", "c-3", 29900);
        QTest::newRow("amount-mismatch") << linesOf(g) << Lines {}
                                         << Lines { "2 amount-mismatch", "5 amount-mismatch" };
    }
    {
        JournalGen g;
        g.created("t-1", "starter");
        for (int u = 1; u <= 6; ++u)
            g.invited("t-1", "u-" + std::to_string(u));
        g.activated("t-1", "u-6").created("t-2", "pro");
        for (int u = 1; u <= 6; ++u)
            g.invited("t-2", "u-" + std::to_string(u));
        g.planChanged("t-2", "pro", "starter").removed("t-2", "u-1");
        QTest::newRow("over-user-limit") << linesOf(g) << Lines {}
                                         << Lines { "6 over-user-limit", "15 over-user-limit" };
    }
    {
        JournalGen g = base();
        g.suspended("t-1").invited("t-1", "u-2").activated("t-1", "u-2").used("t-1", "u-2", "api_calls", 1);
        g.exceeded("t-1", "api_calls", 1000, 1001).cycle("t-1", "c-1").failed("t-1", "c-1");
        g.connected("t-1", "u-2", "s-1").removed("t-1", "u-2").reactivated("t-1").used("t-1", "u-1", "api_calls", 1);
        QTest::newRow("activity-while-suspended")
            << linesOf(g) << Lines {}
            << Lines { "3 activity-while-suspended", "4 activity-while-suspended", "5 activity-while-suspended",
                   "6 activity-while-suspended", "7 activity-while-suspended", "8 activity-while-suspended" };
    }
    {
        JournalGen g = base();
        g.connected("t-1", "u-1", "s-1").disconnected("t-1", "s-1").expired("t-1", "s-1").disconnected("t-1", "s-2");
        QTest::newRow("unmatched-session")
            << linesOf(g) << Lines {} << Lines { "4 unmatched-session", "5 unmatched-session" };
    }
    {
        JournalGen g = base();
        g.used("t-1", "u-1", "api_calls", -60).used("t-1", "u-1", "api_calls", 0.25);
        g.exceeded("t-1", "api_calls", -5, -3).cycle("t-1", "c-1", 9900).paid("t-1", "c-1", 9900);
        g.used("t-9", "u-1", "api_calls", -1);
        QTest::newRow("negative-amount") << linesOf(g) << Lines {}
                                         << Lines { "2 negative-amount", "4 negative-amount", "7 unknown-tenant",
                                                "7 negative-amount" };
    }
}

void TestVerify::everyCode()
{
    QFETCH(Lines, lines);
    QFETCH(Lines, errors);
    QFETCH(Lines, warnings);
    const VerifyReport report = verifyLines(lines);
    QCOMPARE(issueCodes(report.errors), errors);
    QCOMPARE(issueCodes(report.warnings), warnings);
    QCOMPARE(report.entries, std::int64_t(lines.size()));
}

void TestVerify::messagesAreHelpful()
{
    Lines lines = linesOf(base());
    lines.insert(lines.begin() + 1, "this is not JSON");
    JournalGen g = base();
    g.cycle("t-1", "c-1", 2900).wall(5).suspended("t-1").activated("t-1", "u-9");
    lines = linesOf(g);
    lines.insert(lines.begin() + 1, R"({"id":"e-x","sequence":9,"data":{}})");
    const VerifyReport report = verifyLines(lines);
    QCOMPARE(report.errors.size(), std::size_t(1));
    QVERIFY2(report.errors[0].message.starts_with("line 2: "), report.errors[0].message.c_str());
    QCOMPARE(report.errors[0].sequence, std::optional<std::int64_t>(9));
    Lines messages;
    for (const auto& w : report.warnings)
        messages.push_back(w.message);
    QCOMPARE(messages,
        (Lines { "billing.cycle.started for cycle 'c-1' of tenant 't-1' with amount 2900, but plan pro costs 9900",
            "wall time 5 is " + std::to_string(g.entries[2].wallMs - 5) + " ms before the previous entry's ("
                + std::to_string(g.entries[2].wallMs) + ")",
            "user.activated for tenant 't-1', which is suspended",
            "user.activated for user 'u-9' of tenant 't-1', who does not exist" }));
}

void TestVerify::jsonShape()
{
    JournalGen g(3);
    g.created("t-1").seq(3).created("t-2");
    g.entries[1].id = "e-other";
    const VerifyReport report = verifyLines(linesOf(g));
    // Built outside QCOMPARE: moc's macro expansion trips over quotes in raw strings.
    const std::string expected = std::string(R"({"entries":2,"firstSequence":3,"lastSequence":3,"errors":[)")
        + R"({"sequence":3,"code":"sequence-not-increasing","message":"sequence 3 is not larger than the previous )"
        + "entry" + "\x27" + R"(s (3); the entry is left out of the fold"}],"warnings":[{"sequence":3,"code":)"
        + R"("history-truncated","message":"the journal starts at sequence 3, not 0: entries before it are )"
        + R"(missing, and so are the tenants they created"}]})";
    QCOMPARE(verifyJson(report), expected);
    // (An empty file is not a journal at all: the store refuses it.)
    QCOMPARE(verifyJson(Verifier().report()),
        std::string(R"({"entries":0,"firstSequence":null,"lastSequence":null,"errors":[],"warnings":[]})"));
}

void TestVerify::cleanRandomishJournalHasOnlyExpectedCodes()
{
    // The random journal breaks rules on purpose but never the format.
    const auto entries = randomJournal(5000, 10, 3);
    Lines lines;
    for (const auto& e : entries)
        lines.push_back(ndjsonLine(e));
    const VerifyReport report = verifyLines(lines);
    QVERIFY(report.errors.empty());
    QCOMPARE(report.entries, std::int64_t(5000));
    QCOMPARE(report.lastSequence, std::optional<std::int64_t>(4999));
    for (const auto& w : report.warnings)
        QVERIFY2(
            w.code != "sequence-gap" && w.code != "time-backwards" && w.code != "history-truncated", w.code.c_str());
}

void TestVerify::pauseIsCalledBetweenSmallBatches()
{
    // A background verify steps aside through BuildOptions::pause: it is
    // called every PauseEvery entries, and what it does changes nothing found.
    const std::int64_t count = 3 * BuildOptions::PauseEvery + 100;
    Lines lines;
    for (const auto& e : randomJournal(std::size_t(count), 10, 7))
        lines.push_back(ndjsonLine(e));
    int pauses = 0;
    BuildOptions options;
    options.pause = [&pauses] { ++pauses; };
    const VerifyReport paused = verifyLines(lines, options);
    QCOMPARE(pauses, 3);
    QCOMPARE(paused.entries, count);
    QCOMPARE(verifyJson(paused), verifyJson(verifyLines(lines)));
}

QTEST_GUILESS_MAIN(TestVerify)
#include "tst_verify.moc"
