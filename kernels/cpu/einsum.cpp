// Einsum: parse the equation (with ellipsis), take diagonals for repeated labels, sum out labels
// no one needs, then contract operands pairwise left to right as transpose + batched GEMM.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "kernels/cpu/half_upcast.h"
#include "kernels/cpu/data_movement.h"
#include "kernels/cpu/einsum.h"
#include "kernels/cpu/gemm.h"

namespace kiln::cpu {

namespace {

// Labels: letters are 0..51; the j-th (right-aligned) ellipsis dim is kEllipsisBase + j.
constexpr int kEllipsisBase = 100;

struct Operand {
    Tensor data;
    std::vector<int> labels;  // one per dim
};

struct Term {
    std::vector<int> letters;  // letter labels, -1 where the ellipsis sits
    bool hasEllipsis = false;
};

int letterLabel(char c) { return std::islower(static_cast<unsigned char>(c)) ? c - 'a' : 26 + (c - 'A'); }

Term parseTerm(const KernelContext& ctx, const std::string& text) {
    Term t;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '.') {
            if (text.compare(i, 3, "...") != 0 || t.hasEllipsis)
                ctx.fail(ErrorKind::InvalidModel, "malformed ellipsis in equation term '", text, "'");
            t.hasEllipsis = true;
            t.letters.push_back(-1);
            i += 2;
        } else if (std::isalpha(static_cast<unsigned char>(c))) {
            t.letters.push_back(letterLabel(c));
        } else {
            ctx.fail(ErrorKind::InvalidModel, "invalid character '", c, "' in equation term '", text, "'");
        }
    }
    return t;
}

// Expands a term's ellipsis into labels for an operand of the given rank.
std::vector<int> expandTerm(const KernelContext& ctx, const Term& t, size_t rank, int ellipsisRank) {
    std::vector<int> labels;
    size_t explicitCount = t.letters.size() - (t.hasEllipsis ? 1 : 0);
    if (t.hasEllipsis ? rank < explicitCount : rank != explicitCount)
        ctx.fail(ErrorKind::InvalidArgument, "equation term has ", explicitCount, " labels",
                 t.hasEllipsis ? " plus an ellipsis" : "", " but the operand has rank ", rank);
    int own = int(rank - explicitCount);
    for (int l : t.letters) {
        if (l >= 0) {
            labels.push_back(l);
            continue;
        }
        for (int j = 0; j < own; ++j) labels.push_back(kEllipsisBase + ellipsisRank - own + j);
    }
    return labels;
}

// Generic strided gather: out[idx] = in[sum idx[axisOf[k]] * inStride[k]]; used for diagonals.
template <typename T>
Operand takeDiagonals(const Operand& op) {
    std::vector<int> unique;
    for (int l : op.labels)
        if (std::find(unique.begin(), unique.end(), l) == unique.end()) unique.push_back(l);
    if (unique.size() == op.labels.size()) return op;
    const auto& dims = op.data.dims();
    std::vector<int64_t> outDims(unique.size(), 1), stride(unique.size(), 0);
    int64_t s = 1;
    for (size_t k = dims.size(); k-- > 0;) {
        size_t u = size_t(std::find(unique.begin(), unique.end(), op.labels[k]) - unique.begin());
        outDims[u] = dims[k];
        stride[u] += s;
        s *= dims[k];
    }
    Operand out{Tensor(op.data.dtype(), outDims), unique};
    const T* in = op.data.data<T>();
    T* o = out.data.data<T>();
    std::vector<int64_t> idx(unique.size(), 0);
    for (int64_t i = 0; i < out.data.numel(); ++i) {
        int64_t off = 0;
        for (size_t u = 0; u < unique.size(); ++u) off += idx[u] * stride[u];
        o[i] = in[off];
        for (size_t u = unique.size(); u-- > 0;) {
            if (++idx[u] < outDims[u]) break;
            idx[u] = 0;
        }
    }
    return out;
}

// Moves the labels in `order` to that order (every label of op appears once in order).
Operand permuteTo(const Operand& op, const std::vector<int>& order) {
    if (order == op.labels) return op;
    std::vector<int64_t> perm;
    for (int l : order) perm.push_back(std::find(op.labels.begin(), op.labels.end(), l) - op.labels.begin());
    return {movement::transposed(op.data, perm), order};
}

// Sums out every label not in keep.
template <typename T>
Operand sumOut(const Operand& op, const std::set<int>& keep) {
    std::vector<int> kept, summed;
    for (int l : op.labels) (keep.count(l) ? kept : summed).push_back(l);
    if (summed.empty()) return op;
    std::vector<int> order = kept;
    order.insert(order.end(), summed.begin(), summed.end());
    Operand p = permuteTo(op, order);
    std::vector<int64_t> keptDims(p.data.dims().begin(), p.data.dims().begin() + kept.size());
    Operand out{Tensor(op.data.dtype(), keptDims), kept};
    const int64_t rows = out.data.numel();
    const int64_t inner = rows == 0 ? 0 : p.data.numel() / rows;
    const T* in = p.data.data<T>();
    T* o = out.data.data<T>();
    for (int64_t r = 0; r < rows; ++r) {
        T acc = T(0);
        for (int64_t k = 0; k < inner; ++k) acc += in[r * inner + k];
        o[r] = acc;
    }
    return out;
}

int64_t dimOf(const Operand& op, int label) {
    auto it = std::find(op.labels.begin(), op.labels.end(), label);
    return it == op.labels.end() ? 1 : op.data.dims()[size_t(it - op.labels.begin())];
}

// Broadcasts size-1 dims of op up to the sizes in `sizes` (per label).
Operand broadcastLabels(const Operand& op, const std::map<int, int64_t>& sizes) {
    std::vector<int64_t> dims = op.data.dims();
    bool changed = false;
    for (size_t k = 0; k < dims.size(); ++k) {
        int64_t want = sizes.at(op.labels[k]);
        if (dims[k] != want) {
            dims[k] = want;
            changed = true;
        }
    }
    return changed ? Operand{movement::broadcastTo(op.data, dims), op.labels} : op;
}

// A x B -> result labelled batch + aOnly + bOnly, summing over the shared labels not in keep.
template <typename T>
Operand contract(const KernelContext& ctx, Operand a, Operand b, const std::set<int>& keep) {
    std::set<int> keepA = keep, keepB = keep;
    keepA.insert(b.labels.begin(), b.labels.end());
    keepB.insert(a.labels.begin(), a.labels.end());
    a = sumOut<T>(a, keepA);
    b = sumOut<T>(b, keepB);
    std::vector<int> batch, contracted, aOnly, bOnly;
    std::map<int, int64_t> sizes;
    for (int l : a.labels) {
        bool inB = std::find(b.labels.begin(), b.labels.end(), l) != b.labels.end();
        if (!inB)
            aOnly.push_back(l);
        else
            (keep.count(l) ? batch : contracted).push_back(l);
    }
    for (int l : b.labels)
        if (std::find(a.labels.begin(), a.labels.end(), l) == a.labels.end()) bOnly.push_back(l);
    for (int l : a.labels) sizes[l] = dimOf(a, l);
    for (int l : b.labels) {
        int64_t da = sizes.count(l) ? sizes[l] : 1, db = dimOf(b, l);
        if (da != db && da != 1 && db != 1)
            ctx.fail(ErrorKind::InvalidArgument, "operands disagree on a label's size: ", da, " vs ", db);
        sizes[l] = std::max(da, db);
    }
    a = broadcastLabels(a, sizes);
    b = broadcastLabels(b, sizes);
    auto concat3 = [](std::vector<int> x, const std::vector<int>& y, const std::vector<int>& z) {
        x.insert(x.end(), y.begin(), y.end());
        x.insert(x.end(), z.begin(), z.end());
        return x;
    };
    a = permuteTo(a, concat3(batch, aOnly, contracted));
    b = permuteTo(b, concat3(batch, contracted, bOnly));
    auto product = [&](const std::vector<int>& ls) {
        int64_t p = 1;
        for (int l : ls) p *= sizes[l];
        return p;
    };
    const int64_t nb = product(batch), M = product(aOnly), K = product(contracted), N = product(bOnly);
    std::vector<int> labels = concat3(batch, aOnly, bOnly);
    std::vector<int64_t> dims;
    for (int l : labels) dims.push_back(sizes[l]);
    Operand out{Tensor(a.data.dtype(), dims), labels};
    const T* pa = a.data.data<T>();
    const T* pb = b.data.data<T>();
    T* po = out.data.data<T>();
    for (int64_t i = 0; i < nb; ++i)
        gemm<T>(false, false, M, N, K, T(1), pa + i * M * K, K, pb + i * K * N, N, T(0), po + i * M * N, N);
    return out;
}

template <typename T>
void einsumTyped(KernelContext& ctx) {
    std::string eq;
    for (char c : ctx.node().attrString("equation", "")) {
        if (!std::isspace(static_cast<unsigned char>(c))) eq += c;
    }
    if (eq.empty()) ctx.fail(ErrorKind::InvalidModel, "missing 'equation' attribute");
    size_t arrow = eq.find("->");
    std::string lhs = eq.substr(0, arrow);
    std::vector<Term> terms;
    for (size_t start = 0;;) {
        size_t comma = lhs.find(',', start);
        terms.push_back(parseTerm(ctx, lhs.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if (terms.size() != ctx.numInputs())
        ctx.fail(ErrorKind::InvalidArgument, "equation '", eq, "' names ", terms.size(), " operands but the node has ",
                 ctx.numInputs(), " inputs");
    int ellipsisRank = 0;
    for (size_t i = 0; i < terms.size(); ++i) {
        const Tensor& t = ctx.input(i);
        if (t.dtype() != ctx.input(0).dtype())
            ctx.fail(ErrorKind::InvalidArgument, "inputs must share one type: ", t.describe(), " vs ",
                     ctx.input(0).describe());
        if (terms[i].hasEllipsis)
            ellipsisRank = std::max(ellipsisRank, int(t.rank()) - int(terms[i].letters.size() - 1));
    }
    std::vector<Operand> ops;
    std::map<int, int> counts;
    for (size_t i = 0; i < terms.size(); ++i) {
        Operand op{ctx.input(i), expandTerm(ctx, terms[i], ctx.input(i).rank(), ellipsisRank)};
        for (size_t k = 0; k < op.labels.size(); ++k)
            for (size_t m = k + 1; m < op.labels.size(); ++m)
                if (op.labels[k] == op.labels[m] && op.data.dims()[k] != op.data.dims()[m])
                    ctx.fail(ErrorKind::InvalidArgument, "repeated label in operand ", i, " has sizes ",
                             op.data.dims()[k], " and ", op.data.dims()[m]);
        // Count before taking diagonals: in implicit mode "ii" is a trace, not a diagonal.
        for (int l : op.labels) counts[l]++;
        ops.push_back(takeDiagonals<T>(op));
    }
    std::vector<int> outLabels;
    if (arrow != std::string::npos) {
        Term outTerm = parseTerm(ctx, eq.substr(arrow + 2));
        for (int l : outTerm.letters) {
            if (l < 0) {
                for (int j = 0; j < ellipsisRank; ++j) outLabels.push_back(kEllipsisBase + j);
                continue;
            }
            if (!counts.count(l)) ctx.fail(ErrorKind::InvalidModel, "output label of '", eq, "' is not in any input");
            if (std::find(outLabels.begin(), outLabels.end(), l) != outLabels.end())
                ctx.fail(ErrorKind::InvalidModel, "output of '", eq, "' repeats a label");
            outLabels.push_back(l);
        }
    } else {
        // Implicit mode: broadcast dims first, then labels seen exactly once, alphabetically.
        for (int j = 0; j < ellipsisRank; ++j) outLabels.push_back(kEllipsisBase + j);
        std::vector<int> once;
        for (auto [l, n] : counts)
            if (l < kEllipsisBase && n == 1) once.push_back(l);
        // Alphabetical order puts uppercase before lowercase (ASCII), as NumPy does.
        std::sort(once.begin(), once.end(), [](int x, int y) { return (x >= 26 ? x - 52 : x) < (y >= 26 ? y - 52 : y); });
        outLabels.insert(outLabels.end(), once.begin(), once.end());
    }
    std::set<int> outSet(outLabels.begin(), outLabels.end());
    Operand acc = ops[0];
    for (size_t i = 1; i < ops.size(); ++i) {
        std::set<int> keep = outSet;
        for (size_t j = i + 1; j < ops.size(); ++j) keep.insert(ops[j].labels.begin(), ops[j].labels.end());
        acc = contract<T>(ctx, acc, ops[i], keep);
    }
    acc = sumOut<T>(acc, outSet);
    // An output label dropped by every operand's broadcast (a 1-sized ellipsis dim) is size 1.
    for (int l : outLabels)
        if (std::find(acc.labels.begin(), acc.labels.end(), l) == acc.labels.end()) {
            acc.labels.push_back(l);
            std::vector<int64_t> dims = acc.data.dims();
            dims.push_back(1);
            acc.data = acc.data.reshaped(dims);
        }
    ctx.setOutput(0, permuteTo(acc, outLabels).data);
}

void runEinsum(KernelContext& ctx) {
    if (ctx.numInputs() == 0) ctx.fail(ErrorKind::InvalidModel, "Einsum needs at least one input");
    DataType type = ctx.input(0).dtype();
    switch (type) {
        case DataType::Float32: return einsumTyped<float>(ctx);
        case DataType::Float64: return einsumTyped<double>(ctx);
        case DataType::Int32: return einsumTyped<int32_t>(ctx);
        case DataType::Int64: return einsumTyped<int64_t>(ctx);
        case DataType::UInt32: return einsumTyped<uint32_t>(ctx);
        case DataType::UInt64: return einsumTyped<uint64_t>(ctx);
        case DataType::Undefined:
        case DataType::Float16:
        case DataType::BFloat16:
        case DataType::Float8E4M3:
        case DataType::Int8:
        case DataType::UInt8:
        case DataType::Int16:
        case DataType::UInt16:
        case DataType::Bool:
        case DataType::String: break;
    }
    ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(type), " is not supported");
}

}  // namespace

void registerEinsumKernel(KernelRegistry& registry) {
    registry.add("Einsum", {withHalfUpcast<runEinsum>, {DataType::Float32, DataType::Float64, DataType::Int32, DataType::Int64,
                                              DataType::UInt32, DataType::UInt64, DataType::Float16,
                                              DataType::BFloat16}});
}

}  // namespace kiln::cpu
