#include "widgets/chart_util.h"

#include <qcustomplot.h>

#include <algorithm>

namespace kiln::studio {

namespace {

// Asks the plain ticker for fewer and fewer ticks until the widest label, with a gap of two
// digits, fits between two neighbouring ticks on the axis as long as it is now.
class FittingTicker : public QCPAxisTicker {
public:
    explicit FittingTicker(QCPAxis* axis) : axis_(axis) {}

    // The axis length the last ticks were made for.
    int fittedLength() const { return fittedLength_; }
    int axisLength() const {
        return axis_->orientation() == Qt::Horizontal ? axis_->axisRect()->width() : axis_->axisRect()->height();
    }

    void generate(const QCPRange& range, const QLocale& locale, QChar formatChar, int precision, QVector<double>& ticks,
                  QVector<double>* subTicks, QVector<QString>* tickLabels) override {
        const bool horizontal = axis_->orientation() == Qt::Horizontal;
        fittedLength_ = axisLength();
        const QFontMetrics fm(axis_->tickLabelFont());
        const int gap = fm.horizontalAdvance(QStringLiteral("00"));
        QVector<QString> labels;
        for (int count = 5; count >= 1; --count) {
            setTickCount(count);
            ticks.clear();
            labels.clear();
            if (subTicks) subTicks->clear();
            QCPAxisTicker::generate(range, locale, formatChar, precision, ticks, subTicks, &labels);
            if (ticks.size() < 2 || range.size() <= 0) break;
            int widest = 0;
            for (const QString& l : labels) widest = std::max(widest, horizontal ? fm.horizontalAdvance(l) : fm.height());
            const double apart = fittedLength_ * (ticks[1] - ticks[0]) / range.size();
            if (apart >= widest + gap) break;
        }
        if (tickLabels) *tickLabels = labels;
    }

private:
    QCPAxis* axis_;
    int fittedLength_ = -1;
};

}  // namespace

QSharedPointer<QCPAxisTicker> makeFittingTicker(QCPAxis* axis) {
    return QSharedPointer<QCPAxisTicker>(new FittingTicker(axis));
}

QCustomPlot* makeChart(QWidget* parent) {
    auto* plot = new QCustomPlot(parent);
    plot->setMinimumHeight(220);
    const QFont small(plot->font().family(), 8);
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        axis->setTickLabelFont(small);
        axis->setLabelFont(small);
        axis->grid()->setPen(QPen(QColor(225, 225, 225)));
    }
    // Ticks are made before the layout step of a replot: after a resize they were made for the
    // old length, so replot once more with the new one.
    QObject::connect(plot, &QCustomPlot::afterLayout, plot, [plot] {
        for (QCPAxis* axis : {plot->xAxis, plot->yAxis})
            if (auto* t = dynamic_cast<FittingTicker*>(axis->ticker().data()); t && t->fittedLength() != t->axisLength()) {
                plot->replot(QCustomPlot::rpQueuedReplot);
                return;
            }
    });
    return plot;
}

QString elideMiddle(const QString& text, int maxChars) {
    if (text.size() <= maxChars) return text;
    return QStringLiteral("\u2026") + text.right(maxChars - 1);
}

QColor categoryColor(int index) {
    static const QColor palette[] = {QColor(51, 102, 170),  QColor(230, 120, 40),  QColor(60, 150, 80),
                                     QColor(190, 60, 60),   QColor(130, 90, 170),  QColor(140, 100, 80),
                                     QColor(210, 110, 170), QColor(110, 110, 110), QColor(170, 170, 40),
                                     QColor(40, 170, 180)};
    return palette[size_t(index) % (sizeof(palette) / sizeof(palette[0]))];
}

// QCPAxis's range when it is created.
const QCPRange kEmptyRange(0, 5);

void beginPlot(QCustomPlot* plot) {
    plot->clearPlottables();
    plot->clearItems();
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) axis->setTickLabels(true);
}

void showChartMessage(QCustomPlot* plot, const QString& message) {
    beginPlot(plot);
    // Nothing of the last data stays: the axes are a new chart's, without tick labels.
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        axis->setScaleType(QCPAxis::stLinear);
        axis->setRange(kEmptyRange);
        axis->setTickLabelRotation(0);
        axis->setTickLabels(false);
        axis->grid()->setVisible(true);
    }
    plot->legend->setVisible(false);
    auto* text = new QCPItemText(plot);
    text->position->setType(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(0.5, 0.5);
    text->setText(message);
    text->setColor(QColor(120, 120, 120));
    plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    plot->xAxis->setLabel(QString());
    plot->yAxis->setLabel(QString());
    plot->replot();
}

void plotHorizontalBars(QCustomPlot* plot, const QStringList& labels, const std::vector<double>& values,
                        const QString& valueLabel, const QColor& color) {
    beginPlot(plot);
    auto* bars = new QCPBars(plot->yAxis, plot->xAxis);
    bars->setPen(QPen(color.darker(120)));
    bars->setBrush(color);
    bars->setWidth(0.7);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    QVector<double> keys, data;
    const int n = int(labels.size());
    double most = 0;
    for (int i = 0; i < n; ++i) {
        // Top to bottom: the first label gets the highest key.
        const double key = n - i;
        keys << key;
        data << values[size_t(i)];
        ticker->addTick(key, labels[i]);
        most = std::max(most, values[size_t(i)]);
    }
    bars->setData(keys, data);
    plot->yAxis->setTicker(ticker);
    plot->yAxis->setRange(0.3, n + 0.7);
    plot->yAxis->grid()->setVisible(false);
    plot->xAxis->setTicker(makeFittingTicker(plot->xAxis));
    plot->xAxis->setRange(0, most > 0 ? most * 1.08 : 1);
    plot->xAxis->setLabel(valueLabel);
    plot->yAxis->setLabel(QString());
    plot->replot();
}

}  // namespace kiln::studio
