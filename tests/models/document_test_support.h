#pragma once

// Helpers shared by the model and widget suites that open a test journal in a
// JournalDocument: the data folder add_qt_test passes, opening and waiting for
// the index, a file's hash (evidence checks) and a dump of a model's rows for
// comparing contents as strings.

#include "engine/history/history.h"
#include "models/journal_document.h"
#include "models/journal_loader.h"

#include <QAbstractItemModel>
#include <QCryptographicHash>
#include <QFile>
#include <QSignalSpy>
#include <QStringList>
#include <QTest>

namespace cd::models::test {

// A file of the suite's data folder (CHRONODESK_TEST_DATA, set by add_qt_test).
inline QString dataFile(const QString& name)
{
    return qEnvironmentVariable("CHRONODESK_TEST_DATA") + QLatin1Char('/') + name;
}

inline QString dataFile(const char* name)
{
    return dataFile(QString::fromUtf8(name));
}

// Opens path and waits until the worker reports ready() or failed().
inline bool openAndWait(JournalDocument& document, const QString& path, int timeoutMs = 20000)
{
    QSignalSpy ready(&document, &JournalDocument::ready);
    QSignalSpy failed(&document, &JournalDocument::failed);
    document.open(path);
    return QTest::qWaitFor([&] { return !ready.isEmpty() || !failed.isEmpty(); }, timeoutMs);
}

// A loader request that indexes path and caches the index (and the timeline's
// histogram) in cacheDirectory, however few its entries; a static journal.
inline LoadRequest cachingRequest(const QString& path, const QString& cacheDirectory)
{
    LoadRequest request;
    request.path = path;
    request.cacheDirectory = cacheDirectory;
    request.cacheThreshold = 1;
    request.live = false;
    request.cancel = std::make_shared<std::atomic<bool>>(false);
    request.history = std::make_shared<history::History>();
    return request;
}

// SHA-256 of a file's bytes, hex; empty when it cannot be read.
inline QByteArray fileHash(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

// The display text of every cell of parent's rows, "a | b | c" per row.
inline QStringList dumpRows(const QAbstractItemModel& model, const QModelIndex& parent = {})
{
    QStringList out;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        QStringList cells;
        for (int column = 0; column < model.columnCount(parent); ++column)
            cells << model.index(row, column, parent).data().toString();
        out << cells.join(QStringLiteral(" | "));
    }
    return out;
}

} // namespace cd::models::test
