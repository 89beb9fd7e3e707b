#include "models/diff_model.h"
#include "models/explain_model.h"
#include "models/journal_document.h"
#include "models/problems_model.h"
#include "tests/models/document_test_support.h"
#include "ui/panels/diff_panel.h"
#include "ui/panels/problems_panel.h"
#include "ui/panels/why_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using cd::models::DiffModel;
using cd::models::ExplainModel;
using cd::models::JournalDocument;
using cd::models::ProblemsModel;

using cd::models::test::dataFile;
using cd::models::test::openAndWait;

namespace {

template <typename T>
T* child(QWidget& parent, const char* name)
{
    return parent.findChild<T*>(QLatin1String(name));
}

// Clicks the cell of index in a view, the way a user does.
void clickIndex(QAbstractItemView* view, const QModelIndex& index)
{
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
}

// The first row (depth-first) whose role holds value.
QModelIndex findRow(const QAbstractItemModel& model, int role, const QVariant& value, const QModelIndex& parent = {})
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        if (index.data(role) == value)
            return index;
        if (const QModelIndex found = findRow(model, role, value, index); found.isValid())
            return found;
    }
    return {};
}

void save(QWidget& widget, const char* name)
{
    widget.grab().save(QStringLiteral("/tmp/panelsB5_%1.png").arg(QLatin1String(name)));
}

QString t(const char* s)
{
    return QString::fromUtf8(s);
}

} // namespace

class TestPanelsB : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_cache.isValid()); }

    void diffPanelComparesTheMarksAndJumpsToACause()
    {
        JournalDocument document;
        document.setIndexCacheDirectory(m_cache.path());
        cd::ui::DiffPanel panel(&document);
        panel.resize(900, 420);
        panel.show();
        QCOMPARE(panel.objectName(), t("diffPanel"));
        auto* empty = child<QLabel>(panel, "diffEmpty");
        auto* tree = child<QTreeView>(panel, "diffTree");
        auto* useA = child<QPushButton>(panel, "diffUseCursorAsA");
        auto* useB = child<QPushButton>(panel, "diffUseCursorAsB");
        auto* summary = child<QLabel>(panel, "diffSummary");
        QVERIFY(empty && tree && useA && useB && summary);
        QVERIFY(empty->isVisible());
        QVERIFY(!useA->isEnabled());

        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QVERIFY(empty->isVisible());
        QVERIFY(empty->text().contains(t("Set marks A and B")));
        save(panel, "diff_empty");
        document.setCursor(4);
        QTest::mouseClick(useA, Qt::LeftButton);
        QCOMPARE(document.markA(), std::optional<std::int64_t>(4));
        QCOMPARE(child<QLabel>(panel, "diffMarkA")->text(), t("A: seq 4"));
        document.setCursor(12);
        QTest::mouseClick(useB, Qt::LeftButton);
        QCOMPARE(document.markB(), std::optional<std::int64_t>(12));
        QTRY_VERIFY_WITH_TIMEOUT(tree->isVisible(), 20000);
        QCOMPARE(summary->text(), t("3 changes in 2 tenants · A seq 4 → B seq 12"));
        // A small diff opens whole: the cause rows are on screen.
        const QModelIndex cause = findRow(*tree->model(), DiffModel::SequenceRole, QVariant(qint64(9)));
        QVERIFY(cause.isValid());
        QVERIFY(tree->isExpanded(cause.parent()));
        save(panel, "diff");
        clickIndex(tree, cause);
        QCOMPARE(document.cursor(), std::optional<std::int64_t>(9));

        // Selected tenant only.
        document.setSelectedTenant(QStringLiteral("t-1"));
        child<QCheckBox>(panel, "diffTenantOnly")->setChecked(true);
        QTRY_COMPARE_WITH_TIMEOUT(summary->text(), t("1 change in 1 tenant · A seq 4 → B seq 12"), 20000);
        document.setMarkB(4);
        QTRY_VERIFY_WITH_TIMEOUT(empty->isVisible(), 20000);
        QCOMPARE(empty->text(), t("Nothing changed between A and B."));
    }

    void whyPanelExplainsTheSelectedTenant()
    {
        JournalDocument document;
        document.setIndexCacheDirectory(m_cache.path());
        cd::ui::WhyPanel panel(&document);
        panel.resize(720, 360);
        panel.show();
        QCOMPARE(panel.objectName(), t("whyPanel"));
        auto* empty = child<QLabel>(panel, "whyEmpty");
        auto* title = child<QLabel>(panel, "whyTitle");
        auto* summary = child<QLabel>(panel, "whySummary");
        auto* entries = child<QTableView>(panel, "whyEntries");
        QVERIFY(empty && title && summary && entries);
        QVERIFY(empty->isVisible());

        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QVERIFY(empty->isVisible());
        QCOMPARE(empty->text(), t("Select a tenant to see why it is in its status at the cursor."));
        save(panel, "why_empty");
        document.setSelectedTenant(QStringLiteral("t-2"));
        QVERIFY(title->isVisible());
        QVERIFY(title->text().contains(t("t-2")));
        QVERIFY(title->text().contains(t(">suspended<")));
        QVERIFY(title->text().contains(t("at seq 19")));
        QVERIFY(summary->text().contains(t("after 3 failed payments (c-1, c-2, c-3)")));
        QVERIFY(entries->isVisible());
        QCOMPARE(entries->model()->rowCount(), 4);
        save(panel, "why");

        // Clicking the second failure moves the cursor there; the answer follows.
        clickIndex(entries, entries->model()->index(1, ExplainModel::TypeColumn));
        QCOMPARE(document.cursor(), std::optional<std::int64_t>(9));
        QVERIFY(title->text().contains(t(">active<")));
        QVERIFY(title->text().contains(t("at seq 9")));
        QCOMPARE(summary->text(),
            t("t-2 is active since its creation at sequence 4. It has 2 failed payments (c-1, c-2) since it was "
              "created."));
        QCOMPARE(entries->model()->rowCount(), 1);

        document.setCursor(2);
        QVERIFY(title->text().contains(t("not created")));
        QVERIFY(!entries->isVisible());
        save(panel, "why_not_created");

        // Hidden (another tab on top) it explains nothing; shown again it
        // answers for where the cursor is then.
        panel.hide();
        QVERIFY(!panel.model()->isActive());
        document.setCursor(19);
        QVERIFY(title->text().contains(t("not created")));
        panel.show();
        QVERIFY(panel.model()->isActive());
        QVERIFY(title->text().contains(t(">suspended<")));
        QVERIFY(title->text().contains(t("at seq 19")));
    }

    void problemsPanelFiltersAndJumps()
    {
        JournalDocument document;
        document.setIndexCacheDirectory(m_cache.path());
        cd::ui::ProblemsPanel panel(&document);
        panel.resize(900, 320);
        panel.show();
        QCOMPARE(panel.objectName(), t("problemsPanel"));
        auto* table = child<QTableView>(panel, "problemsTable");
        auto* empty = child<QLabel>(panel, "problemsEmpty");
        auto* filter = child<QComboBox>(panel, "problemsFilter");
        auto* summary = child<QLabel>(panel, "problemsSummary");
        QVERIFY(table && empty && filter && summary);

        QVERIFY(openAndWait(document, dataFile("problems.ndjson")));
        auto* model = panel.model();
        QTRY_COMPARE_WITH_TIMEOUT(model->status(), ProblemsModel::Status::Done, 20000);
        QVERIFY(table->isVisible());
        QCOMPARE(table->model()->rowCount(), 7);
        QCOMPARE(summary->text(), t("3 errors · 4 warnings in 8 entries · 2 entries left out of the index"));
        save(panel, "problems");

        filter->setCurrentIndex(filter->findData(int(ProblemsModel::Filter::Errors)));
        QCOMPARE(model->filter(), ProblemsModel::Filter::Errors);
        QCOMPARE(table->model()->rowCount(), 3);
        filter->setCurrentIndex(filter->findData(int(ProblemsModel::Filter::Warnings)));
        QCOMPARE(table->model()->rowCount(), 4);
        // The time-backwards warning at sequence 4.
        const QModelIndex row = findRow(*table->model(), ProblemsModel::CodeRole, t("time-backwards"));
        QVERIFY(row.isValid());
        clickIndex(table, row.siblingAtColumn(ProblemsModel::MessageColumn));
        QCOMPARE(document.cursor(), std::optional<std::int64_t>(4));

        // A clean journal.
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QTRY_COMPARE_WITH_TIMEOUT(model->status(), ProblemsModel::Status::Done, 20000);
        QVERIFY(empty->isVisible());
        QCOMPARE(empty->text(), t("No problems found"));
        QCOMPARE(summary->text(), t("No problems found in 20 entries"));
        save(panel, "problems_none");
    }

private:
    QTemporaryDir m_cache;
};

QTEST_MAIN(TestPanelsB)
#include "tst_panels_b.moc"
