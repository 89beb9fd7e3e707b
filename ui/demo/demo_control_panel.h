#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace cd::live {
struct CommandResult;
}

namespace cd::models {
class EngineHost;
class JournalDocument;
} // namespace cd::models

namespace cd::ui {

// Drives the live demo platform: start/stop, pause and speed, and one form
// for the platform's commands. Input is checked before anything is sent (an
// e-mail that is not one, a usage amount that is negative or not a number, a
// user the tenant does not have, from the live state the document follows);
// the platform's replies, refusals included, are shown next to the form.
class DemoControlPanel : public QWidget {
    Q_OBJECT
public:
    DemoControlPanel(models::EngineHost* host, models::JournalDocument* document, QWidget* parent = nullptr);

    // Where start() puts the journal (a new file each time).
    void setJournalDirectory(const QString& directory);
    void setSeed(quint64 seed);
    void setRunScenario(bool run);

    // The text shown for the last validation error or reply.
    QString feedback() const;

private:
    enum class Command {
        CreateTenant,
        Invite,
        Activate,
        Remove,
        Usage,
        ChangePlan,
        Reactivate,
        Billing,
        Connect,
        Disconnect,
        Crash
    };
    void toggleRunning();
    void send(Command command);
    // Empty when valid; else the reason, shown before sending.
    QString validate(Command command) const;
    bool tenantHasUser(const QString& tenant, const QString& user) const;
    void showReply(quint64 id, const live::CommandResult& result);
    void showFeedback(const QString& text, bool error);
    void updateEnabled();

    models::EngineHost* m_host;
    models::JournalDocument* m_document;
    QString m_directory;
    quint64 m_seed = 1;
    bool m_runScenario = true;
    int m_runs = 0;
    quint64 m_pending = 0;

    QPushButton* m_start;
    QComboBox* m_speed;
    QLineEdit* m_tenant;
    QLineEdit* m_user;
    QLineEdit* m_email;
    QComboBox* m_role;
    QComboBox* m_plan;
    QLineEdit* m_feature;
    QLineEdit* m_amount;
    QLineEdit* m_session;
    QWidget* m_commands;
    QLabel* m_feedback;
};

} // namespace cd::ui
