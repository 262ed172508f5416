// PropertiesPanel: the current node's attributes, inputs and outputs (tensor, dtype, shape) and,
// for its constant inputs, weight statistics with a small QCustomPlot histogram.
#pragma once

#include <QWidget>
#include <memory>

#include <QString>
#include <utility>
#include <vector>

namespace kiln {
class Engine;
class Node;
}

class QComboBox;
class QLabel;
class QTreeWidget;
class QCustomPlot;
class QGroupBox;

namespace kiln::studio {

class GraphModel;

class PropertiesPanel : public QWidget {
    Q_OBJECT
public:
    PropertiesPanel(GraphModel* model, QWidget* parent = nullptr);

    QTreeWidget* tree() const { return tree_; }
    // The graph whose current node is shown: the main graph, or a side of the fusion view (the
    // main window follows the view clicked last).
    void setModel(GraphModel* model);
    GraphModel* model() const { return model_; }
    QComboBox* weightChooser() const { return weightChooser_; }
    QCustomPlot* histogram() const { return plot_; }
    QLabel* statsLabel() const { return stats_; }
    QLabel* titleLabel() const { return title_; }
    // With an engine, a node that is one of its layers also shows the layer's tactic, precision
    // and tactic time (an opened engine file).
    void setEngine(std::shared_ptr<const kiln::Engine> engine);
    // The attributes `node` does not set that its ONNX schema gives a default, as (name, value
    // text), by name. The tree shows them greyed with "(default)"; their name items carry
    // DefaultAttributeRole = true.
    static std::vector<std::pair<QString, QString>> schemaDefaults(const kiln::Node& node);
    static constexpr int DefaultAttributeRole = Qt::UserRole + 1;
    // A control-flow node's "Bodies" section: one item per body (data BodyRole = its name) with
    // its size and the outer-scope values it reads; double-clicking one asks to open it.
    static constexpr int BodyRole = Qt::UserRole + 2;

signals:
    void bodyRequested(int node, const QString& body);

protected:
    void changeEvent(QEvent* event) override;

private slots:
    void showNode(int node);
    void showWeight(int index);

private:
    GraphModel* model_;
    std::shared_ptr<const kiln::Engine> engine_;
    QLabel* title_;
    QTreeWidget* tree_;
    QGroupBox* weights_;
    QComboBox* weightChooser_;
    QLabel* stats_;
    QCustomPlot* plot_;
    int node_ = -1;
};

}  // namespace kiln::studio
