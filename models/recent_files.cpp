#include "models/recent_files.h"

#include <QDir>
#include <QFileInfo>

namespace cd::models {

RecentFiles::RecentFiles(const QStringList& paths)
{
    // Oldest first so that the most recent ends at the front.
    for (auto it = paths.crbegin(); it != paths.crend(); ++it) {
        if (!it->isEmpty())
            add(*it);
    }
}

QString RecentFiles::normalized(const QString& path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

void RecentFiles::add(const QString& path)
{
    if (path.isEmpty())
        return;
    const QString clean = normalized(path);
    m_paths.removeAll(clean);
    m_paths.prepend(clean);
    while (m_paths.size() > MaxCount)
        m_paths.removeLast();
}

bool RecentFiles::remove(const QString& path)
{
    return m_paths.removeAll(normalized(path)) > 0;
}

QStringList RecentFiles::removeMissing()
{
    QStringList missing;
    for (const QString& path : std::as_const(m_paths)) {
        if (!QFileInfo(path).isFile())
            missing.append(path);
    }
    for (const QString& path : std::as_const(missing))
        m_paths.removeAll(path);
    return missing;
}

} // namespace cd::models
