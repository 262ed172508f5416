#include "engine_core/runtime/batch_split.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

#include "engine_core/common/parallel.h"

namespace kiln {

namespace {

// Ops applied sample by sample whose non-data inputs are parameters (never batched): input 0 is the data.
const std::set<std::string>& perSampleOps() {
    static const std::set<std::string> ops = {
        // element-wise, one data input
        "Relu", "Sigmoid", "Tanh", "Erf", "Gelu", "HardSigmoid", "HardSwish", "LeakyRelu", "Clip", "Softplus",
        "Softsign", "Elu", "Selu", "Celu", "Mish", "ThresholdedRelu", "Abs", "Neg", "Exp", "Log", "Sqrt",
        "Reciprocal", "Floor", "Ceil", "Round", "Sign", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh",
        "Cosh", "Asinh", "Acosh", "Atanh", "Not", "IsNaN", "IsInf", "Cast", "CastLike", "Identity", "Dropout",
        "BitwiseNot", "Shrink",
        // windows over the spatial axes of NC... tensors
        "Conv", "ConvTranspose", "MaxPool", "AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool",
        "GlobalLpPool", "InstanceNormalization", "LRN", "DepthToSpace", "SpaceToDepth", "GroupNormalization",
        "BatchNormalization",
        // Kiln's fused convolution (its residual Z is checked like a broadcast operand)
        "FusedConv"};
    return ops;
}

// Element-wise ops whose inputs broadcast against each other (numpy rules).
const std::set<std::string>& broadcastOps() {
    static const std::set<std::string> ops = {
        "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "PRelu", "Mod", "Equal", "Less",
        "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor", "Where", "BitShift", "BitwiseAnd",
        "BitwiseOr", "BitwiseXor", "Pointwise"};
    return ops;
}

// Ops whose result differs between runs: splitting would change what each part sees.
bool isRandom(const std::string& op) {
    return op == "RandomNormal" || op == "RandomUniform" || op == "RandomNormalLike" || op == "RandomUniformLike" ||
           op == "Bernoulli" || op == "Multinomial";
}

class Analysis {
public:
    explicit Analysis(const Graph& g) : graph_(g) {}

    BatchSplit run() {
        BatchSplit out;
        for (const Value* v : graph_.runtimeInputs()) {
            const bool batched = v->shape.rankKnown && v->shape.rank() >= 1 && !v->shape.dims[0].isStatic() &&
                                 v->dtype != DataType::String;
            batched_[v] = batched;
            if (batched) out.batchedInputs.push_back(v->name);
        }
        if (out.batchedInputs.empty()) {
            out.reason = "no input has a dynamic first (batch) dimension";
            return out;
        }
        for (const Node* n : graph_.topologicalOrder()) {
            std::string why = node(*n);
            if (!why.empty()) {
                out.reason = concat("node '", n->label(), "' (", n->opType, "): ", why);
                out.batchedInputs.clear();
                return out;
            }
        }
        for (const Value* v : graph_.outputs())
            if (isBatched(v)) out.batchedOutputs.push_back(v->name);
        if (out.batchedOutputs.empty()) {
            out.reason = "no output depends on the batched inputs";
            out.batchedInputs.clear();
            return out;
        }
        out.possible = true;
        return out;
    }

private:
    bool isBatched(const Value* v) const {
        if (!v) return false;
        auto it = batched_.find(v);
        return it != batched_.end() && it->second;
    }
    // The declared rank, else the one this analysis derived (passes may leave new values unshaped).
    std::optional<size_t> rankOf(const Value* v) const {
        if (!v) return std::nullopt;
        if (v->shape.rankKnown) return v->shape.rank();
        if (v->isConstant()) return v->constant->rank();
        auto it = rank_.find(v);
        if (it == rank_.end()) return std::nullopt;
        return it->second;
    }

    // Rank of output 0 of the ops whose rule needs it downstream; nullopt where not derivable here.
    std::optional<size_t> derivedRank(const Node& n) const {
        const std::string& op = n.opType;
        auto in = rankOf(n.inputOrNull(0));
        if (perSampleOps().count(op) || op == "Softmax" || op == "LogSoftmax" || op == "Hardmax" ||
            op == "LayerNormalization" || op == "Transpose" || op == "Concat" || op == "Split" || op == "Pad" ||
            op == "Resize" || op == "CumSum" || op == "Trilu" || op == "Pointwise" || op == "Slice" || op == "TopK")
            return in;
        if (broadcastOps().count(op)) {
            std::optional<size_t> r = 0;
            for (const Value* v : n.inputs) {
                if (!v) continue;
                auto rv = rankOf(v);
                if (!rv) return std::nullopt;
                r = std::max(*r, *rv);
            }
            return r;
        }
        if (op == "Flatten" || op == "Gemm") return 2;
        if (op == "MatMul" || op == "FusedMatMul") {
            auto rb = rankOf(n.inputOrNull(1));
            if (!in || !rb || *in < 2 || *rb < 2) return std::nullopt;
            return std::max(*in, *rb);
        }
        if (op == "Attention") return rankOf(n.inputOrNull(0));
        if (op == "Reshape") {
            const Value* shape = n.inputOrNull(1);
            if (shape && shape->isConstant()) return size_t(shape->constant->numel());
            return std::nullopt;
        }
        if (op == "Squeeze" || op == "Unsqueeze") {
            auto axes = constInts(n, 1);
            if (!in || !axes) return std::nullopt;
            return op == "Squeeze" ? *in - std::min(*in, axes->size()) : *in + axes->size();
        }
        if (op == "ArgMax" || op == "ArgMin" || op.rfind("Reduce", 0) == 0) {
            if (!in) return std::nullopt;
            if (n.attrInt("keepdims", 1) != 0) return in;
            if (op == "ArgMax" || op == "ArgMin") return *in - 1;
            auto axes = constInts(n, 1);
            if (!axes) return std::nullopt;
            return *in - std::min(*in, axes->size());
        }
        if (op == "Gather") {
            auto ri = rankOf(n.inputOrNull(1));
            if (!in || !ri || *in == 0) return std::nullopt;
            return *in - 1 + *ri;
        }
        return std::nullopt;
    }
    static std::optional<std::vector<int64_t>> constInts(const Node& n, size_t i) {
        const Value* v = n.inputOrNull(i);
        if (!v || !v->isConstant()) return std::nullopt;
        return v->constant->toInt64Vector();
    }
    // Whether the first dim is known to be 1 (from the constant or the declared shape; a value whose
    // shape is unknown is not).
    static bool firstDimIsOne(const Value* v) {
        if (v->isConstant()) return v->constant->rank() >= 1 && v->constant->dim(0) == 1;
        return v->shape.rankKnown && v->shape.rank() >= 1 && v->shape.dims[0].isStatic() && v->shape.dims[0].value == 1;
    }
    static int64_t normalized(int64_t axis, size_t rank) { return axis < 0 ? axis + int64_t(rank) : axis; }

    // Returns "" when the node keeps samples apart (marking its outputs), else why not.
    std::string node(const Node& n) {
        const std::string& op = n.opType;
        if (isRandom(op)) return "random values differ between sub-batches";
        bool anyBatched = false;
        for (const Value* in : n.inputs) anyBatched = anyBatched || isBatched(in);
        if (!anyBatched) {  // parameters only: every part computes the same value
            for (const Value* o : n.outputs)
                if (o) batched_[o] = false;
        } else {
            std::string why = rule(n);
            if (!why.empty()) return why;
            for (const Value* o : n.outputs)
                if (o) batched_[o] = true;
        }
        if (auto r = derivedRank(n))
            for (const Value* o : n.outputs)
                if (o) rank_[o] = *r;
        return "";
    }

    // Only input `data` may be batched.
    std::string onlyBatched(const Node& n, size_t data) const {
        for (size_t i = 0; i < n.inputs.size(); ++i)
            if (i != data && isBatched(n.inputs[i])) return concat("input ", i, " depends on the batch");
        if (!isBatched(n.inputOrNull(data))) return concat("input ", data, " does not carry the batch");
        return "";
    }

    // Inputs `which` broadcast together: the batched ones share one rank r (so axis 0 lines up), and
    // an unbatched one has a lower rank or a first dim of 1, so it never spans axis 0.
    std::string broadcast(const Node& n, const std::vector<size_t>& which) const {
        std::optional<size_t> r;
        for (size_t i : which) {
            const Value* v = n.inputOrNull(i);
            if (!isBatched(v)) continue;
            auto rank = rankOf(v);
            if (!rank || *rank == 0) return concat("input ", i, " has an unknown rank");
            if (r && *r != *rank) return concat("batched inputs of different ranks (", *r, " and ", *rank, ")");
            r = rank;
        }
        for (size_t i : which) {
            const Value* v = n.inputOrNull(i);
            if (!v || isBatched(v)) continue;
            auto rank = rankOf(v);
            if (!rank) return concat("input ", i, " has an unknown rank");
            if (*rank < *r) continue;
            if (*rank == *r && firstDimIsOne(v)) continue;
            return concat("input ", i, " (", v->shape.str(), ") would broadcast along the batch axis");
        }
        return "";
    }

    std::string axisNotZero(const Node& n, int64_t axis) const {
        auto rank = rankOf(n.inputOrNull(0));
        if (!rank) return "input 0 has an unknown rank";
        if (normalized(axis, *rank) == 0) return "it works along the batch axis";
        return "";
    }

    static std::string axesNotZero(const std::optional<std::vector<int64_t>>& axes, size_t rank) {
        if (!axes) return "its axes are not constant";
        for (int64_t a : *axes)
            if (normalized(a, rank) == 0) return "it works along the batch axis";
        return "";
    }

    std::string rule(const Node& n) const {
        const std::string& op = n.opType;
        const bool kiln = n.domain == "kiln";
        if (!n.domain.empty() && !kiln) return concat("op of domain '", n.domain, "' is not known to keep samples apart");
        if (broadcastOps().count(op)) {
            std::vector<size_t> all;
            for (size_t i = 0; i < n.inputs.size(); ++i) all.push_back(i);
            if (op == "Pointwise" && !isBatched(n.inputOrNull(0))) return "input 0 does not carry the batch";
            return broadcast(n, all);
        }
        if (op == "FusedMatMul" && kiln) {
            if (n.attrInt("transA", 0) != 0) return "A is transposed";
            if (!isBatched(n.inputOrNull(0))) return "A does not carry the batch";
            auto ra = rankOf(n.inputOrNull(0));
            if (!ra || *ra < 2) return "A's rank is unknown or below 2";
            if (isBatched(n.inputOrNull(1))) return "B depends on the batch";
            if (auto rb = rankOf(n.inputOrNull(1)); !rb || *rb > 2) return "B has batch dims of its own";
            return broadcast(n, {0, 2, 3});
        }
        if (op == "Attention" && kiln) {
            for (size_t i = 0; i < 3; ++i)
                if (!isBatched(n.inputOrNull(i))) return concat("input ", i, " does not carry the batch");
            auto r = rankOf(n.inputOrNull(0));
            if (!r || *r < 3) return "Q's rank is unknown or below 3";
            return broadcast(n, {0, 1, 2, 3});
        }
        if (kiln && op != "FusedConv") return "a Kiln op not known to keep samples apart";
        if (perSampleOps().count(op)) {
            if (op == "BatchNormalization" && n.attrInt("training_mode", 0) != 0) return "training mode uses batch statistics";
            if (op == "FusedConv" && n.inputOrNull(3)) {
                // The residual Z has the output's dims (the kernel checks), so it must carry the batch too.
                if (!isBatched(n.inputs[3])) return "its residual input does not carry the batch";
                if (auto w = broadcast(n, {0, 3}); !w.empty()) return w;
                for (size_t i = 1; i < 3; ++i)
                    if (isBatched(n.inputOrNull(i))) return concat("input ", i, " depends on the batch");
                return "";
            }
            return onlyBatched(n, 0);
        }
        if (op == "Softmax" || op == "LogSoftmax" || op == "Hardmax" || op == "LayerNormalization" || op == "Flatten" ||
            op == "ArgMax" || op == "ArgMin" || op == "TopK" || op == "Split") {
            if (auto w = onlyBatched(n, 0); !w.empty()) return w;
            const int64_t fallback = op == "Flatten" ? 1 : (op == "ArgMax" || op == "ArgMin" || op == "Split") ? 0 : -1;
            return axisNotZero(n, n.attrInt("axis", fallback));
        }
        if (op == "CumSum") {
            if (auto w = onlyBatched(n, 0); !w.empty()) return w;
            auto axis = constInts(n, 1);
            if (!axis || axis->size() != 1) return "its axis is not constant";
            return axisNotZero(n, (*axis)[0]);
        }
        if (op == "Concat") {
            for (size_t i = 0; i < n.inputs.size(); ++i)
                if (!isBatched(n.inputs[i])) return concat("input ", i, " does not carry the batch");
            return axisNotZero(n, n.attrInt("axis"));
        }
        if (op == "Transpose") {
            if (auto w = onlyBatched(n, 0); !w.empty()) return w;
            auto rank = rankOf(n.inputOrNull(0));
            if (!rank) return "input 0 has an unknown rank";
            std::vector<int64_t> perm = n.attrInts("perm");
            if (perm.empty()) return *rank == 1 ? "" : "it moves the batch axis";
            return perm[0] == 0 ? "" : "it moves the batch axis";
        }
        if (op == "Reshape") {
            if (auto w = onlyBatched(n, 0); !w.empty()) return w;
            auto shape = constInts(n, 1);
            if (!shape) return "its shape is not constant";
            if (n.attrInt("allowzero", 0) != 0 || shape->empty() || (*shape)[0] != 0)
                return "its shape does not keep the batch dim (0 as the first entry)";
            return "";
        }
        if (op == "Squeeze" || op == "Unsqueeze") {
            if (auto w = onlyBatched(n, 0); !w.empty()) return w;
            auto in = rankOf(n.inputOrNull(0));
            auto axes = constInts(n, 1);
            if (!in) return "input 0 has an unknown rank";
            if (!axes || axes->empty()) return "its axes are not constant";
            return axesNotZero(axes, op == "Squeeze" ? *in : *in + axes->size());
        }
        if (op.rfind("Reduce", 0) == 0) {
            if (auto w = onlyBatched(n, 0); !w.empty()) return w;
            auto rank = rankOf(n.inputOrNull(0));
            if (!rank) return "input 0 has an unknown rank";
            auto axes = constInts(n, 1);
            if (!n.inputOrNull(1) || (axes && axes->empty())) {
                if (n.attrInt("noop_with_empty_axes", 0) != 0) return "";
                return "it reduces over every axis, the batch included";
            }
            return axesNotZero(axes, *rank);
        }
        if (op == "Slice") {
            if (auto w = onlyBatched(n, 0); !w.empty()) return w;
            auto rank = rankOf(n.inputOrNull(0));
            auto starts = constInts(n, 1);
            if (!rank || !starts) return "its starts or the input rank are not known";
            std::optional<std::vector<int64_t>> axes = constInts(n, 3);
            if (!n.inputOrNull(3)) {
                axes = std::vector<int64_t>();
                for (size_t i = 0; i < starts->size(); ++i) axes->push_back(int64_t(i));
            }
            return axesNotZero(axes, *rank);
        }
        if (op == "Gather") {
            const int64_t axis = n.attrInt("axis", 0);
            if (isBatched(n.inputOrNull(0)) && !isBatched(n.inputOrNull(1))) return axisNotZero(n, axis);
            // An embedding lookup: constant table, batched indices, gathered along the table's axis 0.
            if (!isBatched(n.inputOrNull(0)) && isBatched(n.inputOrNull(1))) {
                auto rank = rankOf(n.inputOrNull(0));
                if (!rank || normalized(axis, *rank) != 0) return "batched indices into a non-leading axis";
                if (auto r = rankOf(n.inputOrNull(1)); !r || *r == 0) return "indices have an unknown rank";
                return "";
            }
            return "data and indices both depend on the batch";
        }
        if (op == "Pad") {
            if (auto w = onlyBatched(n, 0); !w.empty()) return w;
            auto rank = rankOf(n.inputOrNull(0));
            auto pads = constInts(n, 1);
            if (!rank || !pads) return "its pads or the input rank are not known";
            std::vector<int64_t> axes;
            if (n.inputOrNull(3)) {
                auto a = constInts(n, 3);
                if (!a) return "its axes are not constant";
                axes = *a;
            } else {
                for (size_t i = 0; i < *rank; ++i) axes.push_back(int64_t(i));
            }
            if (pads->size() != 2 * axes.size()) return "pads and axes do not match";
            for (size_t i = 0; i < axes.size(); ++i)
                if (normalized(axes[i], *rank) == 0 && ((*pads)[i] != 0 || (*pads)[i + axes.size()] != 0))
                    return "it pads the batch axis";
            return "";
        }
        if (op == "Resize") {
            if (auto w = onlyBatched(n, 0); !w.empty()) return w;
            if (n.inputOrNull(3)) return "it resizes to fixed sizes, the batch dim included";
            // tf_crop_and_resize samples inside the roi, which may cover the batch axis.
            if (n.attrString("coordinate_transformation_mode", "half_pixel") == "tf_crop_and_resize")
                return "its crop (roi) may cover the batch axis";
            const Value* s = n.inputOrNull(2);
            auto rank = rankOf(n.inputOrNull(0));
            if (!s || !s->isConstant() || !rank) return "its scales or the input rank are not known";
            // scales[i] belongs to axes[i] (all axes when `axes` is not given); the batch axis's must be 1.
            std::vector<int64_t> axes = n.attrInts("axes");
            if (axes.empty())
                for (size_t i = 0; i < *rank; ++i) axes.push_back(int64_t(i));
            if (int64_t(axes.size()) != s->constant->numel()) return "its scales and axes do not match";
            for (size_t i = 0; i < axes.size(); ++i)
                if (normalized(axes[i], *rank) == 0 && s->constant->scalarAsDouble(int64_t(i)) != 1.0)
                    return "it scales the batch axis";
            return "";
        }
        if (op == "Gemm") {
            if (auto w = onlyBatched(n, 0); !w.empty()) return w;
            if (n.attrInt("transA", 0) != 0) return "A is transposed";
            const Value* c = n.inputOrNull(2);
            if (c) {
                auto rank = rankOf(c);
                if (!rank) return "C has an unknown rank";
                if (*rank == 2 && !firstDimIsOne(c))
                    return "C has a row per sample";
            }
            return "";
        }
        if (op == "MatMul") {
            const Value* a = n.inputOrNull(0);
            const Value* b = n.inputOrNull(1);
            auto ra = rankOf(a), rb = rankOf(b);
            if (!ra || !rb) return "an input has an unknown rank";
            if (isBatched(a) && !isBatched(b)) {
                if (*ra < 2) return "A is a vector";
                if (*rb > 2 && *rb >= *ra) return "B has batch dims of its own";
                return "";
            }
            if (isBatched(a) && isBatched(b)) {
                if (*ra < 3 || *ra != *rb) return "batched inputs of rank below 3 or of different ranks";
                return "";
            }
            if (*rb < 3) return "B carries the batch in its rows";
            if (*ra >= *rb && !(*ra == *rb && firstDimIsOne(a)))
                return "A would broadcast along the batch axis";
            return "";
        }
        if (op == "Trilu") {
            if (auto w = onlyBatched(n, 0); !w.empty()) return w;
            auto rank = rankOf(n.inputOrNull(0));
            if (!rank || *rank < 3) return "the batch is one of its matrix axes";
            return "";
        }
        if (op == "Shape" || op == "Size") return "its result depends on the batch size";
        return "an op not known to keep samples apart";
    }

    const Graph& graph_;
    std::unordered_map<const Value*, bool> batched_;
    std::unordered_map<const Value*, size_t> rank_;
};

bool splitDisabledByEnv() {
    static const bool disabled = [] {
        const char* v = std::getenv("KILN_BATCH_SPLIT");
        return v && std::strcmp(v, "0") == 0;
    }();
    return disabled;
}

}  // namespace

BatchSplit analyzeBatchSplit(const Graph& graph) { return Analysis(graph).run(); }

int batchSplitParts(const BatchSplit& split, const std::map<std::string, Tensor>& inputs) {
    if (!split.possible || splitDisabledByEnv()) return 1;
    const int threads = numThreads();
    if (threads <= 1) return 1;
    int64_t batch = -1;
    for (const std::string& name : split.batchedInputs) {
        auto it = inputs.find(name);
        if (it == inputs.end() || it->second.rank() < 1 || dataTypeSize(it->second.dtype()) == 0) return 1;
        const int64_t n = it->second.dim(0);
        if (batch >= 0 && n != batch) return 1;
        batch = n;
    }
    return batch >= threads ? threads : 1;
}

std::optional<std::map<std::string, Tensor>> runBatchSplit(
    const BatchSplit& split, const std::map<std::string, Tensor>& inputs, const std::function<bool()>& cancelled,
    const BatchPart& part, const std::function<void(const std::map<std::string, Tensor>&)>& check) {
    const int parts = batchSplitParts(split, inputs);
    if (parts <= 1) return std::nullopt;
    if (check) check(inputs);
    const std::set<std::string> batchedIn(split.batchedInputs.begin(), split.batchedInputs.end());
    const int64_t batch = inputs.at(split.batchedInputs.front()).dim(0);
    std::vector<std::map<std::string, Tensor>> results(static_cast<size_t>(parts));
    std::exception_ptr error;
    std::mutex mutex;  // guards error and the caller's cancel callback
    std::atomic<bool> stopped{false};
    const std::function<bool()> stop = [&] {
        if (stopped.load(std::memory_order_relaxed)) return true;
        if (!cancelled) return false;
        std::lock_guard<std::mutex> lock(mutex);
        if (cancelled()) stopped = true;
        return stopped.load();
    };
    parallelFor(parts, 1, [&](int64_t begin, int64_t end) {
        for (int64_t p = begin; p < end; ++p) {
            try {
                std::map<std::string, Tensor> slice;
                for (const auto& [name, tensor] : inputs)
                    slice[name] = batchedIn.count(name) ? tensor.rows(batch * p / parts, batch * (p + 1) / parts) : tensor;
                results[size_t(p)] = part(slice, stop);
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!error) error = std::current_exception();
                stopped = true;
            }
        }
    });
    if (error) std::rethrow_exception(error);

    // Join: every part's batched output has the same dims past axis 0 and the same dtype.
    std::map<std::string, Tensor> joined = std::move(results[0]);
    for (const std::string& name : split.batchedOutputs) {
        auto first = joined.find(name);
        if (first == joined.end()) continue;
        std::vector<int64_t> dims = first->second.dims();
        KILN_CHECK(!dims.empty(), Internal, "batch split: output '", name, "' is a scalar");
        int64_t rows = 0;
        for (int p = 0; p < parts; ++p) {
            const Tensor& t = p == 0 ? first->second : results[size_t(p)].at(name);
            KILN_CHECK(t.dtype() == first->second.dtype() && t.rank() == dims.size() &&
                           std::equal(t.dims().begin() + 1, t.dims().end(), dims.begin() + 1),
                       Internal, "batch split: output '", name, "' of part ", p, " is ", t.describe(), ", part 0 gave ",
                       first->second.describe());
            rows += t.dim(0);
        }
        dims[0] = rows;
        Tensor out = Tensor::uninitialized(first->second.dtype(), dims);
        auto* dst = static_cast<uint8_t*>(out.raw());
        for (int p = 0; p < parts; ++p) {
            const Tensor& t = p == 0 ? first->second : results[size_t(p)].at(name);
            if (t.byteSize()) std::memcpy(dst, t.raw(), t.byteSize());
            dst += t.byteSize();
        }
        first->second = std::move(out);
    }
    return joined;
}

}  // namespace kiln
