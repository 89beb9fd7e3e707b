#include "ui/export_dialog.h"

#include "models/export_job.h"
#include "models/journal_document.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace cd::ui {

namespace {

constexpr int ProgressScale = 1000;

enum FormatIndex { NdjsonIndex, PhyxiusIndex };

// A tenant id as part of a file name.
QString fileNamePart(const QString& text)
{
    QString out = text;
    for (QChar& c : out) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_') || c == QLatin1Char('.')))
            c = QLatin1Char('_');
    }
    return out;
}

std::optional<std::int64_t> parseSequence(const QString& text, bool& ok)
{
    ok = true;
    if (text.trimmed().isEmpty())
        return std::nullopt;
    const qint64 value = text.trimmed().toLongLong(&ok);
    return ok ? std::optional<std::int64_t>(value) : std::nullopt;
}

} // namespace

ExportDialog::ExportDialog(models::JournalDocument* document, QWidget* parent)
    : QDialog(parent)
    , m_document(document)
    , m_job(new models::ExportJob(this))
    , m_format(new QComboBox(this))
    , m_whole(new QRadioButton(tr("The whole journal"), this))
    , m_slice(new QRadioButton(tr("A slice:"), this))
    , m_sliceBox(new QWidget(this))
    , m_tenant(new QLineEdit(this))
    , m_from(new QLineEdit(this))
    , m_to(new QLineEdit(this))
    , m_marks(new QPushButton(tr("Marks A–B"), this))
    , m_fromCursor(new QPushButton(tr("From the cursor"), this))
    , m_toCursor(new QPushButton(tr("Up to the cursor"), this))
    , m_redact(new QCheckBox(tr("Redact e-mail addresses"), this))
    , m_path(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Browse…"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_export(new QPushButton(tr("Export"), this))
    , m_cancel(new QPushButton(tr("Cancel export"), this))
    , m_close(new QPushButton(tr("Close"), this))
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export journal"));
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_whole->setObjectName(QStringLiteral("exportWhole"));
    m_slice->setObjectName(QStringLiteral("exportSlice"));
    m_tenant->setObjectName(QStringLiteral("exportTenant"));
    m_from->setObjectName(QStringLiteral("exportFrom"));
    m_to->setObjectName(QStringLiteral("exportTo"));
    m_marks->setObjectName(QStringLiteral("exportUseMarks"));
    m_fromCursor->setObjectName(QStringLiteral("exportFromCursor"));
    m_toCursor->setObjectName(QStringLiteral("exportToCursor"));
    m_redact->setObjectName(QStringLiteral("exportRedact"));
    m_path->setObjectName(QStringLiteral("exportPath"));
    m_browse->setObjectName(QStringLiteral("exportBrowse"));
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_export->setObjectName(QStringLiteral("exportStart"));
    m_cancel->setObjectName(QStringLiteral("exportCancel"));
    m_close->setObjectName(QStringLiteral("exportClose"));
    m_confirm = [this](const QString& path) {
        return QMessageBox::question(this, tr("Replace file?"),
                   tr("%1 already exists.\nReplace it with this export?").arg(QDir::toNativeSeparators(path)),
                   QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    };

    const QString source = m_document ? m_document->path() : QString();
    auto* journal = new QLabel(QFileInfo(source).fileName(), this);
    journal->setObjectName(QStringLiteral("exportJournal"));
    journal->setToolTip(QDir::toNativeSeparators(source));

    m_format->addItem(tr("NDJSON (one entry per line)"));
    m_format->addItem(tr("Phyxius export (one JSON document)"));

    auto* sequenceValidator
        = new QRegularExpressionValidator(QRegularExpression(QStringLiteral("-?[0-9]{0,16}")), this);
    m_tenant->setPlaceholderText(tr("any tenant"));
    m_tenant->setClearButtonEnabled(true);
    m_from->setPlaceholderText(tr("first"));
    m_to->setPlaceholderText(tr("last"));
    m_from->setValidator(sequenceValidator);
    m_to->setValidator(sequenceValidator);
    if (m_document) {
        if (const auto history = m_document->history()) {
            auto* completer = new QCompleter(models::journalTenants(*history), m_tenant);
            completer->setCaseSensitivity(Qt::CaseInsensitive);
            completer->setFilterMode(Qt::MatchContains);
            m_tenant->setCompleter(completer);
        }
    }
    auto* sliceLayout = new QGridLayout(m_sliceBox);
    sliceLayout->setContentsMargins(24, 0, 0, 0);
    sliceLayout->addWidget(new QLabel(tr("Tenant:"), m_sliceBox), 0, 0);
    sliceLayout->addWidget(m_tenant, 0, 1, 1, 3);
    sliceLayout->addWidget(new QLabel(tr("Sequences:"), m_sliceBox), 1, 0);
    sliceLayout->addWidget(m_from, 1, 1);
    sliceLayout->addWidget(new QLabel(tr("to"), m_sliceBox), 1, 2);
    sliceLayout->addWidget(m_to, 1, 3);
    auto* rangeButtons = new QHBoxLayout;
    rangeButtons->addWidget(m_marks);
    rangeButtons->addWidget(m_fromCursor);
    rangeButtons->addWidget(m_toCursor);
    rangeButtons->addStretch(1);
    sliceLayout->addLayout(rangeButtons, 2, 1, 1, 3);

    auto* redactNote = new QLabel(tr("Every e-mail address, in entry ids and event data, is replaced by a pseudonym "
                                     "such as user-3fa29c01@redacted.invalid. One address always gets the same "
                                     "pseudonym within an export, so the story still reads; pseudonyms differ "
                                     "between exports."),
        this);
    redactNote->setObjectName(QStringLiteral("exportRedactNote"));
    redactNote->setWordWrap(true);
    redactNote->setContentsMargins(24, 0, 0, 0);

    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);

    m_progress->setRange(0, ProgressScale);
    m_progress->setVisible(false);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setMinimumHeight(m_status->fontMetrics().lineSpacing() * 2);

    auto* form = new QFormLayout;
    form->addRow(tr("Journal:"), journal);
    form->addRow(tr("Format:"), m_format);
    auto* entries = new QVBoxLayout;
    entries->addWidget(m_whole);
    entries->addWidget(m_slice);
    entries->addWidget(m_sliceBox);
    form->addRow(tr("Entries:"), entries);
    auto* redaction = new QVBoxLayout;
    redaction->addWidget(m_redact);
    redaction->addWidget(redactNote);
    form->addRow(tr("Redaction:"), redaction);
    form->addRow(tr("Save to:"), pathRow);

    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(m_export, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancel, QDialogButtonBox::ActionRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    m_export->setDefault(true);
    m_cancel->setVisible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addStretch(1);
    layout->addWidget(buttons);
    setMinimumWidth(560);

    // Defaults: the selected tenant and the marks, when there are some.
    if (m_document) {
        m_tenant->setText(m_document->selectedTenant());
        const auto a = m_document->markA();
        const auto b = m_document->markB();
        if (a && b) {
            m_from->setText(QString::number(std::min(*a, *b)));
            m_to->setText(QString::number(std::max(*a, *b)));
        }
    }
    const bool sliced = !m_tenant->text().isEmpty() || !m_from->text().isEmpty();
    (sliced ? m_slice : m_whole)->setChecked(true);

    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_cancel, &QPushButton::clicked, m_job, &models::ExportJob::cancel);
    connect(m_close, &QPushButton::clicked, this, &ExportDialog::reject);
    connect(m_browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_marks, &QPushButton::clicked, this, &ExportDialog::useMarks);
    connect(m_fromCursor, &QPushButton::clicked, this, [this] { useCursor(true); });
    connect(m_toCursor, &QPushButton::clicked, this, [this] { useCursor(false); });
    connect(m_slice, &QRadioButton::toggled, this, &ExportDialog::updateSlice);
    connect(m_path, &QLineEdit::textEdited, this, [this] { m_pathEdited = true; });
    for (QLineEdit* edit : { m_tenant, m_from, m_to })
        connect(edit, &QLineEdit::textChanged, this, &ExportDialog::suggestPath);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::suggestPath);
    connect(m_job, &models::ExportJob::progress, this,
        [this](double fraction) { m_progress->setValue(static_cast<int>(fraction * ProgressScale)); });
    connect(m_job, &models::ExportJob::finished, this, &ExportDialog::finish);
    if (m_document) {
        connect(m_document, &models::JournalDocument::marksChanged, this, &ExportDialog::updateSlice);
        connect(m_document, &models::JournalDocument::cursorChanged, this, &ExportDialog::updateSlice);
    }
    updateSlice();
    suggestPath();
    if (source.isEmpty()) {
        m_export->setEnabled(false);
        setStatus(tr("No journal is open."), true);
    }
}

ExportDialog::~ExportDialog() = default;

void ExportDialog::setOverwriteConfirmation(std::function<bool(const QString&)> confirm)
{
    m_confirm = std::move(confirm);
}

void ExportDialog::updateSlice()
{
    const bool slice = m_slice->isChecked();
    m_sliceBox->setEnabled(slice && !m_job->isRunning());
    m_marks->setEnabled(m_document && m_document->markA() && m_document->markB());
    m_fromCursor->setEnabled(m_document && m_document->cursor().has_value());
    m_toCursor->setEnabled(m_document && m_document->cursor().has_value());
    suggestPath();
}

void ExportDialog::useMarks()
{
    const auto a = m_document->markA();
    const auto b = m_document->markB();
    if (!a || !b)
        return;
    m_from->setText(QString::number(std::min(*a, *b)));
    m_to->setText(QString::number(std::max(*a, *b)));
}

void ExportDialog::useCursor(bool from)
{
    const auto cursor = m_document->cursor();
    if (!cursor)
        return;
    // From the cursor to the end, or from the start up to the cursor.
    (from ? m_from : m_to)->setText(QString::number(*cursor));
    (from ? m_to : m_from)->clear();
}

void ExportDialog::suggestPath()
{
    if (m_pathEdited || !m_document || m_document->path().isEmpty())
        return;
    const QFileInfo source(m_document->path());
    QString name = source.baseName();
    if (m_slice->isChecked()) {
        if (!m_tenant->text().trimmed().isEmpty())
            name += QLatin1Char('-') + fileNamePart(m_tenant->text().trimmed());
        if (!m_from->text().isEmpty() || !m_to->text().isEmpty())
            name += QStringLiteral("-seq%1-%2").arg(m_from->text(), m_to->text());
    }
    name += m_format->currentIndex() == PhyxiusIndex ? QStringLiteral("-export.phyxius.json")
                                                     : QStringLiteral("-export.ndjson");
    m_path->setText(QDir::toNativeSeparators(source.dir().filePath(name)));
}

void ExportDialog::browse()
{
    const QString filter = m_format->currentIndex() == PhyxiusIndex ? tr("Phyxius export (*.json);;All files (*)")
                                                                    : tr("NDJSON (*.ndjson *.jsonl);;All files (*)");
    // The dialog asks about replacing a file itself, when Export is pressed.
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export journal to"), m_path->text(), filter, nullptr, QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    m_pathEdited = true;
    m_path->setText(QDir::toNativeSeparators(path));
}

std::optional<models::ExportRequest> ExportDialog::request()
{
    models::ExportRequest request;
    request.source = m_document ? m_document->path() : QString();
    request.output = QDir::fromNativeSeparators(m_path->text().trimmed());
    request.format
        = m_format->currentIndex() == PhyxiusIndex ? store::ExportFormat::Phyxius : store::ExportFormat::Ndjson;
    request.redact = m_redact->isChecked();
    if (m_slice->isChecked()) {
        const QString tenant = m_tenant->text().trimmed();
        if (!tenant.isEmpty())
            request.tenantId = tenant.toStdString();
        bool ok = true;
        request.fromSequence = parseSequence(m_from->text(), ok);
        if (!ok) {
            setStatus(tr("From: “%1” is not a sequence number.").arg(m_from->text()), true);
            return std::nullopt;
        }
        request.toSequence = parseSequence(m_to->text(), ok);
        if (!ok) {
            setStatus(tr("To: “%1” is not a sequence number.").arg(m_to->text()), true);
            return std::nullopt;
        }
    }
    return request;
}

void ExportDialog::startExport()
{
    if (m_job->isRunning())
        return;
    auto request = this->request();
    if (!request)
        return;
    const QString problem = models::checkExportRequest(*request);
    if (!problem.isEmpty()) {
        setStatus(problem, true);
        return;
    }
    if (QFileInfo::exists(request->output)) {
        if (!m_confirm(request->output)) {
            setStatus(tr("Not exported: %1 was kept.").arg(QDir::toNativeSeparators(request->output)), false);
            return;
        }
        request->overwrite = true;
    }
    const QString refused = m_job->start(*request);
    if (!refused.isEmpty()) {
        setStatus(refused, true);
        return;
    }
    setRunning(true);
    setStatus(tr("Exporting to %1…").arg(QDir::toNativeSeparators(request->output)), false);
}

void ExportDialog::setRunning(bool running)
{
    for (QWidget* input : { static_cast<QWidget*>(m_format), static_cast<QWidget*>(m_whole),
             static_cast<QWidget*>(m_slice), static_cast<QWidget*>(m_redact), static_cast<QWidget*>(m_path),
             static_cast<QWidget*>(m_browse), static_cast<QWidget*>(m_export), static_cast<QWidget*>(m_close) })
        input->setEnabled(!running);
    m_sliceBox->setEnabled(!running && m_slice->isChecked());
    m_cancel->setVisible(running);
    m_progress->setVisible(running);
    m_progress->setValue(0);
}

void ExportDialog::finish(const models::ExportResult& result)
{
    setRunning(false);
    setStatus(result.message, !result.ok());
}

void ExportDialog::reject()
{
    // Closing while exporting cancels first; the dialog stays to say so.
    if (m_job->isRunning()) {
        m_job->cancel();
        setStatus(tr("Cancelling…"), false);
        return;
    }
    QDialog::reject();
}

void ExportDialog::setStatus(const QString& text, bool problem)
{
    m_status->setText(text);
    QPalette palette = this->palette();
    if (problem)
        palette.setColor(QPalette::WindowText, QColor(0xb0, 0x00, 0x20));
    m_status->setPalette(palette);
}

} // namespace cd::ui
