// GraphModel: the graph as Kiln Studio shows it, with no widgets (tested headless). Nodes are the
// IR's operators plus one pseudo-node per graph input and output; edges are non-constant tensors
// from producer to consumer. Constants (weights) are not nodes: they belong to the node that uses
// them and appear inside its box and in the properties panel, as Netron does.
#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "engine_core/ir/graph.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/model_report.h"

namespace kiln::studio {

enum class NodeKind { Operator, GraphInput, GraphOutput };

// Op families give the node colours (Netron-like) and the summary's grouping.
enum class OpFamily {
    Convolution,
    Linear,         // MatMul, Gemm, Einsum
    Activation,
    Normalization,
    Pooling,
    Elementwise,    // Add, Mul, Div, Pow, Sqrt, ...
    Reduction,
    Softmax,
    Shape,          // Reshape, Transpose, Concat, Slice, Gather, ...
    Quantization,
    Constant,
    Control,        // If, Loop, Where, comparisons
    Io,             // graph inputs and outputs
    Other,
};

OpFamily opFamilyOf(const QString& opType);
QString opFamilyName(OpFamily family);  // translated, for legends and the summary

struct ModelNode {
    int id = -1;
    NodeKind kind = NodeKind::Operator;
    QString name;     // the ONNX node name, or the tensor name for inputs/outputs
    QString opType;   // "Conv"; for inputs/outputs empty
    QString domain;
    OpFamily family = OpFamily::Other;
    QStringList scope;  // "/encoder/layer.3/attn/MatMul" -> {encoder, layer.3, attn}
    bool unsupported = false;  // the importer's unsupported node, or an imported node without a CPU kernel
    kiln::Message unsupportedReason;  // why (English: text(); on screen: LibraryText::message)
    std::vector<int> inEdges;
    std::vector<int> outEdges;
    // A control-flow body's input that is a value of an enclosing graph (Graph::outerScopeInputs).
    bool outerScope = false;
    // Provenance: the ONNX nodes an optimized node came from (kiln::Node::origin). An imported
    // node lists itself; a fused node lists every node it replaced.
    QStringList origin;
    const kiln::Node* ir = nullptr;     // operators
    const kiln::Value* value = nullptr;  // graph inputs/outputs
};

struct ModelEdge {
    int id = -1;
    int from = -1;
    int to = -1;
    QString tensor;
    QString dtype;  // "fp32"
    QString shape;  // "1×3×224×224", "batch×128", "" when unknown
    const kiln::Value* value = nullptr;
};

// What a node shows for a constant input (its weight): the formal input name from the op schema
// ("W", "B") when known, the shape, and the value behind it.
struct ConstantInput {
    int inputIndex = -1;
    QString formalName;
    QString tensor;
    QString shape;
    const kiln::Value* value = nullptr;
};

// A control-flow body (If's then/else branch, Loop's and Scan's body; ir/control_flow.h) as the
// graph view opens it: the attribute name, the body, and the enclosing graphs' values it reads
// (its trailing inputs, which the node also takes as its trailing inputs).
struct ControlFlowBody {
    QString name;
    const kiln::Graph* graph = nullptr;
    QStringList outerValues;
};
// The bodies of a node in reading order (then_branch before else_branch); empty for other nodes.
std::vector<ControlFlowBody> controlFlowBodies(const kiln::Node& node);
// How many of a node's inputs are its own ONNX inputs; the rest are outer-scope values its bodies
// read. All of them for a node without bodies.
size_t formalInputCount(const kiln::Node& node);

QString shapeText(const kiln::Shape& shape);  // "1×3×224×224", "?" dims for unknown
// The box title: the op type, with the number of ONNX nodes for a fused node ("FusedConv ×3");
// the tensor name for inputs and outputs.
QString nodeTitle(const ModelNode& node);

// A per-node overlay painted over the family colours: `heat` in [0, 1] (profiler time), a short
// text for the tooltip ("1.23 ms, 12.4 %"), and `flagged` (accuracy over tolerance).
struct NodeOverlay {
    double heat = -1;  // < 0: no heat
    QString text;
    bool flagged = false;
};

// What the builder decided about a fused layer, painted on the optimized graph apart from the
// overlays: a fusion it reverted (its plain nodes ran faster) gets a distinct mark; `text` is the
// sentence with both times for the tooltip ("Reverted: its 3 nodes ran in 0.011 ms, ...").
struct FusionMark {
    bool reverted = false;
    QString text;
};

class GraphModel : public QObject {
    Q_OBJECT
public:
    enum class Role { Name, OpType, Domain, Family, Kind, Scope, Unsupported, UnsupportedReason,
                      InputShapes, OutputShapes, Label };

    enum SearchField { SearchName = 1, SearchOpType = 2, SearchTensor = 4, SearchAll = 7 };

    explicit GraphModel(QObject* parent = nullptr);

    // Takes the imported graph, the importer's list of unsupported nodes and the imported nodes
    // without a CPU kernel (kiln::ModelReport::noCpuKernel); both kinds are flagged unsupported with
    // their reason. `modelPath` is shown in titles only.
    void setGraph(std::shared_ptr<const kiln::Graph> graph, const std::vector<kiln::UnsupportedNode>& unsupported = {},
                  const QString& modelPath = QString(), const std::vector<kiln::NoCpuKernelNode>& noCpuKernel = {});
    void clear();

    const kiln::Graph* graph() const { return graph_.get(); }
    std::shared_ptr<const kiln::Graph> sharedGraph() const { return graph_; }
    QString modelPath() const { return modelPath_; }

    int nodeCount() const { return int(nodes_.size()); }
    int edgeCount() const { return int(edges_.size()); }
    int operatorCount() const;
    const ModelNode& node(int id) const { return nodes_.at(size_t(id)); }
    const ModelEdge& edge(int id) const { return edges_.at(size_t(id)); }
    const std::vector<ModelNode>& nodes() const { return nodes_; }
    const std::vector<ModelEdge>& edges() const { return edges_; }
    QVariant data(int nodeId, Role role) const;

    std::vector<ConstantInput> constantInputs(int nodeId) const;
    // Node ids whose ONNX name equals `name`, or -1.
    int findNodeByName(const QString& name) const;
    // Case-insensitive substring search. A tensor match yields its producer and consumers. Result
    // in node id order (topological).
    std::vector<int> search(const QString& text, int fields = SearchAll) const;

    // Selection and highlight are model state so every view (graph, properties) agrees on them.
    int currentNode() const { return current_; }
    void setCurrentNode(int id);
    const std::set<int>& highlighted() const { return highlighted_; }
    void setHighlighted(std::set<int> ids);
    // Overlays (heat map, accuracy flags) by node id; ids not in the map have none.
    const NodeOverlay* overlay(int id) const;
    void setOverlays(std::map<int, NodeOverlay> overlays);
    void clearOverlays() { setOverlays({}); }
    bool hasOverlays() const { return !overlays_.empty(); }
    // Fusion marks (kept or reverted fusions of the last build) by node id.
    const FusionMark* fusionMark(int id) const;
    void setFusionMarks(std::map<int, FusionMark> marks);
    const std::map<int, FusionMark>& fusionMarks() const { return marks_; }
    // Operator node ids by ONNX node name (all of them: optimized graphs keep names unique).
    std::vector<int> nodesNamed(const QStringList& names) const;

signals:
    void modelReset();
    void currentNodeChanged(int id);
    void highlightChanged();
    void overlaysChanged();
    void fusionMarksChanged();

private:
    int addNode(ModelNode node);
    void addEdge(int from, int to, const kiln::Value* value);

    std::shared_ptr<const kiln::Graph> graph_;
    QString modelPath_;
    std::vector<ModelNode> nodes_;
    std::vector<ModelEdge> edges_;
    int current_ = -1;
    std::set<int> highlighted_;
    std::map<int, NodeOverlay> overlays_;
    std::map<int, FusionMark> marks_;
    QHash<QString, int> byName_;
};

}  // namespace kiln::studio
