#include "ui/demo/demo_control_panel.h"

#include "engine/history/state_output.h"
#include "engine/runtime/scaled_clock.h"
#include "models/engine_host.h"
#include "models/journal_document.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <cmath>

namespace cd::ui {

namespace {

QString number(double v)
{
    return QString::number(v, 'g', 12);
}

} // namespace

DemoControlPanel::DemoControlPanel(models::EngineHost* host, models::JournalDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_host(host)
    , m_document(document)
    , m_directory(QDir::tempPath())
    , m_start(new QPushButton(tr("Start demo"), this))
    , m_speed(new QComboBox(this))
    , m_tenant(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_email(new QLineEdit(this))
    , m_role(new QComboBox(this))
    , m_plan(new QComboBox(this))
    , m_feature(new QLineEdit(QStringLiteral("api_calls"), this))
    , m_amount(new QLineEdit(QStringLiteral("1"), this))
    , m_session(new QLineEdit(this))
    , m_commands(new QWidget(this))
    , m_feedback(new QLabel(this))
{
    setObjectName(QStringLiteral("demoPanel"));
    m_start->setObjectName(QStringLiteral("demoStart"));
    m_speed->setObjectName(QStringLiteral("demoSpeed"));
    m_feedback->setObjectName(QStringLiteral("demoFeedback"));
    m_feedback->setWordWrap(true);
    m_speed->addItem(tr("Paused"), 0.0);
    m_speed->addItem(tr("x1"), 1.0);
    m_speed->addItem(tr("x60"), 60.0);
    m_speed->addItem(tr("x3600"), 3600.0);
    m_speed->addItem(tr("Max"), rt::ScaledClock::kFastest);
    m_speed->setCurrentIndex(3);
    m_role->addItem(tr("user"), int(platform::Role::User));
    m_role->addItem(tr("admin"), int(platform::Role::Admin));
    m_plan->addItem(tr("starter"), int(platform::Plan::Starter));
    m_plan->addItem(tr("pro"), int(platform::Plan::Pro));
    m_plan->addItem(tr("enterprise"), int(platform::Plan::Enterprise));
    const std::pair<QLineEdit*, const char*> names[]
        = { { m_tenant, "demoTenant" }, { m_user, "demoUser" }, { m_email, "demoEmail" }, { m_feature, "demoFeature" },
              { m_amount, "demoAmount" }, { m_session, "demoSession" } };
    for (const auto& [edit, name] : names)
        edit->setObjectName(QLatin1String(name));
    m_role->setObjectName(QStringLiteral("demoRole"));
    m_plan->setObjectName(QStringLiteral("demoPlan"));
    m_tenant->setPlaceholderText(tr("t-1 (empty: the platform names it)"));
    m_email->setPlaceholderText(tr("name@example.com"));

    auto* top = new QHBoxLayout;
    top->addWidget(m_start);
    top->addWidget(new QLabel(tr("Speed"), this));
    top->addWidget(m_speed);
    top->addStretch(1);

    auto* fields = new QFormLayout;
    fields->addRow(tr("Tenant"), m_tenant);
    fields->addRow(tr("Plan"), m_plan);
    fields->addRow(tr("User"), m_user);
    fields->addRow(tr("E-mail"), m_email);
    fields->addRow(tr("Role"), m_role);
    fields->addRow(tr("Feature"), m_feature);
    fields->addRow(tr("Amount"), m_amount);
    fields->addRow(tr("Session"), m_session);

    auto* grid = new QGridLayout(m_commands);
    grid->setContentsMargins(0, 0, 0, 0);
    const std::pair<Command, QString> buttons[] = { { Command::CreateTenant, tr("Create tenant (plan, user = owner)") },
        { Command::Invite, tr("Invite user") }, { Command::Activate, tr("Activate user") },
        { Command::Remove, tr("Remove user") }, { Command::Usage, tr("Record usage") },
        { Command::ChangePlan, tr("Change plan") }, { Command::Reactivate, tr("Reactivate tenant") },
        { Command::Billing, tr("Run billing now") }, { Command::Connect, tr("Connect session") },
        { Command::Disconnect, tr("Disconnect session") }, { Command::Crash, tr("Crash process") } };
    int i = 0;
    for (const auto& [command, label] : buttons) {
        auto* b = new QPushButton(label, m_commands);
        b->setObjectName(QStringLiteral("demoCommand%1").arg(int(command)));
        connect(b, &QPushButton::clicked, this, [this, c = command]() { send(c); });
        grid->addWidget(b, i / 2, i % 2);
        ++i;
    }

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(fields);
    layout->addWidget(m_commands);
    layout->addWidget(m_feedback);
    layout->addStretch(1);

    connect(m_start, &QPushButton::clicked, this, [this]() { toggleRunning(); });
    connect(m_speed, &QComboBox::currentIndexChanged, this,
        [this]() { m_host->setSpeed(m_speed->currentData().toDouble()); });
    connect(m_host, &models::EngineHost::commandFinished, this,
        [this](quint64 id, const live::CommandResult& r) { showReply(id, r); });
    connect(m_host, &models::EngineHost::failed, this, [this](const QString& why) { showFeedback(why, true); });
    connect(m_host, &models::EngineHost::started, this, [this]() { updateEnabled(); });
    connect(m_host, &models::EngineHost::stopped, this, [this]() { updateEnabled(); });
    // The Demo menu and the command line set the speed too: show what the platform runs at.
    auto showSpeed = [this](double speed) {
        const int found = m_speed->findData(speed);
        if (found < 0 || found == m_speed->currentIndex())
            return;
        const QSignalBlocker blocker(m_speed);
        m_speed->setCurrentIndex(found);
    };
    connect(m_host, &models::EngineHost::speedChanged, this, showSpeed);
    connect(m_host, &models::EngineHost::started, this, [this, showSpeed]() { showSpeed(m_host->speed()); });
    updateEnabled();
}

void DemoControlPanel::setJournalDirectory(const QString& directory)
{
    m_directory = directory;
}

void DemoControlPanel::setSeed(quint64 seed)
{
    m_seed = seed;
}

void DemoControlPanel::setRunScenario(bool run)
{
    m_runScenario = run;
}

QString DemoControlPanel::feedback() const
{
    return m_feedback->text();
}

void DemoControlPanel::toggleRunning()
{
    if (m_host->isRunning()) {
        m_host->stop();
        return;
    }
    models::EngineHost::StartOptions o;
    QString path;
    do
        path = QDir(m_directory).filePath(QStringLiteral("demo-%1-%2.db").arg(m_seed).arg(++m_runs));
    while (QFileInfo::exists(path));
    o.journalPath = path;
    o.seed = m_seed;
    o.speed = m_speed->currentData().toDouble();
    o.runScenario = m_runScenario;
    m_host->start(o);
    updateEnabled();
}

bool DemoControlPanel::tenantHasUser(const QString& tenant, const QString& user) const
{
    const auto history = m_document ? m_document->history() : nullptr;
    const auto state = m_document ? m_document->state() : nullptr;
    if (!history || !state)
        return false;
    auto view = history->view();
    const auto* t = history::findTenant(state->state, view.pool(), tenant.toStdString());
    const auto id = view.find(user.toStdString());
    return t && id && t->findUser(id);
}

QString DemoControlPanel::validate(Command command) const
{
    const QString tenant = m_tenant->text().trimmed();
    const QString user = m_user->text().trimmed();
    if (command != Command::CreateTenant && command != Command::Billing && tenant.isEmpty())
        return tr("Enter a tenant.");
    if (command == Command::Invite) {
        static const QRegularExpression mail(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
        if (user.isEmpty())
            return tr("Enter the user id to invite.");
        if (!mail.match(m_email->text().trimmed()).hasMatch())
            return tr("\"%1\" is not an e-mail address.").arg(m_email->text());
    }
    if ((command == Command::Activate || command == Command::Remove) && !tenantHasUser(tenant, user))
        return tr("Tenant %1 has no user \"%2\".").arg(tenant, user);
    if (command == Command::Usage) {
        bool ok = false;
        const double amount = m_amount->text().trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(amount))
            return tr("Usage amount \"%1\" is not a number.").arg(m_amount->text());
        if (amount < 0)
            return tr("Usage amount must not be negative.");
        if (m_feature->text().trimmed().isEmpty())
            return tr("Enter a feature.");
    }
    if ((command == Command::Connect || command == Command::Disconnect) && m_session->text().trimmed().isEmpty())
        return tr("Enter a session id.");
    return {};
}

void DemoControlPanel::send(Command command)
{
    const QString problem = validate(command);
    if (!problem.isEmpty()) {
        showFeedback(problem, true);
        return;
    }
    const QString t = m_tenant->text().trimmed();
    const QString u = m_user->text().trimmed();
    const auto plan = platform::Plan(m_plan->currentData().toInt());
    switch (command) {
    case Command::CreateTenant:
        m_pending = m_host->createTenant(t, plan, u);
        break;
    case Command::Invite:
        m_pending = m_host->inviteUser(t, u, m_email->text().trimmed(), platform::Role(m_role->currentData().toInt()));
        break;
    case Command::Activate:
        m_pending = m_host->activateUser(t, u);
        break;
    case Command::Remove:
        m_pending = m_host->removeUser(t, u);
        break;
    case Command::Usage:
        m_pending = m_host->recordUsage(t, u, m_feature->text().trimmed(), m_amount->text().trimmed().toDouble());
        break;
    case Command::ChangePlan:
        m_pending = m_host->changePlan(t, plan);
        break;
    case Command::Reactivate:
        m_pending = m_host->reactivateTenant(t);
        break;
    case Command::Billing:
        m_pending = m_host->runBillingNow(t);
        break;
    case Command::Connect:
        m_pending = m_host->connectSession(t, m_session->text().trimmed(), u);
        break;
    case Command::Disconnect:
        m_pending = m_host->disconnectSession(t, m_session->text().trimmed());
        break;
    case Command::Crash:
        m_pending = m_host->crashTenant(t);
        break;
    }
    showFeedback(tr("Sent…"), false);
}

void DemoControlPanel::showReply(quint64 id, const live::CommandResult& r)
{
    if (id != m_pending)
        return;
    if (r.accepted) {
        showFeedback(tr("Accepted (%n entries appended).", nullptr, int(r.appended)), false);
        return;
    }
    QString text = tr("Refused: %1").arg(QString::fromStdString(r.refusal));
    if (r.usage && r.limit)
        text += tr(" (%1 of %2)").arg(number(*r.usage), number(*r.limit));
    showFeedback(text, true);
}

void DemoControlPanel::showFeedback(const QString& text, bool error)
{
    m_feedback->setText(text);
    // Refusals and input errors in a dark red that reads on light and dark palettes alike.
    QPalette p = palette();
    if (error)
        p.setColor(QPalette::WindowText, QColor(0xc0, 0x30, 0x30));
    m_feedback->setPalette(p);
}

void DemoControlPanel::updateEnabled()
{
    const bool running = m_host->isRunning();
    m_start->setText(running ? tr("Stop demo") : tr("Start demo"));
    m_commands->setEnabled(running);
}

} // namespace cd::ui
