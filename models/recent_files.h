#pragma once

#include <QString>
#include <QStringList>

namespace cd::models {

// The journals opened lately, most recent first, at most MaxCount, each once
// (paths compared after making them absolute and clean). Plain list logic;
// AppSettings stores it.
class RecentFiles {
public:
    static constexpr int MaxCount = 10;

    RecentFiles() = default;
    // Takes a stored list as it is, dropping empty entries, repeats and the
    // overflow beyond MaxCount.
    explicit RecentFiles(const QStringList& paths);

    const QStringList& paths() const { return m_paths; }
    bool isEmpty() const { return m_paths.isEmpty(); }

    // Moves path to the front (adds it when new) and drops the oldest past MaxCount.
    void add(const QString& path);
    // True when path was listed.
    bool remove(const QString& path);
    // Removes the paths that name no existing file; returns them.
    QStringList removeMissing();
    void clear() { m_paths.clear(); }

    // The form paths are listed in: absolute, clean, symlinks left as given
    // (a missing file has no canonical path).
    static QString normalized(const QString& path);

private:
    QStringList m_paths;
};

} // namespace cd::models
