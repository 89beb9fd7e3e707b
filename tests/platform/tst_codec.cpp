#include "engine/platform/codec.h"
#include "engine/platform/event.h"
#include "engine/platform/string_pool.h"

#include <QTest>

#include <string>
#include <vector>

using namespace cd::platform;

namespace {
using Field = std::pair<std::string, std::string>; // key, JSON value text

struct Sample {
    std::string type;
    std::vector<Field> fields; // the required fields, in platform.md's order
};

// One valid event of each type, written from platform.md's tables.
const std::vector<Sample>& samples()
{
    static const std::vector<Sample> all = {
        { "tenant.created", { { "tenantId", "\"t-1\"" }, { "plan", "\"pro\"" }, { "ownerId", "\"o-1\"" } } },
        { "user.invited",
            { { "tenantId", "\"t-1\"" }, { "userId", "\"u-1\"" }, { "email", "\"a@x.io\"" },
                { "role", "\"admin\"" } } },
        { "user.activated", { { "tenantId", "\"t-1\"" }, { "userId", "\"u-1\"" } } },
        { "billing.cycle.started", { { "tenantId", "\"t-1\"" }, { "cycleId", "\"c-1\"" }, { "amount", "9900" } } },
        { "billing.payment.succeeded", { { "tenantId", "\"t-1\"" }, { "cycleId", "\"c-1\"" }, { "amount", "9900" } } },
        { "billing.payment.failed",
            { { "tenantId", "\"t-1\"" }, { "cycleId", "\"c-1\"" }, { "amount", "9900" },
                { "reason", "\"declined\"" } } },
        { "feature.used",
            { { "tenantId", "\"t-1\"" }, { "userId", "\"u-1\"" }, { "feature", "\"api_calls\"" }, { "usage", "3" } } },
        { "limits.exceeded",
            { { "tenantId", "\"t-1\"" }, { "feature", "\"users\"" }, { "limit", "25" }, { "usage", "26" } } },
        { "tenant.suspended", { { "tenantId", "\"t-1\"" }, { "reason", "\"Payment failures\"" } } },
        { "tenant.reactivated", { { "tenantId", "\"t-1\"" } } },
        { "plan.changed", { { "tenantId", "\"t-1\"" }, { "from", "\"pro\"" }, { "to", "\"enterprise\"" } } },
        { "user.removed", { { "tenantId", "\"t-1\"" }, { "userId", "\"u-1\"" } } },
        { "usage.reset", { { "tenantId", "\"t-1\"" }, { "feature", "\"api_calls\"" }, { "cycleId", "\"c-1\"" } } },
        { "session.connected", { { "tenantId", "\"t-1\"" }, { "userId", "\"u-1\"" }, { "sessionId", "\"s-1\"" } } },
        { "session.disconnected", { { "tenantId", "\"t-1\"" }, { "sessionId", "\"s-1\"" } } },
        { "session.expired", { { "tenantId", "\"t-1\"" }, { "sessionId", "\"s-1\"" } } },
    };
    return all;
}

std::string dataOf(const std::string& type, const std::vector<Field>& fields)
{
    std::string s = "{\"type\":\"" + type + "\"";
    for (const auto& [k, v] : fields)
        s += ",\"" + k + "\":" + v;
    return s + "}";
}

std::string line(const std::string& data, const std::string& seq = "0", const std::string& wall = "1764000000000",
    const std::string& mono = "0")
{
    return R"({"id":"e-0","sequence":)" + seq + R"(,"timestamp":{"wallMs":)" + wall + R"(,"monoMs":)" + mono
        + R"(},"data":)" + data + "}";
}

const std::string Invite = R"({"type":"user.invited","tenantId":"t-1","userId":"u-1","email":"a@x.io","role":"admin"})";

QByteArray qb(const std::string& s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}
std::string_view sv(const QByteArray& b)
{
    return { b.constData(), std::size_t(b.size()) };
}

bool isEnumField(const std::string& k)
{
    return k == "plan" || k == "from" || k == "to" || k == "role";
}
} // namespace

class TestCodec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validation_data();
    void validation();
    void dataKeptByteForByte_data();
    void dataKeptByteForByte();
    void decodedEvent();
    void decodeDataAlone();
    void encodeEntryRoundTrip();
    void encodeEventWritesTheTableOrder();
    void codecIsReusable();
};

void TestCodec::validation_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("error"); // empty: valid

    // Every type: its sample is valid; each field missing, of the wrong JSON
    // type, or empty is refused naming the field (email and reason may be empty).
    for (const Sample& s : samples()) {
        QTest::addRow("%s valid", s.type.c_str()) << qb(line(dataOf(s.type, s.fields))) << QByteArray();
        for (std::size_t i = 0; i < s.fields.size(); ++i) {
            const std::string& key = s.fields[i].first;
            const bool isString = s.fields[i].second.front() == '"';
            auto without = s.fields;
            without.erase(without.begin() + std::ptrdiff_t(i));
            QTest::addRow("%s no %s", s.type.c_str(), key.c_str())
                << qb(line(dataOf(s.type, without))) << qb("data." + key + ": missing");

            auto wrong = s.fields;
            wrong[i].second = isString ? "5" : "\"5\"";
            const std::string wrongError = isEnumField(key)
                ? (key == "role" ? ": expected one of admin, user" : ": expected one of starter, pro, enterprise")
                : (isString ? ": expected a string" : ": expected a number");
            QTest::addRow("%s %s wrong type", s.type.c_str(), key.c_str())
                << qb(line(dataOf(s.type, wrong))) << qb("data." + key + wrongError);

            if (isString) {
                auto empty = s.fields;
                empty[i].second = "\"\"";
                const bool mayBeEmpty = key == "email" || key == "reason";
                const std::string emptyError = isEnumField(key) ? "data." + key + wrongError
                    : mayBeEmpty                                ? std::string()
                                                                : "data." + key + ": must not be empty";
                QTest::addRow("%s %s empty", s.type.c_str(), key.c_str())
                    << qb(line(dataOf(s.type, empty))) << qb(emptyError);
            }
        }
    }

    // Envelope integers: JSON integer tokens within ±2^53.
    const std::string created = R"({"type":"tenant.created","tenantId":"t","plan":"starter","ownerId":"o"})";
    QTest::newRow("sequence 2^53") << qb(line(created, "9007199254740992")) << QByteArray();
    QTest::newRow("sequence 2^53+1") << qb(line(created, "9007199254740993"))
                                     << QByteArray("sequence: out of range (beyond 2^53)");
    QTest::newRow("sequence uint64") << qb(line(created, "18446744073709551615"))
                                     << QByteArray("sequence: out of range (beyond 2^53)");
    QTest::newRow("sequence 1.0") << qb(line(created, "1.0"))
                                  << QByteArray("sequence: fraction or exponent not allowed");
    QTest::newRow("sequence 1e3") << qb(line(created, "1e3"))
                                  << QByteArray("sequence: fraction or exponent not allowed");
    QTest::newRow("sequence -1") << qb(line(created, "-1")) << QByteArray("sequence: expected a non-negative integer");
    QTest::newRow("sequence string") << qb(line(created, "\"5\""))
                                     << QByteArray("sequence: expected a non-negative integer");
    QTest::newRow("sequence -0") << qb(line(created, "-0")) << QByteArray();
    QTest::newRow("wallMs 1.5") << qb(line(created, "0", "1.5"))
                                << QByteArray("timestamp.wallMs: fraction or exponent not allowed");
    QTest::newRow("wallMs 1E3") << qb(line(created, "0", "1E3"))
                                << QByteArray("timestamp.wallMs: fraction or exponent not allowed");
    QTest::newRow("wallMs -2^53") << qb(line(created, "0", "-9007199254740992")) << QByteArray();
    QTest::newRow("wallMs -2^53-1") << qb(line(created, "0", "-9007199254740993"))
                                    << QByteArray("timestamp.wallMs: out of range (beyond 2^53)");
    QTest::newRow("wallMs 2^53+1") << qb(line(created, "0", "9007199254740993"))
                                   << QByteArray("timestamp.wallMs: out of range (beyond 2^53)");
    QTest::newRow("wallMs null") << qb(line(created, "0", "null"))
                                 << QByteArray("timestamp.wallMs: expected an integer");
    QTest::newRow("monoMs 2.0") << qb(line(created, "0", "0", "2.0"))
                                << QByteArray("timestamp.monoMs: fraction or exponent not allowed");
    QTest::newRow("monoMs 2^53+1") << qb(line(created, "0", "0", "9007199254740993"))
                                   << QByteArray("timestamp.monoMs: out of range (beyond 2^53)");
    QTest::newRow("monoMs negative") << qb(line(created, "0", "0", "-5")) << QByteArray();

    // Envelope shape.
    QTest::newRow("not an object") << QByteArray("[1,2]") << QByteArray("entry: expected a JSON object");
    QTest::newRow("scalar") << QByteArray("42") << QByteArray("entry: expected a JSON object");
    QTest::newRow("no id") << QByteArray(R"({"sequence":0,"timestamp":{"wallMs":0,"monoMs":0},"data":{}})")
                           << QByteArray("id: missing");
    QTest::newRow("id number") << QByteArray(R"({"id":7,"sequence":0,"timestamp":{"wallMs":0,"monoMs":0},"data":{}})")
                               << QByteArray("id: expected a string");
    QTest::newRow("empty id allowed") << qb(R"({"id":"","sequence":0,"timestamp":{"wallMs":0,"monoMs":0},"data":)"
        + created + "}") << QByteArray();
    QTest::newRow("no sequence") << QByteArray(R"({"id":"e","timestamp":{"wallMs":0,"monoMs":0},"data":{}})")
                                 << QByteArray("sequence: missing");
    QTest::newRow("no timestamp") << QByteArray(R"({"id":"e","sequence":0,"data":{}})")
                                  << QByteArray("timestamp: missing");
    QTest::newRow("timestamp number") << QByteArray(R"({"id":"e","sequence":0,"timestamp":5,"data":{}})")
                                      << QByteArray("timestamp: expected an object");
    QTest::newRow("no wallMs") << QByteArray(R"({"id":"e","sequence":0,"timestamp":{"monoMs":0},"data":{}})")
                               << QByteArray("timestamp.wallMs: missing");
    QTest::newRow("no monoMs") << QByteArray(R"({"id":"e","sequence":0,"timestamp":{"wallMs":0},"data":{}})")
                               << QByteArray("timestamp.monoMs: missing");
    QTest::newRow("no data") << QByteArray(R"({"id":"e","sequence":0,"timestamp":{"wallMs":0,"monoMs":0}})")
                             << QByteArray("data: missing");
    QTest::newRow("data array") << qb(line("[]")) << QByteArray("data: expected an object");
    QTest::newRow("data string") << qb(line("\"x\"")) << QByteArray("data: expected an object");
    QTest::newRow("unknown envelope fields") << qb(R"({"meta":{"a":[1,2]},"id":"e","sequence":3,"extra":null,)"
                                                   R"("timestamp":{"wallMs":1,"monoMs":2,"tz":"utc"},"data":)"
        + created + "}") << QByteArray();

    // Event type and values.
    QTest::newRow("no type") << qb(line(R"({"tenantId":"t"})")) << QByteArray("data.type: missing");
    QTest::newRow("type number") << qb(line(R"({"type":1,"tenantId":"t"})"))
                                 << QByteArray("data.type: expected a string");
    QTest::newRow("unknown type") << qb(line(R"({"type":"x.y","tenantId":"t"})"))
                                  << QByteArray("data.type: unknown event type 'x.y'");
    QTest::newRow("type case matters") << qb(line(R"({"type":"Tenant.Created","tenantId":"t"})"))
                                       << QByteArray("data.type: unknown event type 'Tenant.Created'");
    QTest::newRow("bad plan") << qb(line(R"({"type":"tenant.created","tenantId":"t","plan":"gold","ownerId":"o"})"))
                              << QByteArray("data.plan: expected one of starter, pro, enterprise");
    QTest::newRow("bad to") << qb(line(R"({"type":"plan.changed","tenantId":"t","from":"pro","to":"Pro"})"))
                            << QByteArray("data.to: expected one of starter, pro, enterprise");
    QTest::newRow("bad role") << qb(
        line(R"({"type":"user.invited","tenantId":"t","userId":"u","email":"e","role":"owner"})"))
                              << QByteArray("data.role: expected one of admin, user");
    QTest::newRow("usage 0.25") << qb(
        line(R"({"type":"feature.used","tenantId":"t","userId":"u","feature":"api_calls","usage":0.25})"))
                                << QByteArray();
    QTest::newRow("usage -60") << qb(
        line(R"({"type":"feature.used","tenantId":"t","userId":"u","feature":"api_calls","usage":-60})"))
                               << QByteArray();
    QTest::newRow("amount 1.5e3") << qb(
        line(R"({"type":"billing.cycle.started","tenantId":"t","cycleId":"c","amount":1.5e3})"))
                                  << QByteArray();
    QTest::newRow("limit bool") << qb(
        line(R"({"type":"limits.exceeded","tenantId":"t","feature":"f","limit":true,"usage":1})"))
                                << QByteArray("data.limit: expected a number");
    QTest::newRow("amount 1e400") << qb(
        line(R"({"type":"billing.cycle.started","tenantId":"t","cycleId":"c","amount":1e400})"))
                                  << QByteArray(
                                         "invalid JSON: malformed number, or one beyond 64-bit integers or doubles");
    QTest::newRow("unknown data fields") << qb(
        line(R"({"type":"tenant.reactivated","tenantId":"t","by":{"op":"x"},"plan":"not-checked-here"})"))
                                         << QByteArray();

    // Duplicate keys.
    QTest::newRow("duplicate sequence") << QByteArray(
        R"({"id":"e","sequence":0,"sequence":1,"timestamp":{"wallMs":0,"monoMs":0},"data":{}})")
                                        << QByteArray("sequence: duplicate key");
    QTest::newRow("duplicate wallMs") << QByteArray(
        R"({"id":"e","sequence":0,"timestamp":{"wallMs":0,"wallMs":1,"monoMs":0},"data":{}})")
                                      << QByteArray("timestamp.wallMs: duplicate key");
    QTest::newRow("duplicate userId") << qb(
        line(R"({"type":"user.activated","tenantId":"t","userId":"u","userId":"v"})"))
                                      << QByteArray("data.userId: duplicate key");
    QTest::newRow("duplicate unknown key") << qb(line(R"({"type":"tenant.reactivated","tenantId":"t","x":1,"x":2})"))
                                           << QByteArray("data.x: duplicate key");
    QTest::newRow("nested duplicate is opaque")
        << qb(line(R"({"type":"tenant.reactivated","tenantId":"t","x":{"a":1,"a":2}})")) << QByteArray();

    // Not JSON, or not UTF-8.
    QTest::newRow("invalid UTF-8 in value") << qb(line(R"({"type":"tenant.suspended","tenantId":"t","reason":"a)"
                                                       "\xff"
                                                       R"("})"))
                                            << QByteArray("invalid UTF-8");
    QTest::newRow("overlong UTF-8 in key")
        << qb(line("{\"type\":\"tenant.reactivated\",\"tenantId\":\"t\",\"\xc0\xaf\":1}"))
        << QByteArray("invalid UTF-8");
    QTest::newRow("valid UTF-8") << qb(line(R"({"type":"tenant.suspended","tenantId":"t-é","reason":"€ 😀"})"))
                                 << QByteArray();
    QTest::newRow("trailing garbage") << qb(line(created) + " x")
                                      << QByteArray("invalid JSON: malformed structure or trailing content");
    QTest::newRow("two objects") << qb(line(created) + line(created))
                                 << QByteArray("invalid JSON: malformed structure or trailing content");
    QTest::newRow("trailing whitespace") << qb(line(created) + " \r\n") << QByteArray();
    QTest::newRow("truncated") << qb(line(created).substr(0, 60))
                               << QByteArray("invalid JSON: malformed structure or trailing content");
    QTest::newRow("truncated in string") << qb(line(created).substr(0, 64))
                                         << QByteArray("invalid JSON: malformed string");
    QTest::newRow("not JSON") << QByteArray("hello")
                              << QByteArray("invalid JSON: malformed structure or trailing content");
    QTest::newRow("bad literal") << qb(line(R"({"type":"tenant.reactivated","tenantId":"t","x":tru})"))
                                 << QByteArray("invalid JSON: malformed literal");
    QTest::newRow("empty") << QByteArray("") << QByteArray("invalid JSON: empty");
    QTest::newRow("leading zero") << qb(
        line(created, "01")) << QByteArray("invalid JSON: malformed number, or one beyond 64-bit integers or doubles");
    const std::string deep = std::string(10000, '[') + std::string(10000, ']');
    QTest::newRow("10000 levels in data")
        << qb(line(R"({"type":"tenant.reactivated","tenantId":"t","x":)" + deep + "}"))
        << QByteArray("invalid JSON: nested too deep");
    const std::string deepObject = [] {
        std::string s;
        for (int i = 0; i < 10000; ++i)
            s += "{\"a\":";
        return s + "1" + std::string(10000, '}');
    }();
    QTest::newRow("10000 object levels") << qb(deepObject) << QByteArray("invalid JSON: nested too deep");
}

void TestCodec::validation()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, error);
    EntryCodec codec;
    StringPool pool;
    Entry entry;
    Event event;
    std::string reason;
    const bool ok = codec.decodeEntry(sv(input), entry, reason, &event, &pool);
    QCOMPARE(QByteArray::fromStdString(reason), error);
    QCOMPARE(ok, error.isEmpty());
}

void TestCodec::dataKeptByteForByte_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("compact") << qb(line(Invite)) << qb(Invite);
    QTest::newRow("whitespace removed, spellings kept")
        << QByteArray(
               "{ \"id\" : \"e\" , \"data\" :\t{ \"type\" : \"feature.used\",\n \"tenantId\":\"t\", \"userId\":\"u\","
               " \"feature\":\"api_calls\", \"usage\" : 1.50 , \"extra\" : { \"n\" : 1E2, \"s\" : \"a b\\\" {\","
               " \"l\":[ true , null ] } , \"u\":\"\xc3\xa9\\u00e9\" } , \"sequence\" : 1 ,"
               " \"timestamp\" : { \"monoMs\" : 0 , \"wallMs\" : 2 } }\n")
        << QByteArray(R"({"type":"feature.used","tenantId":"t","userId":"u","feature":"api_calls","usage":1.50,)"
                      R"("extra":{"n":1E2,"s":"a b\" {","l":[true,null]},"u":"é\u00e9"})");
    QTest::newRow("data first, envelope strings with braces") << qb(
        R"({"data":{"type":"tenant.reactivated","tenantId":"}{,"},"id":"{\"data\":1}","sequence":0,)"
        R"("timestamp":{"wallMs":0,"monoMs":0}})") << QByteArray(R"({"type":"tenant.reactivated","tenantId":"}{,"})");
    QTest::newRow("key spelled with an escape") << qb(
        R"({"id":"e","sequence":0,"timestamp":{"wallMs":0,"monoMs":0},"d\u0061ta":{"type":"tenant.reactivated","tenantId":"t","k":[]}})")
                                                << QByteArray(R"({"type":"tenant.reactivated","tenantId":"t","k":[]})");
}

void TestCodec::dataKeptByteForByte()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, data);
    EntryCodec codec;
    Entry entry;
    std::string error;
    QVERIFY2(codec.decodeEntry(sv(input), entry, error), error.c_str());
    QCOMPARE(QByteArray::fromStdString(entry.data), data);
}

void TestCodec::decodedEvent()
{
    EntryCodec codec;
    StringPool pool;
    Entry entry;
    Event event;
    std::string error;
    const std::string input
        = R"({"id":"e-\"7\"","sequence":7,"timestamp":{"wallMs":-5,"monoMs":12},"data":{"type":"limits.exceeded",)"
          R"("tenantId":"t-1","feature":"api_calls","limit":1000,"usage":1000.5}})";
    QVERIFY2(codec.decodeEntry(input, entry, error, &event, &pool), error.c_str());
    QCOMPARE(entry.id, std::string("e-\"7\""));
    QCOMPARE(entry.sequence, 7);
    QCOMPARE(entry.wallMs, -5);
    QCOMPARE(entry.monoMs, 12);
    QCOMPARE(event.type, EventType::LimitsExceeded);
    QCOMPARE(pool.view(event.tenantId), std::string_view("t-1"));
    QCOMPARE(pool.view(event.feature), std::string_view("api_calls"));
    QCOMPARE(event.limit, 1000.0);
    QCOMPARE(event.usage, 1000.5);
    QVERIFY(event.userId.isNull()); // fields the type does not carry stay null

    QVERIFY(codec.decodeEntry(line(Invite), entry, error, &event, &pool));
    QCOMPARE(event.type, EventType::UserInvited);
    QCOMPARE(event.role, Role::Admin);
    QCOMPARE(pool.view(event.email), std::string_view("a@x.io"));
    QCOMPARE(event.limit, 0.0); // reset from the previous decode

    const std::string planChanged = R"({"type":"plan.changed","tenantId":"t","from":"starter","to":"enterprise"})";
    QVERIFY(codec.decodeEntry(line(planChanged), entry, error, &event, &pool));
    QCOMPARE(event.from, Plan::Starter);
    QCOMPARE(event.to, Plan::Enterprise);
}

void TestCodec::decodeDataAlone()
{
    EntryCodec codec;
    StringPool pool;
    Event event;
    std::string error;
    std::string minified;
    QVERIFY(codec.decodeData(" {\"type\" : \"user.activated\", \"tenantId\":\"t\",\"userId\":\"u\", \"n\": 1.0 }",
        error, &event, &pool, &minified));
    QCOMPARE(minified, std::string(R"({"type":"user.activated","tenantId":"t","userId":"u","n":1.0})"));
    QCOMPARE(event.type, EventType::UserActivated);
    QCOMPARE(pool.view(event.userId), std::string_view("u"));

    QVERIFY(!codec.decodeData(R"({"type":"user.activated","tenantId":"t"})", error));
    QCOMPARE(error, std::string("data.userId: missing"));
    QVERIFY(!codec.decodeData("[]", error));
    QCOMPARE(error, std::string("data: expected an object"));
    QVERIFY(!codec.decodeData(R"({"type":"user.activated","tenantId":"t","userId":"u"} {})", error));
    QCOMPARE(error, std::string("invalid JSON: malformed structure or trailing content"));
}

void TestCodec::encodeEntryRoundTrip()
{
    Entry entry;
    entry.id = "id \"quoted\" \\ \n\t\x01 é";
    entry.sequence = 9007199254740992;
    entry.wallMs = -9007199254740992;
    entry.monoMs = 42;
    entry.data = Invite;
    const std::string text = encodeEntry(entry);
    // (Raw strings with backslashes stay out of macro arguments: moc misreads them.)
    const std::string expected = R"({"id":"id \"quoted\" \\ \n\t\u0001 é","sequence":9007199254740992,)"
                                 R"("timestamp":{"wallMs":-9007199254740992,"monoMs":42},"data":)"
        + Invite + "}";
    QCOMPARE(text, expected);
    EntryCodec codec;
    Entry back;
    std::string error;
    QVERIFY2(codec.decodeEntry(text, back, error), error.c_str());
    QCOMPARE(back.id, entry.id);
    QCOMPARE(back.sequence, entry.sequence);
    QCOMPARE(back.wallMs, entry.wallMs);
    QCOMPARE(back.monoMs, entry.monoMs);
    QCOMPARE(back.data, entry.data);
    std::string appended = "x";
    appendEntryJson(appended, entry);
    QCOMPARE(appended, "x" + text);
}

void TestCodec::encodeEventWritesTheTableOrder()
{
    // Each sample is written in the table's order with integral numbers, so
    // decoding and re-encoding gives the sample back exactly.
    EntryCodec codec;
    StringPool pool;
    for (const Sample& s : samples()) {
        const std::string data = dataOf(s.type, s.fields);
        Event event;
        std::string error;
        QVERIFY2(codec.decodeData(data, error, &event, &pool), error.c_str());
        QCOMPARE(encodeEvent(event, pool), data);
    }
    Event fractional;
    fractional.type = EventType::FeatureUsed;
    fractional.tenantId = pool.intern("t");
    fractional.userId = pool.intern("u\"");
    fractional.feature = pool.intern("f");
    fractional.usage = 0.25;
    const std::string expected = R"({"type":"feature.used","tenantId":"t","userId":"u\"","feature":"f","usage":0.25})";
    QCOMPARE(encodeEvent(fractional, pool), expected);
}

void TestCodec::codecIsReusable()
{
    EntryCodec codec;
    StringPool pool;
    Entry entry;
    Event event;
    std::string error;
    const std::string bigData
        = R"({"type":"tenant.reactivated","tenantId":"t","pad":")" + std::string(100000, 'p') + "\"}";
    QVERIFY(codec.decodeEntry(line(bigData), entry, error, &event, &pool));
    QCOMPARE(entry.data, bigData);
    QVERIFY(!codec.decodeEntry(line("{}"), entry, error, &event, &pool));
    QCOMPARE(error, std::string("data.type: missing"));
    QVERIFY(codec.decodeEntry(line(Invite, "5"), entry, error, &event, &pool));
    QCOMPARE(entry.data, Invite);
    QCOMPARE(entry.sequence, 5);
    QCOMPARE(event.type, EventType::UserInvited);
}

QTEST_GUILESS_MAIN(TestCodec)
#include "tst_codec.moc"
