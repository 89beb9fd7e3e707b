#include "engine/platform/codec.h"
#include "engine/store/entry_source.h"
#include "engine/store/exporter.h"
#include "engine/store/importer.h"
#include "engine/store/sqlite_journal_writer.h"

#include "store_test_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

QByteArray expectedNdjson(const std::vector<Entry>& entries, std::int64_t from, std::int64_t to, const QString& tenant)
{
    QByteArray out;
    for (const auto& e : entries) {
        if (e.sequence < from || e.sequence > to)
            continue;
        if (!tenant.isEmpty() && !q(e.data).contains(QStringLiteral("\"tenantId\":\"%1\"").arg(tenant)))
            continue;
        out += QByteArray::fromStdString(cd::platform::encodeEntry(e)) + "\n";
    }
    return out;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    std::vector<Entry> m_entries;
    QString m_ndjson;
    QString m_phyxius;
    QString m_sqlite;

    QString fresh(const char* name)
    {
        return m_dir.filePath(QStringLiteral("%1-%2").arg(++m_counter).arg(QString::fromUtf8(name)));
    }
    QString source(const QString& format) const
    {
        return format == QStringLiteral("ndjson") ? m_ndjson
            : format == QStringLiteral("phyxius") ? m_phyxius
                                                  : m_sqlite;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_entries = makeEntries(10, 60, 4);
        m_ndjson = fresh("source.ndjson");
        m_phyxius = fresh("source.json");
        m_sqlite = fresh("source.sqlite");
        QVERIFY(writeBytes(m_ndjson, ndjson(m_entries)));
        QVERIFY(writeBytes(m_phyxius,
            phyxiusPretty(
                m_entries, ",\n  \"nextSequence\": 70,\n  \"createdAt\": {\"wallMs\": 1700000000000, \"monoMs\": 3}")));
        QVERIFY(importJournal(str(m_ndjson), str(m_sqlite)).ok());
    }

    void slicesFromEveryFormat_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::addColumn<QString>("tenant");
        for (const char* format : { "ndjson", "phyxius", "sqlite" }) {
            const QString f = QString::fromUtf8(format);
            QTest::addRow("%s, everything", format) << f << qint64(-1) << qint64(-1) << QString();
            QTest::addRow("%s, range", format) << f << qint64(20) << qint64(33) << QString();
            QTest::addRow("%s, one entry", format) << f << qint64(25) << qint64(25) << QString();
            QTest::addRow("%s, open end", format) << f << qint64(60) << qint64(-1) << QString();
            QTest::addRow("%s, tenant", format) << f << qint64(-1) << qint64(-1) << QStringLiteral("t-2");
            QTest::addRow("%s, tenant and range", format) << f << qint64(15) << qint64(40) << QStringLiteral("t-3");
            QTest::addRow("%s, nothing", format) << f << qint64(100) << qint64(200) << QString();
        }
    }

    void slicesFromEveryFormat()
    {
        QFETCH(QString, format);
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QFETCH(QString, tenant);
        ExportOptions options;
        if (from >= 0)
            options.fromSequence = from;
        if (to >= 0)
            options.toSequence = to;
        if (!tenant.isEmpty())
            options.tenantId = str(tenant);
        const QString output = fresh("slice.ndjson");
        const ExportSummary summary = exportJournal(str(source(format)), str(output), options);
        QVERIFY2(summary.ok(), summary.message.c_str());
        const QByteArray expected = expectedNdjson(m_entries, from < 0 ? 0 : from, to < 0 ? 1 << 30 : to, tenant);
        QCOMPARE(readBytes(output), expected);
        QCOMPARE(summary.exported, std::uint64_t(expected.count('\n')));
    }

    void phyxiusRoundTrip()
    {
        // Phyxius export → import → export again: the same entries and bytes.
        const QString exported = fresh("first.json");
        ExportOptions phyxius;
        phyxius.format = ExportFormat::Phyxius;
        ExportSummary summary = exportJournal(str(m_phyxius), str(exported), phyxius);
        QVERIFY2(summary.ok(), summary.message.c_str());
        const QJsonObject doc = QJsonDocument::fromJson(readBytes(exported)).object();
        QCOMPARE(doc.value(QStringLiteral("entries")).toArray().size(), int(m_entries.size()));
        QCOMPARE(doc.value(QStringLiteral("nextSequence")).toInteger(), m_entries.back().sequence + 1);
        const QJsonObject createdAt = doc.value(QStringLiteral("createdAt")).toObject();
        QCOMPARE(createdAt.value(QStringLiteral("wallMs")).toInteger(), qint64(1700000000000));
        QCOMPARE(createdAt.value(QStringLiteral("monoMs")).toInteger(), qint64(3));

        const QString journal = fresh("round.sqlite");
        QVERIFY(importJournal(str(exported), str(journal)).ok());
        const QString again = fresh("again.json");
        summary = exportJournal(str(journal), str(again), phyxius);
        QVERIFY2(summary.ok(), summary.message.c_str());
        QCOMPARE(readBytes(again), readBytes(exported));

        // And its entries are exactly the original ones.
        const QString lines = fresh("round.ndjson");
        QVERIFY(exportJournal(str(again), str(lines), {}).ok());
        QCOMPARE(readBytes(lines), ndjson(m_entries));
    }

    void createdAtOnlyWhenKnown()
    {
        // Imported from NDJSON, the journal does not know a creation instant.
        ExportOptions phyxius;
        phyxius.format = ExportFormat::Phyxius;
        phyxius.fromSequence = 12;
        phyxius.toSequence = 13;
        const QString output = fresh("nocreated.json");
        QVERIFY(exportJournal(str(m_sqlite), str(output), phyxius).ok());
        const QByteArray expected = "{\"entries\":[\n"
            + QByteArray::fromStdString(cd::platform::encodeEntry(m_entries[2])) + ",\n"
            + QByteArray::fromStdString(cd::platform::encodeEntry(m_entries[3])) + "\n],\"nextSequence\":14}\n";
        QCOMPARE(readBytes(output), expected);

        // A journal written with a creation instant exports it.
        const QString written = fresh("written.sqlite");
        WriterOptions options;
        options.meta = { "j", 1764000000000, 250 };
        std::string error;
        auto writer = SqliteJournalWriter::create(str(written), options, error);
        QVERIFY(writer->append(makeEntries(0, 1), error));
        QVERIFY(writer->close(error));
        writer.reset();
        const QString out2 = fresh("created.json");
        QVERIFY(exportJournal(str(written), str(out2), phyxius).ok());
        QCOMPARE(readBytes(out2),
            QByteArray(
                "{\"entries\":[],\"nextSequence\":0,\"createdAt\":{\"wallMs\":1764000000000,\"monoMs\":250}}\n"));
    }

    void aRangeOfAPhyxiusExportKeepsItsCreatedAt()
    {
        // createdAt follows "entries": a slice that ends early still reads it.
        ExportOptions phyxius;
        phyxius.format = ExportFormat::Phyxius;
        phyxius.toSequence = 10;
        const QString output = fresh("head.json");
        const ExportSummary summary = exportJournal(str(m_phyxius), str(output), phyxius);
        QVERIFY2(summary.ok(), summary.message.c_str());
        QCOMPARE(readBytes(output),
            "{\"entries\":[\n" + QByteArray::fromStdString(cd::platform::encodeEntry(m_entries[0]))
                + "\n],\"nextSequence\":11,\"createdAt\":{\"wallMs\":1700000000000,\"monoMs\":3}}\n");
    }

    void refusesAnExistingOutput()
    {
        const QString output = fresh("exists.ndjson");
        QVERIFY(writeBytes(output, "keep me"));
        ExportSummary summary = exportJournal(str(m_ndjson), str(output), {});
        QCOMPARE(summary.status, ExportStatus::OutputExists);
        QCOMPARE(q(summary.message), output + QStringLiteral(": already exists (use --force to replace it)"));
        QCOMPARE(readBytes(output), QByteArray("keep me"));
        ExportOptions force;
        force.force = true;
        summary = exportJournal(str(m_ndjson), str(output), force);
        QVERIFY(summary.ok());
        QCOMPARE(readBytes(output), ndjson(m_entries));
    }

    void anInvalidEntryStopsTheExport_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("place");
        QTest::newRow("ndjson") << QStringLiteral("ndjson") << QStringLiteral(":3: ");
        QTest::newRow("phyxius") << QStringLiteral("phyxius") << QStringLiteral(": entries[2]: ");
        QTest::newRow("sqlite") << QStringLiteral("sqlite") << QStringLiteral(": sequence 2: ");
    }

    void anInvalidEntryStopsTheExport()
    {
        QFETCH(QString, format);
        QFETCH(QString, place);
        auto entries = makeEntries(0, 5);
        entries[2].data = "{\"type\":\"tenant.exploded\",\"tenantId\":\"t\"}";
        QString input = fresh("bad.ndjson");
        if (format == QStringLiteral("phyxius")) {
            input = fresh("bad.json");
            QVERIFY(writeBytes(input, phyxiusPretty(entries)));
        } else {
            QVERIFY(writeBytes(input, ndjson(entries)));
        }
        if (format == QStringLiteral("sqlite")) {
            const QString journal = fresh("bad.sqlite");
            QVERIFY(importJournal(str(fileOk()), str(journal)).ok());
            QVERIFY(execSql(journal,
                "UPDATE events SET data = '{\"type\":\"tenant.exploded\",\"tenantId\":\"t-2\"}', type = "
                "'tenant.exploded' WHERE sequence = 2"));
            input = journal;
        }
        const QString output = fresh("never.ndjson");
        const ExportSummary summary = exportJournal(str(input), str(output), {});
        QCOMPARE(summary.status, ExportStatus::InvalidEntry);
        QVERIFY2(q(summary.message).startsWith(input + place + QStringLiteral("data.type: unknown event type")),
            summary.message.c_str());
        QVERIFY(!QFileInfo::exists(output));
    }

    void unusableSourcesAreBadInput()
    {
        const QString journal = fresh("v2.sqlite");
        QVERIFY(importJournal(str(m_ndjson), str(journal)).ok());
        QVERIFY(execSql(journal, "UPDATE journal_meta SET value = '7' WHERE key = 'format_version'"));
        const QString output = fresh("none.ndjson");
        ExportSummary summary = exportJournal(str(journal), str(output), {});
        QCOMPARE(summary.status, ExportStatus::BadInput);
        QCOMPARE(q(summary.message), journal + QStringLiteral(": newer format version 7 (this reader knows 1)"));
        const QString garbage = fresh("garbage.bin");
        QVERIFY(writeBytes(garbage, QByteArray("\x01\x02\x03", 3)));
        summary = exportJournal(str(garbage), str(output), {});
        QCOMPARE(summary.status, ExportStatus::BadInput);
        QVERIFY(q(summary.message).startsWith(garbage + QStringLiteral(": not a journal")));
        QVERIFY(!QFileInfo::exists(output));
    }

    void exportsToAnySink()
    {
        std::string error;
        SourceOptions sourceOptions;
        sourceOptions.tenantId = "t-1";
        auto source = openEntrySource(str(m_sqlite), sourceOptions, error);
        QVERIFY2(source, error.c_str());
        std::string out;
        ExportOptions options;
        options.tenantId = "t-1";
        const ExportSummary summary = exportEntries(*source, options, [&out](std::string_view bytes) {
            out.append(bytes);
            return true;
        });
        QVERIFY(summary.ok());
        QCOMPARE(QByteArray::fromStdString(out), expectedNdjson(m_entries, 0, 1000, QStringLiteral("t-1")));
        QCOMPARE(summary.sourceFormat, std::optional<JournalFormat>(JournalFormat::Sqlite));
    }

private:
    QString fileOk()
    {
        const QString path = fresh("ok.ndjson");
        writeBytes(path, ndjson(makeEntries(0, 5)));
        return path;
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
