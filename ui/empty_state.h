#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace cd::ui {

// The central area when there is nothing else to show: how to open a journal
// (button, shortcut, drop), the recent journals, and what happened to the
// last attempt (indexing, failed, or a short summary of the open journal).
// Presentation only: MainWindow says what to show.
class EmptyState : public QWidget {
    Q_OBJECT
public:
    explicit EmptyState(QWidget* parent = nullptr);

    // The headline and one line under it (empty hides it); error styles the
    // detail as a problem.
    void setMessage(const QString& headline, const QString& detail, bool error = false);
    // Up to MaxShown of paths, as buttons that ask to open them.
    void setRecentFiles(const QStringList& paths);

    static constexpr int MaxShown = 5;

Q_SIGNALS:
    void openRequested();
    void recentFileRequested(const QString& path);

private:
    QLabel* m_headline;
    QLabel* m_detail;
    QPushButton* m_open;
    QLabel* m_recentTitle;
    QWidget* m_recentBox;
    QVBoxLayout* m_recentLayout;
};

} // namespace cd::ui
