// MatMul, Gemm, kiln::FusedMatMul and kiln::Attention on the GPU through cuBLASLt: fp32, fp16 and
// bf16 tensors with FP32 compute and scale type (the accuracy baseline), and fp32 tensors at TF32
// (CUBLAS_COMPUTE_32F_FAST_TF32), registered as defs of precision TF32. ONNX MatMul is numpy's
// matmul: a rank-1 operand gains a dim of 1 that the output drops, and the batch dims broadcast.
//
// Row-major C = A·B is the column-major product Cᵀ = Bᵀ·Aᵀ: cuBLASLt gets B as its first operand
// (n×k, ld n) and A as its second (k×m, ld k) and writes C as n×m (ld n). Gemm's transA/transB are
// cuBLASLt's TRANSB/TRANSA over the stored matrices. A bias over Y's columns (length n) is a bias
// over the rows of cuBLASLt's D, which is what CUBLASLT_EPILOGUE_BIAS adds (a vector of D's row count).
//
// kiln::FusedMatMul (fused_ops.h) runs in one of two forms the builder times as variants: "fused"
// leaves to cuBLASLt what its epilogues can do (a bias row, Relu or the tanh GELU, a residual Z of
// Y's shape as C with beta 1) and the rest to one element-wise pass of matmul_epilogue.cu;
// "split" runs the bare product and that pass. cuBLASLt's GELU is the tanh approximation, so
// Activation::Gelu (erf) is our pass after cuBLASLt, or (fp16/bf16, a [K, N] weight, a bias row or
// none, no Z) the "cutlass" variant: one CUTLASS GEMM with bias and erf GELU in its epilogue
// (cutlass_gemm.h), where the CUTLASS headers were found. kiln::Attention is two cuBLASLt products around our
// masked softmax, with fp32 scores in the layer's scratch.
//
// The matmul layouts and the heuristic's algorithm are chosen once per layer when the shapes are
// known when the layer is prepared; a run then only enqueues on the step's stream, with the
// algorithm's workspace from the layer's scratch. Layers with dynamic shapes plan each run (host
// work only: no allocation, no copy). Descriptors are filled per run in stack storage, so a prepared
// plan stays read-only while execution contexts share it.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine_core/passes/fused_ops.h"
#include "engine_core/passes/strided_attention.h"
#include "kernels/cuda/cuda_backend.h"
#include "kernels/cuda/cuda_check.h"
#include "kernels/cuda/cutlass_gemm.h"
#include "kernels/cuda/matmul_epilogue.h"
#include "kernels/cuda/register.h"

namespace kiln::cuda {

namespace {

using fused::Activation;

// cuBLASLt's workspace: Hopper's split-K and stream-K algorithms want up to 32 MiB.
constexpr uint64_t kWorkspaceBytes = uint64_t(32) << 20;
constexpr uint32_t kBaseAlignment = 256;  // cudaMalloc, the memory plan's blocks, the scratch we ask for
constexpr int kHeuristicResults = 8;

[[noreturn]] void failNode(const Node& node, ErrorKind kind, const std::string& message) {
    fail(kind, "node '", node.label(), "' (", node.opType, "): ", message);
}

int64_t elementCount(std::span<const int64_t> dims) {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    return n;
}

// True when `operand` broadcasts into `out` without growing it (numpy rules, right-aligned).
bool broadcastsInto(std::span<const int64_t> operand, std::span<const int64_t> out) {
    if (operand.size() > out.size()) return false;
    const size_t offset = out.size() - operand.size();
    for (size_t i = 0; i < operand.size(); ++i)
        if (operand[i] != 1 && operand[i] != out[offset + i]) return false;
    return true;
}

// Broadcasts `dims` into `batch` (numpy rules, right-aligned); false when they don't broadcast.
bool broadcastBatch(std::vector<int64_t>& batch, std::span<const int64_t> dims) {
    if (dims.size() > batch.size()) batch.insert(batch.begin(), dims.size() - batch.size(), 1);
    for (size_t i = 0; i < dims.size(); ++i) {
        int64_t& dst = batch[batch.size() - dims.size() + i];
        if (dims[i] == dst || dims[i] == 1) continue;
        if (dst != 1) return false;
        dst = dims[i];
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// The geometry: how a product of two shapes maps onto cuBLASLt calls

enum class BatchMode {
    Single,   // one product (no batch, or A's batch folded into m because B has none)
    Strided,  // one strided-batched product; a broadcast operand has stride 0
    Loop,     // batch dims broadcast both ways: one product per output matrix, at offsets
};

struct Geometry {
    std::vector<int64_t> outDims;
    int64_t m = 0, n = 0, k = 0;          // per product (m includes a folded batch)
    bool transA = false, transB = false;  // Gemm: op(A) = Aᵀ, op(B) = Bᵀ (one 2-D product)
    int64_t count = 1;                    // products (Strided: the batch count; Loop: the loop length)
    int64_t strideA = 0, strideB = 0, strideC = 0;  // Strided: elements between matrices (0: broadcast)
    BatchMode mode = BatchMode::Single;
    std::vector<int64_t> offsetsA, offsetsB;  // Loop: per output matrix, elements
};

// Products of m×k by k×n matrices whose batch dims (right-aligned) broadcast into `batch`; the
// output holds one m×n matrix per batch index, one after another.
Geometry batchedGeometry(std::vector<int64_t> batchA, std::vector<int64_t> batchB,
                         const std::vector<int64_t>& batch, int64_t m, int64_t k, int64_t n) {
    Geometry g;
    g.m = m;
    g.k = k;
    g.n = n;
    const size_t rank = batch.size();
    batchA.insert(batchA.begin(), rank - batchA.size(), 1);
    batchB.insert(batchB.begin(), rank - batchB.size(), 1);
    int64_t total = 1, totalA = 1, totalB = 1;
    for (size_t d = 0; d < rank; ++d) {
        total *= batch[d];
        totalA *= batchA[d];
        totalB *= batchB[d];
    }
    g.count = total;
    if (total <= 1) return g;
    if (totalB == 1 && batchA == batch) {
        // B is one matrix: A's matrices lie one after another, so they are the rows of one product.
        g.m *= total;
        g.count = 1;
        return g;
    }
    g.strideC = m * n;
    if ((totalA == 1 || batchA == batch) && (totalB == 1 || batchB == batch)) {
        g.mode = BatchMode::Strided;
        g.strideA = totalA == 1 ? 0 : m * k;
        g.strideB = totalB == 1 ? 0 : k * n;
        return g;
    }
    // Both operands broadcast along some dims: walk the output's batch index.
    g.mode = BatchMode::Loop;
    g.offsetsA.resize(size_t(total));
    g.offsetsB.resize(size_t(total));
    std::vector<int64_t> index(rank, 0);
    for (int64_t t = 0; t < total; ++t) {
        int64_t offA = 0, offB = 0;
        for (size_t d = 0; d < rank; ++d) {
            offA = offA * batchA[d] + (batchA[d] == 1 ? 0 : index[d]);
            offB = offB * batchB[d] + (batchB[d] == 1 ? 0 : index[d]);
        }
        g.offsetsA[size_t(t)] = offA * m * k;
        g.offsetsB[size_t(t)] = offB * k * n;
        for (size_t d = rank; d-- > 0;) {
            if (++index[d] < batch[d]) break;
            index[d] = 0;
        }
    }
    return g;
}

Geometry matmulGeometry(const Node& node, const std::vector<int64_t>& dimsA,
                        const std::vector<int64_t>& dimsB) {
    if (dimsA.empty() || dimsB.empty())
        failNode(
            node, ErrorKind::InvalidArgument,
            concat("inputs must have rank >= 1, got ", dimsToString(dimsA), " and ", dimsToString(dimsB)));
    std::vector<int64_t> a = dimsA, b = dimsB;
    const bool aVector = a.size() == 1, bVector = b.size() == 1;
    if (aVector) a.insert(a.begin(), 1);
    if (bVector) b.push_back(1);
    const int64_t m = a[a.size() - 2], k = a.back(), n = b.back();
    if (b[b.size() - 2] != k)
        failNode(node, ErrorKind::InvalidArgument,
                 concat("inner dimensions differ: ", dimsToString(dimsA), " x ", dimsToString(dimsB)));
    const std::vector<int64_t> batchA(a.begin(), a.end() - 2), batchB(b.begin(), b.end() - 2);
    std::vector<int64_t> batch;
    if (!broadcastBatch(batch, batchA) || !broadcastBatch(batch, batchB))
        failNode(
            node, ErrorKind::InvalidArgument,
            concat("batch dimensions do not broadcast: ", dimsToString(dimsA), " x ", dimsToString(dimsB)));
    Geometry g = batchedGeometry(batchA, batchB, batch, m, k, n);
    g.outDims = batch;
    if (!aVector) g.outDims.push_back(m);
    if (!bVector) g.outDims.push_back(n);
    return g;
}

// Gemm's alpha·op(A)·op(B): 2-D operands, transposed as stored.
Geometry gemmGeometry(const Node& node, const std::vector<int64_t>& dimsA,
                      const std::vector<int64_t>& dimsB) {
    if (dimsA.size() != 2 || dimsB.size() != 2)
        failNode(node, ErrorKind::InvalidArgument,
                 concat("A and B must be 2-D, got A ", dimsToString(dimsA), " and B ", dimsToString(dimsB)));
    Geometry g;
    g.transA = node.attrInt("transA", 0) != 0;
    g.transB = node.attrInt("transB", 0) != 0;
    g.m = g.transA ? dimsA[1] : dimsA[0];
    g.k = g.transA ? dimsA[0] : dimsA[1];
    g.n = g.transB ? dimsB[0] : dimsB[1];
    const int64_t kB = g.transB ? dimsB[1] : dimsB[0];
    if (kB != g.k)
        failNode(node, ErrorKind::InvalidArgument,
                 concat("inner dimensions differ: A ", dimsToString(dimsA), g.transA ? " (transposed)" : "",
                        " vs B ", dimsToString(dimsB), g.transB ? " (transposed)" : ""));
    g.outDims = {g.m, g.n};
    return g;
}

// The largest power of two, up to the base alignment, that divides `bytes` (0: the base alignment).
uint32_t alignmentOf(uint64_t bytes) {
    if (bytes == 0) return kBaseAlignment;
    return uint32_t(std::min<uint64_t>(bytes & (~bytes + 1), kBaseAlignment));
}

uint32_t pointerAlignment(const void* p) {
    return alignmentOf(reinterpret_cast<uintptr_t>(p));
}

// ---------------------------------------------------------------------------------------------
// cuBLASLt objects

struct LayoutDelete {
    void operator()(cublasLtMatrixLayoutOpaque_t* p) const { cublasLtMatrixLayoutDestroy(p); }
};
struct PreferenceDelete {
    void operator()(cublasLtMatmulPreferenceOpaque_t* p) const { cublasLtMatmulPreferenceDestroy(p); }
};
using Layout = std::unique_ptr<cublasLtMatrixLayoutOpaque_t, LayoutDelete>;
using Preference = std::unique_ptr<cublasLtMatmulPreferenceOpaque_t, PreferenceDelete>;

// fp32, fp16 and bf16 are the types these kernels store; the registration admits no others.
cudaDataType_t cudaTypeOf(const Node& node, DataType t) {
    if (t == DataType::Float32) return CUDA_R_32F;
    if (t == DataType::Float16) return CUDA_R_16F;
    if (t == DataType::BFloat16) return CUDA_R_16BF;
    failNode(node, ErrorKind::Unsupported, concat("no cuBLASLt product for ", dataTypeName(t), " tensors"));
}

size_t elementBytes(cudaDataType_t t) {
    return t == CUDA_R_32F ? 4 : 2;
}

// A column-major matrix layout, batched when count > 1.
Layout makeLayout(cudaDataType_t type, int64_t rows, int64_t cols, int64_t ld, int64_t count,
                  int64_t stride) {
    cublasLtMatrixLayout_t raw = nullptr;
    KILN_CUBLAS_CHECK(cublasLtMatrixLayoutCreate(&raw, type, uint64_t(rows), uint64_t(cols), ld));
    Layout layout(raw);
    if (count > 1) {
        const int32_t batch = int32_t(count);
        KILN_CUBLAS_CHECK(
            cublasLtMatrixLayoutSetAttribute(raw, CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT, &batch, sizeof(batch)));
        KILN_CUBLAS_CHECK(cublasLtMatrixLayoutSetAttribute(raw, CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET,
                                                           &stride, sizeof(stride)));
    }
    return layout;
}

// How a layer's epilogue work is split (kiln::FusedMatMul, Gemm's bias row): Fused leaves to
// cuBLASLt's epilogues what they can do, Split runs the bare product and our kernels, Cutlass runs
// one CUTLASS GEMM with the bias and erf GELU in its epilogue (kiln::FusedMatMul only).
enum class Form { Fused, Split, Cutlass };

// Which of the heuristic's algorithms a layer uses, and its form: the builder times the variants and
// stores the winner's data with the layer: "ws=<bytes>;algo=<index>[;form=split]".
struct TacticChoice {
    uint64_t workspaceLimit = kWorkspaceBytes;
    int index = 0;
    Form form = Form::Fused;
    int cutlassSchedule = 0;  // CutlassGeluGemm::schedule of the Cutlass form ("form=cutlass_pp": 1)

    std::string data() const {
        return concat("ws=", workspaceLimit, ";algo=", index,
                      form == Form::Split     ? ";form=split"
                      : form != Form::Cutlass ? ""
                                              : concat(";form=", cutlassVariantName(cutlassSchedule)));
    }
    static TacticChoice parse(std::string_view data) {
        TacticChoice c;
        if (data.empty()) return c;
        unsigned long long ws = 0;
        int index = 0;
        if (std::sscanf(std::string(data).c_str(), "ws=%llu;algo=%d", &ws, &index) == 2 && index >= 0 &&
            index < kHeuristicResults) {
            c.workspaceLimit = ws;
            c.index = index;
        }
        if (data.find(";form=split") != std::string_view::npos) c.form = Form::Split;
        if (const size_t at = data.find(";form=cutlass"); at != std::string_view::npos) {
            c.form = Form::Cutlass;
            std::string_view name = data.substr(at + 6);
            name = name.substr(0, name.find(';'));
            for (int i = 0; i < kCutlassSchedules; ++i)
                if (name == cutlassVariantName(i)) c.cutlassSchedule = i;
        }
        return c;  // unknown data (another Kiln's): the default choice
    }
};

// What a layer was prepared with: its def's precision and the variant the builder chose.
struct LayerConfig {
    Precision precision = Precision::FP32;
    TacticChoice choice;
};

// What one cuBLASLt product computes besides its geometry.
struct ProductSpec {
    cudaDataType_t typeAB = CUDA_R_32F, typeCD = CUDA_R_32F;
    cublasComputeType_t compute = CUBLAS_COMPUTE_32F;
    cublasLtEpilogue_t epilogue = CUBLASLT_EPILOGUE_DEFAULT;
};

// A and B of `ab`, C and D of `cd`; TF32 for fp32 operands of a TF32 layer, else FP32 compute.
ProductSpec productSpec(const Node& node, DataType ab, DataType cd, const LayerConfig& config) {
    ProductSpec s;
    s.typeAB = cudaTypeOf(node, ab);
    s.typeCD = cudaTypeOf(node, cd);
    s.compute = config.precision == Precision::TF32 && ab == DataType::Float32 ? CUBLAS_COMPUTE_32F_FAST_TF32
                                                                               : CUBLAS_COMPUTE_32F;
    return s;
}

bool usesBias(cublasLtEpilogue_t e) {
    return e == CUBLASLT_EPILOGUE_BIAS || e == CUBLASLT_EPILOGUE_RELU_BIAS ||
           e == CUBLASLT_EPILOGUE_GELU_BIAS;
}

// Everything one product needs on the host side, for one set of input shapes.
struct Plan {
    Geometry g;
    ProductSpec spec;
    Layout layoutB, layoutA, layoutC;  // cuBLASLt's A, B and C/D: our B, our A, our C
    cublasLtMatmulAlgo_t algo{};
    uint64_t workspace = 0;
    bool empty = true;  // a zero dim: nothing to enqueue
};

// The plan's matmul descriptor in caller-owned storage (cublasLtMatmulDescInit allocates nothing).
void initDesc(cublasLtMatmulDescOpaque_t& storage, const Plan& plan, const void* bias) {
    cublasLtMatmulDesc_t desc = &storage;
    KILN_CUBLAS_CHECK(cublasLtMatmulDescInit(desc, plan.spec.compute, CUDA_R_32F));
    // cuBLASLt's A is our B, its B our A.
    const int32_t opA = plan.g.transB ? CUBLAS_OP_T : CUBLAS_OP_N;
    const int32_t opB = plan.g.transA ? CUBLAS_OP_T : CUBLAS_OP_N;
    KILN_CUBLAS_CHECK(cublasLtMatmulDescSetAttribute(desc, CUBLASLT_MATMUL_DESC_TRANSA, &opA, sizeof(opA)));
    KILN_CUBLAS_CHECK(cublasLtMatmulDescSetAttribute(desc, CUBLASLT_MATMUL_DESC_TRANSB, &opB, sizeof(opB)));
    if (plan.spec.epilogue != CUBLASLT_EPILOGUE_DEFAULT) {
        const cublasLtEpilogue_t epilogue = plan.spec.epilogue;
        KILN_CUBLAS_CHECK(
            cublasLtMatmulDescSetAttribute(desc, CUBLASLT_MATMUL_DESC_EPILOGUE, &epilogue, sizeof(epilogue)));
    }
    // One bias for every matrix of a batch: BIAS_BATCH_STRIDE stays 0.
    if (usesBias(plan.spec.epilogue))
        KILN_CUBLAS_CHECK(
            cublasLtMatmulDescSetAttribute(desc, CUBLASLT_MATMUL_DESC_BIAS_POINTER, &bias, sizeof(bias)));
}

// The heuristic's algorithms for a plan's descriptor and layouts, best first.
std::vector<cublasLtMatmulHeuristicResult_t> heuristics(const CudaBackend& backend, const Plan& plan,
                                                        cublasLtMatmulDesc_t desc, uint64_t workspaceLimit,
                                                        uint32_t alignA, uint32_t alignB, uint32_t alignC) {
    cublasLtMatmulPreference_t raw = nullptr;
    KILN_CUBLAS_CHECK(cublasLtMatmulPreferenceCreate(&raw));
    Preference pref(raw);
    KILN_CUBLAS_CHECK(cublasLtMatmulPreferenceSetAttribute(raw, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES,
                                                           &workspaceLimit, sizeof(workspaceLimit)));
    // cuBLASLt's operands are our B, A and C; D is C.
    KILN_CUBLAS_CHECK(cublasLtMatmulPreferenceSetAttribute(raw, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_A_BYTES,
                                                           &alignB, sizeof(alignB)));
    KILN_CUBLAS_CHECK(cublasLtMatmulPreferenceSetAttribute(raw, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_B_BYTES,
                                                           &alignA, sizeof(alignA)));
    KILN_CUBLAS_CHECK(cublasLtMatmulPreferenceSetAttribute(raw, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_C_BYTES,
                                                           &alignC, sizeof(alignC)));
    KILN_CUBLAS_CHECK(cublasLtMatmulPreferenceSetAttribute(raw, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_D_BYTES,
                                                           &alignC, sizeof(alignC)));
    std::vector<cublasLtMatmulHeuristicResult_t> results(kHeuristicResults);
    int returned = 0;
    const cublasStatus_t status = cublasLtMatmulAlgoGetHeuristic(
        backend.ltHandle(), desc, plan.layoutB.get(), plan.layoutA.get(), plan.layoutC.get(),
        plan.layoutC.get(), raw, kHeuristicResults, results.data(), &returned);
    if (status != CUBLAS_STATUS_SUCCESS && status != CUBLAS_STATUS_NOT_SUPPORTED) KILN_CUBLAS_CHECK(status);
    results.resize(status == CUBLAS_STATUS_SUCCESS ? size_t(std::max(returned, 0)) : 0);
    return results;
}

// Plans one product. `base` is the alignment of the tensors' base pointers (the bias's included).
// Without an algorithm it fails naming the shapes when `required`, else returns nullopt.
std::optional<Plan> makePlan(const CudaBackend& backend, const Node& node, Geometry geometry,
                             const ProductSpec& spec, TacticChoice choice, uint32_t base,
                             bool required = true) {
    Plan plan;
    plan.g = std::move(geometry);
    plan.spec = spec;
    const Geometry& g = plan.g;
    if (g.m == 0 || g.n == 0 || g.k == 0 || g.count == 0) return plan;  // no product to plan
    if (g.count > int64_t(INT32_MAX))
        failNode(node, ErrorKind::Unsupported,
                 concat(g.count, " matrices in one product, cuBLASLt takes at most 2^31-1"));
    plan.empty = false;
    const int64_t strided = g.mode == BatchMode::Strided ? g.count : 1;
    // Our B is stored k×n row-major: column-major n×k (ld n), or k×n (ld k) read transposed.
    plan.layoutB = g.transB ? makeLayout(spec.typeAB, g.k, g.n, g.k, strided, g.strideB)
                            : makeLayout(spec.typeAB, g.n, g.k, g.n, strided, g.strideB);
    plan.layoutA = g.transA ? makeLayout(spec.typeAB, g.m, g.k, g.m, strided, g.strideA)
                            : makeLayout(spec.typeAB, g.k, g.m, g.k, strided, g.strideA);
    plan.layoutC = makeLayout(spec.typeCD, g.n, g.m, g.n, strided, g.strideC);
    // The pointers every product reads and writes are aligned like their base and the matrix sizes.
    uint32_t alignA = base, alignB = base, alignC = base;
    if (g.mode != BatchMode::Single) {
        alignA = std::min(alignA, alignmentOf(uint64_t(g.m * g.k) * elementBytes(spec.typeAB)));
        alignB = std::min(alignB, alignmentOf(uint64_t(g.k * g.n) * elementBytes(spec.typeAB)));
        alignC = std::min(alignC, alignmentOf(uint64_t(g.m * g.n) * elementBytes(spec.typeCD)));
    }
    // The heuristic reads only the bias pointer's alignment: a stand-in aligned like the base.
    cublasLtMatmulDescOpaque_t desc;
    initDesc(desc, plan, reinterpret_cast<const void*>(uintptr_t(base)));
    std::vector<cublasLtMatmulHeuristicResult_t> found =
        heuristics(backend, plan, &desc, choice.workspaceLimit, alignA, alignB, alignC);
    if (found.empty() && choice.workspaceLimit < kWorkspaceBytes)
        found = heuristics(backend, plan, &desc, kWorkspaceBytes, alignA, alignB, alignC);
    if (found.empty()) {
        if (!required) return std::nullopt;
        failNode(node, ErrorKind::Unsupported,
                 concat("cuBLASLt has no algorithm for ", g.m, "x", g.k, " · ", g.k, "x", g.n, " (", g.count,
                        " products, epilogue ", int(spec.epilogue), ")"));
    }
    // An index past what the heuristic returns here (another cuBLASLt) falls back to its last one.
    const auto& result = found[size_t(std::min<int>(choice.index, int(found.size()) - 1))];
    plan.algo = result.algo;
    plan.workspace = result.workspaceSize;
    return plan;
}

// What a product reads and writes. c == nullptr: C is D (read only when beta != 0).
struct ProductArgs {
    const void* a = nullptr;
    const void* b = nullptr;
    const void* c = nullptr;
    void* d = nullptr;
    const void* bias = nullptr;
    float alpha = 1.f, beta = 0.f;
    void* workspace = nullptr;
};

// Enqueues the products of a plan on the stream.
void enqueue(const CudaBackend& backend, const Plan& plan, const ProductArgs& args, cudaStream_t stream) {
    cublasLtMatmulDescOpaque_t desc;
    initDesc(desc, plan, args.bias);
    const Geometry& g = plan.g;
    auto product = [&](const char* pa, const char* pb, const char* pc, char* pd) {
        KILN_CUBLAS_CHECK(cublasLtMatmul(backend.ltHandle(), &desc, &args.alpha, pb, plan.layoutB.get(), pa,
                                         plan.layoutA.get(), &args.beta, pc, plan.layoutC.get(), pd,
                                         plan.layoutC.get(), &plan.algo, args.workspace, plan.workspace,
                                         stream));
    };
    const char* a = static_cast<const char*>(args.a);
    const char* b = static_cast<const char*>(args.b);
    char* d = static_cast<char*>(args.d);
    const char* c = args.c ? static_cast<const char*>(args.c) : d;
    if (g.mode != BatchMode::Loop) {
        product(a, b, c, d);
        return;
    }
    const int64_t ab = int64_t(elementBytes(plan.spec.typeAB)), cd = int64_t(elementBytes(plan.spec.typeCD));
    for (int64_t t = 0; t < int64_t(g.offsetsA.size()); ++t)
        product(a + g.offsetsA[size_t(t)] * ab, b + g.offsetsB[size_t(t)] * ab, c + t * g.strideC * cd,
                d + t * g.strideC * cd);
}

void* workspaceFor(KernelContext& ctx, uint64_t bytes) {
    return bytes ? ctx.scratch(bytes, kBaseAlignment) : nullptr;
}

std::string algoSignature(const Plan& plan) {
    return std::string(reinterpret_cast<const char*>(&plan.algo), sizeof(plan.algo)) +
           concat(";", int(plan.spec.epilogue), ";", plan.workspace);
}

// ---------------------------------------------------------------------------------------------
// Input shapes: what a layer was prepared for

struct InputShape {
    bool present = false;
    DataType dtype = DataType::Undefined;
    std::vector<int64_t> dims;
};
using InputShapes = std::vector<InputShape>;

// The first `count` inputs' types and dims when the graph fixes them; nullopt when any is dynamic.
std::optional<InputShapes> staticInputs(const Node& node, size_t count) {
    InputShapes out(count);
    for (size_t i = 0; i < count; ++i) {
        const Value* v = node.inputOrNull(i);
        if (!v) continue;
        if (!v->shape.rankKnown || !v->shape.isStatic() || v->dtype == DataType::Undefined)
            return std::nullopt;
        out[i] = {true, v->dtype, v->shape.staticDims()};
    }
    return out;
}

InputShapes runInputs(const KernelContext& ctx, size_t count) {
    InputShapes out(count);
    for (size_t i = 0; i < count; ++i)
        if (const Tensor* t = ctx.optionalInput(i)) out[i] = {true, t->dtype(), t->dims()};
    return out;
}

// Whether a run's inputs are those `shapes` describes (no allocation).
bool sameInputs(const InputShapes& shapes, const KernelContext& ctx) {
    for (size_t i = 0; i < shapes.size(); ++i) {
        const Tensor* t = ctx.optionalInput(i);
        if ((t != nullptr) != shapes[i].present) return false;
        if (t && (t->dtype() != shapes[i].dtype || t->dims() != shapes[i].dims)) return false;
    }
    return true;
}

const InputShape& requiredInput(const Node& node, const InputShapes& inputs, size_t i) {
    if (!inputs[i].present) failNode(node, ErrorKind::InvalidModel, concat("input ", i, " is missing"));
    return inputs[i];
}

// ---------------------------------------------------------------------------------------------
// Setups: per op, what a run enqueues for one set of input shapes. Each has the output's type and
// dims, the pointer alignment its plans assume, and a signature that tells variants apart.

struct MatMulSetup {
    DataType dtype = DataType::Undefined;
    std::vector<int64_t> outDims;
    uint32_t alignment = kBaseAlignment;
    Plan plan;
    std::string signature() const { return algoSignature(plan); }
};

MatMulSetup makeMatMulSetup(const CudaBackend& backend, const Node& node, const InputShapes& in,
                            const LayerConfig& config, uint32_t base) {
    const InputShape &a = requiredInput(node, in, 0), &b = requiredInput(node, in, 1);
    if (a.dtype != b.dtype)
        failNode(node, ErrorKind::InvalidArgument,
                 concat("A and B types differ: ", dataTypeName(a.dtype), " vs ", dataTypeName(b.dtype)));
    MatMulSetup s;
    s.dtype = a.dtype;
    s.alignment = base;
    Geometry g = matmulGeometry(node, a.dims, b.dims);
    s.outDims = g.outDims;
    s.plan = *makePlan(backend, node, std::move(g), productSpec(node, s.dtype, s.dtype, config),
                       config.choice, base);
    return s;
}

void runMatMulSetup(KernelContext& ctx, const CudaBackend& backend, const MatMulSetup& s, Tensor& y,
                    cudaStream_t stream) {
    if (s.plan.empty) {  // y is not empty, so k == 0: an empty sum
        KILN_CUDA_CHECK(cudaMemsetAsync(y.raw(), 0, y.byteSize(), stream));
        return;
    }
    ProductArgs args;
    args.a = ctx.input(0).raw();
    args.b = ctx.input(1).raw();
    args.d = y.raw();
    args.workspace = workspaceFor(ctx, s.plan.workspace);
    enqueue(backend, s.plan, args, stream);
}

// Gemm: Y = alpha·op(A)·op(B) + beta·C, C broadcast into [M, N].
enum class GemmC {
    None,       // no C, or beta 0 (C is not read, as BLAS does)
    Bias,       // a row [N] or [1, N] with beta 1: cuBLASLt's bias epilogue
    Full,       // C of Y's size: cuBLASLt's C with beta
    Broadcast,  // anything else: broadcast into Y first, then beta in place (C = D)
};

struct GemmSetup {
    DataType dtype = DataType::Undefined;
    std::vector<int64_t> outDims;
    uint32_t alignment = kBaseAlignment;
    Plan plan;
    GemmC c = GemmC::None;
    float alpha = 1.f, beta = 1.f;
    std::string signature() const { return algoSignature(plan) + concat(";c", int(c)); }
};

// A vector over Y's last dim of n: n elements, every other dim 1.
bool isRow(std::span<const int64_t> dims, int64_t n) {
    if (elementCount(dims) != n) return false;
    for (size_t i = 0; i + 1 < dims.size(); ++i)
        if (dims[i] != 1) return false;
    return true;
}

GemmSetup makeGemmSetup(const CudaBackend& backend, const Node& node, const InputShapes& in,
                        const LayerConfig& config, uint32_t base) {
    const InputShape &a = requiredInput(node, in, 0), &b = requiredInput(node, in, 1);
    const InputShape& c = in[2];
    if (b.dtype != a.dtype || (c.present && c.dtype != a.dtype))
        failNode(
            node, ErrorKind::InvalidArgument,
            concat("inputs must share one type, got A ", dataTypeName(a.dtype), ", B ", dataTypeName(b.dtype),
                   c.present ? concat(", C ", dataTypeName(c.dtype)) : std::string()));
    GemmSetup s;
    s.dtype = a.dtype;
    s.alignment = base;
    s.alpha = node.attrFloat("alpha", 1.f);
    s.beta = node.attrFloat("beta", 1.f);
    Geometry g = gemmGeometry(node, a.dims, b.dims);
    s.outDims = g.outDims;
    if (c.present) {
        if (c.dims.size() > 2 || !broadcastsInto(c.dims, s.outDims))
            failNode(node, ErrorKind::InvalidArgument,
                     concat("C ", dimsToString(c.dims), " cannot be broadcast to [", g.m, ",", g.n, "]"));
        if (s.beta != 0.f) {
            if (elementCount(c.dims) == g.m * g.n)
                s.c = GemmC::Full;
            else if (s.beta == 1.f && config.choice.form == Form::Fused && isRow(c.dims, g.n))
                s.c = GemmC::Bias;
            else
                s.c = GemmC::Broadcast;
        }
    }
    ProductSpec spec = productSpec(node, s.dtype, s.dtype, config);
    if (s.c == GemmC::Bias) {
        spec.epilogue = CUBLASLT_EPILOGUE_BIAS;
        if (std::optional<Plan> plan = makePlan(backend, node, g, spec, config.choice, base, false)) {
            s.plan = std::move(*plan);
            return s;
        }
        s.c = GemmC::Broadcast;  // no algorithm with the bias epilogue here: C the general way
        spec.epilogue = CUBLASLT_EPILOGUE_DEFAULT;
    }
    s.plan = *makePlan(backend, node, std::move(g), spec, config.choice, base);
    return s;
}

void runGemmSetup(KernelContext& ctx, const CudaBackend& backend, const GemmSetup& s, Tensor& y,
                  cudaStream_t stream) {
    const Tensor* c = ctx.optionalInput(2);
    const BroadcastOperand cOperand{c ? c->raw() : nullptr,
                                    c ? std::span<const int64_t>(c->dims()) : std::span<const int64_t>()};
    if (s.plan.empty) {  // k == 0: Y = beta·C, or zeros
        if (s.c != GemmC::None)
            enqueueBroadcast(ctx, s.dtype, cOperand, y.raw(), y.dims(), s.beta, stream);
        else
            KILN_CUDA_CHECK(cudaMemsetAsync(y.raw(), 0, y.byteSize(), stream));
        return;
    }
    ProductArgs args;
    args.a = ctx.input(0).raw();
    args.b = ctx.input(1).raw();
    args.d = y.raw();
    args.alpha = s.alpha;
    switch (s.c) {
        case GemmC::None:
            break;
        case GemmC::Bias:
            args.bias = c->raw();
            break;
        case GemmC::Full:
            args.c = c->raw();
            args.beta = s.beta;
            break;
        case GemmC::Broadcast:
            enqueueBroadcast(ctx, s.dtype, cOperand, y.raw(), y.dims(), 1.f, stream);
            args.beta = s.beta;
            break;
    }
    args.workspace = workspaceFor(ctx, s.plan.workspace);
    enqueue(backend, s.plan, args, stream);
}

// kiln::FusedMatMul(A, B, bias?, Z?): Y = act(alpha·op(A)·op(B) + bias + Z).
struct FusedSetup {
    DataType dtype = DataType::Undefined;
    std::vector<int64_t> outDims;
    uint32_t alignment = kBaseAlignment;
    Plan plan;
    float alpha = 1.f;
    Activation activation = Activation::None;
    float p0 = 0.f, p1 = 0.f;
    // Done by cuBLASLt: the bias row (epilogue), Z of Y's size (as C, beta 1), the activation (epilogue).
    bool biasInProduct = false, zInProduct = false, activationInProduct = false;
    // The Cutlass form: the whole layer is one CUTLASS GEMM (pointers filled in per run).
    bool cutlass = false;
    CutlassGeluGemm gelu;
    uint64_t cutlassWorkspace = 0;
    std::string signature() const {
        if (cutlass) return concat("cutlass;", cutlassWorkspace);
        return algoSignature(plan) + concat(";", biasInProduct, zInProduct, activationInProduct);
    }
};

// cuBLASLt's epilogue for a bias and an activation (Relu, or GeluTanh: its GELU is the tanh form).
cublasLtEpilogue_t ltEpilogue(bool bias, Activation activation) {
    if (activation == Activation::Relu) return bias ? CUBLASLT_EPILOGUE_RELU_BIAS : CUBLASLT_EPILOGUE_RELU;
    if (activation == Activation::GeluTanh)
        return bias ? CUBLASLT_EPILOGUE_GELU_BIAS : CUBLASLT_EPILOGUE_GELU;
    return bias ? CUBLASLT_EPILOGUE_BIAS : CUBLASLT_EPILOGUE_DEFAULT;
}

// The Gemm form (transA/transB/alpha attributes) or numpy's matmul, as the CPU kernel decides.
bool gemmForm(const Node& node) {
    return node.hasAttr("transA") || node.hasAttr("transB") || node.hasAttr("alpha");
}

std::optional<Activation> fusedActivation(const Node& node) {
    return fused::parseActivation(node.attrString("activation", "None"));
}

// The CUTLASS GEMM's geometry for this layer, when it can run it: fp16/bf16, erf GELU, MatMul form
// with A [..., M, K] (batch folded into M) times a 2-D B [K, N], a bias row or none, no Z, sizes
// CUTLASS accepts, pointers 16-byte aligned (`base`). Else nullopt (the cuBLASLt forms run it).
std::optional<CutlassGeluGemm> cutlassGeometry(const Node& node, const InputShapes& in, const FusedSetup& s,
                                               uint32_t base, int schedule) {
#if KILN_HAVE_CUTLASS
    if (s.dtype != DataType::Float16 && s.dtype != DataType::BFloat16) return std::nullopt;
    if (s.activation != Activation::Gelu || gemmForm(node) || in[3].present || base < 16) return std::nullopt;
    const InputShape &a = in[0], &b = in[1];
    if (a.dims.size() < 2 || b.dims.size() != 2 || a.dims.back() != b.dims[0]) return std::nullopt;
    CutlassGeluGemm g;
    g.bf16 = s.dtype == DataType::BFloat16;
    g.schedule = schedule;
    g.k = a.dims.back();
    g.n = b.dims[1];
    g.m = elementCount(a.dims) / std::max<int64_t>(1, g.k);
    if (in[2].present && !isRow(in[2].dims, g.n)) return std::nullopt;
    // Sizes only: any 16-byte aligned pointers (the run's own are checked by the base alignment).
    alignas(256) static char probe[256];
    g.a = g.b = probe;
    g.bias = in[2].present ? probe : nullptr;
    g.d = probe;
    if (!cutlassGeluGemmRefusal(g).empty()) return std::nullopt;
    return g;
#else
    (void)node, (void)in, (void)s, (void)base, (void)schedule;
    return std::nullopt;
#endif
}

FusedSetup makeFusedSetup(const CudaBackend& backend, const Node& node, const InputShapes& in,
                          const LayerConfig& config, uint32_t base) {
    const InputShape &a = requiredInput(node, in, 0), &b = requiredInput(node, in, 1);
    if (a.dtype != b.dtype)
        failNode(node, ErrorKind::InvalidArgument,
                 concat("A and B types differ: ", dataTypeName(a.dtype), " vs ", dataTypeName(b.dtype)));
    FusedSetup s;
    s.dtype = a.dtype;
    s.alignment = base;
    const bool gemm = gemmForm(node);
    Geometry g = gemm ? gemmGeometry(node, a.dims, b.dims) : matmulGeometry(node, a.dims, b.dims);
    s.outDims = g.outDims;
    s.alpha = gemm ? node.attrFloat("alpha", 1.f) : 1.f;
    const char* names[] = {"bias", "residual input Z"};
    for (size_t i = 2; i < 4; ++i) {
        const InputShape& e = in[i];
        if (!e.present) continue;
        if (e.dtype != s.dtype)
            failNode(node, ErrorKind::Unsupported,
                     concat(names[i - 2], " must be ", dataTypeName(s.dtype), " like the product, got ",
                            dataTypeName(e.dtype)));
        if (!broadcastsInto(e.dims, s.outDims))
            failNode(node, ErrorKind::InvalidArgument,
                     concat(names[i - 2], " of shape ", dimsToString(e.dims),
                            " does not broadcast into the output shape ", dimsToString(s.outDims)));
    }
    const std::string name = node.attrString("activation", "None");
    const std::optional<Activation> activation = fused::parseActivation(name);
    if (!activation) failNode(node, ErrorKind::InvalidModel, concat("unknown activation '", name, "'"));
    s.activation = *activation;
    const std::vector<float> params = node.attrFloats("activation_params");
    if (params.size() > 0) s.p0 = params[0];
    if (params.size() > 1) s.p1 = params[1];

    const bool hasBias = in[2].present, hasZ = in[3].present;
#if KILN_HAVE_CUTLASS
    if (config.choice.form == Form::Cutlass) {
        if (std::optional<CutlassGeluGemm> gelu = cutlassGeometry(node, in, s, base, config.choice.cutlassSchedule)) {
            s.cutlass = true;
            s.gelu = *gelu;
            s.cutlassWorkspace = cutlassGeluGemmWorkspace(*gelu);
            return s;
        }
    }
#endif
    // The Cutlass form where it cannot run (another alignment at run time, a choice stored by a
    // build with CUTLASS): the fused cuBLASLt form.
    if (config.choice.form != Form::Split) {
        s.biasInProduct = hasBias && isRow(in[2].dims, g.n);
        s.zInProduct = hasZ && elementCount(in[3].dims) == elementCount(s.outDims);
        // The activation comes last: in cuBLASLt only when everything added before it is there too.
        s.activationInProduct = (s.activation == Activation::Relu || s.activation == Activation::GeluTanh) &&
                                (!hasBias || s.biasInProduct) && (!hasZ || s.zInProduct);
    }
    ProductSpec spec = productSpec(node, s.dtype, s.dtype, config);
    spec.epilogue = ltEpilogue(s.biasInProduct, s.activationInProduct ? s.activation : Activation::None);
    if (spec.epilogue != CUBLASLT_EPILOGUE_DEFAULT) {
        if (std::optional<Plan> plan = makePlan(backend, node, g, spec, config.choice, base, false)) {
            s.plan = std::move(*plan);
            return s;
        }
        // No algorithm with that epilogue here: the bias and the activation go to our kernel.
        s.biasInProduct = s.activationInProduct = false;
        spec.epilogue = CUBLASLT_EPILOGUE_DEFAULT;
    }
    s.plan = *makePlan(backend, node, std::move(g), spec, config.choice, base);
    return s;
}

void runFusedSetup(KernelContext& ctx, const CudaBackend& backend, const FusedSetup& s, Tensor& y,
                   cudaStream_t stream) {
    const Tensor* bias = ctx.optionalInput(2);
    const Tensor* z = ctx.optionalInput(3);
#if KILN_HAVE_CUTLASS
    if (s.cutlass) {
        CutlassGeluGemm g = s.gelu;
        g.a = ctx.input(0).raw();
        g.b = ctx.input(1).raw();
        g.bias = bias ? bias->raw() : nullptr;
        g.d = y.raw();
        const std::string error = cutlassGeluGemmRun(g, workspaceFor(ctx, s.cutlassWorkspace), stream);
        if (!error.empty()) ctx.fail(ErrorKind::Internal, "the CUTLASS GEMM did not start: ", error);
        return;
    }
#endif
    auto operand = [](const Tensor* t) {
        return t ? BroadcastOperand{t->raw(), t->dims()} : BroadcastOperand{};
    };
    EpilogueSpec rest;
    rest.activation = s.activation;
    rest.p0 = s.p0;
    rest.p1 = s.p1;
    if (s.plan.empty) {  // k == 0: the product is zeros, then the whole epilogue
        KILN_CUDA_CHECK(cudaMemsetAsync(y.raw(), 0, y.byteSize(), stream));
        rest.bias = operand(bias);
        rest.z = operand(z);
        enqueueEpilogue(ctx, s.dtype, y.raw(), y.dims(), rest, stream);
        return;
    }
    ProductArgs args;
    args.a = ctx.input(0).raw();
    args.b = ctx.input(1).raw();
    args.d = y.raw();
    args.alpha = s.alpha;
    if (s.biasInProduct) args.bias = bias->raw();
    if (s.zInProduct) {
        args.c = z->raw();
        args.beta = 1.f;
    }
    args.workspace = workspaceFor(ctx, s.plan.workspace);
    enqueue(backend, s.plan, args, stream);
    if (!s.biasInProduct) rest.bias = operand(bias);
    if (!s.zInProduct) rest.z = operand(z);
    if (s.activationInProduct) rest.activation = Activation::None;
    enqueueEpilogue(ctx, s.dtype, y.raw(), y.dims(), rest, stream);  // nothing left: enqueues nothing
}

// kiln::Attention(Q, Kt, V, mask?): Y = Softmax(scale·Q·Kt + mask, axis=-1)·V, batch dims broadcast.
struct AttentionSetup {
    DataType dtype = DataType::Undefined;
    std::vector<int64_t> outDims;
    uint32_t alignment = kBaseAlignment;
    Plan scores, output;  // scale·Q·Kt into fp32 scores; probabilities·V into Y
    std::vector<int64_t> scoreDims;
    DataType maskType = DataType::Undefined;
    float scale = 1.f;
    bool nanToZero = false;
    // The strided form (engine_core/passes/attention_layout.cpp): Q, Kᵀ and V are packed from their
    // bases into scratch ([B, H, S, D], [B, H, D, T], [B, H, T, Dv]) and the [B, H, S, Dv] result is
    // written into the output's layout (outDims are then the output's own dims).
    struct Gather {
        int64_t offset = 0;
        std::vector<int64_t> dims, strides;
    };
    bool strided = false;
    Gather packQ, packKt, packV;
    std::vector<int64_t> resultDims;  // [B, H, S, Dv]
    std::optional<Gather> unpack;     // result -> output, when the output's layout is not the result's
    std::string signature() const { return algoSignature(scores) + algoSignature(output); }
};

// The strided form's logical operands and their packing: InputShapes of the packed tensors.
InputShapes stridedAttentionInputs(const Node& node, const InputShapes& in, AttentionSetup& s) {
    fused::StridedAttentionAttrs attrs;
    if (std::string why = fused::readStridedAttention(node, attrs); !why.empty())
        failNode(node, ErrorKind::InvalidArgument, why);
    const int64_t B = attrs.B, H = attrs.H, S = attrs.S, T = attrs.T, D = attrs.D, Dv = attrs.Dv;
    // View i packed into `logical` dims; `order` picks its [B, H, rows, cols] strides for them.
    auto view = [&](int i, std::vector<int64_t> logical, std::array<int, 4> order) {
        const InputShape& base = requiredInput(node, in, size_t(i));
        int64_t numel = 1;
        for (int64_t d : base.dims) numel *= d;
        if (std::string why = fused::checkAttentionView(attrs, i, numel); !why.empty())
            failNode(node, ErrorKind::InvalidArgument, why);
        AttentionSetup::Gather g{attrs.view(i).offset, logical, {}};
        for (int d = 0; d < 4; ++d) g.strides.push_back(attrs.view(i).s[size_t(order[size_t(d)])]);
        return g;
    };
    s.strided = true;
    s.packQ = view(0, {B, H, S, D}, {0, 1, 2, 3});
    s.packKt = view(1, {B, H, D, T}, {0, 1, 3, 2});  // K's view is [B, H, T, D]
    s.packV = view(2, {B, H, T, Dv}, {0, 1, 2, 3});
    s.resultDims = {B, H, S, Dv};
    const std::array<int64_t, 4>& o = attrs.o;
    s.outDims.assign(attrs.outDims.begin(), attrs.outDims.end());
    // The output is the result transposed: its dims in memory order are the result's sorted by
    // stride (the pass only writes layouts a Reshape/Transpose chain makes). Read the result through
    // that permutation; identity: the product writes the output directly.
    std::array<int, 4> perm{0, 1, 2, 3};
    std::stable_sort(perm.begin(), perm.end(), [&](int a, int b) {
        const bool unitA = s.resultDims[size_t(a)] == 1, unitB = s.resultDims[size_t(b)] == 1;
        if (unitA != unitB) return unitB;  // size-1 dims last: their stride means nothing
        return o[size_t(a)] > o[size_t(b)];
    });
    const std::array<int64_t, 4> resultStrides{H * S * Dv, S * Dv, Dv, 1};
    AttentionSetup::Gather g;
    int64_t expected = 1;
    std::vector<int64_t> check(4, 0);
    for (int i = 3; i >= 0; --i) {
        const int d = perm[size_t(i)];
        check[size_t(d)] = expected;
        expected *= s.resultDims[size_t(d)];
    }
    for (int d = 0; d < 4; ++d)
        if (s.resultDims[size_t(d)] != 1 && check[size_t(d)] != o[size_t(d)])
            failNode(node, ErrorKind::InvalidArgument,
                     concat("o_view ", dimsToString(std::vector<int64_t>(o.begin(), o.end())), " is not a transpose of the result ", dimsToString(s.resultDims)));
    // Identity when the dims of more than one element keep their order (size-1 dims sort last and
    // move nothing: B = 1 with the result's own layout must not cost a copy of the output).
    bool identity = true;
    int previous = -1;
    for (int d : perm) {
        if (s.resultDims[size_t(d)] == 1) continue;
        identity = identity && d > previous;
        previous = d;
    }
    if (!identity) {
        for (int d : perm) {
            g.dims.push_back(s.resultDims[size_t(d)]);
            g.strides.push_back(resultStrides[size_t(d)]);
        }
        s.unpack = g;
    }
    InputShapes packed = in;
    packed[0].dims = s.packQ.dims;
    packed[1].dims = s.packKt.dims;
    packed[2].dims = s.packV.dims;
    return packed;
}

std::vector<int64_t> batchOf(const std::vector<int64_t>& dims) {
    return {dims.begin(), dims.end() - 2};
}

bool isFloat(DataType t) {
    return t == DataType::Float32 || t == DataType::Float16 || t == DataType::BFloat16;
}

AttentionSetup makeAttentionSetup(const CudaBackend& backend, const Node& node, const InputShapes& given,
                                  const LayerConfig& config, uint32_t base) {
    AttentionSetup strided;
    const InputShapes in = node.hasAttr("dims") ? stridedAttentionInputs(node, given, strided) : given;
    const InputShape &q = requiredInput(node, in, 0), &kt = requiredInput(node, in, 1),
                     &v = requiredInput(node, in, 2);
    if (kt.dtype != q.dtype || v.dtype != q.dtype)
        failNode(node, ErrorKind::InvalidArgument,
                 concat("Q, Kt and V must share one type, got ", dataTypeName(q.dtype), ", ",
                        dataTypeName(kt.dtype), ", ", dataTypeName(v.dtype)));
    for (const InputShape* t : {&q, &kt, &v})
        if (t->dims.size() < 2)
            failNode(node, ErrorKind::InvalidArgument,
                     concat("Q, Kt and V must have rank >= 2, got ", dimsToString(t->dims)));
    const int64_t S = q.dims.end()[-2], D = q.dims.end()[-1];
    const int64_t T = kt.dims.end()[-1], Dv = v.dims.end()[-1];
    if (kt.dims.end()[-2] != D || v.dims.end()[-2] != T)
        failNode(node, ErrorKind::InvalidArgument,
                 concat("incompatible shapes Q ", dimsToString(q.dims), ", Kt ", dimsToString(kt.dims),
                        ", V ", dimsToString(v.dims)));
    const std::vector<int64_t> batchQ = batchOf(q.dims), batchK = batchOf(kt.dims), batchV = batchOf(v.dims);
    std::vector<int64_t> batch;
    if (!broadcastBatch(batch, batchQ) || !broadcastBatch(batch, batchK) || !broadcastBatch(batch, batchV))
        failNode(node, ErrorKind::InvalidArgument, "batch dims of Q, Kt, V do not broadcast");
    AttentionSetup s;
    s.dtype = q.dtype;
    s.alignment = base;
    s.scoreDims = batch;
    s.scoreDims.insert(s.scoreDims.end(), {S, T});
    s.outDims = batch;
    s.outDims.insert(s.outDims.end(), {S, Dv});
    if (const InputShape& mask = in[3]; mask.present) {
        if (!isFloat(mask.dtype) || !broadcastsInto(mask.dims, s.scoreDims))
            failNode(node, ErrorKind::InvalidArgument,
                     concat("mask ", dataTypeName(mask.dtype), dimsToString(mask.dims),
                            " does not broadcast into the scores ", dimsToString(s.scoreDims)));
        s.maskType = mask.dtype;
    }
    s.scale = node.attrFloat("scale", 1.f);
    s.nanToZero = node.attrInt("nan_to_zero", 0) != 0;
    // The scores' batch is the output's (V's batch may broadcast Q·Kt's further): fp32 scores, then
    // probabilities of Q's type times V.
    s.scores = *makePlan(backend, node, batchedGeometry(batchQ, batchK, batch, S, D, T),
                         productSpec(node, s.dtype, DataType::Float32, config), config.choice, base);
    s.output = *makePlan(backend, node, batchedGeometry(batch, batchV, batch, S, T, Dv),
                         productSpec(node, s.dtype, s.dtype, config), config.choice, base);
    if (strided.strided) {
        s.strided = true;
        s.packQ = std::move(strided.packQ);
        s.packKt = std::move(strided.packKt);
        s.packV = std::move(strided.packV);
        s.resultDims = std::move(strided.resultDims);
        s.unpack = std::move(strided.unpack);
        s.outDims = std::move(strided.outDims);
    }
    return s;
}

void runAttentionSetup(KernelContext& ctx, const CudaBackend& backend, const AttentionSetup& s, Tensor& y,
                       cudaStream_t stream) {
    const int64_t T = s.scoreDims.back();
    if (T == 0) {  // no keys: every output row is an empty sum
        KILN_CUDA_CHECK(cudaMemsetAsync(y.raw(), 0, y.byteSize(), stream));
        return;
    }
    // The operands: the inputs themselves, or (strided form) packed from them into scratch.
    const void* qData = ctx.input(0).raw();
    const void* ktData = ctx.input(1).raw();
    const void* vData = ctx.input(2).raw();
    void* result = y.raw();
    if (s.strided) {
        const size_t es = dataTypeSize(s.dtype);
        auto pack = [&](const AttentionSetup::Gather& g, const Tensor& base) -> const void* {
            void* dst = ctx.scratch(size_t(elementCount(g.dims)) * es, kBaseAlignment);
            enqueueStridedGather(ctx, stream, static_cast<const char*>(base.raw()) + size_t(g.offset) * es, dst, es,
                                 g.dims, g.strides);
            return dst;
        };
        qData = pack(s.packQ, ctx.input(0));
        ktData = pack(s.packKt, ctx.input(1));
        vData = pack(s.packV, ctx.input(2));
        if (s.unpack) result = ctx.scratch(size_t(elementCount(s.resultDims)) * es, kBaseAlignment);
    }
    const int64_t scoreCount = elementCount(s.scoreDims);
    float* scores = static_cast<float*>(ctx.scratch(size_t(scoreCount) * sizeof(float), kBaseAlignment));
    // fp32 probabilities overwrite their scores; fp16/bf16 ones get a buffer of their own.
    void* probs = s.dtype == DataType::Float32
                      ? static_cast<void*>(scores)
                      : ctx.scratch(size_t(scoreCount) * dataTypeSize(s.dtype), kBaseAlignment);
    void* workspace = workspaceFor(ctx, std::max(s.scores.workspace, s.output.workspace));
    if (s.scores.empty) {  // D == 0: every score is 0 before the mask
        KILN_CUDA_CHECK(cudaMemsetAsync(scores, 0, size_t(scoreCount) * sizeof(float), stream));
    } else {
        ProductArgs args;
        args.a = qData;
        args.b = ktData;
        args.d = scores;
        args.alpha = s.scale;
        args.workspace = workspace;
        enqueue(backend, s.scores, args, stream);
    }
    const Tensor* mask = ctx.optionalInput(3);
    enqueueAttentionSoftmax(ctx, scores, s.dtype, probs, s.scoreDims,
                            mask ? BroadcastOperand{mask->raw(), mask->dims()} : BroadcastOperand{},
                            s.maskType, s.nanToZero, stream);
    ProductArgs args;
    args.a = probs;
    args.b = vData;
    args.d = result;
    args.workspace = workspace;
    enqueue(backend, s.output, args, stream);
    if (s.unpack)
        enqueueStridedGather(ctx, stream, result, y.raw(), dataTypeSize(s.dtype), s.unpack->dims, s.unpack->strides);
}

// ---------------------------------------------------------------------------------------------
// The kernel: a prepared setup for the layer's static shapes, or one per run

template <typename Setup>
using MakeSetupFn = Setup (*)(const CudaBackend&, const Node&, const InputShapes&, const LayerConfig&,
                              uint32_t);
template <typename Setup>
using RunSetupFn = void (*)(KernelContext&, const CudaBackend&, const Setup&, Tensor&, cudaStream_t);

template <typename Setup>
class ProductKernel final : public KernelInstance {
public:
    // `inputs`: how many inputs the op reads; `aligned`: bit i, input i is an operand of cuBLASLt.
    ProductKernel(const CudaBackend& backend, LayerConfig config, size_t inputs, uint32_t aligned,
                  MakeSetupFn<Setup> make, RunSetupFn<Setup> run)
        : backend_(backend), config_(config), inputs_(inputs), aligned_(aligned), make_(make), run_(run) {}

    void prepareFor(const Node& node, InputShapes shapes) {
        prepared_.emplace(make_(backend_, node, shapes, config_, kBaseAlignment));
        shapes_ = std::move(shapes);
    }

    void run(KernelContext& ctx) const override {
        for (size_t i = 0; i < inputs_; ++i)
            if (const Tensor* t = ctx.optionalInput(i); t && t->device().type != DeviceType::Cuda)
                ctx.fail(ErrorKind::Internal, "input ", t->describe(), " is on ", t->device().str(),
                         ", not on the GPU");
        const cudaStream_t stream = kernelStream(ctx);
        // The prepared setup when the inputs are the ones it was made for; else one for this run.
        std::optional<Setup> local;
        const Setup* setup = prepared_ && sameInputs(shapes_, ctx) ? &*prepared_ : nullptr;
        if (!setup)
            setup =
                &local.emplace(make_(backend_, ctx.node(), runInputs(ctx, inputs_), config_, kBaseAlignment));
        Tensor& y = ctx.allocateOutput(0, setup->dtype, setup->outDims);
        if (y.numel() == 0) return;
        // The algorithms assume base pointers aligned as the setup says (always so for the memory
        // plan's blocks and for cudaMalloc); anything else gets a setup of its own.
        uint32_t base = pointerAlignment(y.raw());
        for (size_t i = 0; i < inputs_; ++i)
            if (const Tensor* t = ctx.optionalInput(i); t && ((aligned_ >> i) & 1u) != 0)
                base = std::min(base, pointerAlignment(t->raw()));
        if (base < setup->alignment)
            setup = &local.emplace(make_(backend_, ctx.node(), runInputs(ctx, inputs_), config_, base));
        run_(ctx, backend_, *setup, y, stream);
    }

private:
    const CudaBackend& backend_;
    LayerConfig config_;
    size_t inputs_;
    uint32_t aligned_;
    MakeSetupFn<Setup> make_;
    RunSetupFn<Setup> run_;
    std::optional<Setup> prepared_;
    InputShapes shapes_;
};

const CudaBackend& cudaBackendOf(const PrepareContext& pc) {
    const auto* backend = dynamic_cast<const CudaBackend*>(&pc.backend);
    KILN_CHECK(backend, Internal, "the CUDA ", pc.node.opType, " prepared for the ", pc.backend.id(),
               " backend");
    return *backend;
}

template <typename Setup>
std::unique_ptr<KernelInstance> prepareWith(const PrepareContext& pc, size_t inputs, uint32_t aligned,
                                            MakeSetupFn<Setup> make, RunSetupFn<Setup> run) {
    auto kernel = std::make_unique<ProductKernel<Setup>>(
        cudaBackendOf(pc), LayerConfig{pc.precision, TacticChoice::parse(pc.tacticData)}, inputs, aligned,
        make, run);
    if (auto shapes = staticInputs(pc.node, inputs)) kernel->prepareFor(pc.node, std::move(*shapes));
    return kernel;
}

// The configurations the builder times: per form, the heuristic's three best algorithms within the
// workspace and its best without workspace (the one left when the builder's workspace limit is
// small), each once: a split variant that comes out as a fused one (nothing to fuse) is dropped.
// With dynamic shapes, the heuristic's best per form, chosen each run.
template <typename Setup>
std::vector<TacticVariant> variantsWith(const PrepareContext& pc, size_t inputs, MakeSetupFn<Setup> make,
                                        bool forms) {
    const std::optional<InputShapes> shapes = staticInputs(pc.node, inputs);
    std::vector<TacticVariant> out;
    std::vector<std::string> seen;
    for (Form form : {Form::Fused, Form::Split}) {
        if (form == Form::Split && !forms) break;
        const std::string prefix = form == Form::Split ? "split-" : "";
        if (!shapes) {
            TacticChoice best;
            best.form = form;
            out.push_back({prefix + "a0", best.data()});
            continue;
        }
        for (TacticChoice choice :
             {TacticChoice{kWorkspaceBytes, 0, form}, TacticChoice{kWorkspaceBytes, 1, form},
              TacticChoice{kWorkspaceBytes, 2, form}, TacticChoice{0, 0, form}}) {
            const Setup setup =
                make(cudaBackendOf(pc), pc.node, *shapes, LayerConfig{pc.precision, choice}, kBaseAlignment);
            std::string signature = setup.signature();
            if (std::find(seen.begin(), seen.end(), signature) != seen.end()) continue;
            seen.push_back(std::move(signature));
            out.push_back({prefix + (choice.workspaceLimit ? concat("a", choice.index) : std::string("nows")),
                           choice.data()});
        }
    }
    return out;
}

std::unique_ptr<KernelInstance> prepareMatMul(const PrepareContext& pc) {
    return prepareWith<MatMulSetup>(pc, 2, 0b11, &makeMatMulSetup, &runMatMulSetup);
}
std::vector<TacticVariant> matmulVariants(const PrepareContext& pc) {
    return variantsWith<MatMulSetup>(pc, 2, &makeMatMulSetup, false);
}

std::unique_ptr<KernelInstance> prepareGemm(const PrepareContext& pc) {
    return prepareWith<GemmSetup>(pc, 3, 0b111, &makeGemmSetup, &runGemmSetup);
}
std::vector<TacticVariant> gemmVariants(const PrepareContext& pc) {
    return variantsWith<GemmSetup>(pc, 3, &makeGemmSetup, true);
}

std::unique_ptr<KernelInstance> prepareFusedMatMul(const PrepareContext& pc) {
    return prepareWith<FusedSetup>(pc, 4, 0b1111, &makeFusedSetup, &runFusedSetup);
}
// The cuBLASLt forms, and the CUTLASS GEMM where it can run the layer (static shapes).
std::vector<TacticVariant> fusedMatMulVariants(const PrepareContext& pc) {
    std::vector<TacticVariant> out = variantsWith<FusedSetup>(pc, 4, &makeFusedSetup, true);
    if (const std::optional<InputShapes> shapes = staticInputs(pc.node, 4)) {
        // Schedules 2-4 are an experiment not yet run on a GPU: offered only where
        // KILN_CUTLASS_SCHEDULES=all (scripts/gpu_test.sh sets it).
        const char* all = std::getenv("KILN_CUTLASS_SCHEDULES");
        const int schedules = all && std::string_view(all) == "all" ? kCutlassSchedules : 2;
        for (int schedule = 0; schedule < schedules; ++schedule) {
            const TacticChoice choice{0, 0, Form::Cutlass, schedule};
            const FusedSetup s =
                makeFusedSetup(cudaBackendOf(pc), pc.node, *shapes, LayerConfig{pc.precision, choice}, kBaseAlignment);
            if (s.cutlass) out.push_back({cutlassVariantName(schedule), choice.data()});
        }
    }
    return out;
}

// The mask is read by our softmax only: its alignment does not matter to cuBLASLt.
std::unique_ptr<KernelInstance> prepareAttention(const PrepareContext& pc) {
    return prepareWith<AttentionSetup>(pc, 4, 0b111, &makeAttentionSetup, &runAttentionSetup);
}
std::vector<TacticVariant> attentionVariants(const PrepareContext& pc) {
    return variantsWith<AttentionSetup>(pc, 4, &makeAttentionSetup, false);
}

// Our epilogue kernel indexes Y, the bias and Z with maps of rank <= kEpilogueMaxRank.
bool fusedMatMulApplicable(const KernelContext& ctx) {
    if (!fusedActivation(ctx.node())) return false;
    return std::max(ctx.input(0).rank(), ctx.input(1).rank()) <= size_t(kEpilogueMaxRank);
}

// The softmax indexes the scores (and the mask) with maps of rank <= kEpilogueMaxRank; the mask is a
// float added to the scores (a bool mask is not kiln::Attention's contract).
bool attentionApplicable(const KernelContext& ctx) {
    size_t rank = 0;
    for (size_t i = 0; i < 3; ++i) rank = std::max(rank, ctx.input(i).rank());
    if (const Tensor* mask = ctx.optionalInput(3)) {
        if (!isFloat(mask->dtype())) return false;
        rank = std::max(rank, mask->rank());
    }
    return rank <= size_t(kEpilogueMaxRank);
}

}  // namespace

void registerMatMulKernels(KernelRegistry& registry) {
    const TypeSet floats = {DataType::Float32, DataType::Float16, DataType::BFloat16};
    const TypeSet fp32 = {DataType::Float32};
    // FP32 compute for every float type; TF32 for fp32 tensors (a TF32 layer of fp16 tensors gets the
    // FP32 def: the builder falls back to fp32 defs).
    for (Precision precision : {Precision::FP32, Precision::TF32}) {
        const TypeSet& types = precision == Precision::TF32 ? fp32 : floats;
        auto def = [&](size_t inputs, KernelPrepareFn prepare, KernelVariantsFn variants,
                       KernelApplicableFn applicable) {
            KernelDef d;
            d.tactic = kReferenceTactic;
            d.precision = precision;
            d.inputTypes.assign(inputs, types);
            d.outputTypes = {types};
            d.prepare = prepare;
            d.variants = variants;
            d.applicable = applicable;
            return d;
        };
        registry.add("MatMul", def(2, &prepareMatMul, &matmulVariants, nullptr));
        registry.add("Gemm", def(3, &prepareGemm, &gemmVariants, nullptr));
        registry.add("FusedMatMul", def(4, &prepareFusedMatMul, &fusedMatMulVariants, &fusedMatMulApplicable),
                     "kiln");
        registry.add("Attention", def(4, &prepareAttention, &attentionVariants, &attentionApplicable),
                     "kiln");
    }
}

}  // namespace kiln::cuda
