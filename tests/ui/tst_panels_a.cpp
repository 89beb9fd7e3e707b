#include "ui/cursor_status.h"
#include "ui/panels/audit_panel.h"
#include "ui/panels/event_log_panel.h"
#include "ui/panels/inspector_panel.h"
#include "ui/panels/label_host.h"
#include "ui/panels/tenant_detail_panel.h"
#include "ui/panels/tenants_panel.h"
#include "ui/panels/windowed_table.h"

#include "models/audit_model.h"
#include "models/entry_text_cache.h"
#include "models/event_log_model.h"
#include "models/tenant_list_model.h"

#include "tests/models/panels_a_fixture.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QVBoxLayout>

using namespace cd::ui;
using cd::models::AuditModel;
using cd::models::EntryTextCache;
using cd::models::EventLogModel;
using cd::models::TenantListModel;
using cd::models::test::dumpColumn;
using cd::models::test::OpenedDocument;
using cd::models::test::strings;

namespace {

// The texts a table shows, row by row, for what the view really displays.
QStringList shownColumn(const QTableView* view, int column)
{
    return dumpColumn(*view->model(), column);
}

// Renders a panel and checks it painted something besides the background;
// with CHRONODESK_PANEL_SHOTS=DIR the image is kept for a human to look at.
bool grabLooksPainted(QWidget& panel, const QString& name)
{
    panel.resize(960, 420);
    panel.show();
    QCoreApplication::processEvents();
    const QImage image = panel.grab().toImage();
    const QString dir = qEnvironmentVariable("CHRONODESK_PANEL_SHOTS");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        image.save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    return colours.size() > 4;
}

void waitForFetch(EntryTextCache* cache)
{
    QSignalSpy fetched(cache, &EntryTextCache::fetched);
    for (int i = 0; i < 200 && cache->isBusy(); ++i)
        fetched.wait(50);
}

// Counts the layout requests a window receives (a relayout of everything in it).
class LayoutRequestCounter : public QObject {
public:
    int count = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        count += event->type() == QEvent::LayoutRequest ? 1 : 0;
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

class TestPanelsA : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tenantsPanel();
    void tenantDetailPanel();
    void auditPanel();
    void eventLogPanel();
    void inspectorPanel();
    void labelHost();
    void cursorTextsKeepTheWindowLayout();
    void tenantDetailColumns_data();
    void tenantDetailColumns();
};

void TestPanelsA::tenantsPanel()
{
    OpenedDocument opened;
    TenantsPanel panel(&opened.document);
    QCOMPARE(panel.objectName(), QStringLiteral("tenantsPanel"));
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    auto* view = panel.findChild<QTableView*>(QStringLiteral("tenantsTable"));
    QVERIFY(view);
    QCOMPARE(shownColumn(view, TenantListModel::TenantColumn), strings({ "t-1", "t-2" }));
    QCOMPARE(shownColumn(view, TenantListModel::StatusColumn), strings({ "active", "suspended" }));
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("tenantCount"))->text(), QStringLiteral("2 tenant(s)"));

    // Clicking a row selects the tenant in the document.
    QVERIFY(grabLooksPainted(panel, QStringLiteral("tenants")));
    const QRect second = view->visualRect(view->model()->index(1, 0));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, second.center());
    QCOMPARE(opened.document.selectedTenant(), QStringLiteral("t-2"));
    // And the document's selection selects the row.
    opened.document.setSelectedTenant(QStringLiteral("t-1"));
    QCOMPARE(view->currentIndex().row(), 0);

    auto* filter = panel.findChild<QLineEdit*>(QStringLiteral("tenantFilter"));
    QTest::keyClicks(filter, QStringLiteral("susp"));
    QCOMPARE(shownColumn(view, TenantListModel::TenantColumn), strings({ "t-2" }));
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("tenantCount"))->text(), QStringLiteral("1 of 2"));
    filter->clear();

    // Before t-2 exists the table has one row; it comes back with the cursor.
    opened.document.setCursor(3);
    QCOMPARE(shownColumn(view, TenantListModel::TenantColumn), strings({ "t-1" }));
    // The count follows the cursor in a label of fixed size (no window relayout).
    auto* count = panel.findChild<QLabel*>(QStringLiteral("tenantCount"));
    QCOMPARE(count->text(), QStringLiteral("1 tenant(s)"));
    QCOMPARE(count->minimumSize(), count->maximumSize());
    QVERIFY(count->width() >= count->fontMetrics().horizontalAdvance(QStringLiteral("2 tenant(s)")));
    opened.document.setCursor(12);
    QCOMPARE(shownColumn(view, TenantListModel::FailedPaymentsColumn), strings({ "0", "3" }));
}

void TestPanelsA::tenantDetailPanel()
{
    OpenedDocument opened;
    TenantDetailPanel panel(&opened.document);
    QCOMPARE(panel.objectName(), QStringLiteral("tenantDetailPanel"));
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    QCOMPARE(panel.title()->text(), QStringLiteral("No tenant selected"));
    opened.document.setSelectedTenant(QStringLiteral("t-1"));
    QCOMPARE(panel.title()->text(), QStringLiteral("Tenant t-1 (pro, active) at sequence 19"));
    QCOMPARE(shownColumn(panel.usersView(), 1), strings({ "alice@example.com", "bob@example.com" }));
    QCOMPARE(shownColumn(panel.sessionsView(), 0), strings({ "s-1" }));
    QCOMPARE(shownColumn(panel.usageView(), 3), strings({ "8%", "200%", "0%" }));
    QCOMPARE(shownColumn(panel.billingView(), 1), strings({ "pro", "active", "c-4", "2025-11-24 16:00:15.000", "0" }));
    QVERIFY(grabLooksPainted(panel, QStringLiteral("tenant_detail")));

    opened.document.setCursor(1);
    QCOMPARE(panel.title()->text(), QStringLiteral("Tenant t-1 (pro, active) at sequence 1"));
    QCOMPARE(shownColumn(panel.usersView(), 3), strings({ "invited" }));
    QCOMPARE(shownColumn(panel.sessionsView(), 0), QStringList());
    opened.document.setSelectedTenant(QStringLiteral("t-2"));
    QCOMPARE(panel.title()->text(), QStringLiteral("Tenant t-2 does not exist at sequence 1"));
}

void TestPanelsA::auditPanel()
{
    OpenedDocument opened;
    AuditPanel panel(&opened.document);
    QCOMPARE(panel.objectName(), QStringLiteral("auditPanel"));
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    opened.document.setSelectedTenant(QStringLiteral("t-2"));
    opened.document.setCursor(9);
    QCOMPARE(panel.title()->text(), QStringLiteral("Audit trail of t-2: 8 entries, 5 up to the cursor"));
    QCOMPARE(
        shownColumn(panel.view(), AuditModel::SequenceColumn), strings({ "4", "6", "7", "8", "9", "10", "11", "12" }));
    panel.resize(960, 420);
    panel.show();
    QCoreApplication::processEvents(); // the view asks for the rows it shows
    waitForFetch(panel.model()->entryTextCache());
    QCOMPARE(panel.model()->index(7, AuditModel::DataColumn).data().toString(),
        QStringLiteral(R"({"type":"tenant.suspended","tenantId":"t-2","reason":"Payment failures"})"));
    QVERIFY(grabLooksPainted(panel, QStringLiteral("audit")));

    QSignalSpy selected(&panel, &AuditPanel::entrySelected);
    const QRect row = panel.view()->visualRect(panel.model()->index(2, 0));
    QTest::mouseClick(panel.view()->viewport(), Qt::LeftButton, {}, row.center());
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.at(0).at(0).toLongLong(), 7);
    QTest::mouseDClick(panel.view()->viewport(), Qt::LeftButton, {}, row.center());
    QCOMPARE(opened.document.cursor(), std::optional<std::int64_t>(7));
    QCOMPARE(panel.title()->text(), QStringLiteral("Audit trail of t-2: 8 entries, 3 up to the cursor"));

    // Selecting a tenant shows its trail at the cursor's row, not at the top,
    // though the view's scroll range waits for a delayed layout of the rows.
    opened.document.setSelectedTenant({});
    opened.document.setCursor(19);
    panel.resize(960, 4 * panel.view()->verticalHeader()->defaultSectionSize());
    QCoreApplication::processEvents();
    QCOMPARE(panel.view()->verticalScrollBar()->maximum(), 0);
    opened.document.setSelectedTenant(QStringLiteral("t-2"));
    QVERIFY(panel.view()->verticalScrollBar()->maximum() > 0); // not every row fits
    QCoreApplication::processEvents();
    QCOMPARE(panel.model()->cursorRow(), 7);
    const QRect cursorRow = panel.view()->visualRect(panel.model()->index(7, 0));
    QVERIFY2(panel.view()->viewport()->rect().contains(cursorRow.center()),
        qPrintable(QStringLiteral("row 7 at y %1 in a viewport %2 high")
                       .arg(cursorRow.center().y())
                       .arg(panel.view()->viewport()->height())));
}

void TestPanelsA::eventLogPanel()
{
    OpenedDocument opened;
    EventLogPanel panel(&opened.document);
    QCOMPARE(panel.objectName(), QStringLiteral("eventLogPanel"));
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    panel.resize(960, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(panel.model()->rowCount(), 20);
    QCOMPARE(panel.statusLabel()->text(), QStringLiteral("20 entries"));
    // The view holds a page of them: what fits, and one row partly shown.
    const int shown = panel.table()->rowsShown();
    QVERIFY2(shown >= 4 && shown < 19, qPrintable(QString::number(shown)));
    // (The cursor is on the last entry: the last page, where no row is cut.)
    QCOMPARE(panel.table()->firstRow(), 20 - shown);
    QCOMPARE(panel.view()->model()->rowCount(), shown);
    panel.table()->scrollTo(0);
    QCOMPARE(panel.view()->model()->rowCount(), shown + 1);

    // The cursor's row is kept in view, the view scrolled to show it whole.
    opened.document.setCursor(0);
    QCoreApplication::processEvents();
    QVERIFY(panel.table()->rowShows(0));
    opened.document.setCursor(19);
    QVERIFY(panel.table()->rowShows(19));
    QVERIFY(panel.view()->viewport()->rect().contains(panel.table()->visualRect(19)));
    QCOMPARE(panel.view()->indexAt(panel.table()->visualRect(19).center()).data().toString(), QStringLiteral("19"));
    QVERIFY(grabLooksPainted(panel, QStringLiteral("event_log")));
    // Selecting a row shows its entry in the inspector.
    QSignalSpy selected(&panel, &EventLogPanel::entrySelected);
    panel.table()->setCurrentRow(17);
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.at(0).at(0).toLongLong(), 17);

    // A text filter (Return applies it; the worker answers).
    QSignalSpy finished(panel.model(), &EventLogModel::filterFinished);
    QTest::keyClicks(panel.textEdit(), QStringLiteral("declined"));
    QTest::keyClick(panel.textEdit(), Qt::Key_Return);
    QVERIFY(finished.wait(5000) || !panel.model()->isFiltering());
    QCOMPARE(shownColumn(panel.view(), EventLogModel::SequenceColumn), strings({ "7", "9", "11" }));
    QCOMPARE(panel.statusLabel()->text(), QStringLiteral("3 of 20 entries"));
    panel.textEdit()->clear();
    QCOMPARE(panel.model()->rowCount(), 20);

    // Types from the menu.
    const auto actions = panel.typeButton()->menu()->actions();
    actions.at(int(cd::platform::EventType::TenantCreated))->setChecked(true);
    QVERIFY(finished.wait(5000) || !panel.model()->isFiltering());
    QCOMPARE(shownColumn(panel.view(), EventLogModel::TenantColumn), strings({ "t-1", "t-2" }));
    QCOMPARE(panel.typeButton()->text(), QStringLiteral("tenant.created"));
    actions.at(int(cd::platform::EventType::TenantCreated))->setChecked(false);
    // Clearing the filter runs off the GUI thread too: wait for every row.
    QTRY_COMPARE(panel.model()->rowCount(), 20);

    // Double-click moves the cursor. The view's own double-click signal is
    // what the panel listens to (a synthetic mouse double-click here races
    // the re-layout after the filter is cleared).
    panel.table()->scrollTo(5, QAbstractItemView::PositionAtTop);
    Q_EMIT panel.view()->doubleClicked(panel.view()->model()->index(5 - panel.table()->firstRow(), 0));
    QCOMPARE(opened.document.cursor(), std::optional<std::int64_t>(5));
    QVERIFY(panel.model()->index(5, 0).data(EventLogModel::IsCursorRole).toBool());
}

void TestPanelsA::inspectorPanel()
{
    OpenedDocument opened;
    InspectorPanel panel(&opened.document);
    QCOMPARE(panel.objectName(), QStringLiteral("inspectorPanel"));
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    // The index answers at once, the stored entry follows.
    QVERIFY(panel.textView()->toPlainText().contains(QStringLiteral("\"type\": \"limits.exceeded\"")));
    QVERIFY(panel.headerLabel()->text().contains(QStringLiteral("sequence <b>19</b>")));
    auto* cache = panel.findChild<EntryTextCache*>();
    QVERIFY(cache);
    waitForFetch(cache);
    const QString text = panel.textView()->toPlainText();
    QCOMPARE(text.section(QLatin1Char('\n'), 0, 6),
        QStringLiteral(
            "{\n  \"id\": \"e-19\",\n  \"sequence\": 19,\n  \"timestamp\": {\n    \"wallMs\": 1764000019000,\n"
            "    \"monoMs\": 19000\n  },"));
    QVERIFY(panel.headerLabel()->text().contains(QStringLiteral("id e-19")));
    QVERIFY(panel.sourceLabel()->text().startsWith(QStringLiteral("As stored in")));
    QVERIFY(grabLooksPainted(panel, QStringLiteral("inspector")));

    panel.showSequence(7);
    waitForFetch(cache);
    QVERIFY(panel.textView()->toPlainText().contains(QStringLiteral("\"reason\": \"Card declined\"")));
    QCOMPARE(panel.position(), 7);
    // The cursor takes over again.
    opened.document.setCursor(13);
    QCOMPARE(panel.position(), 13);
    QVERIFY(panel.textView()->toPlainText().contains(QStringLiteral("session.connected")));
}

QTEST_MAIN(TestPanelsA)
void TestPanelsA::labelHost()
{
    QWidget window;
    auto* layout = new QVBoxLayout(&window);
    auto* label = new QLabel(QStringLiteral("one line"));
    label->setObjectName(QStringLiteral("hosted"));
    label->setWordWrap(true);
    auto* host = new LabelHost(label);
    layout->addWidget(host);
    layout->addStretch(1);
    window.resize(300, 200);
    window.show();
    QCoreApplication::processEvents();
    QCOMPARE(host->objectName(), QStringLiteral("hostedHost"));
    QCOMPARE(label->parentWidget(), host);
    QCOMPARE(label->geometry(), host->rect());
    const int oneLine = host->height();

    LayoutRequestCounter counter;
    window.installEventFilter(&counter);
    label->setText(QStringLiteral("another line"));
    QCoreApplication::processEvents();
    QCOMPARE(counter.count, 0); // same height: nothing above the host moves
    QCOMPARE(host->height(), oneLine);

    // A text that needs more lines makes the host taller, once.
    label->setText(QStringLiteral("a text far too long for three hundred pixels, it wraps onto more lines"));
    QCoreApplication::processEvents();
    QVERIFY(counter.count <= 1);
    QVERIFY2(host->height() > oneLine, qPrintable(QString::number(host->height())));
    QCOMPARE(host->height(), label->heightForWidth(host->width()));
    QCOMPARE(label->height(), host->height());

    // Back to one line: the host keeps its height (no second relayout) until
    // its width changes.
    const int twoLines = host->height();
    label->setText(QStringLiteral("short again"));
    QCoreApplication::processEvents();
    QCOMPARE(host->height(), twoLines);
    QVERIFY(counter.count <= 1);
    window.resize(320, 200);
    QCoreApplication::processEvents();
    QCOMPARE(host->height(), oneLine);
}

void TestPanelsA::cursorTextsKeepTheWindowLayout()
{
    // Panel titles and the status text follow the cursor; a moved cursor
    // must not lay out the window they are in (at 10M entries every
    // relayout of the main window cost tens of ms per move).
    OpenedDocument opened;
    QWidget window;
    auto* layout = new QVBoxLayout(&window);
    auto* audit = new AuditPanel(&opened.document);
    auto* detail = new TenantDetailPanel(&opened.document);
    auto* inspector = new InspectorPanel(&opened.document);
    auto* status = new CursorStatus(&opened.document);
    auto* tenants = new TenantsPanel(&opened.document);
    layout->addWidget(tenants);
    layout->addWidget(audit);
    layout->addWidget(detail);
    layout->addWidget(inspector);
    layout->addWidget(status);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    opened.document.setSelectedTenant(QStringLiteral("t-2"));
    opened.document.setCursor(9);
    window.resize(900, 900);
    window.show();
    QCoreApplication::processEvents();
    waitForFetch(inspector->findChild<EntryTextCache*>());
    QCoreApplication::processEvents();
    QCOMPARE(status->minimumSize(), status->maximumSize()); // a fixed size

    LayoutRequestCounter counter;
    window.installEventFilter(&counter);
    // 3: before t-2 exists (the detail shows its empty page, one tenant fewer).
    for (qint64 sequence : { 10, 11, 3, 8, 9 }) {
        opened.document.setCursor(sequence);
        QCoreApplication::processEvents();
        waitForFetch(inspector->findChild<EntryTextCache*>());
        QCoreApplication::processEvents();
        const QString seq = QString::number(sequence);
        QVERIFY2(detail->title()->text().endsWith(QStringLiteral("at sequence ") + seq),
            qPrintable(detail->title()->text()));
        QVERIFY2(status->text().contains(QStringLiteral("seq ") + seq), qPrintable(status->text()));
        QVERIFY(inspector->headerLabel()->text().contains(QStringLiteral("<b>") + seq + QStringLiteral("</b>")));
    }
    QCOMPARE(audit->title()->text(), QStringLiteral("Audit trail of t-2: 8 entries, 5 up to the cursor"));
    QCOMPARE(tenants->findChild<QLabel*>(QStringLiteral("tenantCount"))->text(), QStringLiteral("2 tenant(s)"));
    // t-2's row went away at 3 and came back: the selection stayed on t-2.
    QCOMPARE(opened.document.selectedTenant(), QStringLiteral("t-2"));
    QCOMPARE(tenants->view()->currentIndex().data(TenantListModel::TenantIdRole).toString(), QStringLiteral("t-2"));
    QCOMPARE(counter.count, 0);
}

void TestPanelsA::tenantDetailColumns_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("columns");
    QTest::newRow("dock at 1280x800") << 400 << 1;
    QTest::newRow("narrow") << TenantDetailPanel::TwoColumnWidth - 1 << 1;
    QTest::newRow("wide") << TenantDetailPanel::TwoColumnWidth << 2;
    QTest::newRow("floating") << 1200 << 2;
}

void TestPanelsA::tenantDetailColumns()
{
    // The four tables side by side in a 400 px dock were too narrow to read:
    // one column below TwoColumnWidth, every table tall enough for its rows
    // and wide enough for its fixed columns.
    QFETCH(int, width);
    QFETCH(int, columns);
    OpenedDocument opened;
    TenantDetailPanel panel(&opened.document);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    opened.document.setSelectedTenant(QStringLiteral("t-2"));
    opened.document.setCursor(12);
    panel.resize(width, 330);
    panel.show();
    QCoreApplication::processEvents();
    QCOMPARE(panel.columnsShown(), columns);
    for (QTableView* view : { panel.usageView(), panel.billingView(), panel.usersView(), panel.sessionsView() }) {
        QVERIFY2(view->height() >= view->minimumHeight(), qPrintable(view->objectName()));
        int fixed = 0;
        for (int c = 0; c + 1 < view->model()->columnCount(); ++c)
            fixed += view->columnWidth(c);
        QVERIFY2(view->viewport()->width() >= fixed + 20, qPrintable(view->objectName()));
    }
    // The billing rows all fit, and their values are not cut.
    QTableView* billing = panel.billingView();
    QVERIFY(billing->minimumHeight()
        >= billing->horizontalHeader()->height() + billing->model()->rowCount() * billing->rowHeight(0));
    for (int row = 0; row < billing->model()->rowCount(); ++row) {
        const QString value = billing->model()->index(row, 1).data().toString();
        QVERIFY2(
            billing->viewport()->width() - billing->columnWidth(0) > billing->fontMetrics().horizontalAdvance(value),
            qPrintable(value));
    }
    QVERIFY(grabLooksPainted(panel, QStringLiteral("tenant_detail_%1").arg(width)));
}

#include "tst_panels_a.moc"
