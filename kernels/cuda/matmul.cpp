// MatMul on the GPU through cuBLASLt: fp32 data, FP32 compute (the accuracy baseline; TF32 and lower
// precisions come with the precision issue). ONNX MatMul is numpy's matmul: a rank-1 operand gains a
// dim of 1 that the output drops, and the batch dims broadcast.
//
// Row-major C = A·B is the column-major product Cᵀ = Bᵀ·Aᵀ: cuBLASLt gets B as its first operand
// (n×k, ld n) and A as its second (k×m, ld k) and writes C as n×m (ld n), with no transposes.
//
// The matmul descriptor, the layouts and the heuristic's algorithm are made once per layer when the
// shapes are known when the layer is prepared; a run then only enqueues cublasLtMatmul on the step's
// stream, with the algorithm's workspace from the layer's scratch. Layers with dynamic shapes plan
// each run (host work only: no allocation, no copy).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "kernels/cuda/cuda_backend.h"
#include "kernels/cuda/cuda_check.h"
#include "kernels/cuda/register.h"

namespace kiln::cuda {

namespace {

// cuBLASLt's workspace: Hopper's split-K and stream-K algorithms want up to 32 MiB.
constexpr uint64_t kWorkspaceBytes = uint64_t(32) << 20;
constexpr uint32_t kBaseAlignment = 256;  // cudaMalloc, the memory plan's blocks
constexpr int kHeuristicResults = 8;

// ---------------------------------------------------------------------------------------------
// The geometry: how numpy's matmul of two shapes maps onto cuBLASLt calls

enum class BatchMode {
    Single,   // one product (no batch, or A's batch folded into m because B has none)
    Strided,  // one strided-batched product; a broadcast operand has stride 0
    Loop,     // batch dims broadcast both ways: one product per output matrix, at offsets
};

struct Geometry {
    std::vector<int64_t> outDims;
    int64_t m = 0, n = 0, k = 0;  // per product (m includes a folded batch)
    int64_t count = 1;            // products (Strided: the batch count; Loop: the loop length)
    int64_t strideA = 0, strideB = 0, strideC = 0;  // Strided: elements between matrices (0: broadcast)
    BatchMode mode = BatchMode::Single;
    std::vector<int64_t> offsetsA, offsetsB;  // Loop: per output matrix, elements
};

[[noreturn]] void failNode(const Node& node, ErrorKind kind, const std::string& message) {
    fail(kind, "node '", node.label(), "' (", node.opType, "): ", message);
}

Geometry geometry(const Node& node, const std::vector<int64_t>& dimsA, const std::vector<int64_t>& dimsB) {
    if (dimsA.empty() || dimsB.empty())
        failNode(node, ErrorKind::InvalidModel,
                 concat("MatMul needs inputs of rank >= 1, got ", dimsToString(dimsA), " and ", dimsToString(dimsB)));
    std::vector<int64_t> a = dimsA, b = dimsB;
    const bool aVector = a.size() == 1, bVector = b.size() == 1;
    if (aVector) a.insert(a.begin(), 1);
    if (bVector) b.push_back(1);
    Geometry g;
    g.m = a[a.size() - 2];
    g.k = a[a.size() - 1];
    g.n = b[b.size() - 1];
    if (b[b.size() - 2] != g.k)
        failNode(node, ErrorKind::InvalidModel,
                 concat("inner dims differ: ", dimsToString(dimsA), " · ", dimsToString(dimsB)));
    // Batch dims, right-aligned and padded with 1s.
    const size_t batchRank = std::max(a.size(), b.size()) - 2;
    std::vector<int64_t> batchA(batchRank, 1), batchB(batchRank, 1), batch(batchRank, 1);
    std::copy(a.begin(), a.end() - 2, batchA.end() - std::ptrdiff_t(a.size() - 2));
    std::copy(b.begin(), b.end() - 2, batchB.end() - std::ptrdiff_t(b.size() - 2));
    int64_t total = 1, totalA = 1, totalB = 1;
    for (size_t d = 0; d < batchRank; ++d) {
        if (batchA[d] != batchB[d] && batchA[d] != 1 && batchB[d] != 1)
            failNode(node, ErrorKind::InvalidModel,
                     concat("batch dims do not broadcast: ", dimsToString(dimsA), " · ", dimsToString(dimsB)));
        batch[d] = batchA[d] == 1 ? batchB[d] : batchA[d];
        total *= batch[d];
        totalA *= batchA[d];
        totalB *= batchB[d];
    }
    g.outDims = batch;
    if (!aVector) g.outDims.push_back(g.m);
    if (!bVector) g.outDims.push_back(g.n);
    g.count = total;
    if (total <= 1) return g;
    if (totalB == 1) {
        // B is one matrix: A's matrices lie one after another, so they are the rows of one product.
        g.m *= total;
        g.count = 1;
        return g;
    }
    g.strideC = g.m * g.n;
    if (totalA == 1 || batchA == batch) {
        if (batchB == batch) {
            g.mode = BatchMode::Strided;
            g.strideA = totalA == 1 ? 0 : g.m * g.k;
            g.strideB = g.k * g.n;
            return g;
        }
    }
    // Both operands broadcast along some dims: walk the output's batch index.
    g.mode = BatchMode::Loop;
    g.offsetsA.resize(size_t(total));
    g.offsetsB.resize(size_t(total));
    std::vector<int64_t> index(batchRank, 0);
    for (int64_t t = 0; t < total; ++t) {
        int64_t offA = 0, offB = 0;
        for (size_t d = 0; d < batchRank; ++d) {
            offA = offA * batchA[d] + (batchA[d] == 1 ? 0 : index[d]);
            offB = offB * batchB[d] + (batchB[d] == 1 ? 0 : index[d]);
        }
        g.offsetsA[size_t(t)] = offA * g.m * g.k;
        g.offsetsB[size_t(t)] = offB * g.k * g.n;
        for (size_t d = batchRank; d-- > 0;) {
            if (++index[d] < batch[d]) break;
            index[d] = 0;
        }
    }
    return g;
}

// The largest power of two, up to the base alignment, that divides `bytes` (0: the base alignment).
uint32_t alignmentOf(uint64_t bytes) {
    if (bytes == 0) return kBaseAlignment;
    return uint32_t(std::min<uint64_t>(bytes & (~bytes + 1), kBaseAlignment));
}

uint32_t pointerAlignment(const void* p) { return alignmentOf(reinterpret_cast<uintptr_t>(p)); }

// ---------------------------------------------------------------------------------------------
// cuBLASLt objects

struct DescDelete {
    void operator()(cublasLtMatmulDescOpaque_t* p) const { cublasLtMatmulDescDestroy(p); }
};
struct LayoutDelete {
    void operator()(cublasLtMatrixLayoutOpaque_t* p) const { cublasLtMatrixLayoutDestroy(p); }
};
struct PreferenceDelete {
    void operator()(cublasLtMatmulPreferenceOpaque_t* p) const { cublasLtMatmulPreferenceDestroy(p); }
};
using Desc = std::unique_ptr<cublasLtMatmulDescOpaque_t, DescDelete>;
using Layout = std::unique_ptr<cublasLtMatrixLayoutOpaque_t, LayoutDelete>;
using Preference = std::unique_ptr<cublasLtMatmulPreferenceOpaque_t, PreferenceDelete>;

// A column-major fp32 matrix layout, batched when count > 1.
Layout makeLayout(int64_t rows, int64_t cols, int64_t ld, int64_t count, int64_t stride) {
    cublasLtMatrixLayout_t raw = nullptr;
    KILN_CUBLAS_CHECK(cublasLtMatrixLayoutCreate(&raw, CUDA_R_32F, uint64_t(rows), uint64_t(cols), ld));
    Layout layout(raw);
    if (count > 1) {
        const int32_t batch = int32_t(count);
        KILN_CUBLAS_CHECK(
            cublasLtMatrixLayoutSetAttribute(raw, CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT, &batch, sizeof(batch)));
        KILN_CUBLAS_CHECK(cublasLtMatrixLayoutSetAttribute(raw, CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET, &stride,
                                                           sizeof(stride)));
    }
    return layout;
}

// Which of the heuristic's algorithms a layer uses: the builder times the variants (matmulVariants)
// and stores the winner's data with the layer: "ws=<bytes>;algo=<index>".
struct AlgoChoice {
    uint64_t workspaceLimit = kWorkspaceBytes;
    int index = 0;

    std::string data() const { return concat("ws=", workspaceLimit, ";algo=", index); }
    static AlgoChoice parse(std::string_view data) {
        AlgoChoice c;
        if (data.empty()) return c;
        unsigned long long ws = 0;
        int index = 0;
        if (std::sscanf(std::string(data).c_str(), "ws=%llu;algo=%d", &ws, &index) == 2 && index >= 0 &&
            index < kHeuristicResults) {
            c.workspaceLimit = ws;
            c.index = index;
        }
        return c;  // unknown data (another Kiln's): the default choice
    }
};

// Everything one layer execution needs on the host side, for one pair of input shapes.
struct Plan {
    Geometry g;
    Desc desc;
    Layout layoutB, layoutA, layoutC;  // cuBLASLt's A, B and C/D: our B, our A, our C
    cublasLtMatmulAlgo_t algo{};
    uint64_t workspace = 0;
    uint32_t alignment = kBaseAlignment;  // the base pointers' alignment the algorithm assumes
};

// The heuristic's algorithms for a plan's descriptor and layouts, best first.
std::vector<cublasLtMatmulHeuristicResult_t> heuristics(const CudaBackend& backend, const Plan& plan,
                                                        uint64_t workspaceLimit, uint32_t alignA, uint32_t alignB,
                                                        uint32_t alignC) {
    cublasLtMatmulPreference_t raw = nullptr;
    KILN_CUBLAS_CHECK(cublasLtMatmulPreferenceCreate(&raw));
    Preference pref(raw);
    KILN_CUBLAS_CHECK(cublasLtMatmulPreferenceSetAttribute(raw, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES,
                                                           &workspaceLimit, sizeof(workspaceLimit)));
    // cuBLASLt's operands are our B, A and C; D is C.
    KILN_CUBLAS_CHECK(
        cublasLtMatmulPreferenceSetAttribute(raw, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_A_BYTES, &alignB, sizeof(alignB)));
    KILN_CUBLAS_CHECK(
        cublasLtMatmulPreferenceSetAttribute(raw, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_B_BYTES, &alignA, sizeof(alignA)));
    KILN_CUBLAS_CHECK(
        cublasLtMatmulPreferenceSetAttribute(raw, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_C_BYTES, &alignC, sizeof(alignC)));
    KILN_CUBLAS_CHECK(
        cublasLtMatmulPreferenceSetAttribute(raw, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_D_BYTES, &alignC, sizeof(alignC)));
    std::vector<cublasLtMatmulHeuristicResult_t> results(kHeuristicResults);
    int returned = 0;
    const cublasStatus_t status = cublasLtMatmulAlgoGetHeuristic(
        backend.ltHandle(), plan.desc.get(), plan.layoutB.get(), plan.layoutA.get(), plan.layoutC.get(),
        plan.layoutC.get(), raw, kHeuristicResults, results.data(), &returned);
    if (status != CUBLAS_STATUS_SUCCESS && status != CUBLAS_STATUS_NOT_SUPPORTED) KILN_CUBLAS_CHECK(status);
    results.resize(status == CUBLAS_STATUS_SUCCESS ? size_t(std::max(returned, 0)) : 0);
    return results;
}

// Plans one product for the given shapes. `base` is the alignment of the tensors' base pointers.
Plan makePlan(const CudaBackend& backend, const Node& node, const std::vector<int64_t>& dimsA,
              const std::vector<int64_t>& dimsB, AlgoChoice choice, uint32_t base = kBaseAlignment) {
    Plan plan;
    plan.g = geometry(node, dimsA, dimsB);
    const Geometry& g = plan.g;
    plan.alignment = base;
    if (g.m == 0 || g.n == 0 || g.k == 0 || g.count == 0) return plan;  // no product to plan
    if (g.count > int64_t(INT32_MAX))
        failNode(node, ErrorKind::Unsupported, concat(g.count, " matrices in one MatMul, cuBLASLt takes at most 2^31-1"));
    cublasLtMatmulDesc_t desc = nullptr;
    KILN_CUBLAS_CHECK(cublasLtMatmulDescCreate(&desc, CUBLAS_COMPUTE_32F, CUDA_R_32F));
    plan.desc.reset(desc);
    const int64_t strided = g.mode == BatchMode::Strided ? g.count : 1;
    plan.layoutB = makeLayout(g.n, g.k, g.n, strided, g.strideB);
    plan.layoutA = makeLayout(g.k, g.m, g.k, strided, g.strideA);
    plan.layoutC = makeLayout(g.n, g.m, g.n, strided, g.strideC);
    // The pointers every product reads and writes are aligned like their base and the matrix sizes.
    uint32_t alignA = base, alignB = base, alignC = base;
    if (g.mode != BatchMode::Single) {
        alignA = std::min(alignA, alignmentOf(uint64_t(g.m * g.k) * sizeof(float)));
        alignB = std::min(alignB, alignmentOf(uint64_t(g.k * g.n) * sizeof(float)));
        alignC = std::min(alignC, alignmentOf(uint64_t(g.m * g.n) * sizeof(float)));
    }
    std::vector<cublasLtMatmulHeuristicResult_t> found =
        heuristics(backend, plan, choice.workspaceLimit, alignA, alignB, alignC);
    if (found.empty() && choice.workspaceLimit < kWorkspaceBytes)
        found = heuristics(backend, plan, kWorkspaceBytes, alignA, alignB, alignC);
    if (found.empty())
        failNode(node, ErrorKind::Unsupported,
                 concat("cuBLASLt has no fp32 algorithm for ", dimsToString(dimsA), " · ", dimsToString(dimsB)));
    // An index past what the heuristic returns here (another cuBLASLt) falls back to its last one.
    const auto& result = found[size_t(std::min<int>(choice.index, int(found.size()) - 1))];
    plan.algo = result.algo;
    plan.workspace = result.workspaceSize;
    return plan;
}

// Enqueues the products of a plan on the stream.
void enqueue(const CudaBackend& backend, const Plan& plan, const float* a, const float* b, float* c, void* workspace,
             cudaStream_t stream) {
    const Geometry& g = plan.g;
    const float alpha = 1.f, beta = 0.f;
    auto product = [&](const float* pa, const float* pb, float* pc) {
        KILN_CUBLAS_CHECK(cublasLtMatmul(backend.ltHandle(), plan.desc.get(), &alpha, pb, plan.layoutB.get(), pa,
                                         plan.layoutA.get(), &beta, pc, plan.layoutC.get(), pc, plan.layoutC.get(),
                                         &plan.algo, workspace, plan.workspace, stream));
    };
    if (g.mode != BatchMode::Loop) {
        product(a, b, c);
        return;
    }
    for (int64_t t = 0; t < int64_t(g.offsetsA.size()); ++t)
        product(a + g.offsetsA[size_t(t)], b + g.offsetsB[size_t(t)], c + t * g.strideC);
}

// ---------------------------------------------------------------------------------------------
// The kernel

class MatMulKernel final : public KernelInstance {
public:
    MatMulKernel(const CudaBackend& backend, AlgoChoice choice) : backend_(backend), choice_(choice) {}
    // The plan for the shapes the layer always has (static shapes).
    void prepareFor(const Node& node, std::vector<int64_t> dimsA, std::vector<int64_t> dimsB) {
        plan_ = makePlan(backend_, node, dimsA, dimsB, choice_);
        dimsA_ = std::move(dimsA);
        dimsB_ = std::move(dimsB);
    }

    void run(KernelContext& ctx) const override {
        const Tensor& a = ctx.input(0);
        const Tensor& b = ctx.input(1);
        for (const Tensor* t : {&a, &b})
            if (t->device().type != DeviceType::Cuda)
                ctx.fail(ErrorKind::Internal, "input ", t->describe(), " is on ", t->device().str(), ", not on the GPU");
        // The prepared plan when the shapes are the ones it was made for; else one for this run.
        const bool prepared = plan_ && a.dims() == dimsA_ && b.dims() == dimsB_;
        std::optional<Plan> local;
        if (!prepared) local = makePlan(backend_, ctx.node(), a.dims(), b.dims(), choice_);
        const Plan* plan = prepared ? &*plan_ : &*local;
        const Geometry& g = plan->g;
        Tensor& c = ctx.allocateOutput(0, DataType::Float32, g.outDims);
        if (c.numel() == 0) return;
        const cudaStream_t stream = kernelStream(ctx);
        if (g.k == 0) {  // an empty sum: zeros
            KILN_CUDA_CHECK(cudaMemsetAsync(c.raw(), 0, c.byteSize(), stream));
            return;
        }
        // The algorithm assumes base pointers aligned as the plan says (always so for the memory
        // plan's blocks and for cudaMalloc); anything else gets a plan of its own.
        const uint32_t base = std::min({pointerAlignment(a.raw()), pointerAlignment(b.raw()), pointerAlignment(c.raw())});
        if (base < plan->alignment) {
            local = makePlan(backend_, ctx.node(), a.dims(), b.dims(), choice_, base);
            plan = &*local;
        }
        void* workspace = plan->workspace ? ctx.scratch(plan->workspace, kBaseAlignment) : nullptr;
        enqueue(backend_, *plan, static_cast<const float*>(a.raw()), static_cast<const float*>(b.raw()),
                static_cast<float*>(c.raw()), workspace, stream);
    }

private:
    const CudaBackend& backend_;
    AlgoChoice choice_;
    std::optional<Plan> plan_;
    std::vector<int64_t> dimsA_, dimsB_;
};

const CudaBackend& cudaBackendOf(const PrepareContext& pc) {
    const auto* backend = dynamic_cast<const CudaBackend*>(&pc.backend);
    KILN_CHECK(backend, Internal, "the CUDA MatMul prepared for the ", pc.backend.id(), " backend");
    return *backend;
}

// Both input shapes when the graph fixes them; nullopt for dynamic ones.
std::optional<std::pair<std::vector<int64_t>, std::vector<int64_t>>> staticShapes(const Node& node) {
    if (node.inputs.size() < 2 || !node.inputs[0] || !node.inputs[1]) return std::nullopt;
    const Shape& a = node.inputs[0]->shape;
    const Shape& b = node.inputs[1]->shape;
    if (!a.rankKnown || !b.rankKnown || !a.isStatic() || !b.isStatic()) return std::nullopt;
    return std::make_pair(a.staticDims(), b.staticDims());
}

std::unique_ptr<KernelInstance> prepareMatMul(const PrepareContext& pc) {
    auto kernel = std::make_unique<MatMulKernel>(cudaBackendOf(pc), AlgoChoice::parse(pc.tacticData));
    if (auto shapes = staticShapes(pc.node)) kernel->prepareFor(pc.node, shapes->first, shapes->second);
    return kernel;
}

// The configurations the builder times: the heuristic's three best algorithms within the
// workspace, and its best without workspace (the one left when the builder's workspace limit is
// small). With dynamic shapes, the heuristic's best, chosen each run.
std::vector<TacticVariant> matmulVariants(const PrepareContext& pc) {
    const AlgoChoice best;
    auto shapes = staticShapes(pc.node);
    if (!shapes) return {{"a0", best.data()}};
    const CudaBackend& backend = cudaBackendOf(pc);
    std::vector<TacticVariant> out;
    std::vector<cublasLtMatmulAlgo_t> seen;
    for (AlgoChoice choice : {AlgoChoice{kWorkspaceBytes, 0}, AlgoChoice{kWorkspaceBytes, 1},
                              AlgoChoice{kWorkspaceBytes, 2}, AlgoChoice{0, 0}}) {
        Plan plan = makePlan(backend, pc.node, shapes->first, shapes->second, choice);
        bool again = false;
        for (const cublasLtMatmulAlgo_t& s : seen) again = again || std::memcmp(&s, &plan.algo, sizeof(s)) == 0;
        if (again) continue;  // fewer algorithms than asked for, or the same one without workspace
        seen.push_back(plan.algo);
        out.push_back({choice.workspaceLimit ? concat("a", choice.index) : std::string("nows"), choice.data()});
    }
    return out;
}

}  // namespace

void registerMatMulKernels(KernelRegistry& registry) {
    KernelDef def;
    def.tactic = kReferenceTactic;
    def.inputTypes = {{DataType::Float32}, {DataType::Float32}};
    def.outputTypes = {{DataType::Float32}};
    def.prepare = &prepareMatMul;
    def.variants = &matmulVariants;
    registry.add("MatMul", std::move(def));
}

}  // namespace kiln::cuda
