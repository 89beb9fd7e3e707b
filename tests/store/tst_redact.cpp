#include "engine/store/exporter.h"
#include "engine/store/importer.h"
#include "engine/store/redactor.h"

#include "store_test_util.h"

#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace cd::store;
using namespace storetest;
using cd::platform::Entry;

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

const QRegularExpression Pseudonym(QStringLiteral("^user-[0-9a-f]{6,}@redacted\\.invalid$"));

} // namespace

class TestRedact : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sameAddressSamePseudonym()
    {
        Redactor r("key");
        const std::string a = r.pseudonym("alice@example.com");
        QVERIFY2(Pseudonym.match(q(a)).hasMatch(), a.c_str());
        QCOMPARE(r.pseudonym("alice@example.com"), a);
        QCOMPARE(r.pseudonym("Alice@Example.COM"), a);
        QVERIFY(r.pseudonym("bob@example.com") != a);
        QVERIFY(r.pseudonym("alice@example.org") != a);
        QCOMPARE(r.addressCount(), std::size_t(3));
        // Another key, other pseudonyms: nothing links two exports.
        Redactor other("another key");
        QVERIFY(other.pseudonym("alice@example.com") != a);
    }

    void findsAddressesInsideText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("addresses");
        QTest::newRow("alone") << QStringLiteral("alice@example.com")
                               << QStringList { QStringLiteral("alice@example.com") };
        QTest::newRow("in a sentence") << QStringLiteral(
            "Card of alice@example.com declined, cc bob.smith+billing@mail.corp.example.")
                                       << QStringList { QStringLiteral("alice@example.com"),
                                              QStringLiteral("bob.smith+billing@mail.corp.example") };
        QTest::newRow("in brackets") << QStringLiteral("<carol@x.io>") << QStringList { QStringLiteral("carol@x.io") };
        QTest::newRow("non-ASCII") << QStringLiteral("jörg@bücher.de ok")
                                   << QStringList { QStringLiteral("jörg@bücher.de") };
        QTest::newRow("no address") << QStringLiteral("@ alone, trailing@ and @leading") << QStringList {};
    }

    void findsAddressesInsideText()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, addresses);
        Redactor r("k");
        std::string expected = str(text);
        for (const QString& address : addresses) {
            const std::string a = str(address);
            expected.replace(expected.find(a), a.size(), r.pseudonym(a));
        }
        std::string out;
        QCOMPARE(r.redactText(str(text), out), !addresses.isEmpty());
        QCOMPARE(q(addresses.isEmpty() ? str(text) : out), q(expected));
    }

    void redactsEveryStringOfAnEntryAndNothingElse()
    {
        Redactor r("k");
        Entry e;
        e.id = "evt:dave@example.com:1";
        e.sequence = 4;
        e.wallMs = 1;
        e.monoMs = 2;
        e.data = "{\"type\":\"user.invited\",\"tenantId\":\"t\",\"userId\":\"dave@example.com\","
                 "\"email\":\"Dave@Example.com\",\"role\":\"user\",\"note\":\"caf\\u00e9 \\\"q\\\" 1.50\","
                 "\"n\":1.50e2,\"z\":-0,\"nested\":[{\"erin@example.com\":[\"x\",\"via erin\\u0040example.com\"]}],"
                 "\"t\":true}";
        r.redactEntry(e);
        const std::string dave = r.pseudonym("dave@example.com");
        const std::string erin = r.pseudonym("erin@example.com");
        QCOMPARE(e.id, "evt:" + dave + ":1");
        // Strings without an address keep their bytes (escapes included);
        // numbers keep their spelling; addresses are gone wherever they were.
        QCOMPARE(e.data,
            "{\"type\":\"user.invited\",\"tenantId\":\"t\",\"userId\":\"" + dave + "\",\"email\":\"" + dave
                + "\",\"role\":\"user\",\"note\":\"caf\\u00e9 \\\"q\\\" 1.50\",\"n\":1.50e2,\"z\":-0,\"nested\":[{\""
                + erin + "\":[\"x\",\"via " + erin + "\"]}],\"t\":true}");
        QCOMPARE(e.sequence, std::int64_t(4));
        QCOMPARE(r.addressCount(), std::size_t(2));
    }

    void collisionsNeverMerge()
    {
        // 20000 addresses over 16^6 six-digit names: about a dozen clash, and
        // each clash gets a longer name instead of sharing one.
        Redactor r("fixed key");
        QSet<QString> names;
        int longer = 0;
        for (int i = 0; i < 20000; ++i) {
            const std::string name = r.pseudonym("user" + std::to_string(i) + "@example.com");
            QVERIFY(Pseudonym.match(q(name)).hasMatch());
            names.insert(q(name));
            longer += name.size() > std::string("user-123456@redacted.invalid").size() ? 1 : 0;
        }
        QCOMPARE(names.size(), 20000);
        QVERIFY2(longer > 0, "expected some collisions to be resolved");
        QCOMPARE(r.pseudonym("user77@example.com"), r.pseudonym("USER77@example.com"));
    }

    void redactedExport()
    {
        QTemporaryDir dir;
        const auto entries = makeEntries(0, 100, 3);
        const QString input = dir.filePath(QStringLiteral("in.ndjson"));
        QVERIFY(writeBytes(input, ndjson(entries)));
        const QString output = dir.filePath(QStringLiteral("out.ndjson"));
        ExportOptions options;
        options.redact = true;
        const ExportSummary summary = exportJournal(str(input), str(output), options);
        QVERIFY2(summary.ok(), summary.message.c_str());
        const QByteArray bytes = readBytes(output);
        QVERIFY(!bytes.contains("@example.com"));
        // One invite in five: 20 distinct addresses, 20 distinct pseudonyms.
        QCOMPARE(summary.redactedAddresses, std::size_t(20));
        QSet<QString> names;
        const QRegularExpression any(QStringLiteral("user-[0-9a-f]+@redacted\\.invalid"));
        for (auto it = any.globalMatch(QString::fromUtf8(bytes)); it.hasNext();)
            names.insert(it.next().captured());
        QCOMPARE(names.size(), 20);
        // Everything else is unchanged: put the addresses back, get the input.
        options.redactionKey = "export key";
        options.force = true;
        QVERIFY(exportJournal(str(input), str(output), options).ok());
        QByteArray restored = readBytes(output);
        Redactor same("export key");
        for (int i = 1; i < 100; i += 5) {
            const std::string address = "user" + std::to_string(i) + "@example.com";
            QVERIFY(restored.contains(QByteArray::fromStdString(same.pseudonym(address))));
            restored.replace(QByteArray::fromStdString(same.pseudonym(address)), QByteArray::fromStdString(address));
        }
        QCOMPARE(restored, ndjson(entries));
        // The redacted export is still a valid journal.
        QVERIFY(importJournal(str(output), str(dir.filePath(QStringLiteral("re.sqlite")))).ok());
    }
};

QTEST_GUILESS_MAIN(TestRedact)
#include "tst_redact.moc"
