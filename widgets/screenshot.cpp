#include "widgets/screenshot.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QPixmap>

#include "widgets/graph_panel.h"
#include "widgets/graph_view.h"
#include "widgets/main_window.h"

namespace kiln::studio {

namespace {

int nodeWithLargestWeight(const GraphModel& model) {
    int best = -1;
    int64_t bestSize = 0;
    for (const ModelNode& n : model.nodes()) {
        if (n.ir == nullptr) continue;
        for (const kiln::Value* v : n.ir->inputs)
            if (v && v->isConstant() && v->constant->numel() > bestSize) {
                bestSize = v->constant->numel();
                best = n.id;
            }
    }
    return best;
}

}  // namespace

QStringList takeScreenshots(MainWindow& window, const QString& dir, QString* error, const QString& selectNode) {
    QStringList written;
    auto fail = [&](const QString& message) {
        if (error) *error = message;
        return written;
    };
    if (!QDir().mkpath(dir)) return fail(QStringLiteral("cannot create %1").arg(dir));
    window.show();
    if (!window.waitUntilIdle(120000)) return fail(QStringLiteral("timed out waiting for the model and its layout"));
    if (!window.lastError().isEmpty()) return fail(window.lastError());
    GraphModel& model = *window.graphModel();
    if (model.nodeCount() == 0) return fail(QStringLiteral("no model loaded"));

    int node = selectNode.isEmpty() ? nodeWithLargestWeight(model) : model.findNodeByName(selectNode);
    if (node < 0) node = 0;
    model.setCurrentNode(node);
    window.waitUntilIdle(120000);  // selecting a node inside a collapsed block opens it
    GraphView* view = window.graphPanel()->view();
    view->fitToWindow();
    // A tall graph fitted to the window is a thin strip of unreadable boxes: show the selected
    // node's neighbourhood at a readable zoom instead.
    if (view->zoom() < 0.45) {
        view->setZoom(0.85);
        view->focusNode(node);
    }
    QApplication::processEvents();

    auto save = [&](QWidget* widget, const QString& name) {
        const QString path = QDir(dir).filePath(name);
        if (widget->grab().save(path)) written << path;
        else if (error) *error = QStringLiteral("cannot write %1").arg(path);
    };
    save(&window, QStringLiteral("main.png"));
    save(window.summaryDock(), QStringLiteral("summary.png"));
    save(window.propertiesDock(), QStringLiteral("properties.png"));
    // The graph panel zoomed onto the selected node, at reading size.
    view->setZoom(1.0);
    view->focusNode(node);
    QApplication::processEvents();
    save(window.graphPanel(), QStringLiteral("graph.png"));
    return written;
}

}  // namespace kiln::studio
