// The oracle's Einsum (ONNX opset 12+; naive.h says what the oracle is). One loop over every value of
// every label: out[output labels] += prod over operands of operand[its labels]. Repeated labels in
// one operand read its diagonal; labels absent from the output are summed; "..." stands for
// broadcast dims, right-aligned across operands. Implicit mode (no "->") outputs the ellipsis dims,
// then the labels used exactly once in ASCII order (upper case first), as NumPy does.
#include <algorithm>
#include <cctype>
#include <map>
#include <string>

#include "kernels/cpu/naive/naive.h"
#include "kernels/cpu/naive/naive_b_util.h"

namespace kiln::naive {

namespace {

// A term's labels: letters as their ASCII code, the ellipsis as -1 (at most once).
std::vector<int> parseTerm(const KernelContext& ctx, const std::string& text) {
    std::vector<int> labels;
    bool ellipsis = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '.') {
            if (text.compare(i, 3, "...") != 0 || ellipsis)
                ctx.fail(ErrorKind::InvalidModel, "malformed ellipsis in equation term '", text, "'");
            ellipsis = true;
            labels.push_back(-1);
            i += 2;
        } else if (std::isalpha(static_cast<unsigned char>(c))) {
            labels.push_back(c);
        } else {
            ctx.fail(ErrorKind::InvalidModel, "invalid character '", c, "' in equation term '", text, "'");
        }
    }
    return labels;
}

// Label ids: letters keep their ASCII code; ellipsis dim j of `ellipsisRank` becomes 1000 + j.
constexpr int kEllipsisLabel = 1000;

// The labels of each dim of an operand of `rank` whose term is `term`.
std::vector<int> dimLabels(const KernelContext& ctx, const std::vector<int>& term, size_t rank, int ellipsisRank) {
    const size_t letters = size_t(std::count_if(term.begin(), term.end(), [](int l) { return l >= 0; }));
    const bool hasEllipsis = letters != term.size();
    if (hasEllipsis ? rank < letters : rank != letters)
        ctx.fail(ErrorKind::InvalidArgument, "equation term has ", letters, " labels", hasEllipsis ? " plus an ellipsis" : "",
                 " but the operand has rank ", rank);
    const int own = int(rank - letters);
    std::vector<int> out;
    for (int l : term) {
        if (l >= 0) {
            out.push_back(l);
            continue;
        }
        for (int j = 0; j < own; ++j) out.push_back(kEllipsisLabel + ellipsisRank - own + j);
    }
    return out;
}

template <typename Acc>
Acc valueAt(const Tensor& t, int64_t i);
template <>
double valueAt<double>(const Tensor& t, int64_t i) { return t.scalarAsDouble(i); }
template <>
uint64_t valueAt<uint64_t>(const Tensor& t, int64_t i) { return wrappedAt(t, i); }

struct Plan {
    std::vector<std::vector<int>> labels;  // per operand, per dim
    std::vector<int> outLabels;
    std::vector<int> allLabels;  // output labels first, then the summed ones
    std::map<int, int64_t> size;
};

Plan plan(const KernelContext& ctx) {
    if (ctx.numInputs() == 0) ctx.fail(ErrorKind::InvalidModel, "Einsum needs at least one input");
    std::string eq;
    for (char c : ctx.node().attrString("equation", ""))
        if (!std::isspace(static_cast<unsigned char>(c))) eq += c;
    if (eq.empty()) ctx.fail(ErrorKind::InvalidModel, "missing 'equation' attribute");
    const size_t arrow = eq.find("->");
    const std::string lhs = eq.substr(0, arrow);
    std::vector<std::vector<int>> terms;
    for (size_t start = 0;;) {
        const size_t comma = lhs.find(',', start);
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
            ctx.fail(ErrorKind::InvalidArgument, "inputs must share one type: ", t.describe(), " vs ", ctx.input(0).describe());
        const int letters = int(std::count_if(terms[i].begin(), terms[i].end(), [](int l) { return l >= 0; }));
        if (letters != int(terms[i].size())) ellipsisRank = std::max(ellipsisRank, int(t.rank()) - letters);
    }
    Plan p;
    std::map<int, int> uses;
    for (size_t i = 0; i < terms.size(); ++i) {
        const Tensor& t = ctx.input(i);
        p.labels.push_back(dimLabels(ctx, terms[i], t.rank(), ellipsisRank));
        for (size_t d = 0; d < t.rank(); ++d) {
            const int l = p.labels[i][d];
            ++uses[l];
            // Sizes agree, or one of them is 1 and broadcasts.
            auto it = p.size.find(l);
            if (it == p.size.end() || it->second == 1) {
                p.size[l] = t.dims()[d];
            } else if (t.dims()[d] != it->second && t.dims()[d] != 1) {
                ctx.fail(ErrorKind::InvalidArgument, "label '", l < kEllipsisLabel ? std::string(1, char(l)) : "...",
                         "' has sizes ", it->second, " and ", t.dims()[d]);
            }
        }
        // A label repeated within one operand indexes its diagonal: the sizes must be equal.
        for (size_t d = 0; d < t.rank(); ++d)
            for (size_t e = d + 1; e < t.rank(); ++e)
                if (p.labels[i][d] == p.labels[i][e] && t.dims()[d] != t.dims()[e])
                    ctx.fail(ErrorKind::InvalidArgument, "repeated label in operand ", i, " has sizes ", t.dims()[d],
                             " and ", t.dims()[e]);
    }
    for (int j = 0; j < ellipsisRank; ++j)
        if (!p.size.count(kEllipsisLabel + j)) p.size[kEllipsisLabel + j] = 1;
    if (arrow != std::string::npos) {
        for (int l : parseTerm(ctx, eq.substr(arrow + 2))) {
            if (l < 0) {
                for (int j = 0; j < ellipsisRank; ++j) p.outLabels.push_back(kEllipsisLabel + j);
                continue;
            }
            if (!uses.count(l)) ctx.fail(ErrorKind::InvalidModel, "output label of '", eq, "' is not in any input");
            if (std::find(p.outLabels.begin(), p.outLabels.end(), l) != p.outLabels.end())
                ctx.fail(ErrorKind::InvalidModel, "output of '", eq, "' repeats a label");
            p.outLabels.push_back(l);
        }
    } else {
        for (int j = 0; j < ellipsisRank; ++j) p.outLabels.push_back(kEllipsisLabel + j);
        for (const auto& [l, n] : uses)  // std::map: ASCII order
            if (l < kEllipsisLabel && n == 1) p.outLabels.push_back(l);
    }
    p.allLabels = p.outLabels;
    for (const auto& [l, n] : p.size)
        if (std::find(p.outLabels.begin(), p.outLabels.end(), l) == p.outLabels.end()) p.allLabels.push_back(l);
    return p;
}

template <typename Acc>
std::vector<Acc> einsumValues(const KernelContext& ctx, const Plan& p, std::vector<int64_t>& outDims) {
    outDims.clear();
    for (int l : p.outLabels) outDims.push_back(p.size.at(l));
    std::vector<int64_t> allDims;
    for (int l : p.allLabels) allDims.push_back(p.size.at(l));
    // For each operand dim, the position of its label in allLabels (a size-1 broadcast dim reads 0).
    std::vector<std::vector<size_t>> where(p.labels.size());
    for (size_t i = 0; i < p.labels.size(); ++i)
        for (int l : p.labels[i])
            where[i].push_back(size_t(std::find(p.allLabels.begin(), p.allLabels.end(), l) - p.allLabels.begin()));
    const int64_t outCount = elementCount(outDims);
    const int64_t sumCount = outCount == 0 ? 0 : elementCount(allDims) / outCount;
    std::vector<Acc> out(size_t(outCount), Acc(0));
    for (int64_t o = 0; o < outCount; ++o) {
        Acc acc = Acc(0);
        for (int64_t s = 0; s < sumCount; ++s) {
            const std::vector<int64_t> idx = unravel(o * sumCount + s, allDims);
            Acc term = Acc(1);
            for (size_t i = 0; i < p.labels.size(); ++i) {
                const Tensor& t = ctx.input(i);
                int64_t off = 0;
                for (size_t d = 0; d < t.rank(); ++d) off = off * t.dims()[d] + (t.dims()[d] == 1 ? 0 : idx[where[i][d]]);
                term *= valueAt<Acc>(t, off);
            }
            acc += term;
        }
        out[size_t(o)] = acc;
    }
    return out;
}

void runEinsum(KernelContext& ctx) {
    const Plan p = plan(ctx);
    const DataType type = ctx.input(0).dtype();
    std::vector<int64_t> outDims;
    if (isWrappingInteger(type)) {
        const std::vector<uint64_t> y = einsumValues<uint64_t>(ctx, p, outDims);
        Tensor& Y = ctx.allocateOutput(0, type, outDims);
        for (int64_t i = 0; i < Y.numel(); ++i) storeWrapped(Y, i, y[size_t(i)]);
        return;
    }
    const std::vector<double> y = einsumValues<double>(ctx, p, outDims);
    Tensor& Y = ctx.allocateOutput(0, type, outDims);
    storeDoubles(Y, y);
}

}  // namespace

void registerNaiveEinsumKernels(KernelRegistry& registry) {
    addNaive(registry, "Einsum", runEinsum,
             {DataType::Float32, DataType::Float64, DataType::Int32, DataType::Int64, DataType::UInt32, DataType::UInt64,
              DataType::Float16, DataType::BFloat16});
}

}  // namespace kiln::naive
