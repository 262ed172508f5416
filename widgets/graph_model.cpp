#include "widgets/graph_model.h"

#include <QHash>
#include <onnx/defs/schema.h>

#include <algorithm>
#include <unordered_map>

namespace kiln::studio {

namespace {

QStringList scopeOfName(const QString& name) {
    // Exporters write module paths as "/encoder/layer.3/attention/MatMul" (PyTorch) or
    // "model/dense/MatMul" (tf2onnx): every component but the last is a scope.
    if (!name.contains(QLatin1Char('/'))) return {};
    QStringList parts = name.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (!parts.isEmpty()) parts.removeLast();
    return parts;
}

QString formalInputName(const kiln::Graph& graph, const kiln::Node& node, size_t index) {
    // An outer-scope value a body reads has no formal name: it is known by its own.
    if (index >= formalInputCount(node))
        return QString::fromStdString(node.inputs[index] ? node.inputs[index]->name : std::string());
    const int64_t opset = graph.opsetVersion() > 0 ? graph.opsetVersion() : 21;
    const auto* schema = onnx::OpSchemaRegistry::Schema(node.opType, int(opset), node.domain);
    if (schema == nullptr || schema->inputs().empty()) return {};
    const auto& formal = schema->inputs();
    if (index < formal.size()) return QString::fromStdString(formal[index].GetName());
    // A variadic last input (Concat's "inputs") covers the rest.
    if (formal.back().GetOption() == onnx::OpSchema::Variadic) return QString::fromStdString(formal.back().GetName());
    return {};
}

}  // namespace

std::vector<ControlFlowBody> controlFlowBodies(const kiln::Node& node) {
    std::vector<ControlFlowBody> out;
    for (const auto& [name, graph] : node.bodies()) {
        ControlFlowBody b;
        b.name = QString::fromStdString(name);
        b.graph = graph;
        const auto& inputs = graph->inputs();
        const size_t outer = std::min(graph->outerScopeInputs, inputs.size());
        for (size_t i = inputs.size() - outer; i < inputs.size(); ++i)
            if (inputs[i] != nullptr) b.outerValues << QString::fromStdString(inputs[i]->name);
        out.push_back(std::move(b));
    }
    // Read as the op does: the then branch before the else branch (bodies() is in name order).
    std::stable_sort(out.begin(), out.end(), [](const ControlFlowBody& a, const ControlFlowBody& b) {
        return a.name == QLatin1String("then_branch") && b.name == QLatin1String("else_branch");
    });
    return out;
}

size_t formalInputCount(const kiln::Node& node) {
    // All bodies of a node list the same outer-scope values (ir/control_flow.h).
    for (const auto& [name, graph] : node.bodies())
        return node.inputs.size() - std::min(graph->outerScopeInputs, node.inputs.size());
    return node.inputs.size();
}

OpFamily opFamilyOf(const QString& op) {
    static const QHash<QString, OpFamily> table = [] {
        QHash<QString, OpFamily> t;
        auto put = [&t](OpFamily f, std::initializer_list<const char*> ops) {
            for (const char* o : ops) t.insert(QString::fromLatin1(o), f);
        };
        put(OpFamily::Convolution, {"Conv", "ConvTranspose", "ConvInteger", "QLinearConv", "DeformConv"});
        put(OpFamily::Linear, {"MatMul", "Gemm", "MatMulInteger", "QLinearMatMul", "Einsum"});
        put(OpFamily::Activation, {"Relu", "LeakyRelu", "PRelu", "Sigmoid", "Tanh", "Elu", "Selu", "Celu", "Gelu",
                                   "HardSigmoid", "HardSwish", "Softplus", "Softsign", "ThresholdedRelu", "Mish",
                                   "Clip", "Erf"});
        put(OpFamily::Normalization, {"BatchNormalization", "LayerNormalization", "InstanceNormalization",
                                      "GroupNormalization", "LpNormalization", "LRN",
                                      "MeanVarianceNormalization", "SkipLayerNormalization", "RMSNormalization"});
        put(OpFamily::Pooling, {"MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "LpPool",
                                "GlobalLpPool", "MaxRoiPool", "RoiAlign", "MaxUnpool"});
        put(OpFamily::Elementwise, {"Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Exp", "Log", "Abs", "Neg", "Reciprocal",
                                    "Floor", "Ceil", "Round", "Sin", "Cos", "Max", "Min", "Mean", "Sum", "Mod",
                                    "Sign", "BitShift", "IsNaN", "IsInf"});
        put(OpFamily::Reduction, {"ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1",
                                  "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare", "ArgMax",
                                  "ArgMin", "TopK", "CumSum"});
        put(OpFamily::Softmax, {"Softmax", "LogSoftmax", "Hardmax", "Attention", "MultiHeadAttention"});
        put(OpFamily::Shape, {"Reshape", "Transpose", "Concat", "Split", "Slice", "Gather", "GatherElements",
                              "GatherND", "Scatter", "ScatterElements", "ScatterND", "Squeeze", "Unsqueeze",
                              "Flatten", "Expand", "Tile", "Pad", "Resize", "Upsample", "Shape", "Size",
                              "DepthToSpace", "SpaceToDepth", "Identity", "Cast", "CastLike", "Dropout",
                              "Range", "NonZero", "ConstantOfShape", "Trilu", "OneHot"});
        // Kiln's fused ops (domain "kiln") keep the colour of what they mostly compute.
        put(OpFamily::Convolution, {"FusedConv"});
        put(OpFamily::Linear, {"FusedMatMul"});
        put(OpFamily::Elementwise, {"Pointwise"});
        put(OpFamily::Quantization, {"QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear"});
        put(OpFamily::Constant, {"Constant"});
        put(OpFamily::Control, {"If", "Loop", "Scan", "Where", "Equal", "Greater", "Less", "GreaterOrEqual",
                                "LessOrEqual", "And", "Or", "Not", "Xor", "NonMaxSuppression"});
        return t;
    }();
    return table.value(op, OpFamily::Other);
}

QString opFamilyName(OpFamily family) {
    switch (family) {
    case OpFamily::Convolution: return GraphModel::tr("Convolution");
    case OpFamily::Linear: return GraphModel::tr("Matrix multiply");
    case OpFamily::Activation: return GraphModel::tr("Activation");
    case OpFamily::Normalization: return GraphModel::tr("Normalization");
    case OpFamily::Pooling: return GraphModel::tr("Pooling");
    case OpFamily::Elementwise: return GraphModel::tr("Element-wise");
    case OpFamily::Reduction: return GraphModel::tr("Reduction");
    case OpFamily::Softmax: return GraphModel::tr("Softmax / attention");
    case OpFamily::Shape: return GraphModel::tr("Shape and layout");
    case OpFamily::Quantization: return GraphModel::tr("Quantization");
    case OpFamily::Constant: return GraphModel::tr("Constant");
    case OpFamily::Control: return GraphModel::tr("Control and logic");
    case OpFamily::Io: return GraphModel::tr("Input / output");
    case OpFamily::Other: return GraphModel::tr("Other");
    }
    return {};
}

QString shapeText(const kiln::Shape& shape) {
    if (!shape.rankKnown) return {};
    if (shape.dims.empty()) return GraphModel::tr("scalar");
    QStringList parts;
    for (const kiln::Dim& d : shape.dims) parts << QString::fromStdString(d.str());
    return parts.join(QChar(0x00D7));
}

QString nodeTitle(const ModelNode& node) {
    switch (node.kind) {
    case NodeKind::Operator:
        return node.origin.size() > 1 ? QStringLiteral("%1 \u00D7%2").arg(node.opType).arg(node.origin.size())
                                      : node.opType;
    case NodeKind::GraphInput:
    case NodeKind::GraphOutput: return node.name;
    }
    return node.name;
}

GraphModel::GraphModel(QObject* parent) : QObject(parent) {}

int GraphModel::addNode(ModelNode node) {
    node.id = int(nodes_.size());
    nodes_.push_back(std::move(node));
    return nodes_.back().id;
}

void GraphModel::addEdge(int from, int to, const kiln::Value* value) {
    ModelEdge e;
    e.id = int(edges_.size());
    e.from = from;
    e.to = to;
    e.value = value;
    e.tensor = QString::fromStdString(value->name);
    e.dtype = QString::fromLatin1(kiln::dataTypeName(value->dtype));
    e.shape = shapeText(value->shape);
    nodes_[size_t(from)].outEdges.push_back(e.id);
    nodes_[size_t(to)].inEdges.push_back(e.id);
    edges_.push_back(std::move(e));
}

void GraphModel::clear() {
    graph_.reset();
    modelPath_.clear();
    nodes_.clear();
    edges_.clear();
    current_ = -1;
    highlighted_.clear();
    overlays_.clear();
    marks_.clear();
    byName_.clear();
    emit modelReset();
}

void GraphModel::setGraph(std::shared_ptr<const kiln::Graph> graph, const std::vector<kiln::UnsupportedNode>& unsupported,
                          const QString& modelPath, const std::vector<kiln::NoCpuKernelNode>& noCpuKernel) {
    nodes_.clear();
    edges_.clear();
    current_ = -1;
    highlighted_.clear();
    overlays_.clear();
    marks_.clear();
    byName_.clear();
    graph_ = std::move(graph);
    modelPath_ = modelPath;
    if (!graph_) {
        emit modelReset();
        return;
    }
    const kiln::Graph& g = *graph_;

    // Node ids follow a topological order, so id order is also the order the segmenting layout
    // fallback and search results use. A cyclic (invalid) graph still shows, in creation order.
    std::vector<kiln::Node*> order;
    try {
        order = g.topologicalOrder();
    } catch (const kiln::Error&) {
        order = g.nodes();
    }

    std::unordered_map<const kiln::Value*, int> producerOf;  // value -> model node producing it
    const std::vector<kiln::Value*>& allInputs = g.inputs();
    const std::set<const kiln::Value*> outerValues(
        allInputs.end() - std::ptrdiff_t(std::min(g.outerScopeInputs, allInputs.size())), allInputs.end());
    for (kiln::Value* v : g.runtimeInputs()) {
        ModelNode n;
        n.kind = NodeKind::GraphInput;
        n.name = QString::fromStdString(v->name);
        n.family = OpFamily::Io;
        n.value = v;
        n.outerScope = outerValues.count(v) != 0;
        producerOf[v] = addNode(std::move(n));
    }

    std::unordered_map<std::string, const kiln::UnsupportedNode*> unsupportedByName;
    for (const auto& u : unsupported)
        if (!u.nodeName.empty()) unsupportedByName[u.nodeName] = &u;
    std::unordered_map<int, const kiln::NoCpuKernelNode*> noKernelById;
    for (const auto& k : noCpuKernel) noKernelById[k.nodeId] = &k;

    std::vector<int> opIds;
    opIds.reserve(order.size());
    for (kiln::Node* irNode : order) {
        ModelNode n;
        n.kind = NodeKind::Operator;
        n.ir = irNode;
        n.name = QString::fromStdString(irNode->name);
        n.opType = QString::fromStdString(irNode->opType);
        n.domain = QString::fromStdString(irNode->domain);
        n.family = opFamilyOf(n.opType);
        n.scope = scopeOfName(n.name);
        for (const std::string& o : irNode->origin) n.origin << QString::fromStdString(o);
        if (n.origin.isEmpty()) n.origin << n.name;
        const kiln::UnsupportedNode* u = nullptr;
        if (auto it = unsupportedByName.find(irNode->name); it != unsupportedByName.end()) u = it->second;
        for (size_t i = 0; u == nullptr && i < unsupported.size(); ++i)
            if (unsupported[i].nodeName.empty() && unsupported[i].nodeIndex == irNode->id &&
                unsupported[i].opType == irNode->opType)
                u = &unsupported[i];
        if (u != nullptr) {
            n.unsupported = true;
            n.unsupportedReason = u->reason;
        } else if (auto k = noKernelById.find(irNode->id); k != noKernelById.end() && k->second->nodeName == irNode->name) {
            n.unsupported = true;
            n.unsupportedReason = kiln::Message(k->second->reason);  // the backend's free text
        }
        const QString name = n.name;
        const int id = addNode(std::move(n));
        byName_.insert(name, id);
        opIds.push_back(id);
        for (kiln::Value* out : irNode->outputs)
            if (out != nullptr) producerOf[out] = id;
    }

    for (size_t k = 0; k < order.size(); ++k) {
        for (kiln::Value* in : order[k]->inputs) {
            if (in == nullptr || in->isConstant()) continue;
            auto it = producerOf.find(in);
            if (it != producerOf.end()) addEdge(it->second, opIds[k], in);
        }
    }
    // Nodes fed by nothing but constants (exporters' Identity-of-weight and Constant nodes) are
    // often unscoped; they belong with their consumer, else the layout pulls them to the top.
    for (ModelNode& n : nodes_)
        if (n.kind == NodeKind::Operator && n.inEdges.empty() && n.scope.isEmpty() && !n.outEdges.empty())
            n.scope = nodes_[size_t(edges_[size_t(n.outEdges.front())].to)].scope;
    for (kiln::Value* v : g.outputs()) {
        ModelNode n;
        n.kind = NodeKind::GraphOutput;
        n.name = QString::fromStdString(v->name);
        n.family = OpFamily::Io;
        n.value = v;
        const int id = addNode(std::move(n));
        auto it = producerOf.find(v);
        if (it != producerOf.end()) addEdge(it->second, id, v);
    }
    emit modelReset();
}

int GraphModel::operatorCount() const {
    int n = 0;
    for (const ModelNode& node : nodes_) n += node.kind == NodeKind::Operator ? 1 : 0;
    return n;
}

QVariant GraphModel::data(int nodeId, Role role) const {
    if (nodeId < 0 || nodeId >= nodeCount()) return {};
    const ModelNode& n = nodes_[size_t(nodeId)];
    auto shapesOf = [this](const std::vector<kiln::Value*>& values) {
        QStringList shapes;
        for (const kiln::Value* v : values) shapes << (v ? shapeText(v->shape) : QString());
        return shapes;
    };
    switch (role) {
    case Role::Name: return n.name;
    case Role::OpType: return n.opType;
    case Role::Domain: return n.domain;
    case Role::Family: return int(n.family);
    case Role::Kind: return int(n.kind);
    case Role::Scope: return n.scope;
    case Role::Unsupported: return n.unsupported;
    case Role::UnsupportedReason: return QString::fromStdString(n.unsupportedReason.text());
    case Role::InputShapes:
        if (n.ir) return shapesOf(n.ir->inputs);
        return n.kind == NodeKind::GraphOutput ? QStringList{shapeText(n.value->shape)} : QStringList{};
    case Role::OutputShapes:
        if (n.ir) return shapesOf(n.ir->outputs);
        return n.kind == NodeKind::GraphInput ? QStringList{shapeText(n.value->shape)} : QStringList{};
    case Role::Label:
        switch (n.kind) {
        case NodeKind::Operator: return nodeTitle(n);
        case NodeKind::GraphInput:
        case NodeKind::GraphOutput: return n.name;
        }
        return {};
    }
    return {};
}

std::vector<ConstantInput> GraphModel::constantInputs(int nodeId) const {
    std::vector<ConstantInput> result;
    const ModelNode& n = node(nodeId);
    if (n.ir == nullptr) return result;
    for (size_t i = 0; i < n.ir->inputs.size(); ++i) {
        const kiln::Value* v = n.ir->inputs[i];
        if (v == nullptr || !v->isConstant()) continue;
        ConstantInput c;
        c.inputIndex = int(i);
        c.formalName = formalInputName(*graph_, *n.ir, i);
        c.tensor = QString::fromStdString(v->name);
        const auto& dims = v->constant->dims();
        QStringList parts;
        for (int64_t d : dims) parts << QString::number(d);
        c.shape = dims.empty() ? tr("scalar") : parts.join(QChar(0x00D7));
        c.value = v;
        result.push_back(std::move(c));
    }
    return result;
}

const NodeOverlay* GraphModel::overlay(int id) const {
    auto it = overlays_.find(id);
    return it == overlays_.end() ? nullptr : &it->second;
}

void GraphModel::setOverlays(std::map<int, NodeOverlay> overlays) {
    if (overlays.empty() && overlays_.empty()) return;
    overlays_ = std::move(overlays);
    emit overlaysChanged();
}

const FusionMark* GraphModel::fusionMark(int id) const {
    auto it = marks_.find(id);
    return it == marks_.end() ? nullptr : &it->second;
}

void GraphModel::setFusionMarks(std::map<int, FusionMark> marks) {
    if (marks.empty() && marks_.empty()) return;
    marks_ = std::move(marks);
    emit fusionMarksChanged();
}

std::vector<int> GraphModel::nodesNamed(const QStringList& names) const {
    std::set<int> ids;
    for (const QString& name : names)
        if (auto it = byName_.find(name); it != byName_.end()) ids.insert(it.value());
    return {ids.begin(), ids.end()};
}

int GraphModel::findNodeByName(const QString& name) const {
    for (const ModelNode& n : nodes_)
        if (n.name == name) return n.id;
    return -1;
}

std::vector<int> GraphModel::search(const QString& text, int fields) const {
    std::set<int> hits;
    const QString needle = text.trimmed();
    if (needle.isEmpty()) return {};
    for (const ModelNode& n : nodes_) {
        if ((fields & SearchName) && n.name.contains(needle, Qt::CaseInsensitive)) hits.insert(n.id);
        if ((fields & SearchOpType) && n.opType.compare(needle, Qt::CaseInsensitive) == 0) hits.insert(n.id);
    }
    if (fields & SearchTensor) {
        for (const ModelEdge& e : edges_)
            if (e.tensor.contains(needle, Qt::CaseInsensitive)) {
                hits.insert(e.from);
                hits.insert(e.to);
            }
        // Constant inputs are tensors too: a weight name finds the node that uses it.
        for (const ModelNode& n : nodes_) {
            if (n.ir == nullptr) continue;
            for (const kiln::Value* v : n.ir->inputs)
                if (v && v->isConstant() && QString::fromStdString(v->name).contains(needle, Qt::CaseInsensitive))
                    hits.insert(n.id);
        }
    }
    return {hits.begin(), hits.end()};
}

void GraphModel::setCurrentNode(int id) {
    if (id < -1 || id >= nodeCount()) id = -1;
    if (id == current_) return;
    current_ = id;
    emit currentNodeChanged(id);
}

void GraphModel::setHighlighted(std::set<int> ids) {
    if (ids == highlighted_) return;
    highlighted_ = std::move(ids);
    emit highlightChanged();
}

}  // namespace kiln::studio
