#include "engine_core/passes/strided_view.h"

#include <algorithm>
#include <deque>

#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

StridedView StridedView::contiguous(Value* base, const std::vector<int64_t>& dims) {
    StridedView v;
    v.base = base;
    v.dims.resize(dims.size());
    int64_t stride = 1;
    for (size_t i = dims.size(); i-- > 0;) {
        if (dims[i] != 1) v.dims[i].push_back({dims[i], stride});
        stride *= dims[i];
    }
    return v;
}

int64_t StridedView::size(size_t dim) const {
    int64_t n = 1;
    for (const ViewAtom& a : dims[dim]) n *= a.size;
    return n;
}

std::vector<int64_t> StridedView::sizes() const {
    std::vector<int64_t> out;
    for (size_t i = 0; i < dims.size(); ++i) out.push_back(size(i));
    return out;
}

std::optional<int64_t> StridedView::collapse(size_t dim) const {
    const std::vector<ViewAtom>& atoms = dims[dim];
    if (atoms.empty()) return 0;
    for (size_t i = 0; i + 1 < atoms.size(); ++i)
        if (atoms[i].stride != atoms[i + 1].size * atoms[i + 1].stride) return std::nullopt;
    return atoms.back().stride;
}

bool StridedView::reshape(const std::vector<int64_t>& newDims) {
    std::deque<ViewAtom> atoms;
    for (const auto& group : dims)
        for (const ViewAtom& a : group) atoms.push_back(a);
    std::vector<std::vector<ViewAtom>> out(newDims.size());
    for (size_t i = 0; i < newDims.size(); ++i) {
        const int64_t n = newDims[i];
        if (n < 1) return false;  // an empty view has no strides worth keeping
        int64_t have = 1;
        while (have < n) {
            if (atoms.empty()) return false;
            ViewAtom a = atoms.front();
            atoms.pop_front();
            if (have * a.size <= n) {
                out[i].push_back(a);
                have *= a.size;
                continue;
            }
            // This dim takes the outer part of the atom; its inner part stays for the next dim.
            if (n % have) return false;
            const int64_t outer = n / have;
            if (a.size % outer) return false;
            const int64_t inner = a.size / outer;
            out[i].push_back({outer, a.stride * inner});
            atoms.push_front({inner, a.stride});
            have = n;
        }
        if (have != n) return false;
    }
    if (!atoms.empty()) return false;
    dims = std::move(out);
    return true;
}

bool StridedView::transpose(const std::vector<int64_t>& perm) {
    if (perm.size() != dims.size()) return false;
    std::vector<std::vector<ViewAtom>> out(dims.size());
    std::vector<bool> seen(dims.size(), false);
    for (size_t i = 0; i < perm.size(); ++i) {
        int64_t p = perm[i];
        if (p < 0 || p >= int64_t(dims.size()) || seen[size_t(p)]) return false;
        seen[size_t(p)] = true;
        out[i] = dims[size_t(p)];
    }
    dims = std::move(out);
    return true;
}

bool StridedView::select(size_t dim, int64_t index) {
    if (dim >= dims.size() || index < 0 || index >= size(dim)) return false;
    // The index's digits over the dim's atoms, inner to outer.
    const std::vector<ViewAtom>& atoms = dims[dim];
    for (size_t i = atoms.size(); i-- > 0;) {
        offset += (index % atoms[i].size) * atoms[i].stride;
        index /= atoms[i].size;
    }
    dims.erase(dims.begin() + std::ptrdiff_t(dim));
    return true;
}

bool StridedView::narrow(size_t dim, int64_t start, int64_t length) {
    if (dim >= dims.size() || start < 0 || length < 1 || start + length > size(dim)) return false;
    if (length == size(dim)) return true;
    auto stride = collapse(dim);
    if (!stride) return false;
    offset += start * *stride;
    dims[dim] = length == 1 ? std::vector<ViewAtom>{} : std::vector<ViewAtom>{{length, *stride}};
    return true;
}

namespace {

std::optional<std::vector<int64_t>> staticDimsOf(const Value* v) {
    if (!v || !v->shape.rankKnown || !v->shape.isStatic()) return std::nullopt;
    return v->shape.staticDims();
}

bool isViewOp(const Node* n) {
    if (!n || !n->domain.empty() || n->outputs.empty() || n->inputs.empty() || !n->inputs[0]) return false;
    static const char* const kOps[] = {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose", "Gather", "Split"};
    return std::any_of(std::begin(kOps), std::end(kOps), [&](const char* op) { return n->opType == op; });
}

// Applies node n (producing `out` from its input 0) to the view.
bool apply(StridedView& view, const Node& n, const Value* out) {
    auto inDims = staticDimsOf(n.inputs[0]);
    auto outDims = staticDimsOf(out);
    if (!inDims || !outDims || view.sizes() != *inDims) return false;
    const int64_t rank = int64_t(inDims->size());
    if (n.opType == "Reshape" || n.opType == "Flatten" || n.opType == "Squeeze" || n.opType == "Unsqueeze")
        return view.reshape(*outDims);
    if (n.opType == "Transpose") {
        std::vector<int64_t> perm = n.attrInts("perm");
        if (perm.empty())
            for (int64_t i = rank; i-- > 0;) perm.push_back(i);
        return view.transpose(perm) && view.sizes() == *outDims;
    }
    if (n.opType == "Gather") {
        const Tensor* idx = constantOf(n.inputOrNull(1));
        if (!idx || idx->numel() != 1 || idx->rank() > 1) return false;
        int64_t axis = n.attrInt("axis", 0);
        if (axis < 0) axis += rank;
        if (axis < 0 || axis >= rank) return false;
        int64_t i = idx->scalarAsInt64(0);
        if (i < 0) i += (*inDims)[size_t(axis)];
        if (idx->rank() == 1) return view.narrow(size_t(axis), i, 1) && view.sizes() == *outDims;
        return view.select(size_t(axis), i) && view.sizes() == *outDims;
    }
    if (n.opType == "Split") {
        int64_t axis = n.attrInt("axis", 0);
        if (axis < 0) axis += rank;
        if (axis < 0 || axis >= rank) return false;
        int64_t start = 0;
        for (const Value* o : n.outputs) {
            auto d = staticDimsOf(o);
            if (!d || d->size() != size_t(rank)) return false;
            if (o == out) return view.narrow(size_t(axis), start, (*d)[size_t(axis)]) && view.sizes() == *outDims;
            start += (*d)[size_t(axis)];
        }
        return false;
    }
    return false;
}

}  // namespace

std::optional<StridedView> traceStridedView(Value* v, std::vector<Node*>* path, size_t maxNodes) {
    std::vector<std::pair<Node*, Value*>> chain;  // nearest first: (node, the output the chain uses)
    Value* cur = v;
    while (cur && isViewOp(cur->producer) && chain.size() < maxNodes) {
        chain.push_back({cur->producer, cur});
        cur = cur->producer->inputs[0];
    }
    if (chain.empty()) return std::nullopt;
    auto baseDims = staticDimsOf(cur);
    if (!baseDims) return std::nullopt;
    StridedView view = StridedView::contiguous(cur, *baseDims);
    for (size_t i = chain.size(); i-- > 0;)
        if (!apply(view, *chain[i].first, chain[i].second)) return std::nullopt;
    if (path)
        for (auto& [node, out] : chain) path->push_back(node);
    return view;
}

std::optional<std::vector<int64_t>> stridesIntoConsumerChain(const std::vector<int64_t>& producedDims,
                                                             const std::vector<Node*>& chain) {
    if (chain.empty()) return std::nullopt;
    auto finalDims = staticDimsOf(chain.back()->outputs[0]);
    if (!finalDims) return std::nullopt;
    StridedView view = StridedView::contiguous(chain.back()->outputs[0], *finalDims);
    // Walk back from the final tensor: each node's input is a view of its output.
    for (size_t i = chain.size(); i-- > 0;) {
        const Node& n = *chain[i];
        auto inDims = staticDimsOf(n.inputs[0]);
        if (!inDims) return std::nullopt;
        if (n.opType == "Reshape" || n.opType == "Flatten" || n.opType == "Squeeze" || n.opType == "Unsqueeze") {
            if (!view.reshape(*inDims)) return std::nullopt;
        } else if (n.opType == "Transpose" && n.domain.empty()) {
            std::vector<int64_t> perm = n.attrInts("perm");
            if (perm.empty())
                for (int64_t k = int64_t(inDims->size()); k-- > 0;) perm.push_back(k);
            std::vector<int64_t> inverse(perm.size(), -1);
            for (size_t k = 0; k < perm.size(); ++k) {
                if (perm[k] < 0 || perm[k] >= int64_t(perm.size())) return std::nullopt;
                inverse[size_t(perm[k])] = int64_t(k);
            }
            if (!view.transpose(inverse)) return std::nullopt;
        } else {
            return std::nullopt;
        }
        if (view.sizes() != *inDims) return std::nullopt;
    }
    if (view.sizes() != producedDims || view.offset != 0) return std::nullopt;
    std::vector<int64_t> strides;
    for (size_t d = 0; d < view.dims.size(); ++d) {
        auto s = view.collapse(d);
        if (!s) return std::nullopt;
        strides.push_back(*s);
    }
    return strides;
}

}  // namespace kiln::passes
