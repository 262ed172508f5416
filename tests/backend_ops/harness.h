// kiln_backend_ops: every kernel of every backend against the oracle (the naive kernels), in the
// manner of ggml's tests/test-backend-ops.cpp. A test case is one node (op type, domain,
// attributes) with its input tensors; the case generators (cases_*.cpp, one per op family) make
// deliberately awkward shapes. The runner (runner.cpp) runs a case on the oracle once and on each
// registered kernel (tactic, precision, format, variant) of the backend under test, and compares.
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "engine_core/runtime/backend.h"

namespace kiln::ops {

// One input of a case. An undefined tensor is an omitted optional input. Constant inputs become
// graph constants (initializers): weights, and the shape/axes/pads inputs a builder folds.
struct CaseInput {
    std::string name;  // for the printed line: "x", "w"
    Tensor tensor;
    bool constant = false;
};

struct Case {
    std::string op, domain;
    std::map<std::string, Attribute> attrs;
    std::vector<CaseInput> inputs;
    size_t numOutputs = 1;
    // Terms summed into one output element (K of a MatMul, C·kh·kw of a Conv, the reduced count):
    // widens the tolerance, as rounding grows with the length of a sum.
    double reduction = 1;
    double flops = 0;              // for --perf's GFLOP/s (0: not printed)
    bool allowDegenerate = false;  // the reference may be all zeros/constant (Shape of a 0-size tensor)
    double extraAtol = 0;          // an op whose math is ill-conditioned near some inputs (Tan, Pow)
    std::string note;              // added to the printed line

    std::string label() const;  // "x[1,3,13,17] w[5,3,3,3] pads=[1,1,1,1]"
};

// A small deterministic generator (one per (op, dtype), so a case's data never depends on the
// order the ops run in or on a --op filter).
class Rng {
public:
    explicit Rng(uint64_t seed) : engine_(seed) {}
    float uniform(float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(engine_); }
    int64_t integer(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(engine_); }
    bool coin() { return integer(0, 1) == 1; }

private:
    std::mt19937_64 engine_;
};

// Random tensors. Floats uniform in [lo, hi] (rounded to the dtype); integers uniform in
// [lo, hi] (clamped to the type's range); bools half true.
Tensor randomTensor(Rng& rng, DataType dtype, const std::vector<int64_t>& dims, double lo = -1, double hi = 1);
// Values from a small set ({-2, -1, 0, 1, 2} · step): ties for comparisons, Equal, ArgMax.
Tensor quantizedTensor(Rng& rng, DataType dtype, const std::vector<int64_t>& dims, int levels = 5);
Tensor int64Tensor(const std::vector<int64_t>& values);  // 1-D
Tensor int64Scalar(int64_t value);
Tensor floatScalar(DataType dtype, double value);
// A tensor of `dtype` with the given values (converted).
Tensor tensorOf(DataType dtype, const std::vector<int64_t>& dims, const std::vector<double>& values);

// What a generator is asked for: cases of op (domain) whose input 0 has `dtype` (Undefined: the
// kernel accepts any type, the generator picks). `perf`: a few larger, realistic shapes instead.
struct GenRequest {
    std::string op, domain;
    DataType dtype = DataType::Float32;
    bool perf = false;
};
using Generator = std::vector<Case> (*)(const GenRequest&, Rng&);
using GeneratorTable = std::map<std::string, Generator>;  // "Op" or "domain::Op"

void addElementwiseGenerators(GeneratorTable& table);  // cases_elementwise.cpp
void addNnGenerators(GeneratorTable& table);           // cases_nn.cpp
void addDataGenerators(GeneratorTable& table);         // cases_data.cpp
void addQuantizeGenerators(GeneratorTable& table);     // cases_quantize.cpp
const GeneratorTable& generators();

// Helpers for generators.
Case makeCase(const GenRequest& req, std::vector<CaseInput> inputs, std::map<std::string, Attribute> attrs = {});
int64_t numelOf(const std::vector<int64_t>& dims);
std::string dimsText(const std::vector<int64_t>& dims);  // "[1,3,13,17]"
bool isFloatType(DataType t);                            // fp32/fp16/bf16/fp64

}  // namespace kiln::ops
