#pragma once

#include <QAbstractTableModel>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

namespace cd::history {
class History;
}

namespace cd::models {

class JournalDocument;
class PostTarget;
struct ProblemsReport;

// The Problems panel's rows: verify's errors and warnings for the open
// journal (code, message, sequence, tenant), run on the thread pool once the
// document is ready. Until verify ends (or when it cannot), the rows are the
// invalid entries the index left out (document->buildResult()): verify
// reports each of them again as an error, with its sequence when readable.
// The tenant of a row is looked up in the index when a view asks.
class ProblemsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SeverityColumn, CodeColumn, SequenceColumn, TenantColumn, MessageColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole,
        SequenceRole, // qint64, invalid when the entry's sequence is unknown
        SeverityRole, // Severity as int
        CodeRole, // QString
    };
    enum class Severity { Error, Warning };
    Q_ENUM(Severity)
    enum class Filter { All, Errors, Warnings };
    Q_ENUM(Filter)
    enum class Status {
        NoJournal,
        Verifying, // rows: the entries the index left out
        Done, // rows: verify's findings
        Failed // verify could not read the file to its end; rows: the entries left out
    };
    Q_ENUM(Status)

    explicit ProblemsModel(JournalDocument* document, QObject* parent = nullptr);
    ~ProblemsModel() override;

    void setFilter(Filter filter);
    Filter filter() const { return m_filter; }
    // Runs verify again (e.g. after live appends).
    void rerun();

    Status status() const { return m_status; }
    double progress() const { return m_progress; }
    int errorCount() const;
    int warningCount() const;
    // Entries the index left out (all of them, not only the reported ones).
    std::int64_t leftOutCount() const;
    std::int64_t entriesVerified() const;
    // "2 errors · 5 warnings in 20 entries", "No problems found in 20 entries", ...
    QString summary() const;
    QString failure() const;
    std::optional<std::int64_t> sequenceAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    // The rows come FetchRows at a time as the view scrolls down: a view
    // takes every row it is told of at once (a million warnings: a quarter
    // of a second on the GUI thread).
    static constexpr std::size_t FetchRows = 4096;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void statusChanged();
    void progressChanged(double fraction);

private:
    void endReset(); // endResetModel(), no fetching while it is told
    void restart();
    void stop();
    void finish(quint64 generation, std::shared_ptr<const ProblemsReport> report);
    void onProgress(quint64 generation, double fraction);
    const std::vector<std::uint32_t>* rows() const;
    std::size_t leftOutRows() const;
    QVariant leftOutData(int row, int column, int role) const;
    QString tenantOf(std::int64_t sequence) const;

    JournalDocument* m_document;
    std::shared_ptr<const history::History> m_history;
    std::shared_ptr<const ProblemsReport> m_report;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::shared_ptr<PostTarget> m_posts; // the verify's progress, closed on destruction
    Status m_status = Status::NoJournal;
    Filter m_filter = Filter::All;
    std::size_t m_fetched = FetchRows; // of rows(): how many the view was told of
    bool m_telling = false; // a reset or an insertion is being told
    double m_progress = 0;
    quint64 m_generation = 0;
};

} // namespace cd::models
