#include "models/app_settings.h"

#include <QFileInfo>
#include <QSettings>

namespace cd::models {

namespace {

const QString RecentFilesKey = QStringLiteral("recentFiles");
const QString GeometryKey = QStringLiteral("mainWindow/geometry");
const QString StateKey = QStringLiteral("mainWindow/state");
const QString CursorsKey = QStringLiteral("lastCursors");
const QString JournalKey = QStringLiteral("journal");
const QString SequenceKey = QStringLiteral("sequence");

} // namespace

AppSettings::AppSettings()
    : m_settings(std::make_unique<QSettings>(QStringLiteral("Chronodesk"), QStringLiteral("Chronodesk")))
{ }

AppSettings::AppSettings(const QString& iniFile)
    : m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{ }

AppSettings::~AppSettings() = default;

QString AppSettings::fileName() const
{
    return m_settings->fileName();
}

void AppSettings::sync()
{
    m_settings->sync();
}

RecentFiles AppSettings::recentFiles() const
{
    return RecentFiles(m_settings->value(RecentFilesKey).toStringList());
}

void AppSettings::setRecentFiles(const RecentFiles& files)
{
    m_settings->setValue(RecentFilesKey, files.paths());
}

QByteArray AppSettings::windowGeometry() const
{
    return m_settings->value(GeometryKey).toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray& geometry)
{
    m_settings->setValue(GeometryKey, geometry);
}

QByteArray AppSettings::windowState() const
{
    return m_settings->value(StateKey).toByteArray();
}

void AppSettings::setWindowState(const QByteArray& state)
{
    m_settings->setValue(StateKey, state);
}

QString AppSettings::journalKey(const QString& journalPath)
{
    const QFileInfo info(journalPath);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? RecentFiles::normalized(journalPath) : canonical;
}

QList<AppSettings::RememberedCursor> AppSettings::rememberedCursors() const
{
    QList<RememberedCursor> cursors;
    const int count = m_settings->beginReadArray(CursorsKey);
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        bool ok = false;
        const qint64 sequence = m_settings->value(SequenceKey).toLongLong(&ok);
        const QString journal = m_settings->value(JournalKey).toString();
        if (ok && !journal.isEmpty())
            cursors.append({ journal, sequence });
    }
    m_settings->endArray();
    return cursors;
}

std::optional<qint64> AppSettings::lastCursor(const QString& journalPath) const
{
    const QString key = journalKey(journalPath);
    for (const RememberedCursor& cursor : rememberedCursors()) {
        if (cursor.journal == key)
            return cursor.sequence;
    }
    return std::nullopt;
}

void AppSettings::setLastCursor(const QString& journalPath, qint64 sequence)
{
    const QString key = journalKey(journalPath);
    QList<RememberedCursor> cursors = rememberedCursors();
    cursors.removeIf([&key](const RememberedCursor& cursor) { return cursor.journal == key; });
    // Most recent first, so the overflow drops the journals left longest ago.
    cursors.prepend({ key, sequence });
    if (cursors.size() > MaxRememberedCursors)
        cursors.resize(MaxRememberedCursors);
    m_settings->remove(CursorsKey);
    m_settings->beginWriteArray(CursorsKey, int(cursors.size()));
    for (int i = 0; i < cursors.size(); ++i) {
        m_settings->setArrayIndex(i);
        m_settings->setValue(JournalKey, cursors[i].journal);
        m_settings->setValue(SequenceKey, cursors[i].sequence);
    }
    m_settings->endArray();
}

} // namespace cd::models
