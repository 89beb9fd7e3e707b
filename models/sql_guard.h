#pragma once

#include <QString>

namespace cd::models {

// The SQL console's verdict on what the user typed, reached BEFORE anything
// runs: the connection is read-only too (mode=ro, query_only), but a refusal
// with a reason is clearer than a driver error, and covers what read-only
// connections still allow (ATTACH creates files, VACUUM INTO writes one).
struct SqlVerdict {
    bool allowed = false;
    // The one statement to execute: from its first token to its last, without
    // the trailing ';' and comments (Qt's driver refuses anything after it).
    QString statement;
    // Why it was refused, as a sentence for the status line; empty if allowed.
    QString reason;
};

// Allowed: exactly one SELECT, VALUES, WITH ... SELECT/VALUES, EXPLAIN [QUERY
// PLAN] of an allowed statement, or a PRAGMA from the read-only list (query
// form only: never "= value"). Comments, case and quoting are understood;
// everything else (INSERT/UPDATE/DELETE/REPLACE, DDL, ATTACH, VACUUM,
// transactions, several statements) is refused.
SqlVerdict checkReadOnlySql(const QString& sql);

// True for the PRAGMAs whose argument names what to report on (table_info,
// index_list, integrity_check, ...) rather than a new value; any case.
bool isReportingPragmaWithArgument(QStringView name);

} // namespace cd::models
