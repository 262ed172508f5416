// Renders Kiln Studio's main views to PNG files without a display (QT_QPA_PLATFORM=offscreen):
// the main window, the graph zoomed onto the selected node, the summary and the properties docks.
// Used by `kiln-studio --screenshot DIR MODEL` and by the tests.
#pragma once

#include <QString>
#include <QStringList>

namespace kiln::studio {

class MainWindow;

// Waits for the window to go idle, selects the node with the largest weight (a Conv or MatMul,
// so the properties show a histogram) or `selectNode` if named, and writes main.png, graph.png,
// summary.png and properties.png into `dir`. Returns the files written; on failure sets `error`.
QStringList takeScreenshots(MainWindow& window, const QString& dir, QString* error,
                            const QString& selectNode = QString());

}  // namespace kiln::studio
