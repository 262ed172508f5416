// The integer GEMM (gemm_int8.h) and its requantize epilogue (requantize.h): every path (the plain
// loop, AVX-512 VNNI, the pre-packed B) against gemmInt8Reference bit for bit, over awkward shapes,
// all four sign combinations, every zero-point form and extreme values at a large K.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "engine_core/common/parallel.h"
#include "kernels/cpu/gemm_int8.h"
#include "kernels/cpu/isa.h"
#include "kernels/cpu/requantize.h"

using namespace kiln;
using namespace kiln::cpu;

namespace {

// As the kernels detect it: KILN_CPU_ISA=baseline (no AVX-512) or avx512 (no VNNI) hides VNNI.
bool cpuHasVnni() {
    if (const char* isa = std::getenv("KILN_CPU_ISA"); isa && (std::string(isa) == "baseline" || std::string(isa) == "avx512"))
        return false;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vnni");
}

// Selects the int8 path for a scope: VNNI or the plain loop (AVX-512 itself stays on).
struct Int8Path {
    explicit Int8Path(bool vnni) {
        setAvx512Enabled(true);
        setInt8VnniEnabled(vnni);
    }
    ~Int8Path() {
        setAvx512Enabled(true);
        setInt8VnniEnabled(true);
    }
};

// The paths this machine can run: the plain loop always, VNNI where the CPU has it.
std::vector<bool> paths() {
    return cpuHasVnni() ? std::vector<bool>{false, true} : std::vector<bool>{false};
}

struct Matrix {
    std::vector<uint8_t> bytes;  // viewed as int8 when isSigned
    int64_t ld = 0;
};

Matrix randomMatrix(int64_t rows, int64_t cols, int64_t ld, std::mt19937& rng) {
    Matrix m;
    m.ld = ld;
    m.bytes.resize(size_t(std::max<int64_t>(rows * ld, 1)));
    std::uniform_int_distribution<int> byte(0, 255);
    for (auto& b : m.bytes) b = uint8_t(byte(rng));  // padding too: it must never be read
    return m;
}

std::vector<int32_t> randomZeros(int64_t count, bool isSigned, std::mt19937& rng) {
    std::uniform_int_distribution<int> v(isSigned ? -128 : 0, isSigned ? 127 : 255);
    std::vector<int32_t> z(static_cast<size_t>(count));
    for (auto& x : z) x = v(rng);
    return z;
}

enum class ZeroForm { None, Tensor, Line };

struct Case {
    int64_t M, N, K;
    bool aSigned, bSigned;
    ZeroForm aZero, bZero;
};

std::string describe(const Case& c) {
    auto form = [](ZeroForm f) {
        return f == ZeroForm::None ? "none" : f == ZeroForm::Tensor ? "tensor" : "line";
    };
    return std::to_string(c.M) + "x" + std::to_string(c.N) + "x" + std::to_string(c.K) +
           (c.aSigned ? " s8" : " u8") + (c.bSigned ? "·s8" : "·u8") + " aZero " + form(c.aZero) + " bZero " +
           form(c.bZero);
}

// Runs one case on every path (gemmInt8 and the pre-packed B) and compares each with the reference.
void checkCase(const Case& c, std::mt19937& rng) {
    const int64_t lda = c.K + 3, ldb = c.N + 5, ldc = c.N + 7;  // odd leading dimensions
    const Matrix A = randomMatrix(c.M, c.K, lda, rng), B = randomMatrix(c.K, c.N, ldb, rng);
    const std::vector<int32_t> za = randomZeros(c.aZero == ZeroForm::Line ? c.M : 1, c.aSigned, rng);
    const std::vector<int32_t> zb = randomZeros(c.bZero == ZeroForm::Line ? c.N : 1, c.bSigned, rng);
    Int8Operand a{A.bytes.data(), c.aSigned, lda, c.aZero == ZeroForm::None ? nullptr : za.data(),
                  c.aZero == ZeroForm::Line};
    Int8Operand b{B.bytes.data(), c.bSigned, ldb, c.bZero == ZeroForm::None ? nullptr : zb.data(),
                  c.bZero == ZeroForm::Line};
    constexpr int32_t kCanary = 0x5EEDC0DE;
    std::vector<int32_t> expected(size_t(c.M * ldc), kCanary);
    gemmInt8Reference(c.M, c.N, c.K, a, b, expected.data(), ldc);
    for (bool vnni : paths()) {
        Int8Path path(vnni);
        std::vector<int32_t> got(size_t(c.M * ldc), kCanary);
        gemmInt8(c.M, c.N, c.K, a, b, got.data(), ldc);
        ASSERT_EQ(got, expected) << describe(c) << (vnni ? " (VNNI)" : " (plain)");
        // The pre-packed B, whole and from its second panel on.
        const auto packed = packInt8B(c.K, c.N, b);
        std::vector<int32_t> fromPacked(size_t(c.M * ldc), kCanary);
        gemmInt8Packed(c.M, a, *packed, b.zero, b.zeroPerLine, fromPacked.data(), ldc);
        ASSERT_EQ(fromPacked, expected) << describe(c) << (vnni ? " (VNNI, packed B)" : " (plain, packed B)");
        if (c.N > kInt8PanelCols) {
            std::vector<int32_t> part(size_t(c.M * ldc), kCanary);
            gemmInt8Packed(c.M, a, *packed, b.zero, b.zeroPerLine, part.data(), ldc, kInt8PanelCols, c.N - 1);
            for (int64_t m = 0; m < c.M; ++m)
                for (int64_t n = 0; n < ldc; ++n) {
                    const bool inside = n >= kInt8PanelCols && n < c.N - 1;
                    ASSERT_EQ(part[size_t(m * ldc + n)], inside ? expected[size_t(m * ldc + n)] : kCanary)
                        << describe(c) << " columns [second panel, N-1), row " << m << " column " << n;
                }
        }
    }
}

}  // namespace

TEST(GemmInt8, EveryPathMatchesTheReferenceOnAwkwardShapes) {
    std::mt19937 rng(12);
    const int64_t sizes[] = {1, 3, 17, 64, 257};
    int variant = 0;
    for (int64_t M : sizes)
        for (int64_t N : sizes)
            for (int64_t K : sizes) {
                // Each shape with all four sign combinations; the zero-point forms rotate over the cases.
                for (int signs = 0; signs < 4; ++signs, ++variant) {
                    const Case c{M,
                                 N,
                                 K,
                                 (signs & 1) != 0,
                                 (signs & 2) != 0,
                                 ZeroForm(variant % 3),
                                 ZeroForm((variant / 3) % 3)};
                    checkCase(c, rng);
                    if (HasFatalFailure()) return;
                }
            }
}

// K = 72 (whole groups of 4): an unsigned A is read in place, its row sums computed only where a
// column of B needs them (unsigned B or a non-zero B zero point); K = 70 packs A.
TEST(GemmInt8, EveryZeroPointFormWithEverySignCombination) {
    std::mt19937 rng(7);
    for (int64_t K : {70, 72})
        for (int signs = 0; signs < 4; ++signs)
            for (int fa = 0; fa < 3; ++fa)
                for (int fb = 0; fb < 3; ++fb) {
                    checkCase({20, 101, K, (signs & 1) != 0, (signs & 2) != 0, ZeroForm(fa), ZeroForm(fb)}, rng);
                    if (HasFatalFailure()) return;
                }
}

// Extreme operands over K = 4096: every product at its largest magnitude, so a path that saturated
// an intermediate (pmaddubsw's int16 pairs) or dropped a correction term would be off. The expected
// value is also computed by hand, independently of the reference loop.
TEST(GemmInt8, ExtremeValuesAtLargeKStayExact) {
    const int64_t M = 9, N = 50, K = 4096;
    struct Extreme {
        bool aSigned, bSigned;
        int aValue, bValue, aZero, bZero;
    };
    const Extreme extremes[] = {
        {false, true, 255, -128, 0, 0},     {false, true, 255, 127, 0, 0},
        {false, true, 0, -128, 255, 127},   {true, true, -128, -128, 0, 0},
        {true, true, 127, -128, -128, 127}, {true, false, -128, 255, 127, 0},
        {false, false, 255, 255, 0, 0},     {false, false, 0, 255, 255, 0},
        {true, false, 127, 0, -128, 255},   {false, true, 255, -128, 255, -128},  // everything cancels: 0
    };
    for (const Extreme& e : extremes) {
        auto fill = [](bool isSigned, int value, size_t count) {
            return std::vector<uint8_t>(count, isSigned ? uint8_t(int8_t(value)) : uint8_t(value));
        };
        const std::vector<uint8_t> A = fill(e.aSigned, e.aValue, size_t(M * K)),
                                   B = fill(e.bSigned, e.bValue, size_t(K * N));
        const int32_t za = e.aZero, zb = e.bZero;
        const Int8Operand a{A.data(), e.aSigned, K, &za, false}, b{B.data(), e.bSigned, N, &zb, false};
        const int32_t byHand = int32_t(K * int64_t(e.aValue - e.aZero) * int64_t(e.bValue - e.bZero));
        std::vector<int32_t> expected(size_t(M * N));
        gemmInt8Reference(M, N, K, a, b, expected.data(), N);
        ASSERT_EQ(expected[0], byHand);
        for (bool vnni : paths()) {
            Int8Path path(vnni);
            std::vector<int32_t> got(size_t(M * N));
            gemmInt8(M, N, K, a, b, got.data(), N);
            EXPECT_EQ(got, expected) << "A " << e.aValue << " - " << e.aZero << ", B " << e.bValue << " - "
                                     << e.bZero << (vnni ? " (VNNI)" : " (plain)");
            const auto packed = packInt8B(K, N, b);
            gemmInt8Packed(M, a, *packed, &zb, false, got.data(), N);
            EXPECT_EQ(got, expected) << "packed B, A " << e.aValue << ", B " << e.bValue
                                     << (vnni ? " (VNNI)" : " (plain)");
        }
    }
}

TEST(GemmInt8, VnniPathCanBeForcedOnAndOff) {
    {
        Int8Path path(false);
        EXPECT_FALSE(int8VnniEnabled());
    }
    {
        Int8Path path(true);
        EXPECT_EQ(int8VnniEnabled(), cpuHasVnni());
    }
    {
        // Turning AVX-512 off (KILN_CPU_ISA=baseline does the same) turns VNNI off with it.
        Int8Path path(true);
        setAvx512Enabled(false);
        EXPECT_FALSE(int8VnniEnabled());
    }
    if (!cpuHasVnni()) GTEST_SKIP() << "this CPU has no AVX-512 VNNI: only the plain path ran";
}

// The packing is one layout whichever path made it: cached weights packed while VNNI was on serve a
// run with it off, and the other way round.
TEST(GemmInt8, PlainAndVnniPackingsAreTheSameBytes) {
    if (!cpuHasVnni()) GTEST_SKIP() << "this CPU has no AVX-512 VNNI";
    std::mt19937 rng(9);
    for (bool bSigned : {false, true}) {
        const int64_t K = 37, N = 150, ldb = 151;
        const Matrix B = randomMatrix(K, N, ldb, rng);
        const Int8Operand b{B.bytes.data(), bSigned, ldb, nullptr, false};
        std::shared_ptr<const PackedInt8B> plain, vnni;
        {
            Int8Path path(false);
            plain = packInt8B(K, N, b);
        }
        {
            Int8Path path(true);
            vnni = packInt8B(K, N, b);
        }
        EXPECT_EQ(plain->data, vnni->data) << (bSigned ? "int8 B" : "uint8 B");
        EXPECT_EQ(plain->colSums, vnni->colSums) << (bSigned ? "int8 B" : "uint8 B");
    }
}

TEST(GemmInt8, PackedWeightsAreCachedByStorage) {
    Tensor w(DataType::Int8, {2, 40, 70});
    std::mt19937 rng(3);
    for (int64_t i = 0; i < w.numel(); ++i) w.data<int8_t>()[i] = int8_t(int(rng() % 256) - 128);
    const auto first = packedInt8Weights(w, 40, 70, 40 * 70);
    EXPECT_EQ(packedInt8Weights(w, 40, 70, 40 * 70), first);
    EXPECT_NE(packedInt8Weights(w, 40, 70, 0), first);
    EXPECT_TRUE(first->isSigned);
    // The second matrix of the tensor, against the reference.
    std::vector<uint8_t> A(size_t(5 * 40));
    for (auto& x : A) x = uint8_t(rng());
    const int32_t za = 131, zb = -5;
    const Int8Operand a{A.data(), false, 40, &za, false};
    const Int8Operand b{w.data<int8_t>() + 40 * 70, true, 70, &zb, false};
    std::vector<int32_t> expected(5 * 70), got(5 * 70);
    gemmInt8Reference(5, 70, 40, a, b, expected.data(), 70);
    gemmInt8Packed(5, a, *first, &zb, false, got.data(), 70);
    EXPECT_EQ(got, expected);
    EXPECT_THROW(packedInt8Weights(w, 40, 71, 40 * 70), Error);
    EXPECT_THROW(gemmInt8Packed(5, a, *first, &zb, false, got.data(), 70, 5, 70), Error);
}

// ---- requantize.h ----

namespace {

// Runs requantizeBlock with AVX-512 on and off; both must give the same bytes.
std::vector<int> requantizeBothPaths(int64_t rows, int64_t cols, const std::vector<int32_t>& c,
                                     const RequantizeParams& q, bool outSigned) {
    std::vector<uint8_t> plain(size_t(rows * cols)), vec(size_t(rows * cols));
    setAvx512Enabled(false);
    requantizeBlock(rows, cols, c.data(), cols, q, outSigned, plain.data(), cols);
    setAvx512Enabled(true);
    requantizeBlock(rows, cols, c.data(), cols, q, outSigned, vec.data(), cols);
    EXPECT_EQ(plain, vec);
    std::vector<int> out;
    for (uint8_t b : plain) out.push_back(outSigned ? int(int8_t(b)) : int(b));
    return out;
}

}  // namespace

TEST(Requantize, RoundsHalfToEvenAndSaturates) {
    // scale 0.5: c = 5 -> 2.5 -> 2, 7 -> 3.5 -> 4, -5 -> -2.5 -> -2, -3 -> -1.5 -> -2; then + zero point.
    const std::vector<int32_t> c = {5, 7, -5, -3, 1000, -1000, 0, 1};
    const float scale = 0.5f;
    RequantizeParams q;
    q.scale = &scale;
    q.zeroPoint = 10;
    EXPECT_EQ(requantizeBothPaths(1, 8, c, q, false), (std::vector<int>{12, 14, 8, 8, 255, 0, 10, 10}));
    EXPECT_EQ(requantizeBothPaths(1, 8, c, q, true), (std::vector<int>{12, 14, 8, 8, 127, -128, 10, 10}));
}

TEST(Requantize, PerChannelScaleAndBiasAlongRowsOrColumns) {
    const std::vector<int32_t> c = {10, 20, 30, -10, -20, -30};  // 2 x 3
    const float scales[3] = {1.f, 0.5f, 0.25f};
    const int32_t bias[3] = {1, 2, 3};
    const float floatBias[3] = {0.f, 100.f, -0.5f};
    RequantizeParams q;
    q.scale = scales;
    q.scalePerChannel = true;
    q.bias = bias;
    q.channelAxis = QuantAxis::Row;  // row 0: (c + 1) * 1; row 1: (c + 2) * 0.5
    EXPECT_EQ(requantizeBothPaths(2, 3, c, q, true), (std::vector<int>{11, 21, 31, -4, -9, -14}));
    q.channelAxis = QuantAxis::Column;  // column j: (c + bias[j]) * scale[j] + floatBias[j]
    q.floatBias = floatBias;
    EXPECT_EQ(requantizeBothPaths(2, 3, c, q, true), (std::vector<int>{11, 111, 8, -9, 91, -7}));
    std::vector<float> deq(6);
    dequantizeBlock(2, 3, c.data(), 3, q, deq.data(), 3);
    EXPECT_EQ(deq, (std::vector<float>{11.f, 111.f, 7.75f, -9.f, 91.f, -7.25f}));
}

TEST(Requantize, VectorAndPlainAgreeOnRandomData) {
    std::mt19937 rng(5);
    const int64_t rows = 13, cols = 77;
    std::vector<int32_t> c(size_t(rows * cols));
    std::uniform_int_distribution<int32_t> acc(-300000, 300000);
    for (auto& x : c) x = acc(rng);
    std::vector<float> scales(static_cast<size_t>(cols)), floatBias(static_cast<size_t>(cols));
    std::vector<int32_t> bias(static_cast<size_t>(cols));
    std::uniform_real_distribution<float> s(1e-4f, 2e-3f), fb(-20.f, 20.f);
    for (int64_t j = 0; j < cols; ++j) {
        scales[size_t(j)] = s(rng);
        floatBias[size_t(j)] = fb(rng);
        bias[size_t(j)] = acc(rng);
    }
    scales[3] = std::numeric_limits<float>::quiet_NaN();  // NaN -> the lowest value
    RequantizeParams q;
    q.scale = scales.data();
    q.scalePerChannel = true;
    q.channelAxis = QuantAxis::Column;
    q.bias = bias.data();
    q.floatBias = floatBias.data();
    q.zeroPoint = 3;
    for (bool outSigned : {false, true}) {
        const std::vector<int> y = requantizeBothPaths(rows, cols, c, q, outSigned);
        EXPECT_EQ(y[3], outSigned ? -128 : 0);
    }
}

TEST(GemmInt8, ParallelFormsMatchTheReference) {
    const int saved = numThreads();
    setNumThreads(2);
    std::mt19937 rng(21);
    for (const auto& [M, N, K] :
         std::vector<std::tuple<int64_t, int64_t, int64_t>>{{70, 300, 130}, {5, 1000, 64}, {300, 20, 33}}) {
        const int64_t lda = K + 1, ldb = N + 3, ldc = N + 2;
        const Matrix A = randomMatrix(M, K, lda, rng), B = randomMatrix(K, N, ldb, rng);
        const std::vector<int32_t> za = randomZeros(M, true, rng), zb = randomZeros(N, false, rng);
        const Int8Operand a{A.bytes.data(), true, lda, za.data(), true},
            b{B.bytes.data(), false, ldb, zb.data(), true};
        std::vector<int32_t> expected(size_t(M * ldc), -1);
        gemmInt8Reference(M, N, K, a, b, expected.data(), ldc);
        for (bool vnni : paths()) {
            Int8Path path(vnni);
            std::vector<int32_t> got(size_t(M * ldc), -1);
            gemmInt8Parallel(M, N, K, a, b, got.data(), ldc);
            EXPECT_EQ(got, expected) << M << "x" << N << "x" << K << (vnni ? " (VNNI)" : " (plain)");
            std::fill(got.begin(), got.end(), -1);
            gemmInt8PackedParallel(M, a, *packInt8B(K, N, b), zb.data(), true, got.data(), ldc);
            EXPECT_EQ(got, expected) << M << "x" << N << "x" << K << " packed"
                                     << (vnni ? " (VNNI)" : " (plain)");
        }
    }
    setNumThreads(saved);
}
