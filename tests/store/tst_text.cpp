#include "engine/store/content_hash.h"
#include "engine/store/json_text.h"
#include "engine/store/sha256.h"
#include "engine/store/text_encoding.h"

#include <QTest>

using namespace cd::store;

class TestText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sha256KnownAnswers()
    {
        Sha256 empty;
        QCOMPARE(empty.finishHex(), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        Sha256 abc;
        abc.update("abc");
        QCOMPARE(abc.finishHex(), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        // 56 bytes: the padding spills into a second block.
        Sha256 two;
        two.update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
        QCOMPARE(two.finishHex(), std::string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
    }

    void contentHashLaneIsXxh64()
    {
        // The first lane is XXH64 with seed 0 (reference values).
        auto lane0 = [](std::string_view bytes) {
            ContentHash h;
            h.update(bytes);
            return h.finishHex().substr(0, 16);
        };
        QCOMPARE(lane0(""), std::string("ef46db3751d8e999"));
        QCOMPARE(lane0("a"), std::string("d24ec4f1a98c6e5b"));
        QCOMPARE(lane0("abc"), std::string("44bc2cf5ad770999"));
    }

    void contentHashIgnoresChunking()
    {
        std::string bytes;
        for (int i = 0; i < 10000; ++i)
            bytes.push_back(char((i * 131) % 256));
        ContentHash whole;
        whole.update(bytes);
        const std::string expected = whole.finishHex();
        QCOMPARE(expected.size(), std::size_t(32));
        for (const std::size_t chunk : { 1, 3, 31, 32, 33, 1000 }) {
            ContentHash h;
            for (std::size_t i = 0; i < bytes.size(); i += chunk)
                h.update(std::string_view(bytes).substr(i, chunk));
            QCOMPARE(h.finishHex(), expected);
        }
        bytes[5000] ^= 1;
        ContentHash changed;
        changed.update(bytes);
        QVERIFY(changed.finishHex() != expected);
    }

    void base64()
    {
        QCOMPARE(base64Encode(""), std::string(""));
        QCOMPARE(base64Encode("f"), std::string("Zg=="));
        QCOMPARE(base64Encode("fo"), std::string("Zm8="));
        QCOMPARE(base64Encode("foo"), std::string("Zm9v"));
        QCOMPARE(base64Encode(std::string_view("\xff\xfe\x00", 3)), std::string("//4A"));
    }

    void utf8()
    {
        QVERIFY(isValidUtf8("plain"));
        QVERIFY(isValidUtf8("caf\xc3\xa9"));
        QVERIFY(!isValidUtf8("\xc3\x28"));
        QVERIFY(!isValidUtf8("\xed\xa0\x80")); // a UTF-16 surrogate
    }

    void extents()
    {
        const std::string_view text = "{\"a\":\"}]\\\"\",\"b\":[1,{\"c\":\"[\"}],\"d\":-1.5e3}";
        json::MemberWalker walker(text);
        QStringList seen;
        while (walker.next())
            seen << QString::fromStdString(walker.key() + "=" + std::string(walker.value()));
        QVERIFY(walker.ok());
        QCOMPARE(seen,
            QStringList(
                { QStringLiteral("a=\"}]\\\"\""), QStringLiteral("b=[1,{\"c\":\"[\"}]"), QStringLiteral("d=-1.5e3") }));
        QCOMPARE(json::valueEnd("[[[", 0), json::npos);
        QCOMPARE(json::stringEnd("\"abc\\\"", 0), json::npos);
        std::string value;
        QVERIFY(json::topLevelString("{\"x\":{\"tenantId\":\"no\"},\"tenantId\":\"t\\u0031\"}", "tenantId", value));
        QCOMPARE(value, std::string("t1"));
        QVERIFY(!json::topLevelString("{\"tenantId\":5}", "tenantId", value));
    }

    void escapes()
    {
        std::string out;
        QVERIFY(json::unescape("a\\n\\u00e9\\ud83d\\ude00\\/", out));
        QCOMPARE(out, std::string("a\n\xc3\xa9\xf0\x9f\x98\x80/"));
        QVERIFY(!json::unescape("\\ud83d", out));
        QVERIFY(!json::unescape("\\x", out));
        out.clear();
        json::appendQuoted(out, std::string("q\"b\\\x01\xc3\xa9", 7));
        QCOMPARE(out, std::string("\"q\\\"b\\\\\\u0001\xc3\xa9\""));
    }
};

QTEST_GUILESS_MAIN(TestText)
#include "tst_text.moc"
