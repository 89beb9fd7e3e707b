#include "engine/platform/event.h"
#include "engine/platform/fold.h"
#include "engine/platform/json_value.h"
#include "engine/platform/json_writer.h"
#include "engine/platform/platform_state.h"
#include "engine/platform/state_json.h"
#include "engine/platform/string_pool.h"

#include <QTest>

#include <cmath>
#include <cstdlib>
#include <limits>

using namespace cd::platform;

// Declared before the helpers: moc misreads raw strings holding \" and
// would not find the class after them.
class TestJsonWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void numbers_data();
    void numbers();
    void numbersReadBack();
    void strings_data();
    void strings();
    void structure();
    void tenantShape();
    void platformState();
    void singleTenantState();
    void jsonValueMatchesWriter();
    void jsonValueObjects();
    void jsonPointerSegments();
};

namespace {
std::string number(double d)
{
    std::string out;
    appendJsonNumber(out, d);
    return out;
}

std::string quoted(std::string_view s)
{
    std::string out;
    appendJsonString(out, s);
    return out;
}

QByteArray qb(const std::string& s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

// A small platform built through the fold: keys interned out of byte order
// so that output order cannot come from id order by accident.
struct Fixture {
    StringPool pool;
    PlatformState state;

    Event ev(EventType type, std::string_view tenant)
    {
        Event e;
        e.type = type;
        e.tenantId = pool.intern(tenant);
        return e;
    }
    Fixture()
    {
        Event c = ev(EventType::TenantCreated, "t-b");
        c.plan = Plan::Pro;
        c.ownerId = pool.intern("owner-1");
        apply(state, c, 1);
        c = ev(EventType::TenantCreated, "T-a");
        c.plan = Plan::Starter;
        c.ownerId = pool.intern("o\"2");
        apply(state, c, 2);
        invite("u-2", "bob@example.com", Role::User);
        invite("U-3", "", Role::User);
        invite("u-10", "alice@example.com", Role::Admin);
        Event a = ev(EventType::UserActivated, "t-b");
        a.userId = pool.intern("u-10");
        apply(state, a, 10);
        use("storage_mb", -60);
        use("api_calls", 150);
        use("api_calls", 0.25);
        Event p = ev(EventType::BillingPaymentSucceeded, "t-b");
        p.cycleId = pool.intern("c-1");
        p.amount = 9900;
        apply(state, p, 1764000000005);
        Event f = ev(EventType::BillingPaymentFailed, "t-b");
        f.cycleId = pool.intern("c-2");
        apply(state, f, 20);
        connect("s-9", "u-10", 1764000000100);
        connect("s-10", "u-2", 1764000000200);
    }
    void invite(std::string_view user, std::string_view email, Role role)
    {
        Event e = ev(EventType::UserInvited, "t-b");
        e.userId = pool.intern(user);
        e.email = pool.intern(email);
        e.role = role;
        apply(state, e, 5);
    }
    void use(std::string_view feature, double amount)
    {
        Event e = ev(EventType::FeatureUsed, "t-b");
        e.userId = pool.intern("u-2");
        e.feature = pool.intern(feature);
        e.usage = amount;
        apply(state, e, 6);
    }
    void connect(std::string_view session, std::string_view user, std::int64_t at)
    {
        Event e = ev(EventType::SessionConnected, "t-b");
        e.sessionId = pool.intern(session);
        e.userId = pool.intern(user);
        apply(state, e, at);
    }
    const TenantState& tenant(std::string_view id) const
    {
        static const TenantState missing;
        const TenantState* t = state.find(pool.find(id));
        if (!t)
            QTest::qFail("tenant expected to exist", __FILE__, __LINE__);
        return t ? *t : missing;
    }
};

const char* const TenantB = R"({"tenantId":"t-b","plan":"pro","ownerId":"owner-1","status":"active",)"
                            R"("users":{"U-3":{"email":"","role":"user","status":"invited"},)"
                            R"("u-10":{"email":"alice@example.com","role":"admin","status":"active"},)"
                            R"("u-2":{"email":"bob@example.com","role":"user","status":"invited"}},)"
                            R"("billing":{"currentCycle":"c-1","lastPayment":1764000000005,"failedPayments":1},)"
                            R"("usage":{"api_calls":150.25,"storage_mb":-60},)"
                            R"("limits":{"users":25,"api_calls":10000,"storage_mb":1000},)"
                            R"("sessions":{"s-10":{"userId":"u-2","connectedAt":1764000000200},)"
                            R"("s-9":{"userId":"u-10","connectedAt":1764000000100}}})";
const char* const TenantA = R"({"tenantId":"T-a","plan":"starter","ownerId":"o\"2","status":"active","users":{},)"
                            R"("billing":{"currentCycle":null,"lastPayment":null,"failedPayments":0},"usage":{},)"
                            R"("limits":{"users":5,"api_calls":1000,"storage_mb":100},"sessions":{}})";
} // namespace

void TestJsonWriter::numbers_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("150") << 150.0 << QByteArray("150");
    QTest::newRow("-60") << -60.0 << QByteArray("-60");
    QTest::newRow("0.25") << 0.25 << QByteArray("0.25");
    QTest::newRow("0.1+0.2") << 0.1 + 0.2 << QByteArray("0.30000000000000004");
    QTest::newRow("0") << 0.0 << QByteArray("0");
    QTest::newRow("-0") << -0.0 << QByteArray("0");
    QTest::newRow("2^53") << 9007199254740992.0 << QByteArray("9007199254740992");
    QTest::newRow("-2^53") << -9007199254740992.0 << QByteArray("-9007199254740992");
    QTest::newRow("wallMs") << 1764000000005.0 << QByteArray("1764000000005");
    QTest::newRow("1e21") << 1e21 << QByteArray("1000000000000000000000");
    QTest::newRow("-1e19") << -1e19 << QByteArray("-10000000000000000000");
    QTest::newRow("2^63") << 9223372036854775808.0 << QByteArray("9223372036854775808");
    QTest::newRow("1e-7") << 1e-7 << QByteArray("1e-07");
    QTest::newRow("123456.789") << 123456.789 << QByteArray("123456.789");
    QTest::newRow("-59.75") << -59.75 << QByteArray("-59.75");
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << QByteArray("null");
    QTest::newRow("inf") << std::numeric_limits<double>::infinity() << QByteArray("null");
}

void TestJsonWriter::numbers()
{
    QFETCH(double, value);
    QFETCH(QByteArray, json);
    QCOMPARE(qb(number(value)), json);
}

void TestJsonWriter::numbersReadBack()
{
    // Every finite double reads back exactly; integral ones carry neither a
    // fraction nor an exponent.
    const double values[] = { 0.1, 1.0 / 3, 2.5e-300, 1.7976931348623157e308, -4.9e-324, 1e300, 123456789.125,
        -0.000123, 3e15 + 0.5, 12345678901234567890.0 };
    for (double v : values) {
        const std::string s = number(v);
        QCOMPARE(std::strtod(s.c_str(), nullptr), v);
        if (std::trunc(v) == v)
            QVERIFY2(s.find_first_of(".eE") == std::string::npos, s.c_str());
    }
}

void TestJsonWriter::strings_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("plain") << QByteArray("hello") << QByteArray(R"("hello")");
    QTest::newRow("empty") << QByteArray("") << QByteArray(R"("")");
    QTest::newRow("quote and backslash") << QByteArray(R"(a"b\c)") << QByteArray(R"("a\"b\\c")");
    QTest::newRow("short escapes") << QByteArray("\n\t\r\b\f") << QByteArray(R"("\n\t\r\b\f")");
    QTest::newRow("other controls") << QByteArray("\x01\x1f", 2) << QByteArray(R"("\u0001\u001f")");
    QTest::newRow("nul") << QByteArray("a\0b", 3) << QByteArray(R"("a\u0000b")");
    QTest::newRow("DEL and slash pass") << QByteArray("\x7f/") << QByteArray("\"\x7f/\"");
    QTest::newRow("UTF-8 passes") << QByteArray("é€😀") << QByteArray("\"é€😀\"");
    QTest::newRow("invalid byte") << QByteArray("a\xff") << QByteArray("\"a\xEF\xBF\xBD\"");
    QTest::newRow("truncated sequence") << QByteArray("\xe2\x82") << QByteArray("\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    QTest::newRow("overlong") << QByteArray("\xc0\xaf") << QByteArray("\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << QByteArray("\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

void TestJsonWriter::strings()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, json);
    QCOMPARE(qb(quoted(std::string_view(text.constData(), std::size_t(text.size())))), json);
}

void TestJsonWriter::structure()
{
    std::string out = "prefix:";
    JsonWriter w(out);
    w.beginObject();
    w.key("a");
    w.beginArray();
    w.integer(1);
    w.number(2.5);
    w.beginObject();
    w.key("b");
    w.null();
    w.endObject();
    w.beginArray();
    w.endArray();
    w.endArray();
    w.key("c");
    w.boolean(true);
    w.key("d");
    w.raw(R"({"x":1.50})");
    w.key("e\n");
    w.string("s");
    w.key("f");
    w.integer(std::numeric_limits<std::int64_t>::min());
    w.endObject();
    const std::string expected = R"(prefix:{"a":[1,2.5,{"b":null},[]],"c":true,"d":{"x":1.50},"e\n":"s",)"
                                 R"("f":-9223372036854775808})";
    QCOMPARE(out, expected);
}

void TestJsonWriter::tenantShape()
{
    Fixture f;
    std::string out;
    JsonWriter w(out);
    writeTenantJson(w, f.tenant("t-b"), f.pool);
    QCOMPARE(out, std::string(TenantB));
    out.clear();
    JsonWriter w2(out);
    writeTenantJson(w2, f.tenant("T-a"), f.pool);
    QCOMPARE(out, std::string(TenantA));
}

void TestJsonWriter::platformState()
{
    Fixture f;
    std::string out;
    JsonWriter w(out);
    writePlatformStateJson(w, f.state, f.pool, 41, 1764000000200);
    QCOMPARE(out,
        std::string(R"({"sequence":41,"wallMs":1764000000200,"tenants":{"T-a":)") + TenantA + R"(,"t-b":)" + TenantB
            + "}}");
    out.clear();
    JsonWriter empty(out);
    writePlatformStateJson(empty, PlatformState(), f.pool, std::nullopt, std::nullopt);
    QCOMPARE(out, std::string(R"({"sequence":null,"wallMs":null,"tenants":{}})"));
}

void TestJsonWriter::singleTenantState()
{
    Fixture f;
    std::string out;
    JsonWriter w(out);
    writeSingleTenantStateJson(w, &f.tenant("T-a"), f.pool, 3, -7);
    QCOMPARE(out, std::string(R"({"sequence":3,"wallMs":-7,"tenant":)") + TenantA + "}");
    out.clear();
    JsonWriter none(out);
    writeSingleTenantStateJson(none, nullptr, f.pool, 3, 9);
    QCOMPARE(out, std::string(R"({"sequence":3,"wallMs":9,"tenant":null})"));
}

void TestJsonWriter::jsonValueMatchesWriter()
{
    Fixture f;
    for (const char* id : { "t-b", "T-a" }) {
        const JsonValue value = tenantToJsonValue(f.tenant(id), f.pool);
        std::string written;
        JsonWriter w(written);
        writeTenantJson(w, f.tenant(id), f.pool);
        std::string error;
        const std::optional<JsonValue> parsed = parseJsonValue(written, &error);
        QVERIFY2(parsed, error.c_str());
        QVERIFY(*parsed == value);
    }
    const JsonValue b = tenantToJsonValue(f.tenant("t-b"), f.pool);
    const JsonValue* users = b.find("users");
    QVERIFY(users && users->isObject());
    QCOMPARE(users->asObject().front().key, std::string("U-3")); // byte order
    const JsonValue* billing = b.find("billing");
    QVERIFY(billing);
    const JsonValue* last = billing->find("lastPayment");
    QVERIFY(last);
    QCOMPARE(last->asNumber(), 1764000000005.0);
    QVERIFY(!(b == tenantToJsonValue(f.tenant("T-a"), f.pool)));
}

void TestJsonWriter::jsonValueObjects()
{
    JsonValue o = JsonValue::object();
    o.set("b", JsonValue::number(2));
    o.set("a", JsonValue::string("x"));
    o.set("B", JsonValue());
    o.set("a", JsonValue::boolean(false)); // replaces
    QCOMPARE(o.asObject().size(), std::size_t(3));
    QCOMPARE(o.toJson(), std::string(R"({"B":null,"a":false,"b":2})"));
    QVERIFY(!o.find("c"));
    JsonValue arr = JsonValue::array({ JsonValue::number(0.5), JsonValue::string("\"") });
    QCOMPARE(arr.toJson(), std::string(R"([0.5,"\""])"));
    QVERIFY(!parseJsonValue("{\"a\":", nullptr));
    const std::optional<JsonValue> p = parseJsonValue(R"({"b":2,"B":null,"a":false})");
    QVERIFY(p && *p == o);
}

void TestJsonWriter::jsonPointerSegments()
{
    std::string path;
    appendJsonPointerSegment(path, "users");
    appendJsonPointerSegment(path, "a/b~c");
    appendJsonPointerSegment(path, "");
    QCOMPARE(path, std::string("/users/a~1b~0c/"));
}

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_json_writer.moc"
