// Small helpers shared by the QCustomPlot charts of the profiler and accuracy views.
#pragma once

#include <QColor>
#include <QSharedPointer>
#include <QString>
#include <QStringList>
#include <vector>

class QCPAxis;
class QCPAxisTicker;
class QCustomPlot;
class QWidget;

namespace kiln::studio {

// A new chart with the house style (fonts, no legend, light grid).
QCustomPlot* makeChart(QWidget* parent);
// A numeric ticker for `axis` that takes as many ticks as its labels have room for on the axis's
// length in pixels (so a narrow chart shows 0, 0.004, 0.008 rather than labels run together). A
// chart made by makeChart replots once more when a resize changes the room.
QSharedPointer<QCPAxisTicker> makeFittingTicker(QCPAxis* axis);
// Horizontal bars, one per label, top to bottom in the given order.
void plotHorizontalBars(QCustomPlot* plot, const QStringList& labels, const std::vector<double>& values,
                        const QString& valueLabel, const QColor& color);
// "…/layer.0/attention/MatMul" for long names.
QString elideMiddle(const QString& text, int maxChars);
// A fixed palette for categories (layer types).
QColor categoryColor(int index);
// An empty chart with a centred message, its axes as a new chart's (range 0..5, linear, no tick
// labels): no ticks, ranges, log scale, rotation or legend of the data shown before (another
// model's, say).
void showChartMessage(QCustomPlot* plot, const QString& message);
// Clears the plottables and items before new data, and shows the tick labels that
// showChartMessage hid.
void beginPlot(QCustomPlot* plot);

}  // namespace kiln::studio
