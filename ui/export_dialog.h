#pragma once

#include <QDialog>

#include <cstdint>
#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QWidget;

namespace cd::models {
class ExportJob;
class JournalDocument;
struct ExportRequest;
struct ExportResult;
} // namespace cd::models

namespace cd::ui {

// Export of the open journal, or a slice of it, from the UI (objectName
// "exportDialog"): format, whole journal or tenant and sequence range (the
// selected tenant and marks A..B by default), redaction, output path with
// overwrite confirmation. The engine exporter (the CLI's code) runs on the
// thread pool through models::ExportJob, with progress and Cancel; the
// output appears only when complete and the source is never written.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportDialog(models::JournalDocument* document, QWidget* parent = nullptr);
    ~ExportDialog() override;

    // Asked before replacing an existing file (default: a message box);
    // tests answer it themselves.
    void setOverwriteConfirmation(std::function<bool(const QString& path)> confirm);

    // The request the inputs describe; nullopt (and the status line says
    // why) when an input is not valid.
    std::optional<models::ExportRequest> request();
    // Starts the export (what the Export button does).
    void startExport();
    models::ExportJob* job() const { return m_job; }

public Q_SLOTS:
    void reject() override;

private:
    void browse();
    void useMarks();
    void useCursor(bool from);
    void updateSlice();
    void suggestPath();
    void setRunning(bool running);
    void finish(const models::ExportResult& result);
    void setStatus(const QString& text, bool problem);

    models::JournalDocument* m_document;
    models::ExportJob* m_job;
    std::function<bool(const QString&)> m_confirm;
    QComboBox* m_format;
    QRadioButton* m_whole;
    QRadioButton* m_slice;
    QWidget* m_sliceBox;
    QLineEdit* m_tenant;
    QLineEdit* m_from;
    QLineEdit* m_to;
    QPushButton* m_marks;
    QPushButton* m_fromCursor;
    QPushButton* m_toCursor;
    QCheckBox* m_redact;
    QLineEdit* m_path;
    QPushButton* m_browse;
    QProgressBar* m_progress;
    QLabel* m_status;
    QPushButton* m_export;
    QPushButton* m_cancel;
    QPushButton* m_close;
    bool m_pathEdited = false;
};

} // namespace cd::ui
