#include "app/cli/args.h"

#include <QTest>

using namespace cd::cli;

namespace {
std::vector<CommandSpec> specs()
{
    return {
        { "state", { "JOURNAL" }, { { "at", true, false, false }, { "at-time", true, false, false }, { "tenant" } },
            "state JOURNAL", "", { { "at", "at-time" } }, {} },
        { "audit", { "JOURNAL" }, { { "tenant", true, false, true }, { "type", true, true, false } }, "audit JOURNAL",
            "", {}, "type" },
        { "import", { "INPUT", "OUTPUT" }, { { "force", false, false, false } }, "import INPUT OUTPUT", "", {}, {} },
    };
}

ParsedArgs parse(std::vector<std::string> args)
{
    static const auto table = specs();
    return parseArgs(table, args);
}
} // namespace

class TestCliArgs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void positionalsAndOptions()
    {
        auto p = parse({ "state", "j.sqlite", "--at", "5", "--tenant=t-1" });
        QCOMPARE(p.positionals.size(), std::size_t(1));
        QCOMPARE(p.positionals[0], std::string("j.sqlite"));
        QCOMPARE(*p.integer("at"), std::int64_t(5));
        QCOMPARE(*p.value("tenant"), std::string("t-1"));
        QVERIFY(!p.has("at-time"));
    }
    void negativeIntegerIsAValue()
    {
        auto p = parse({ "state", "j", "--at-time", "-5" });
        QCOMPARE(*p.integer("at-time"), std::int64_t(-5));
    }
    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("unknown command") << QStringList { QStringLiteral("frobnicate") };
        QTest::newRow("missing positional") << QStringList { QStringLiteral("state") };
        QTest::newRow("unknown option") << QStringList { QStringLiteral("state"), QStringLiteral("j"),
            QStringLiteral("--bogus") };
        QTest::newRow("missing value") << QStringList { QStringLiteral("state"), QStringLiteral("j"),
            QStringLiteral("--at") };
        QTest::newRow("exclusive") << QStringList { QStringLiteral("state"), QStringLiteral("j"),
            QStringLiteral("--at"), QStringLiteral("1"), QStringLiteral("--at-time"), QStringLiteral("2") };
        QTest::newRow("repeated single option") << QStringList { QStringLiteral("state"), QStringLiteral("j"),
            QStringLiteral("--at"), QStringLiteral("1"), QStringLiteral("--at"), QStringLiteral("2") };
        QTest::newRow("required option") << QStringList { QStringLiteral("audit"), QStringLiteral("j") };
        QTest::newRow("extra positional")
            << QStringList { QStringLiteral("state"), QStringLiteral("a"), QStringLiteral("b") };
        QTest::newRow("flag with value") << QStringList { QStringLiteral("import"), QStringLiteral("a"),
            QStringLiteral("b"), QStringLiteral("--force=yes") };
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        std::vector<std::string> v;
        for (const auto& a : args)
            v.push_back(a.toStdString());
        QVERIFY_THROWS_EXCEPTION(UsageError, parse(v));
    }
    void malformedIntegerIsAUsageError()
    {
        auto p = parse({ "state", "j", "--at", "1.5" });
        QVERIFY_THROWS_EXCEPTION(UsageError, p.integer("at"));
        auto q = parse({ "state", "j", "--at", "99999999999999999999" });
        QVERIFY_THROWS_EXCEPTION(UsageError, q.integer("at"));
    }
    void greedyRepeatableOption()
    {
        auto p = parse({ "audit", "j", "--tenant", "t", "--type", "a", "b", "--type", "c" });
        QCOMPARE(p.all("type"), std::vector<std::string>({ "a", "b", "c" }));
    }
    void doubleDashEndsOptions()
    {
        auto p = parse({ "state", "--", "--weird-name" });
        QCOMPARE(p.positionals[0], std::string("--weird-name"));
    }
};

QTEST_GUILESS_MAIN(TestCliArgs)
#include "tst_cli_args.moc"
