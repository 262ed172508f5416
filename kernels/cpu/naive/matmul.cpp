// The oracle's Gemm and MatMul (ONNX opset 21; naive.h says what the oracle is). Floating types
// sum their products in double and round once; integer types sum modulo 2^64 and keep the low bits
// (what two's complement arithmetic in the output type gives).
#include <string>

#include "kernels/cpu/naive/naive.h"
#include "kernels/cpu/naive/naive_b_util.h"

namespace kiln::naive {

namespace {

// The types the optimized Gemm/MatMul register.
const std::vector<DataType> kTypes = {DataType::Float32, DataType::Float64, DataType::Int32,   DataType::Int64,
                                      DataType::UInt32,  DataType::UInt64,  DataType::Float16, DataType::BFloat16};

bool isIntegerProduct(DataType t) {
    return t == DataType::Int32 || t == DataType::Int64 || t == DataType::UInt32 || t == DataType::UInt64;
}

// ---- MatMul: NumPy matmul semantics ------------------------------------------------------------

// A 1-D A is a row [1, K] and a 1-D B a column [K, 1]; the added dim is dropped from the output. The
// batch dims (all but the last two) broadcast.
struct MatMulShape {
    int64_t M = 0, K = 0, N = 0;
    std::vector<int64_t> aBatch, bBatch, batch, outDims;
};

MatMulShape matMulShape(const KernelContext& ctx, const Tensor& A, const Tensor& B) {
    if (A.dtype() != B.dtype())
        ctx.fail(ErrorKind::InvalidArgument, "A and B types differ: ", A.describe(), " vs ", B.describe());
    if (A.rank() == 0 || B.rank() == 0)
        ctx.fail(ErrorKind::InvalidArgument, "inputs must have rank >= 1, got ", A.describe(), " and ", B.describe());
    std::vector<int64_t> a = A.dims(), b = B.dims();
    if (A.rank() == 1) a.insert(a.begin(), 1);
    if (B.rank() == 1) b.push_back(1);
    MatMulShape s;
    s.M = a[a.size() - 2];
    s.K = a.back();
    s.N = b.back();
    if (b[b.size() - 2] != s.K) ctx.fail(ErrorKind::InvalidArgument, "inner dimensions differ: ", A.describe(), " x ", B.describe());
    s.aBatch.assign(a.begin(), a.end() - 2);
    s.bBatch.assign(b.begin(), b.end() - 2);
    if (!broadcastShapes(s.aBatch, s.bBatch, s.batch))
        ctx.fail(ErrorKind::InvalidArgument, "batch dimensions do not broadcast: ", A.describe(), " x ", B.describe());
    s.outDims = s.batch;
    if (A.rank() != 1) s.outDims.push_back(s.M);
    if (B.rank() != 1) s.outDims.push_back(s.N);
    return s;
}

// out[batch, i, j] = sum_k a[batch of A, i, k] * b[batch of B, k, j]; Acc is double or uint64_t.
template <typename Acc>
std::vector<Acc> matMulValues(const MatMulShape& s, const std::vector<Acc>& a, const std::vector<Acc>& b) {
    const int64_t batches = elementCount(s.batch);
    std::vector<Acc> out(size_t(batches * s.M * s.N));
    for (int64_t t = 0; t < batches; ++t) {
        const std::vector<int64_t> idx = unravel(t, s.batch);
        const int64_t aBase = broadcastOffset(idx, s.aBatch) * s.M * s.K;
        const int64_t bBase = broadcastOffset(idx, s.bBatch) * s.K * s.N;
        for (int64_t i = 0; i < s.M; ++i)
            for (int64_t j = 0; j < s.N; ++j) {
                Acc acc = Acc(0);
                for (int64_t k = 0; k < s.K; ++k) acc += a[size_t(aBase + i * s.K + k)] * b[size_t(bBase + k * s.N + j)];
                out[size_t((t * s.M + i) * s.N + j)] = acc;
            }
    }
    return out;
}

void runMatMul(KernelContext& ctx) {
    const Tensor& A = ctx.input(0);
    const Tensor& B = ctx.input(1);
    if (isIntegerProduct(A.dtype())) {
        const MatMulShape s = matMulShape(ctx, A, B);
        const std::vector<uint64_t> y = matMulValues<uint64_t>(s, toWrapped(A), toWrapped(B));
        Tensor& Y = ctx.allocateOutput(0, A.dtype(), s.outDims);
        for (int64_t i = 0; i < Y.numel(); ++i) storeWrapped(Y, i, y[size_t(i)]);
        return;
    }
    DoubleResult r = matMulInDouble(ctx, A, B);
    Tensor& Y = ctx.allocateOutput(0, A.dtype(), r.dims);
    storeDoubles(Y, r.values);
}

// ---- Gemm: Y = alpha * op(A) * op(B) + beta * C ------------------------------------------------

struct GemmShape {
    bool transA = false, transB = false;
    int64_t M = 0, K = 0, N = 0;
    bool useC = false;  // C given and beta != 0 (beta == 0 ignores C, as BLAS does)
};

GemmShape gemmShape(const KernelContext& ctx, const Tensor& A, const Tensor& B, const Tensor* C) {
    if (A.rank() != 2 || B.rank() != 2)
        ctx.fail(ErrorKind::InvalidArgument, "A and B must be 2-D, got A ", A.describe(), " and B ", B.describe());
    if (B.dtype() != A.dtype() || (C && C->dtype() != A.dtype()))
        ctx.fail(ErrorKind::InvalidArgument, "inputs must share one type, got A ", A.describe(), ", B ", B.describe());
    GemmShape s;
    s.transA = ctx.node().attrInt("transA", 0) != 0;
    s.transB = ctx.node().attrInt("transB", 0) != 0;
    s.M = s.transA ? A.dim(1) : A.dim(0);
    s.K = s.transA ? A.dim(0) : A.dim(1);
    s.N = s.transB ? B.dim(0) : B.dim(1);
    const int64_t kb = s.transB ? B.dim(1) : B.dim(0);
    if (s.K != kb) ctx.fail(ErrorKind::InvalidArgument, "inner dimensions differ: A ", A.describe(), " vs B ", B.describe());
    if (C) {
        std::vector<int64_t> out;
        if (C->rank() > 2 || !broadcastShapes(C->dims(), {s.M, s.N}, out) || out != std::vector<int64_t>{s.M, s.N})
            ctx.fail(ErrorKind::InvalidArgument, "C ", C->describe(), " cannot be broadcast to [", s.M, ",", s.N, "]");
    }
    s.useC = C && ctx.node().attrFloat("beta", 1.0f) != 0.0f;
    return s;
}

// y[i, j] = alpha * sum_k op(A)[i, k] * op(B)[k, j] + beta * C[broadcast i, j].
template <typename Acc>
std::vector<Acc> gemmValues(const GemmShape& s, const std::vector<Acc>& a, const std::vector<Acc>& b, const std::vector<Acc>* c,
                            const std::vector<int64_t>& cDims, Acc alpha, Acc beta) {
    std::vector<Acc> out(size_t(s.M * s.N));
    for (int64_t i = 0; i < s.M; ++i)
        for (int64_t j = 0; j < s.N; ++j) {
            Acc acc = Acc(0);
            for (int64_t k = 0; k < s.K; ++k) {
                const Acc av = s.transA ? a[size_t(k * s.M + i)] : a[size_t(i * s.K + k)];
                const Acc bv = s.transB ? b[size_t(j * s.K + k)] : b[size_t(k * s.N + j)];
                acc += av * bv;
            }
            Acc y = alpha * acc;
            if (c) y += beta * (*c)[size_t(broadcastOffset({i, j}, cDims))];
            out[size_t(i * s.N + j)] = y;
        }
    return out;
}

void runGemm(KernelContext& ctx) {
    const Tensor& A = ctx.input(0);
    const Tensor& B = ctx.input(1);
    const Tensor* C = ctx.optionalInput(2);
    if (isIntegerProduct(A.dtype())) {
        const GemmShape s = gemmShape(ctx, A, B, C);
        // alpha and beta are float attributes; an integer Gemm scales by them converted to integers
        // (truncated), as the optimized kernel does.
        const uint64_t alpha = uint64_t(int64_t(ctx.node().attrFloat("alpha", 1.0f)));
        const uint64_t beta = uint64_t(int64_t(ctx.node().attrFloat("beta", 1.0f)));
        const std::vector<uint64_t> c = s.useC ? toWrapped(*C) : std::vector<uint64_t>();
        const std::vector<uint64_t> y = gemmValues<uint64_t>(s, toWrapped(A), toWrapped(B), s.useC ? &c : nullptr,
                                                             s.useC ? C->dims() : std::vector<int64_t>(), alpha, beta);
        Tensor& Y = ctx.allocateOutput(0, A.dtype(), {s.M, s.N});
        for (int64_t i = 0; i < Y.numel(); ++i) storeWrapped(Y, i, y[size_t(i)]);
        return;
    }
    DoubleResult r = gemmInDouble(ctx, A, B, C);
    Tensor& Y = ctx.allocateOutput(0, A.dtype(), r.dims);
    storeDoubles(Y, r.values);
}

}  // namespace

DoubleResult matMulInDouble(const KernelContext& ctx, const Tensor& A, const Tensor& B) {
    const MatMulShape s = matMulShape(ctx, A, B);
    return {s.outDims, matMulValues<double>(s, toDoubles(A), toDoubles(B))};
}

DoubleResult gemmInDouble(const KernelContext& ctx, const Tensor& A, const Tensor& B, const Tensor* C) {
    const GemmShape s = gemmShape(ctx, A, B, C);
    const std::vector<double> c = s.useC ? toDoubles(*C) : std::vector<double>();
    return {{s.M, s.N},
            gemmValues<double>(s, toDoubles(A), toDoubles(B), s.useC ? &c : nullptr,
                               s.useC ? C->dims() : std::vector<int64_t>(), double(ctx.node().attrFloat("alpha", 1.0f)),
                               double(ctx.node().attrFloat("beta", 1.0f)))};
}

void registerNaiveMatMulKernels(KernelRegistry& registry) {
    addNaive(registry, "Gemm", runGemm, kTypes);
    addNaive(registry, "MatMul", runMatMul, kTypes);
}

}  // namespace kiln::naive
