#pragma once

// Shared by the panels-A model and widget suites: a document opened on a
// test journal (index cache in a temporary directory) and a dump-to-strings
// helper for comparing model contents.

#include "models/journal_document.h"

#include <QAbstractItemModel>
#include <QSignalSpy>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <initializer_list>

namespace cd::models::test {

// A journal document whose index cache lives in a temporary directory.
class OpenedDocument {
public:
    OpenedDocument() { document.setIndexCacheDirectory(m_cache.path()); }

    // Opens path and waits until it is indexed; false when it failed.
    bool open(const QString& path)
    {
        QSignalSpy ready(&document, &JournalDocument::ready);
        QSignalSpy failed(&document, &JournalDocument::failed);
        document.open(path);
        for (int i = 0; i < 200 && ready.isEmpty() && failed.isEmpty(); ++i)
            ready.wait(50);
        return !ready.isEmpty() && document.state() != nullptr;
    }

    JournalDocument document;

private:
    QTemporaryDir m_cache;
};

// A QStringList from UTF-8 literals (QT_NO_CAST_FROM_ASCII is on).
inline QStringList strings(std::initializer_list<const char*> items)
{
    QStringList out;
    for (const char* item : items)
        out << QString::fromUtf8(item);
    return out;
}

// Rows as "cell | cell | ..." of the given role, columns 0..columnCount-1.
inline QStringList dumpRows(const QAbstractItemModel& model, int role = Qt::DisplayRole, int first = 0, int last = -1)
{
    QStringList rows;
    if (last < 0)
        last = model.rowCount() - 1;
    for (int row = first; row <= last; ++row) {
        QStringList cells;
        for (int column = 0; column < model.columnCount(); ++column)
            cells << model.index(row, column).data(role).toString();
        rows << cells.join(QStringLiteral(" | "));
    }
    return rows;
}

// Column values of every row (for sequences and ids).
inline QStringList dumpColumn(const QAbstractItemModel& model, int column, int role = Qt::DisplayRole)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values << model.index(row, column).data(role).toString();
    return values;
}

} // namespace cd::models::test
