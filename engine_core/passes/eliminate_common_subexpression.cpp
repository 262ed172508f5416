// Common subexpressions: f(x, y){attrs} computed twice is computed once.
//   op(a…){attrs} = op(a…){attrs}  (same op type and domain, the same input Values in order, absent
//   optional inputs equal, every attribute equal by value) → one node, read by the readers of both.
// Like ONNX Runtime's CommonSubexpressionElimination. Exporters repeat work per layer: HF BERT
// builds its attention-mask Where in each of the 12 encoder layers, and shape code repeats
// Shape → Gather → Unsqueeze → Concat chains. Merging a chain's first node makes its readers equal,
// so one walk in topological order merges whole chains.
//
// Equal small constants (same dtype, dims and bytes, at most kMaxMergedConstantBytes) are merged
// first ("MergeEqualConstants"): two exported copies of the same scalar or shape make the nodes
// reading them equal. Graph inputs (an initializer a caller may override) and graph outputs are
// never merged.
//
// Never merged: non-deterministic ops (isNondeterministic: RandomNormal, RandomUniform(Like),
// Multinomial, Bernoulli, Dropout in training mode), nodes with a Graph attribute (If / Loop / Scan
// bodies are not compared), ops outside the ai.onnx and kiln domains (a plugin's op may keep state).
//
// Output names: the surviving node is the first in topological order. When the duplicate's output
// is a graph output and the survivor's is not, the survivor writes that output Value (its own
// readers move over to it), so the model's output names never change; when both are graph outputs
// the duplicate stays. The survivor's origin is the union of both origins, so the fusion view and
// the per-layer "onnx" column name every ONNX node it stands for.
#include <cstring>
#include <functional>
#include <unordered_map>

#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

constexpr size_t kMaxMergedConstantBytes = size_t(64) << 10;

void hashCombine(size_t& seed, size_t h) { seed ^= h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2); }

size_t hashBytes(const void* data, size_t n) {
    return std::hash<std::string_view>()(std::string_view(static_cast<const char*>(data), n));
}

// Tensors equal bit for bit: dtype, dims, plain layout and bytes (so 0.0 and -0.0 differ, which
// is only ever conservative). String tensors are never called equal.
bool sameTensor(const Tensor& a, const Tensor& b) {
    if (a.dtype() != b.dtype() || a.dims() != b.dims() || dataTypeSize(a.dtype()) == 0) return false;
    if (a.format() != TensorFormat::Linear || b.format() != TensorFormat::Linear) return false;
    if (a.device() != kHostDevice || b.device() != kHostDevice) return false;
    if (a.byteSize() == 0) return true;
    return a.raw() && b.raw() && std::memcmp(a.raw(), b.raw(), a.byteSize()) == 0;
}

bool sameFloats(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

// Attributes equal by value; Graph attributes never (bodies are not compared).
bool sameAttribute(const Attribute& a, const Attribute& b) {
    if (a.type() != b.type()) return false;
    switch (a.type()) {
        case AttributeType::Int: return *a.get<int64_t>() == *b.get<int64_t>();
        case AttributeType::Float: return std::memcmp(a.get<float>(), b.get<float>(), sizeof(float)) == 0;
        case AttributeType::String: return *a.get<std::string>() == *b.get<std::string>();
        case AttributeType::Tensor: return sameTensor(*a.get<Tensor>(), *b.get<Tensor>());
        case AttributeType::Ints: return *a.get<std::vector<int64_t>>() == *b.get<std::vector<int64_t>>();
        case AttributeType::Floats: return sameFloats(*a.get<std::vector<float>>(), *b.get<std::vector<float>>());
        case AttributeType::Strings: return *a.get<std::vector<std::string>>() == *b.get<std::vector<std::string>>();
        case AttributeType::Graph: return false;
    }
    return false;
}

// The inputs without trailing absent ones (an omitted trailing optional input equals no input).
size_t presentInputCount(const Node& n) {
    size_t count = n.inputs.size();
    while (count > 0 && !n.inputs[count - 1]) --count;
    return count;
}

bool mergeable(const Node& n) {
    if (!n.domain.empty() && n.domain != kKilnDomain) return false;
    if (isNondeterministic(n)) return false;
    for (const auto& [key, attr] : n.attributes)
        if (attr.type() == AttributeType::Graph) return false;
    for (const Value* out : n.outputs)
        if (out) return true;
    return false;  // produces nothing
}

size_t nodeHash(const Node& n) {
    size_t h = std::hash<std::string>()(n.opType);
    hashCombine(h, std::hash<std::string>()(n.domain));
    hashCombine(h, n.outputs.size());
    for (size_t i = 0, count = presentInputCount(n); i < count; ++i) hashCombine(h, std::hash<const Value*>()(n.inputs[i]));
    for (const auto& [key, attr] : n.attributes) {
        hashCombine(h, std::hash<std::string>()(key));
        hashCombine(h, std::hash<std::string>()(attr.str()));  // equal values print alike
    }
    return h;
}

bool sameComputation(const Node& a, const Node& b) {
    if (a.opType != b.opType || a.domain != b.domain || a.outputs.size() != b.outputs.size()) return false;
    const size_t count = presentInputCount(a);
    if (count != presentInputCount(b)) return false;
    for (size_t i = 0; i < count; ++i)
        if (a.inputs[i] != b.inputs[i]) return false;
    if (a.attributes.size() != b.attributes.size()) return false;
    for (const auto& [key, attr] : a.attributes) {
        auto it = b.attributes.find(key);
        if (it == b.attributes.end() || !sameAttribute(attr, it->second)) return false;
    }
    return true;
}

// Whether `dup` can be merged into `keep` without losing a graph output name.
bool outputsMergeable(const Node& keep, const Node& dup) {
    for (size_t i = 0; i < dup.outputs.size(); ++i) {
        const Value* k = keep.outputs[i];
        const Value* d = dup.outputs[i];
        if (k && d && k->isGraphOutput && d->isGraphOutput) return false;
    }
    return true;
}

// Removes `dup`; `keep` computes what it computed. Output by output: the duplicate's readers read
// the survivor's Value, or, where the duplicate's Value is a graph output (or the survivor leaves
// that optional output out), the survivor writes the duplicate's Value and its own readers follow.
void mergeInto(Graph& graph, PassContext& ctx, Node* keep, Node* dup) {
    std::vector<std::string> origin = ctx.mergedOrigin({keep, dup});
    std::vector<Value*> dupOutputs = dup->outputs;
    graph.removeNode(dup);
    for (size_t i = 0; i < dupOutputs.size(); ++i) {
        Value* d = dupOutputs[i];
        if (!d) continue;
        Value* k = keep->outputs[i];
        if (k && !d->isGraphOutput) {
            graph.replaceAllUses(d, k);
            continue;
        }
        keep->outputs[i] = d;
        d->producer = keep;
        if (k) {
            k->producer = nullptr;
            graph.replaceAllUses(k, d);  // k is not a graph output (outputsMergeable)
        }
    }
    keep->origin = std::move(origin);
}

// Readers of an equal constant read one Value. Returns how many constants were merged away.
int mergeEqualConstants(Graph& graph, const std::vector<Node*>& order) {
    std::unordered_multimap<size_t, Value*> seen;
    std::unordered_map<Value*, Value*> replacement;
    for (Node* n : order) {
        for (Value* v : n->inputs) {
            if (!v || !v->isConstant() || v->isGraphInput || v->isGraphOutput || replacement.count(v)) continue;
            const Tensor& t = *v->constant;
            if (t.byteSize() > kMaxMergedConstantBytes || dataTypeSize(t.dtype()) == 0 || !t.raw()) continue;
            size_t h = hashBytes(t.raw(), t.byteSize());
            hashCombine(h, size_t(t.dtype()));
            for (int64_t d : t.dims()) hashCombine(h, std::hash<int64_t>()(d));
            Value* same = nullptr;
            auto [first, last] = seen.equal_range(h);
            for (auto it = first; it != last && !same; ++it)
                if (it->second == v || sameTensor(*it->second->constant, t)) same = it->second;
            if (!same) {
                seen.emplace(h, v);
                replacement[v] = v;
            } else if (same != v) {
                replacement[v] = same;
            }
        }
    }
    int merged = 0;
    for (const auto& [from, to] : replacement) {
        if (from == to) continue;
        graph.replaceAllUses(from, to);
        ++merged;
    }
    return merged;
}

// One walk in topological order; returns the number of nodes merged away.
int mergeEqualNodes(Graph& graph, PassContext& ctx) {
    std::vector<Node*> order = graph.topologicalOrder();
    std::vector<int> ids;
    ids.reserve(order.size());
    for (Node* n : order) ids.push_back(n->id);
    std::unordered_multimap<size_t, Node*> seen;
    int merged = 0;
    for (size_t i = 0; i < order.size(); ++i) {
        if (!graph.hasNode(ids[i])) continue;
        Node* n = order[i];
        if (!mergeable(*n)) continue;
        // Hashed now, after the merges before it in this walk rewired its inputs.
        size_t h = nodeHash(*n);
        Node* keep = nullptr;
        auto [first, last] = seen.equal_range(h);
        for (auto it = first; it != last && !keep; ++it)
            if (sameComputation(*it->second, *n) && outputsMergeable(*it->second, *n)) keep = it->second;
        if (!keep) {
            seen.emplace(h, n);
            continue;
        }
        mergeInto(graph, ctx, keep, n);
        ++merged;
    }
    return merged;
}

class EliminateCommonSubexpressions final : public GraphPass {
public:
    std::string name() const override { return "CommonSubexpressionElimination"; }
    bool run(Graph& graph, PassContext& ctx) override {
        int constants = mergeEqualConstants(graph, graph.topologicalOrder());
        int nodes = 0;
        // A survivor that takes over a graph output moves readers hashed earlier in the walk onto
        // another Value, so their copies further on can be missed: walk again until nothing merges.
        for (int walk = 0; walk < 16; ++walk) {
            int merged = mergeEqualNodes(graph, ctx);
            nodes += merged;
            if (merged == 0) break;
        }
        if (constants) ctx.recordFusion("MergeEqualConstants", constants);
        if (nodes) ctx.recordFusion("CommonSubexpressionElimination", nodes);
        if (constants + nodes == 0) return false;
        graph.removeUnusedValues();
        return true;
    }
};

}  // namespace

std::unique_ptr<GraphPass> makeCommonSubexpressionEliminationPass() {
    return std::make_unique<EliminateCommonSubexpressions>();
}

}  // namespace kiln::passes
