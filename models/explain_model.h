#pragma once

#include "engine/history/explain.h"

#include <QAbstractTableModel>

#include <cstdint>
#include <memory>
#include <optional>

namespace cd::history {
class History;
}

namespace cd::models {

class JournalDocument;

// "Why?": why the document's selected tenant is in its status at the cursor
// (history::explain). summary() is the sentence; the rows are the entries
// that made it so (SequenceRole moves the cursor there), read from the index
// (no file access). Recomputed when the cursor, the tenant or the journal
// change: on the GUI thread when the tenant's log is short, else on the
// thread pool (one job in flight, a generation counter drops stale results).
class ExplainModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SequenceColumn, TimeColumn, TypeColumn, DetailColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole,
        SequenceRole, // qint64
        IsCursorRole, // bool: the entry at the cursor
    };
    enum class Status {
        NoJournal,
        NoTenant, // no tenant selected
        Computing, // a job runs; the previous answer stays until it ends
        Ready
    };
    Q_ENUM(Status)

    explicit ExplainModel(JournalDocument* document, QObject* parent = nullptr);
    ~ExplainModel() override;

    Status status() const { return m_status; }
    // The tenant and sequence the shown answer is about.
    QString tenant() const;
    std::optional<std::int64_t> at() const;
    // "suspended", "active", ...; "not created" when the tenant does not exist there; empty before an answer.
    QString statusText() const;
    // The explanation's sentence, or why there is none.
    QString summary() const;
    std::optional<std::int64_t> sequenceAt(int row) const;

    // Tenants with at most this many entries are explained on the GUI thread
    // (a walk of their log; well under a frame). Tests lower it to 0 to
    // exercise the worker.
    void setSynchronousLimit(std::size_t entries) { m_synchronousLimit = entries; }

    // An inactive model (its panel is hidden) explains nothing; it answers
    // for the latest cursor and tenant once active again. Active at first.
    bool isActive() const { return m_active; }
    void setActive(bool active);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // A new answer (or none) is shown, or status() changed.
    void statusChanged();

private:
    struct Request {
        std::shared_ptr<const history::History> history;
        std::string tenant;
        std::optional<std::int64_t> at; // nullopt: the cursor is before the first entry
    };
    std::optional<Request> currentRequest() const;
    void recompute();
    void start(Request request);
    void finish(quint64 generation, std::shared_ptr<const history::Explanation> answer);
    void show(std::shared_ptr<const history::Explanation> answer, Status status);
    void setStatus(Status status);

    JournalDocument* m_document;
    std::shared_ptr<const history::History> m_history; // of the shown answer
    std::shared_ptr<const history::Explanation> m_answer;
    Status m_status = Status::NoJournal;
    std::size_t m_synchronousLimit = 4096;
    bool m_running = false;
    bool m_active = true;
    bool m_dirty = false; // asked while inactive
    quint64 m_generation = 0;
};

} // namespace cd::models
