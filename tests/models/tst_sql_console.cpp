// The SQL console without widgets: the read-only statement guard, the worker
// thread's results and errors, row caps, cancel, and the journal's bytes.
#include "engine/store/importer.h"
#include "models/sql_console_session.h"
#include "models/sql_guard.h"
#include "models/sql_query_worker.h"
#include "models/sql_result_model.h"
#include "tests/models/document_test_support.h"

#include <QAbstractItemModelTester>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlQueryModel>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace Qt::Literals::StringLiterals;
using cd::models::SqlConsoleSession;
using cd::models::SqlQueryOutcome;
using cd::models::SqlQueryWorker;

using cd::models::test::dataFile;
using cd::models::test::fileHash;

namespace {

constexpr int AsyncMs = 20'000;

QString cell(const QVariant& value)
{
    if (value.isNull())
        return u"NULL"_s;
    if (value.typeId() == QMetaType::QByteArray)
        return u"blob:"_s + QString::fromLatin1(value.toByteArray().toHex());
    return value.toString();
}

// Every row: fetches the rest first (the model fetches 256 rows at a time).
QStringList dump(cd::models::SqlResultModel& model)
{
    while (model.canFetchMore({}))
        model.fetchMore({});
    QStringList rows;
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < model.columnCount(); ++c) {
            const QModelIndex index = model.index(r, c);
            const bool null = model.data(index, cd::models::SqlResultModel::IsNullRole).toBool();
            cells.append(null ? u"NULL"_s : cell(model.data(index, cd::models::SqlResultModel::SortRole)));
        }
        rows.append(cells.join(u'|'));
    }
    return rows;
}

// The reference: the same statement through SQLite's C API, read-only.
QStringList referenceRows(const QString& path, const QString& sql, QStringList& columns)
{
    sqlite3* db = nullptr;
    const QByteArray uri = "file:" + QFile::encodeName(path) + "?mode=ro&immutable=1";
    QStringList rows;
    if (sqlite3_open_v2(uri.constData(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return { u"cannot open"_s };
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.toUtf8().constData(), -1, &stmt, nullptr) == SQLITE_OK) {
        columns.clear();
        for (int c = 0; c < sqlite3_column_count(stmt); ++c)
            columns.append(QString::fromUtf8(sqlite3_column_name(stmt, c)));
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            QStringList cells;
            for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
                switch (sqlite3_column_type(stmt, c)) {
                case SQLITE_NULL:
                    cells.append(u"NULL"_s);
                    break;
                case SQLITE_INTEGER:
                    cells.append(QString::number(sqlite3_column_int64(stmt, c)));
                    break;
                case SQLITE_FLOAT:
                    cells.append(cell(QVariant(sqlite3_column_double(stmt, c))));
                    break;
                case SQLITE_BLOB: {
                    const QByteArray blob(
                        static_cast<const char*>(sqlite3_column_blob(stmt, c)), sqlite3_column_bytes(stmt, c));
                    cells.append(cell(QVariant(blob)));
                    break;
                }
                default:
                    cells.append(QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c))));
                }
            }
            rows.append(cells.join(u'|'));
        }
    } else {
        rows = { u"cannot prepare: "_s + QString::fromUtf8(sqlite3_errmsg(db)) };
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rows;
}

// Never ends on its own: only the worker's cancel can stop it.
const QString EndlessFirstRow = u"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                                u"SELECT x FROM c WHERE x = 1 OR x = 0"_s;
const QString EndlessCount
    = u"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"_s;

} // namespace

class TestSqlConsole : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void guard_data();
    void guard();
    void openStates_data();
    void openStates();
    void results_data();
    void results();
    void errors_data();
    void errors();
    void refusedRunsNothing();
    void rowCap_data();
    void rowCap();
    void cancelRunningFetch();
    void cancelRunningExec();
    void newQueryDropsOldRows();
    void writesFailOnTheConnection_data();
    void writesFailOnTheConnection();
    void modelIsAQSqlQueryModel();
    void valuesKeepTheirTypes();
    void rowsArriveThroughFetchMore();
    void nextQueryReleasesTheResult();
    void closingReleasesTheResult();
    void cleanupTestCase();

private:
    void openReady(SqlConsoleSession& session);
    QTemporaryDir m_dir;
    QString m_journal;
    QByteArray m_hash;
    QStringList m_files;
};

void TestSqlConsole::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_journal = m_dir.filePath(u"sample.sqlite"_s);
    const auto summary = cd::store::importJournal(
        QFile::encodeName(dataFile(u"sample.ndjson"_s)).toStdString(), QFile::encodeName(m_journal).toStdString());
    QVERIFY2(summary.ok(), summary.message.c_str());
    m_hash = fileHash(m_journal);
    QVERIFY(!m_hash.isEmpty());
    m_files = QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden);
    QCOMPARE(m_files, QStringList { u"sample.sqlite"_s });
}

void TestSqlConsole::guard_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<bool>("allowed");
    // allowed: the statement to execute; refused: a fragment of the reason
    QTest::addColumn<QString>("expected");

    QTest::newRow("select") << u"SELECT 1"_s << true << u"SELECT 1"_s;
    QTest::newRow("lowercase, spaces, semicolon")
        << u"  select * from events;  "_s << true << u"select * from events"_s;
    QTest::newRow("comments around") << u"-- count\nSELECT count(*) FROM events; -- after\n"_s << true
                                     << u"SELECT count(*) FROM events"_s;
    QTest::newRow("block comment first") << u"/* why */ WITH t AS (SELECT 1) SELECT * FROM t"_s << true
                                         << u"WITH t AS (SELECT 1) SELECT * FROM t"_s;
    QTest::newRow("with recursive")
        << u"with recursive c(x) as (select 1 union all select x+1 from c limit 5) select x from c"_s << true
        << u"with recursive c(x) as (select 1 union all select x+1 from c limit 5) select x from c"_s;
    QTest::newRow("with two, materialized")
        << u"WITH a AS (SELECT 1), b AS NOT MATERIALIZED (SELECT 2) VALUES (3)"_s << true
        << u"WITH a AS (SELECT 1), b AS NOT MATERIALIZED (SELECT 2) VALUES (3)"_s;
    QTest::newRow("values") << u"VALUES (1, 'a')"_s << true << u"VALUES (1, 'a')"_s;
    QTest::newRow("explain query plan") << u"EXPLAIN QUERY PLAN SELECT * FROM events WHERE tenant_id = 't-1'"_s << true
                                        << u"EXPLAIN QUERY PLAN SELECT * FROM events WHERE tenant_id = 't-1'"_s;
    QTest::newRow("explain") << u"explain select 1"_s << true << u"explain select 1"_s;
    QTest::newRow("pragma table_info") << u"PRAGMA table_info(events)"_s << true << u"PRAGMA table_info(events)"_s;
    QTest::newRow("pragma schema.name(arg)")
        << u"pragma main.index_list('events');"_s << true << u"pragma main.index_list('events')"_s;
    QTest::newRow("pragma user_version") << u"PRAGMA user_version"_s << true << u"PRAGMA user_version"_s;
    QTest::newRow("pragma journal_mode query") << u"pragma journal_mode"_s << true << u"pragma journal_mode"_s;
    QTest::newRow("semicolon in a string") << u"SELECT 'a;b' AS x"_s << true << u"SELECT 'a;b' AS x"_s;
    QTest::newRow("keyword as quoted name") << u"SELECT \"delete\" FROM (SELECT 1 AS \"delete\")"_s << true
                                            << u"SELECT \"delete\" FROM (SELECT 1 AS \"delete\")"_s;
    QTest::newRow("write in a comment") << u"SELECT 1 -- ; DROP TABLE events"_s << true << u"SELECT 1"_s;
    QTest::newRow("escaped quote hides ;DROP")
        << u"SELECT * FROM events WHERE type = 'x'';DROP TABLE events;--'"_s << true
        << u"SELECT * FROM events WHERE type = 'x'';DROP TABLE events;--'"_s;
    QTest::newRow("extra semicolons") << u"SELECT 1;;"_s << true << u"SELECT 1"_s;

    QTest::newRow("empty") << QString() << false << u"Nothing to run"_s;
    QTest::newRow("only a comment") << u"  -- nothing\n"_s << false << u"Nothing to run"_s;
    QTest::newRow("only a semicolon") << u";"_s << false << u"empty statement"_s;
    QTest::newRow("delete") << u"DELETE FROM events"_s << false << u"DELETE"_s;
    QTest::newRow("lowercase delete") << u"delete from events"_s << false << u"DELETE"_s;
    QTest::newRow("comment then update") << u"/* hi */ update events set type = 'x'"_s << false << u"UPDATE"_s;
    QTest::newRow("insert") << u"INSERT INTO events VALUES (1)"_s << false << u"INSERT"_s;
    QTest::newRow("replace") << u"replace into journal_meta values ('a', 'b')"_s << false << u"REPLACE"_s;
    QTest::newRow("with ... delete") << u"with x as (select 1) delete from events"_s << false
                                     << u"WITH that ends in DELETE"_s;
    QTest::newRow("with ... insert") << u"WITH x AS (SELECT 1) INSERT INTO events SELECT * FROM x"_s << false
                                     << u"WITH that ends in INSERT"_s;
    QTest::newRow("with recursive ... update") << u"WITH RECURSIVE x(n) AS (SELECT 1) UPDATE events SET type = 'x'"_s
                                               << false << u"WITH that ends in UPDATE"_s;
    QTest::newRow("with unreadable") << u"WITH x AS SELECT 1"_s << false << u"could not be read"_s;
    QTest::newRow("pragma journal_mode=delete") << u"pragma journal_mode=delete"_s << false << u"changes a setting"_s;
    QTest::newRow("pragma user_version = 3") << u"PRAGMA user_version = 3"_s << false << u"changes a setting"_s;
    QTest::newRow("pragma user_version(3)") << u"PRAGMA user_version(3)"_s << false << u"changes a setting"_s;
    QTest::newRow("pragma wal_checkpoint") << u"PRAGMA wal_checkpoint"_s << false << u"read-only list"_s;
    QTest::newRow("pragma optimize") << u"PRAGMA optimize"_s << false << u"read-only list"_s;
    QTest::newRow("attach") << u"ATTACH DATABASE '/tmp/x.db' AS x"_s << false << u"ATTACH"_s;
    QTest::newRow("attach lowercase") << u"attach '/tmp/x.db' as x"_s << false << u"ATTACH"_s;
    QTest::newRow("detach") << u"DETACH x"_s << false << u"DETACH"_s;
    QTest::newRow("vacuum") << u"VACUUM"_s << false << u"VACUUM"_s;
    QTest::newRow("vacuum into") << u"vacuum into '/tmp/copy.db'"_s << false << u"VACUUM"_s;
    QTest::newRow("two selects") << u"SELECT 1; SELECT 2"_s << false << u"several statements"_s;
    QTest::newRow("select then delete") << u"SELECT 1; DELETE FROM events"_s << false << u"several statements"_s;
    QTest::newRow("create") << u"CREATE TABLE x (a)"_s << false << u"CREATE"_s;
    QTest::newRow("drop") << u"DROP TABLE events"_s << false << u"DROP"_s;
    QTest::newRow("begin") << u"BEGIN"_s << false << u"BEGIN"_s;
    QTest::newRow("reindex") << u"REINDEX"_s << false << u"REINDEX"_s;
    QTest::newRow("analyze") << u"analyze"_s << false << u"ANALYZE"_s;
    QTest::newRow("explain a delete") << u"EXPLAIN DELETE FROM events"_s << false << u"inside EXPLAIN"_s;
    QTest::newRow("unterminated quote") << u"SELECT 'open"_s << false << u"quote is not closed"_s;
    QTest::newRow("not a keyword") << u"(SELECT 1)"_s << false << u"does not start with a statement keyword"_s;
}

void TestSqlConsole::guard()
{
    QFETCH(QString, sql);
    QFETCH(bool, allowed);
    QFETCH(QString, expected);
    const auto verdict = cd::models::checkReadOnlySql(sql);
    QCOMPARE(verdict.allowed, allowed);
    if (allowed) {
        QCOMPARE(verdict.statement, expected);
        QVERIFY(verdict.reason.isEmpty());
    } else {
        QVERIFY2(verdict.reason.contains(expected), qPrintable(verdict.reason));
        QVERIFY(verdict.statement.isEmpty());
    }
}

void TestSqlConsole::openStates_data()
{
    QTest::addColumn<QString>("file"); // a data file, or a case made here
    QTest::addColumn<SqlConsoleSession::State>("state");
    QTest::addColumn<QString>("detail");
    QTest::newRow("sqlite") << u":journal"_s << SqlConsoleSession::State::Ready << QString();
    QTest::newRow("ndjson") << dataFile(u"sample.ndjson"_s) << SqlConsoleSession::State::NotSqlite << u"ndjson"_s;
    QTest::newRow("phyxius") << dataFile(u"sample.phyxius.json"_s) << SqlConsoleSession::State::NotSqlite
                             << u"phyxius"_s;
    QTest::newRow("missing") << u":missing"_s << SqlConsoleSession::State::Unusable << u"cannot open"_s;
    QTest::newRow("sqlite header, junk after")
        << u":junk"_s << SqlConsoleSession::State::Unusable << u"not a database"_s;
}

void TestSqlConsole::openStates()
{
    QFETCH(QString, file);
    QFETCH(SqlConsoleSession::State, state);
    QFETCH(QString, detail);
    QTemporaryDir dir;
    if (file == u":journal")
        file = m_journal;
    else if (file == u":missing")
        file = dir.filePath(u"missing.sqlite"_s);
    if (file == u":junk") {
        file = dir.filePath(u"junk.sqlite"_s);
        QFile junk(file);
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray("SQLite format 3", 16) + QByteArray(4096, 'x'));
    }
    SqlConsoleSession session;
    QSignalSpy states(&session, &SqlConsoleSession::stateChanged);
    session.setJournal(file);
    QCOMPARE(session.state(), SqlConsoleSession::State::Opening);
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), state, AsyncMs);
    QVERIFY2(session.detail().contains(detail), qPrintable(session.detail()));
    QCOMPARE(states.count(), 2);
    if (state != SqlConsoleSession::State::Ready) {
        QSignalSpy refused(&session, &SqlConsoleSession::refused);
        QVERIFY(!session.run(u"SELECT 1"_s));
        QCOMPARE(refused.count(), 1);
    }
    session.setJournal(QString());
    QCOMPARE(session.state(), SqlConsoleSession::State::NoJournal);
}

void TestSqlConsole::openReady(SqlConsoleSession& session)
{
    session.setJournal(m_journal);
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), SqlConsoleSession::State::Ready, AsyncMs);
}

void TestSqlConsole::results_data()
{
    QTest::addColumn<QString>("sql");
    QTest::newRow("events") << u"SELECT sequence, id, wall_ms, type, tenant_id FROM events ORDER BY sequence"_s;
    QTest::newRow("group by") << u"select type, count(*) AS n from events group by type order by n desc, type;"_s;
    QTest::newRow("meta") << u"SELECT key, value FROM journal_meta ORDER BY key"_s;
    QTest::newRow("json") << u"SELECT sequence, json_extract(data, '$.email') AS email FROM events "
                             u"WHERE json_extract(data, '$.email') IS NOT NULL"_s;
    QTest::newRow("with") << u"WITH t AS (SELECT tenant_id, max(sequence) AS last FROM events GROUP BY tenant_id) "
                             u"SELECT * FROM t ORDER BY tenant_id"_s;
    QTest::newRow("pragma") << u"PRAGMA table_info(events)"_s;
    QTest::newRow("types") << u"SELECT NULL AS missing, 1.5 AS half, x'00ff' AS bytes, 'é' AS text"_s;
    QTest::newRow("no rows") << u"SELECT * FROM events WHERE sequence < 0"_s;
}

void TestSqlConsole::results()
{
    QFETCH(QString, sql);
    SqlConsoleSession session;
    QAbstractItemModelTester tester(session.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    openReady(session);
    QSignalSpy finished(&session, &SqlConsoleSession::queryFinished);
    QSignalSpy failed(&session, &SqlConsoleSession::queryFailed);
    QSignalSpy started(&session, &SqlConsoleSession::queryStarted);
    QVERIFY(session.run(sql));
    QCOMPARE(started.count(), 1);
    QCOMPARE(session.state(), SqlConsoleSession::State::Running);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count() + failed.count(), 1, AsyncMs);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(session.state(), SqlConsoleSession::State::Ready);

    QStringList columns;
    const QStringList expected = referenceRows(m_journal, sql, columns);
    QCOMPARE(session.model()->columns(), columns);
    QCOMPARE(dump(*session.model()), expected);
    QCOMPARE(finished.at(0).at(0).toLongLong(), expected.size());
    QCOMPARE(finished.at(0).at(2).toBool(), false);
    QVERIFY(finished.at(0).at(1).toLongLong() >= 0);
}

void TestSqlConsole::errors_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("error");
    QTest::newRow("no such table") << u"SELECT * FROM nope"_s << u"no such table: nope"_s;
    QTest::newRow("no such column") << u"SELECT nope FROM events"_s << u"no such column: nope"_s;
    QTest::newRow("incomplete") << u"SELECT * FROM events WHERE"_s << u"incomplete input"_s;
    QTest::newRow("bad function") << u"SELECT no_such_function(1)"_s << u"no such function"_s;
}

void TestSqlConsole::errors()
{
    QFETCH(QString, sql);
    QFETCH(QString, error);
    SqlConsoleSession session;
    QAbstractItemModelTester tester(session.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    openReady(session);
    QSignalSpy failed(&session, &SqlConsoleSession::queryFailed);
    QVERIFY(session.run(sql));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, AsyncMs);
    const QString text = failed.at(0).at(0).toString();
    QVERIFY2(text.contains(error), qPrintable(text));
    QCOMPARE(session.model()->rowCount(), 0);
    QCOMPARE(session.state(), SqlConsoleSession::State::Ready);
    // The connection is still usable after an error.
    QSignalSpy finished(&session, &SqlConsoleSession::queryFinished);
    QVERIFY(session.run(u"SELECT count(*) FROM events"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    QCOMPARE(session.model()->rowCount(), 1);
}

void TestSqlConsole::refusedRunsNothing()
{
    SqlConsoleSession session;
    openReady(session);
    QSignalSpy refused(&session, &SqlConsoleSession::refused);
    QSignalSpy started(&session, &SqlConsoleSession::queryStarted);
    QVERIFY(!session.run(u"with x as (select 1) delete from events"_s));
    QCOMPARE(refused.count(), 1);
    QVERIFY(refused.at(0).at(0).toString().contains(u"DELETE"_s));
    QCOMPARE(started.count(), 0);
    QCOMPARE(session.state(), SqlConsoleSession::State::Ready);
}

void TestSqlConsole::rowCap_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<int>("cap");
    QTest::addColumn<qint64>("rows");
    QTest::addColumn<bool>("truncated");
    const QString all = u"SELECT sequence FROM events ORDER BY sequence"_s;
    QTest::newRow("cap below") << all << 5 << qint64(5) << true;
    QTest::newRow("cap equal") << all << 20 << qint64(20) << false;
    QTest::newRow("cap above") << all << 21 << qint64(20) << false;
    QTest::newRow("endless rows")
        << u"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c"_s << 10'000
        << qint64(10'000) << true;
}

void TestSqlConsole::rowCap()
{
    QFETCH(QString, sql);
    QFETCH(int, cap);
    QFETCH(qint64, rows);
    QFETCH(bool, truncated);
    SqlConsoleSession session;
    QAbstractItemModelTester tester(session.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    session.setRowCap(cap);
    openReady(session);
    QSignalSpy finished(&session, &SqlConsoleSession::queryFinished);
    QVERIFY(session.run(sql));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    QCOMPARE(finished.at(0).at(0).toLongLong(), rows);
    QCOMPARE(finished.at(0).at(2).toBool(), truncated);
    while (session.model()->canFetchMore({}))
        session.model()->fetchMore({});
    QCOMPARE(session.model()->rowCount(), rows);
    // Rows arrive in order, whole (the pages join up).
    for (int r = 0; r < session.model()->rowCount(); ++r) {
        const qint64 value = session.model()->value(r, 0).toLongLong();
        QCOMPARE(value, sql.startsWith(u"WITH"_s) ? r + 1 : r);
    }
}

void TestSqlConsole::cancelRunningFetch()
{
    SqlConsoleSession session;
    QAbstractItemModelTester tester(session.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    openReady(session);
    QSignalSpy cancelled(&session, &SqlConsoleSession::queryCancelled);
    QSignalSpy finished(&session, &SqlConsoleSession::queryFinished);
    QVERIFY(session.run(EndlessFirstRow));
    // The columns arrive once exec() returned the first row: from then on the
    // worker is inside SQLite looking for a second row that never comes.
    QTRY_COMPARE_WITH_TIMEOUT(session.model()->columnCount(), 1, AsyncMs);
    QCOMPARE(session.state(), SqlConsoleSession::State::Running);
    session.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, AsyncMs);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(cancelled.at(0).at(0).toLongLong(), 1);
    QCOMPARE(dump(*session.model()), QStringList { u"1"_s });
    QCOMPARE(session.state(), SqlConsoleSession::State::Ready);
    QVERIFY(session.run(u"SELECT 7"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    QCOMPARE(dump(*session.model()), QStringList { u"7"_s });
}

void TestSqlConsole::cancelRunningExec()
{
    SqlConsoleSession session;
    openReady(session);
    QSignalSpy cancelled(&session, &SqlConsoleSession::queryCancelled);
    QSignalSpy finished(&session, &SqlConsoleSession::queryFinished);
    QSignalSpy failed(&session, &SqlConsoleSession::queryFailed);
    QVERIFY(session.run(EndlessCount));
    session.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, AsyncMs);
    QCOMPARE(finished.count() + failed.count(), 0);
    QCOMPARE(session.model()->rowCount(), 0);
}

void TestSqlConsole::newQueryDropsOldRows()
{
    SqlConsoleSession session;
    QAbstractItemModelTester tester(session.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    openReady(session);
    QSignalSpy cancelled(&session, &SqlConsoleSession::queryCancelled);
    QSignalSpy finished(&session, &SqlConsoleSession::queryFinished);
    QVERIFY(session.run(EndlessFirstRow));
    QTRY_COMPARE_WITH_TIMEOUT(session.model()->columnCount(), 1, AsyncMs);
    QVERIFY(session.run(u"SELECT 42 AS answer"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    // The first query was cancelled by the second; its end is not reported.
    QCOMPARE(cancelled.count(), 0);
    QCOMPARE(session.model()->columns(), QStringList { u"answer"_s });
    QCOMPARE(dump(*session.model()), QStringList { u"42"_s });
}

void TestSqlConsole::writesFailOnTheConnection_data()
{
    // Straight to the worker, past the guard: the connection itself refuses.
    QTest::addColumn<QString>("sql");
    QTest::newRow("delete") << u"DELETE FROM events"_s;
    QTest::newRow("insert") << u"INSERT INTO journal_meta VALUES ('x', 'y')"_s;
    QTest::newRow("create") << u"CREATE TABLE t (a)"_s;
    QTest::newRow("journal_mode") << u"PRAGMA journal_mode=delete"_s;
    QTest::newRow("user_version") << u"PRAGMA user_version=7"_s;
    QTest::newRow("attach a new file") << u"ATTACH DATABASE ':dir/new.db' AS n"_s;
    QTest::newRow("vacuum into") << u"VACUUM INTO ':dir/copy.db'"_s;
}

void TestSqlConsole::writesFailOnTheConnection()
{
    QFETCH(QString, sql);
    sql.replace(u":dir"_s, m_dir.path());
    QTemporaryDir results;
    SqlQueryWorker worker;
    QSignalSpy opened(&worker, &SqlQueryWorker::journalOpened);
    QSignalSpy ended(&worker, &SqlQueryWorker::queryEnded);
    worker.openJournal(m_journal);
    QCOMPARE(opened.last().at(1).value<SqlQueryWorker::OpenStatus>(), SqlQueryWorker::OpenStatus::Ready);
    worker.runQuery(1, sql, 100, results.filePath(u"1.sqlite"_s));
    QCOMPARE(ended.count(), 1);
    const auto outcome = ended.at(0).at(1).value<SqlQueryOutcome>();
    QCOMPARE(outcome.status, SqlQueryOutcome::Status::Failed);
    QVERIFY2(outcome.error.contains(u"not authorized"_s) || outcome.error.contains(u"readonly"_s)
            || outcome.error.contains(u"authorization denied"_s),
        qPrintable(outcome.error));
    // Refused before it ran: no result file either.
    QCOMPARE(QDir(results.path()).entryList(QDir::Files | QDir::Hidden), QStringList());
    worker.runQuery(2, u"SELECT count(*) FROM events"_s, 10, results.filePath(u"2.sqlite"_s));
    QCOMPARE(ended.last().at(1).value<SqlQueryOutcome>().status, SqlQueryOutcome::Status::Finished);
    QCOMPARE(QDir(results.path()).entryList(QDir::Files | QDir::Hidden), QStringList { u"2.sqlite"_s });
    QCOMPARE(fileHash(m_journal), m_hash);
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden), m_files);
}

void TestSqlConsole::modelIsAQSqlQueryModel()
{
    SqlConsoleSession session;
    QVERIFY(qobject_cast<QSqlQueryModel*>(session.model()) != nullptr);
    openReady(session);
    QSignalSpy finished(&session, &SqlConsoleSession::queryFinished);
    QVERIFY(session.run(u"SELECT type, count(*), count(*) FROM events GROUP BY type ORDER BY type"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    const auto* model = qobject_cast<QSqlQueryModel*>(session.model());
    // The model's own query reads the result database, not the journal.
    QCOMPARE(model->query().lastQuery(), u"SELECT * FROM result ORDER BY rowid"_s);
    const QStringList files = QDir(session.resultDirectory()).entryList(QDir::Files);
    QCOMPARE(files.size(), 1);
    QVERIFY2(files.at(0).startsWith(u"result-"_s), qPrintable(files.at(0)));
    // The statement's column names, repeated ones too.
    const QStringList header { u"type"_s, u"count(*)"_s, u"count(*)"_s };
    QCOMPARE(session.model()->columns(), header);
    for (int c = 0; c < header.size(); ++c)
        QCOMPARE(model->headerData(c, Qt::Horizontal).toString(), header.at(c));
    QCOMPARE(model->headerData(0, Qt::Vertical).toInt(), 1);
}

void TestSqlConsole::valuesKeepTheirTypes()
{
    SqlConsoleSession session;
    QAbstractItemModelTester tester(session.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    openReady(session);
    QSignalSpy finished(&session, &SqlConsoleSession::queryFinished);
    QVERIFY(session.run(u"SELECT 1 AS i, '1' AS t, 1.5 AS f, x'31' AS b, NULL AS n, sequence, type "
                        u"FROM events WHERE sequence = 3"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    auto* model = session.model();
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->value(0, 0).typeId(), QMetaType::LongLong);
    QCOMPARE(model->value(0, 1).typeId(), QMetaType::QString);
    QCOMPARE(model->value(0, 2).typeId(), QMetaType::Double);
    QCOMPARE(model->value(0, 3).typeId(), QMetaType::QByteArray);
    QVERIFY(!model->value(0, 4).isValid());
    QVERIFY(model->data(model->index(0, 4), cd::models::SqlResultModel::IsNullRole).toBool());
    QVERIFY(!model->data(model->index(0, 1), cd::models::SqlResultModel::IsNullRole).toBool());
    QCOMPARE(model->value(0, 5), QVariant(qlonglong(3)));
    QCOMPARE(model->value(0, 6).typeId(), QMetaType::QString);
    QCOMPARE(model->flags(model->index(0, 0)).testFlag(Qt::ItemIsEditable), false);
}

void TestSqlConsole::rowsArriveThroughFetchMore()
{
    SqlConsoleSession session;
    QAbstractItemModelTester tester(session.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    openReady(session);
    QSignalSpy finished(&session, &SqlConsoleSession::queryFinished);
    const int rows = 1000;
    QVERIFY(session.run(u"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT %1) "
                        u"SELECT x, x * x AS square, 'row ' || x AS name FROM c"_s.arg(rows)));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    QCOMPARE(finished.at(0).at(0).toLongLong(), rows);
    auto* model = session.model();
    // Only the first batch is fetched: the rest waits for the view.
    QVERIFY2(model->rowCount() < rows, qPrintable(QString::number(model->rowCount())));
    QVERIFY(model->canFetchMore({}));
    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    int fetched = model->rowCount();
    while (model->canFetchMore({})) {
        model->fetchMore({});
        QVERIFY(model->rowCount() > fetched);
        fetched = model->rowCount();
    }
    QCOMPARE(model->rowCount(), rows);
    QVERIFY(inserted.count() >= 3);
    for (int r = 0; r < rows; ++r) {
        const qint64 x = r + 1;
        QCOMPARE(model->value(r, 0).toLongLong(), x);
        QCOMPARE(model->value(r, 1).toLongLong(), x * x);
        QCOMPARE(model->value(r, 2).toString(), u"row "_s + QString::number(x));
    }
}

void TestSqlConsole::nextQueryReleasesTheResult()
{
    // removeDatabase while a query still used the connection would warn.
    QTest::failOnWarning(QRegularExpression(u"still in use|not open|Cannot|QSqlDatabase"_s));
    SqlConsoleSession session;
    QAbstractItemModelTester tester(session.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    openReady(session);
    const QDir results(session.resultDirectory());
    QSignalSpy finished(&session, &SqlConsoleSession::queryFinished);
    QVERIFY(session.run(u"SELECT sequence FROM events ORDER BY sequence"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    const QStringList first = results.entryList(QDir::Files);
    QCOMPARE(first.size(), 1);
    const QStringList connections = QSqlDatabase::connectionNames();
    QVERIFY(session.run(u"SELECT count(*) FROM events"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, AsyncMs);
    const QStringList second = results.entryList(QDir::Files);
    QCOMPARE(second.size(), 1);
    QVERIFY(second != first);
    QCOMPARE(dump(*session.model()), QStringList { u"20"_s });
    // One connection for the result shown, one for the journal (the worker's).
    QCOMPARE(QSqlDatabase::connectionNames().size(), connections.size());
    // A query cancelled by the next: its file goes once the worker let go.
    QVERIFY(session.run(EndlessFirstRow));
    QTRY_COMPARE_WITH_TIMEOUT(session.model()->columnCount(), 1, AsyncMs);
    QVERIFY(session.run(u"SELECT 42 AS answer"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, AsyncMs);
    QTRY_COMPARE_WITH_TIMEOUT(results.entryList(QDir::Files).size(), 1, AsyncMs);
    QCOMPARE(dump(*session.model()), QStringList { u"42"_s });
}

void TestSqlConsole::closingReleasesTheResult()
{
    QTest::failOnWarning(QRegularExpression(u"still in use"_s));
    QString directory;
    const QStringList before = QSqlDatabase::connectionNames();
    {
        SqlConsoleSession session;
        openReady(session);
        directory = session.resultDirectory();
        QSignalSpy finished(&session, &SqlConsoleSession::queryFinished);
        QVERIFY(session.run(u"SELECT * FROM events"_s));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
        QCOMPARE(QDir(directory).entryList(QDir::Files).size(), 1);
        session.setJournal(QString());
        QCOMPARE(session.model()->rowCount(), 0);
        QCOMPARE(session.model()->columnCount(), 0);
        QCOMPARE(QDir(directory).entryList(QDir::Files), QStringList());
        QVERIFY(session.run(u"SELECT 1"_s) == false);
    }
    QVERIFY(!QFileInfo::exists(directory));
    QCOMPARE(QSqlDatabase::connectionNames(), before);
}

void TestSqlConsole::cleanupTestCase()
{
    // Every query above, refused or run: not a byte changed, nothing beside.
    QCOMPARE(fileHash(m_journal), m_hash);
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden), m_files);
}

QTEST_GUILESS_MAIN(TestSqlConsole)
#include "tst_sql_console.moc"
