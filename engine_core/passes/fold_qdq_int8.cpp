// DQ(xq) → Conv / Gemm / MatMul with DQ(constant Wq) [+ bias] [→ Relu | Clip] → Q = one int8 layer:
//   kiln::Int8Conv(xq, xs, xz, Wq, ws, wz, ys, yz, b32)     (QLinearConv's inputs)
//   kiln::Int8MatMul(xq, xs, xz, Wq[K,N], ws, wz, ys, yz, b32)
//   y = clamp(saturate(round(float(Σ(xq − xz)(Wq − wz[m]) + b32[m]) · xs·ws[m]/ys) + yz), lo, hi)
// with b32[m] = round(bias[m] / (xs·ws[m])) and [lo, hi] = [Q(min), Q(max)] of the Relu (min 0) or
// Clip folded in: quantizing is monotone, so Q(clip(v, a, b)) = clamp(Q(v), Q(a), Q(b)) exactly.
// The float graph rounds only at Q, the int8 layer also in b32, so the two differ by at most one
// output step. The pattern is what ONNX Runtime's quantize_static writes in QDQ format (weights per
// tensor or per output channel, bias as DQ(int32, xs·ws)); it runs before constant folding, which
// would turn DQ(Wq) into fp32 weights. Gemm's transB is undone on the constant (Wq is [K, N]).
// Not folded: a Q output that is a graph output or read twice, an fp32 intermediate read elsewhere,
// a layer without Q after it, activations × activations (no constant weights).
//
// Tables: DQ(x) → element-wise float ops → Q, where every op's other inputs are one-element
// constants or values of the same chain (Q/DQ pairs between the ops included: quantize_static puts
// one after each op of a SiLU, x·Sigmoid(x), or of BERT's GELU, x·0.5·(1 + Erf(x/√2))), maps each of
// the 256 values of the 8-bit x to one 8-bit output: kiln::Int8Table(x, table), the table made by
// running the chain's own nodes on the reference executor over the 256 values, so the fold changes
// no output bit. x must be one value (the chain may read DQ(x) several times).
//
// FoldQdqInt8Add: DQ(a) + DQ(b) [→ Relu] → Q (a residual Add between int8 layers, ResNet's and
// MobileNetV2's) = kiln::Int8Add(a, as, az, b, bs, bz, ys, yz){clamp}, QLinearAdd's inputs: per
// tensor, a and b 8-bit of one shape (no broadcasting), the Relu as clamp's lower end Q(0) = yz.
// The kernel computes what the three plain kernels compute, in their order (each DQ in fp32, their
// sum, / ys, rounded half to even), so the fold changes no output bit. A DQ read elsewhere stays.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "engine_core/passes/legality.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"
#include "engine_core/runtime/executor.h"

namespace kiln::passes {

namespace {

bool isEightBit(DataType t) { return t == DataType::Int8 || t == DataType::UInt8; }

// A DequantizeLinear or QuantizeLinear with constant finite non-zero scales and a constant zero
// point (or none): its scale values, zero points and axis.
struct QuantParams {
    const Node* node = nullptr;
    std::vector<float> scale;
    std::vector<int32_t> zero;  // empty: 0
    int64_t axis = 1;           // normalized against the data's rank when per axis
};

std::optional<QuantParams> quantParams(const Node& n, int64_t rank) {
    const Tensor* s = constantOf(n.inputOrNull(1));
    if (!s || s->dtype() != DataType::Float32 || s->numel() < 1 || s->rank() > 1) return std::nullopt;
    if (n.hasAttr("block_size") && n.attrInt("block_size", 0) != 0) return std::nullopt;
    QuantParams q;
    q.node = &n;
    for (int64_t i = 0; i < s->numel(); ++i) {
        const double v = s->scalarAsDouble(i);
        if (v == 0.0 || !std::isfinite(v)) return std::nullopt;  // the plain ops report it
        q.scale.push_back(float(v));
    }
    if (Value* zv = n.inputOrNull(2)) {
        const Tensor* z = constantOf(zv);
        if (!z || z->numel() != s->numel()) return std::nullopt;
        for (int64_t i = 0; i < z->numel(); ++i) q.zero.push_back(int32_t(z->scalarAsInt64(i)));
    }
    q.axis = n.attrInt("axis", 1);
    if (q.axis < 0) q.axis += rank;
    return q;
}

float at(const std::vector<float>& v, int64_t i) { return v.size() == 1 ? v[0] : v[size_t(i)]; }

// The DequantizeLinear producing v, per tensor, from 8-bit data.
std::optional<QuantParams> perTensorDq(const Value* v) {
    const Node* dq = v ? v->producer : nullptr;
    if (!isOp(dq, "DequantizeLinear") || !dq->inputs[0] || !isEightBit(dq->inputs[0]->dtype)) return std::nullopt;
    auto q = quantParams(*dq, 0);
    if (!q || q->scale.size() != 1) return std::nullopt;
    return q;
}

// QuantizeLinear's rounding of one float: saturate(nearbyint(v / scale) + zero).
int32_t quantizeOne(float v, float scale, int32_t zero, int32_t lo, int32_t hi) {
    if (std::isnan(v)) return std::clamp(zero, lo, hi);
    const float r = std::nearbyint(v / scale);
    if (r <= float(lo) - float(zero)) return lo;
    if (r >= float(hi) - float(zero)) return hi;
    return std::clamp(int32_t(r) + zero, lo, hi);
}

Value* scalarConstantValue(Graph& graph, const std::string& base, DataType dtype, int32_t value) {
    Tensor t(dtype, {});
    if (dtype == DataType::Int8) t.data<int8_t>()[0] = int8_t(value);
    else t.data<uint8_t>()[0] = uint8_t(value);
    return addConstantValue(graph, base, std::move(t));
}

// ---- Tables ---------------------------------------------------------------------------------------

bool isElementwiseFloatOp(const Node& n) {
    static const std::set<std::string> ops = {"Abs",  "Add",         "Clip",      "Div",      "Elu",     "Erf",
                                              "Exp",  "Gelu",        "HardSigmoid", "HardSwish", "LeakyRelu", "Mul",
                                              "Neg",  "Relu",        "Selu",      "Sigmoid",  "Softplus", "Softsign",
                                              "Sqrt", "Sub",         "Tanh",      "Mish",     "Celu",    "Reciprocal"};
    return n.domain.empty() && ops.count(n.opType) && n.outputs.size() == 1 && n.outputs[0] &&
           n.outputs[0]->dtype == DataType::Float32;
}

// A per-tensor QuantizeLinear / DequantizeLinear with constant parameters.
bool perTensorQdq(const Node& n) {
    if (n.inputs.size() < 2 || !n.inputs[0] || n.outputs.size() != 1 || !n.outputs[0]) return false;
    const auto p = quantParams(n, 0);
    return p && p->scale.size() == 1;
}

struct TableChain {
    std::vector<Node*> nodes;  // post order: every node after the nodes it reads
    std::set<const Node*> seen;
    Value* source = nullptr;   // the 8-bit x
    std::set<const Node*> sourceDqs;
    int ops = 0;               // element-wise float ops (not Q/DQ)
};

// Adds what computes v to the chain; false when v is not an element-wise function of one x.
bool collectTableChain(Value* v, TableChain& chain, int depth) {
    if (!v || depth > 64) return false;
    if (v->isConstant()) return v->constant->numel() == 1;
    Node* p = v->producer;
    if (!p) return false;
    if (chain.seen.count(p)) return true;
    if (isOp(p, "DequantizeLinear")) {
        if (!perTensorQdq(*p) || !isEightBit(p->inputs[0]->dtype) || p->outputs[0]->dtype != DataType::Float32)
            return false;
        // DQ(Q(chain value)): part of the chain when what the Q reads is; else DQ reads x.
        Node* pq = p->inputs[0]->producer;
        if (isOp(pq, "QuantizeLinear") && perTensorQdq(*pq) && !chain.seen.count(pq)) {
            TableChain trial = chain;
            if (collectTableChain(pq->inputs[0], trial, depth + 1) && trial.source) {
                for (Node* n : {pq, p}) {
                    trial.nodes.push_back(n);
                    trial.seen.insert(n);
                }
                chain = std::move(trial);
                return true;
            }
        } else if (pq && pq->domain == kKilnDomain && pq->opType == "Int8Table" && pq->inputs.size() == 2 &&
                   pq->inputs[0] && !pq->inputs[0]->isConstant() && constantOf(pq->inputs[1])) {
            // DQ(Int8Table(x)): a part of the chain folded before (a SiLU's Sigmoid → Q), read again.
            if (chain.source && chain.source != pq->inputs[0]) return false;
            chain.source = pq->inputs[0];
            for (Node* n : {pq, p}) {
                if (chain.seen.count(n)) continue;
                chain.nodes.push_back(n);
                chain.seen.insert(n);
            }
            return true;
        } else if (chain.seen.count(pq)) {
            chain.nodes.push_back(p);
            chain.seen.insert(p);
            return true;
        }
        if (chain.source && chain.source != p->inputs[0]) return false;
        chain.source = p->inputs[0];
        chain.sourceDqs.insert(p);
        chain.nodes.push_back(p);
        chain.seen.insert(p);
        return true;
    }
    if (!isElementwiseFloatOp(*p)) return false;
    for (Value* in : p->inputs)
        if (in && !collectTableChain(in, chain, depth + 1)) return false;
    chain.nodes.push_back(p);
    chain.seen.insert(p);
    ++chain.ops;
    return true;
}

// The chain's nodes and q run on the 256 values of x: q's output for each, in index order.
std::optional<Tensor> evaluateTable(const TableChain& chain, const Node& q) {
    Graph g;
    std::map<const Value*, Value*> map;
    Tensor all(chain.source->dtype, {256});
    for (int64_t k = 0; k < 256; ++k) {
        if (chain.source->dtype == DataType::Int8) all.data<int8_t>()[k] = int8_t(k - 128);
        else all.data<uint8_t>()[k] = uint8_t(k);
    }
    map[chain.source] = g.addConstant("x", all);
    int next = 0;
    auto mapped = [&](Value* v) -> Value* {
        if (!v) return nullptr;
        if (auto it = map.find(v); it != map.end()) return it->second;
        Value* c = g.addConstant("c" + std::to_string(next++), *v->constant);  // a one-element constant
        map[v] = c;
        return c;
    };
    std::vector<const Node*> order(chain.nodes.begin(), chain.nodes.end());
    order.push_back(&q);
    Value* out = nullptr;
    for (const Node* n : order) {
        std::vector<Value*> ins;
        for (Value* in : n->inputs) ins.push_back(mapped(in));
        Value* o = g.addValue("v" + std::to_string(next++));
        o->dtype = n->outputs[0]->dtype;
        Node* copy = g.addNode(n->opType, n->label(), ins, {o}, n->domain);
        copy->attributes = n->attributes;
        map[n->outputs[0]] = o;
        out = o;
    }
    g.markOutput(out);
    try {
        Executor exec(g);
        TensorMap result = exec.run({});
        Tensor t = result.at(out->name);
        if (t.numel() != 256 || !isEightBit(t.dtype())) return std::nullopt;
        return t;
    } catch (const std::exception&) {
        return std::nullopt;  // an op the reference executor refuses here: leave the graph as it is
    }
}

bool foldTable(Graph& graph, Node& q, PassContext& ctx) {
    if (!ctx.implementsAll({"kiln::Int8Table"})) return false;
    Value* yq = q.outputs[0];
    if (!perTensorQdq(q) || !q.inputs[0] || q.inputs[0]->dtype != DataType::Float32) return false;
    TableChain chain;
    if (!collectTableChain(q.inputs[0], chain, 0) || !chain.source || chain.ops == 0) return false;
    if (chain.source->isConstant()) return false;  // constant folding's
    // Every value inside the chain is read only there (x's DQ may also be read elsewhere: kept).
    std::vector<const Node*> members(chain.nodes.begin(), chain.nodes.end());
    members.push_back(&q);
    std::vector<Node*> replaced;
    for (Node* n : chain.nodes) {
        const bool inside = canFuseThrough(n->outputs[0], members, nullptr, false);
        if (chain.sourceDqs.count(n)) {
            if (inside) replaced.push_back(n);
            continue;
        }
        if (!inside) return false;
        replaced.push_back(n);
    }
    replaced.push_back(&q);
    auto table = evaluateTable(chain, q);
    if (!table || table->dtype() != yq->dtype) return false;
    Value* tableValue = addConstantValue(graph, yq->name + "_table", std::move(*table));
    replaceNodesNamed(graph, ctx, replaced, fusedNodeName(members), "Int8Table", kKilnDomain, {chain.source, tableValue},
                      {yq}, {});
    return true;
}

class FoldQdqInt8 final : public RewriteRule {
public:
    std::string name() const override { return "FoldQdqInt8"; }
    // kiln::Int8Table is not listed: a target without it still gets the int8 layers (foldTable asks
    // for it itself).
    std::vector<std::string> producedOps() const override { return {"kiln::Int8Conv", "kiln::Int8MatMul"}; }
    std::vector<std::string> targetOpTypes() const override { return {"QuantizeLinear"}; }
    bool match(const Graph&, const Node& q) const override {
        return q.inputs.size() >= 2 && q.inputs[0] && q.inputs[0]->producer && q.outputs.size() == 1 && q.outputs[0] &&
               isEightBit(q.outputs[0]->dtype);
    }

    bool apply(Graph& graph, Node& q, PassContext& ctx) override {
        return applyLayer(graph, q, ctx) || foldTable(graph, q, ctx);
    }

    bool applyLayer(Graph& graph, Node& q, PassContext& ctx) {
        Value* yq = q.outputs[0];
        if (yq->isGraphOutput || yq->consumers.size() != 1) return false;
        const auto yp = quantParams(q, 0);
        if (!yp || yp->scale.size() != 1) return false;
        const bool ySigned = yq->dtype == DataType::Int8;
        int32_t lo = ySigned ? -128 : 0, hi = ySigned ? 127 : 255;
        const int32_t yz = yp->zero.empty() ? 0 : yp->zero[0];
        std::vector<Node*> group{&q};

        // [Relu | Clip] between the layer and Q: folded into the clamp range.
        Value* v = q.inputs[0];
        Node* p = v->producer;
        if (isOp(p, "Relu") || isOp(p, "Clip")) {
            float a = 0.f, b = std::numeric_limits<float>::infinity();
            if (isOp(p, "Clip")) {
                a = -b;
                for (size_t i = 1; i < 3; ++i) {
                    if (!p->inputOrNull(i)) continue;
                    auto bound = scalarConstant(p->inputs[i]);
                    if (!bound) return false;
                    (i == 1 ? a : b) = float(*bound);
                }
            }
            if (a > -std::numeric_limits<float>::infinity()) lo = std::max(lo, quantizeOne(a, yp->scale[0], yz, lo, hi));
            if (b < std::numeric_limits<float>::infinity()) hi = std::min(hi, quantizeOne(b, yp->scale[0], yz, lo, hi));
            if (lo > hi) return false;
            group.push_back(p);
            v = p->inputs[0];
            p = v ? v->producer : nullptr;
        }
        // MatMul + constant bias (an Add before the Q).
        Value* addBias = nullptr;
        if (isOp(p, "Add") && p->inputs.size() == 2) {
            for (Value* in : p->inputs) {
                Node* mm = in ? in->producer : nullptr;
                if (isOp(mm, "MatMul") && in->dtype == DataType::Float32) {
                    addBias = otherInput(*p, in);
                    group.push_back(p);
                    v = in;
                    p = mm;
                    break;
                }
            }
            if (!addBias) return false;
        }
        const bool conv = isOp(p, "Conv"), gemm = isOp(p, "Gemm"), matmul = isOp(p, "MatMul");
        if (!conv && !gemm && !matmul) return false;
        if (p->outputs.size() != 1 || p->inputs.size() < 2 || v->dtype != DataType::Float32) return false;
        group.push_back(p);

        // Activations: DQ per tensor. Weights: DQ of a constant, per tensor or per output channel.
        const auto xp = perTensorDq(p->inputs[0]);
        if (!xp) return false;
        Value* xq = xp->node->inputs[0];
        Node* dqw = p->inputs[1] ? p->inputs[1]->producer : nullptr;
        if (!isOp(dqw, "DequantizeLinear")) return false;
        const Tensor* wq = constantOf(dqw->inputs[0]);
        if (!wq || !isEightBit(wq->dtype())) return false;
        const int64_t wRank = int64_t(wq->rank());
        auto wp = quantParams(*dqw, wRank);
        if (!wp) return false;

        bool transB = false;
        int64_t channels = 0, channelAxis = 0;
        if (conv) {
            if (wRank < 3 || wRank > 5) return false;
            channels = wq->dim(0);
        } else {
            if (wRank != 2) return false;
            if (gemm) {
                if (p->attrInt("transA", 0) != 0 || p->attrFloat("alpha", 1.f) != 1.f) return false;
                transB = p->attrInt("transB", 0) != 0;
            }
            channelAxis = transB ? 0 : 1;
            channels = wq->dim(int(channelAxis));
        }
        if (wp->scale.size() != 1 && (wp->scale.size() != size_t(channels) || wp->axis != channelAxis)) return false;

        // The bias in fp32 (a constant, or DQ of an int32 constant), then in the accumulator's units.
        Value* biasValue = addBias ? addBias : (conv || gemm) ? p->inputOrNull(2) : nullptr;
        Node* dqb = nullptr;
        std::vector<float> biasF;
        if (biasValue) {
            if (const Tensor* b = constantOf(biasValue)) {
                if (b->dtype() != DataType::Float32) return false;
                for (int64_t i = 0; i < b->numel(); ++i) biasF.push_back(float(b->scalarAsDouble(i)));
            } else if (isOp(biasValue->producer, "DequantizeLinear")) {
                dqb = biasValue->producer;
                const Tensor* b32 = constantOf(dqb->inputs[0]);
                if (!b32 || b32->dtype() != DataType::Int32 || b32->rank() > 1) return false;
                auto bp = quantParams(*dqb, 1);
                if (!bp) return false;
                for (int64_t i = 0; i < b32->numel(); ++i) {
                    const int64_t zi = bp->zero.empty() ? 0 : bp->zero[bp->zero.size() == 1 ? 0 : size_t(i)];
                    biasF.push_back(float(b32->scalarAsInt64(i) - zi) * at(bp->scale, i));
                }
            } else {
                return false;
            }
            // One value per output channel (or one for all), laid out along the output's last axis
            // for Gemm/MatMul, its axis 1 for Conv.
            const int64_t n = int64_t(biasF.size());
            const Shape& bs = biasValue->shape;
            if (n != 1 && n != channels) return false;
            if (conv && n != channels) return false;
            if (!conv) {  // [N], [1, N], a scalar: every dim but the last is 1
                if (!bs.rankKnown || !broadcastsInto(bs, v->shape)) return false;
                for (size_t d = 0; d + 1 < bs.rank(); ++d)
                    if (!bs.dims[d].isStatic() || bs.dims[d].value != 1) return false;
            }
            if (gemm) {
                const float beta = p->attrFloat("beta", 1.f);
                for (float& b : biasF) b *= beta;
            }
            if (n == 1) biasF.assign(size_t(channels), biasF[0]);
        }
        std::vector<int32_t> bias32;
        for (int64_t m = 0; m < int64_t(biasF.size()); ++m) {
            const double units = double(xp->scale[0] * at(wp->scale, m));
            const double r = std::nearbyint(double(biasF[size_t(m)]) / units);
            if (!std::isfinite(r) || std::fabs(r) > 2147483647.0) return false;
            bias32.push_back(int32_t(r));
        }

        // Every fp32 value inside the group is read only there.
        std::vector<const Node*> members(group.begin(), group.end());
        for (Node* n : group)
            if (n != &q && !canFuseThrough(n->outputs[0], members)) return false;

        // Also replaced: the DQ nodes read only by the layer (their provenance joins the layer's).
        std::vector<Node*> replaced(group.rbegin(), group.rend());
        for (Node* dq : {const_cast<Node*>(xp->node), dqw, dqb})
            if (dq && dq->outputs[0]->consumers.size() == 1 && !dq->outputs[0]->isGraphOutput) replaced.insert(replaced.begin(), dq);

        Value* wValue = dqw->inputs[0];
        if (transB) {
            const int64_t N = wq->dim(0), K = wq->dim(1);
            Tensor t(wq->dtype(), {K, N});
            const uint8_t* src = static_cast<const uint8_t*>(wq->raw());
            uint8_t* dst = static_cast<uint8_t*>(t.raw());
            for (int64_t k = 0; k < K; ++k)
                for (int64_t n = 0; n < N; ++n) dst[k * N + n] = src[n * K + k];
            wValue = addConstantValue(graph, wValue->name + "_kn", std::move(t));
        }
        const std::string base = yq->name;
        Value* xz = xp->node->inputOrNull(2) ? xp->node->inputs[2] : scalarConstantValue(graph, base + "_x_zero", xq->dtype, 0);
        Value* wz = dqw->inputOrNull(2);
        if (!wz) wz = scalarConstantValue(graph, base + "_w_zero", wq->dtype(), 0);
        Value* yzValue = q.inputOrNull(2) ? q.inputs[2] : scalarConstantValue(graph, base + "_y_zero", yq->dtype, 0);
        std::vector<Value*> inputs{xq, xp->node->inputs[1], xz, wValue, dqw->inputs[1], wz, q.inputs[1], yzValue};
        if (!bias32.empty())
            inputs.push_back(addConstantValue(graph, base + "_bias_int32",
                                              Tensor::fromVector<int32_t>({int64_t(bias32.size())}, bias32)));

        std::map<std::string, Attribute> attrs;
        if (conv)
            for (const auto& [key, value] : p->attributes) attrs[key] = value;
        attrs["clamp"] = std::vector<int64_t>{lo, hi};
        std::vector<const Node*> named(group.rbegin(), group.rend());
        replaceNodesNamed(graph, ctx, replaced, fusedNodeName(named), conv ? "Int8Conv" : "Int8MatMul", kKilnDomain,
                          inputs, {yq}, attrs);
        return true;
    }
};

class FoldQdqInt8Add final : public RewriteRule {
public:
    std::string name() const override { return "FoldQdqInt8Add"; }
    std::vector<std::string> producedOps() const override { return {"kiln::Int8Add"}; }
    std::vector<std::string> targetOpTypes() const override { return {"QuantizeLinear"}; }
    bool match(const Graph&, const Node& q) const override {
        return q.inputs.size() >= 2 && q.inputs[0] && q.inputs[0]->producer && q.outputs.size() == 1 && q.outputs[0] &&
               isEightBit(q.outputs[0]->dtype);
    }

    bool apply(Graph& graph, Node& q, PassContext& ctx) override {
        Value* yq = q.outputs[0];
        const auto yp = quantParams(q, 0);
        if (!yp || yp->scale.size() != 1 || q.inputs[0]->dtype != DataType::Float32) return false;
        const bool ySigned = yq->dtype == DataType::Int8;
        int32_t lo = ySigned ? -128 : 0;
        const int32_t hi = ySigned ? 127 : 255;
        const int32_t yz = yp->zero.empty() ? 0 : yp->zero[0];
        if (yz < lo || yz > hi) return false;
        std::vector<Node*> group{&q};
        Value* v = q.inputs[0];
        Node* p = v->producer;
        if (isOp(p, "Relu")) {  // Q(max(v, 0)) = max(Q(v), Q(0)), Q(0) = yz
            lo = std::max(lo, yz);
            group.push_back(p);
            v = p->inputs[0];
            p = v ? v->producer : nullptr;
        }
        if (!isOp(p, "Add") || p->inputs.size() != 2 || p->outputs.size() != 1 || !v || v->dtype != DataType::Float32)
            return false;
        group.push_back(p);
        const auto ap = perTensorDq(p->inputs[0]), bp = perTensorDq(p->inputs[1]);
        if (!ap || !bp || ap->node == bp->node) return false;
        for (Value* in : p->inputs)
            if (in->dtype != DataType::Float32) return false;
        Value* a = ap->node->inputs[0];
        Value* b = bp->node->inputs[0];
        if (a->isConstant() && b->isConstant()) return false;  // constant folding's
        // One shape, known, for both and the sum: the kernel walks them element by element.
        if (!a->shape.rankKnown || !(a->shape == b->shape) || !(a->shape == v->shape)) return false;

        std::vector<const Node*> members(group.begin(), group.end());
        for (Node* n : group)
            if (n != &q && !canFuseThrough(n->outputs[0], members)) return false;
        std::vector<Node*> replaced(group.rbegin(), group.rend());
        for (const Node* dq : {ap->node, bp->node})
            if (dq->outputs[0]->consumers.size() == 1 && !dq->outputs[0]->isGraphOutput)
                replaced.insert(replaced.begin(), const_cast<Node*>(dq));

        const std::string base = yq->name;
        auto zeroOf = [&](const Node& n, Value* data, const char* what) {
            return n.inputOrNull(2) ? n.inputs[2] : scalarConstantValue(graph, base + what, data->dtype, 0);
        };
        std::vector<Value*> inputs{a,
                                   ap->node->inputs[1],
                                   zeroOf(*ap->node, a, "_a_zero"),
                                   b,
                                   bp->node->inputs[1],
                                   zeroOf(*bp->node, b, "_b_zero"),
                                   q.inputs[1],
                                   q.inputOrNull(2) ? q.inputs[2] : scalarConstantValue(graph, base + "_y_zero", yq->dtype, 0)};
        std::map<std::string, Attribute> attrs;
        attrs["clamp"] = std::vector<int64_t>{lo, hi};
        std::vector<const Node*> named(group.rbegin(), group.rend());
        replaceNodesNamed(graph, ctx, replaced, fusedNodeName(named), "Int8Add", kKilnDomain, inputs, {yq}, attrs);
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeFoldQdqInt8AddRule() { return std::make_unique<FoldQdqInt8Add>(); }

std::unique_ptr<RewriteRule> makeFoldQdqInt8Rule() { return std::make_unique<FoldQdqInt8>(); }

}  // namespace kiln::passes
