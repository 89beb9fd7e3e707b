#pragma once

#include "models/recent_files.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

class QSettings;

namespace cd::models {

// What the desktop app remembers between runs (QSettings, organisation and
// application "Chronodesk"): window geometry and dock layout, recent
// journals, and the cursor last used in each journal. Keys live here only.
class AppSettings {
public:
    // How many journals' cursors are remembered (the least recent are dropped).
    static constexpr int MaxRememberedCursors = 100;

    // The user's settings.
    AppSettings();
    // An INI file instead (tests, portable setups).
    explicit AppSettings(const QString& iniFile);
    ~AppSettings();
    AppSettings(const AppSettings&) = delete;
    AppSettings& operator=(const AppSettings&) = delete;

    QString fileName() const;
    void sync();

    RecentFiles recentFiles() const;
    void setRecentFiles(const RecentFiles& files);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    // QMainWindow::saveState() bytes (docks and toolbars).
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);

    // Keyed by the journal's canonical path, so every way of naming the same
    // file finds the same cursor.
    std::optional<qint64> lastCursor(const QString& journalPath) const;
    void setLastCursor(const QString& journalPath, qint64 sequence);

    // The key a journal is remembered under: canonical path when the file
    // exists, else its clean absolute path.
    static QString journalKey(const QString& journalPath);

private:
    struct RememberedCursor {
        QString journal;
        qint64 sequence = 0;
    };
    QList<RememberedCursor> rememberedCursors() const;

    std::unique_ptr<QSettings> m_settings;
};

} // namespace cd::models
