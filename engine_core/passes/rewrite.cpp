#include "engine_core/passes/rewrite.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace kiln::passes {

const Tensor* constantOf(const Value* v) { return v && v->isConstant() ? &*v->constant : nullptr; }

std::optional<double> scalarConstant(const Value* v) {
    const Tensor* t = constantOf(v);
    if (!t || t->numel() != 1) return std::nullopt;
    if (!isFloatingPoint(t->dtype()) && !isInteger(t->dtype()) && t->dtype() != DataType::Bool) return std::nullopt;
    return t->scalarAsDouble(0);
}

bool isScalarConstant(const Value* v, double expected, double tolerance) {
    auto s = scalarConstant(v);
    return s && std::fabs(*s - expected) <= tolerance * std::max(1.0, std::fabs(expected));
}

Node* soleConsumer(const Value* v) {
    if (!v || v->consumers.size() != 1) return nullptr;
    return v->consumers[0];
}

Value* otherInput(const Node& node, const Value* one) {
    if (node.inputs.size() != 2) return nullptr;
    if (node.inputs[0] == one && node.inputs[1] != one) return node.inputs[1];
    if (node.inputs[1] == one && node.inputs[0] != one) return node.inputs[0];
    return nullptr;
}

int inputIndex(const Node& node, const Value* v) {
    for (size_t i = 0; i < node.inputs.size(); ++i)
        if (node.inputs[i] == v) return int(i);
    return -1;
}

bool broadcastsInto(const Shape& operand, const Shape& target) {
    if (!operand.rankKnown || !target.rankKnown || operand.rank() > target.rank()) return false;
    size_t offset = target.rank() - operand.rank();
    for (size_t i = 0; i < operand.rank(); ++i) {
        const Dim& o = operand.dims[i];
        const Dim& t = target.dims[i + offset];
        if (o.isStatic() && o.value == 1) continue;
        if (o.isStatic() && t.isStatic() && o.value == t.value) continue;
        if (!o.isStatic() && !o.symbol.empty() && o.symbol == t.symbol) continue;
        return false;
    }
    return true;
}

Value* addIntermediate(Graph& graph, const std::string& base, DataType dtype, Shape shape) {
    Value* v = graph.addValue(graph.uniqueValueName(base));
    v->dtype = dtype;
    v->shape = std::move(shape);
    return v;
}

void rewireMovedPair(Graph& graph, Node& first, Value* mid, Node& second, size_t input, Value* out, Value* before) {
    first.outputs[0] = mid;
    mid->producer = &first;
    graph.replaceInput(&second, input, mid);
    second.outputs[0] = out;
    out->producer = &second;
    before->producer = nullptr;
}

Value* addConstantValue(Graph& graph, const std::string& base, Tensor tensor) {
    return graph.addConstant(graph.uniqueValueName(base), std::move(tensor));
}

std::string fusedNodeName(const std::vector<const Node*>& nodes) {
    if (nodes.empty()) return "";
    if (nodes.size() == 1) return nodes[0]->label();
    if (nodes.size() <= 4) {
        std::string name;
        for (const Node* n : nodes) name += (name.empty() ? "" : " + ") + n->label();
        return name;
    }
    return concat(nodes.front()->label(), " + ... + ", nodes.back()->label(), " (", nodes.size(), " nodes)");
}

Node* replaceNodesNamed(Graph& graph, PassContext& ctx, const std::vector<Node*>& replaced, const std::string& name,
                        const std::string& opType, const std::string& domain, const std::vector<Value*>& inputs,
                        const std::vector<Value*>& outputs, std::map<std::string, Attribute> attributes) {
    std::vector<const Node*> group(replaced.begin(), replaced.end());
    std::vector<std::string> origin = ctx.mergedOrigin(group);
    for (Node* n : replaced) graph.removeNode(n);
    std::vector<Value*> trimmed = inputs;
    while (!trimmed.empty() && !trimmed.back()) trimmed.pop_back();  // ONNX convention: trailing omitted inputs are dropped
    Node* fused = graph.addNode(opType, name, trimmed, outputs, domain);
    fused->attributes = std::move(attributes);
    fused->origin = std::move(origin);
    return fused;
}

Node* replaceNodes(Graph& graph, PassContext& ctx, const std::vector<Node*>& replaced, const std::string& opType,
                   const std::string& domain, const std::vector<Value*>& inputs, const std::vector<Value*>& outputs,
                   std::map<std::string, Attribute> attributes) {
    std::vector<const Node*> group(replaced.begin(), replaced.end());
    return replaceNodesNamed(graph, ctx, replaced, fusedNodeName(group), opType, domain, inputs, outputs,
                             std::move(attributes));
}

bool bypassNode(Graph& graph, Node* node, Value* in, Value* out) {
    if (!out->isGraphOutput) {
        graph.removeNode(node);
        graph.replaceAllUses(out, in);
        return true;
    }
    Node* producer = in->producer;
    if (!producer || in->isGraphInput || in->isConstant() || in->isGraphOutput) return false;
    graph.removeNode(node);
    for (Value*& o : producer->outputs)
        if (o == in) o = out;
    out->producer = producer;
    in->producer = nullptr;
    graph.replaceAllUses(in, out);
    return true;
}

Tensor concatFloat(const std::vector<const Tensor*>& parts, size_t axis) {
    std::vector<int64_t> dims = parts.at(0)->dims();
    dims[axis] = 0;
    for (const Tensor* t : parts) dims[axis] += t->dims()[axis];
    Tensor out(DataType::Float32, dims);
    int64_t outer = 1;
    for (size_t d = 0; d < axis; ++d) outer *= dims[d];
    float* dst = out.data<float>();
    for (int64_t o = 0; o < outer; ++o) {
        for (const Tensor* t : parts) {
            int64_t block = t->numel() / std::max<int64_t>(outer, 1);  // elements of t per outer index
            std::copy_n(t->data<float>() + o * block, block, dst);
            dst += block;
        }
    }
    return out;
}

bool sameAttributes(const Node& a, const Node& b) {
    if (a.attributes.size() != b.attributes.size()) return false;
    for (const auto& [key, value] : a.attributes) {
        auto it = b.attributes.find(key);
        if (it == b.attributes.end() || it->second.str() != value.str()) return false;
    }
    return true;
}

bool isNondeterministic(const Node& node) {
    if (!node.domain.empty() && node.domain != "ai.onnx") return false;
    static const std::set<std::string> kRandom = {"RandomNormal", "RandomUniform", "RandomNormalLike",
                                                  "RandomUniformLike", "Multinomial", "Bernoulli"};
    if (kRandom.count(node.opType)) return true;
    if (node.opType != "Dropout") return false;
    const Value* training = node.inputOrNull(2);
    if (!training) return false;
    auto mode = scalarConstant(training);
    return !mode || *mode != 0;
}

std::optional<Tensor> floatCopy(const Tensor& t) {
    if (!isFloatingPoint(t.dtype())) return std::nullopt;
    if (t.dtype() == DataType::Float32) return t.clone();
    std::vector<float> values = t.toFloatVector();
    return Tensor::fromVector<float>(t.dims(), values);
}

}  // namespace kiln::passes
