#pragma once

#include <QAbstractItemModel>

#include <cstdint>
#include <memory>
#include <optional>

namespace cd::history {
class History;
}

namespace cd::models {

class JournalDocument;
struct DiffTree;

// The diff between the document's marks A and B as a tree: tenant, then the
// path segments of each change; a change's children are the entries that
// caused it (SequenceRole moves the cursor there). Computed on the thread
// pool whenever the marks, the journal or (with tenantOnly) the selected
// tenant change; one job in flight, a generation counter drops stale results.
class DiffModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { PathColumn, BeforeColumn, AfterColumn, KindColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole,
        NodeTypeRole, // NodeType
        SequenceRole, // qint64 for a cause row, else invalid
        PathRole, // JSON Pointer of a change or segment; tenant id for a tenant
        KindRole, // DiffTree::Kind as int for a change, else invalid
        ChangeCountRole, // changes at or under the row
    };
    enum class NodeType { Tenant, Segment, Cause };
    Q_ENUM(NodeType)
    enum class Status {
        NoJournal, // nothing open (or not indexed yet)
        NoMarks, // A or B unset
        Computing, // a job runs; the previous tree stays until it ends
        Ready
    };
    Q_ENUM(Status)

    explicit DiffModel(JournalDocument* document, QObject* parent = nullptr);
    ~DiffModel() override;

    // Limits the diff to the document's selected tenant.
    void setTenantOnly(bool only);
    bool tenantOnly() const { return m_tenantOnly; }

    Status status() const { return m_status; }
    // The marks the shown tree compares (nullopt before a result).
    std::optional<std::int64_t> from() const;
    std::optional<std::int64_t> to() const;
    int changeCount() const;
    int tenantCount() const;
    // "3 changes in 2 tenants · A seq 4 → B seq 12", or why there is none.
    QString summary() const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // A new tree (or none) is shown, or status() changed.
    void statusChanged();

private:
    struct Request {
        std::shared_ptr<const history::History> history;
        std::int64_t from = 0;
        std::int64_t to = 0;
        std::optional<std::string> tenant;
    };
    std::optional<Request> currentRequest() const;
    void recompute();
    void start(Request request);
    void finish(quint64 generation, std::shared_ptr<const DiffTree> tree);
    void show(std::shared_ptr<const DiffTree> tree, Status status);
    void setStatus(Status status);
    QVariant causeData(std::uint32_t node, int causeRow, int column, int role) const;
    QVariant nodeData(std::uint32_t node, int column, int role) const;

    JournalDocument* m_document;
    std::shared_ptr<const history::History> m_history; // of the shown tree
    std::shared_ptr<const DiffTree> m_tree;
    Status m_status = Status::NoJournal;
    bool m_tenantOnly = false;
    bool m_running = false;
    quint64 m_generation = 0;
};

} // namespace cd::models
