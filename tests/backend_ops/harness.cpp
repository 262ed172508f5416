#include "tests/backend_ops/harness.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace kiln::ops {

int64_t numelOf(const std::vector<int64_t>& dims) {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    return n;
}

std::string dimsText(const std::vector<int64_t>& dims) {
    std::string s = "[";
    for (size_t i = 0; i < dims.size(); ++i) {
        if (i) s += ',';
        s += std::to_string(dims[i]);
    }
    s += ']';
    return s;
}

bool isFloatType(DataType t) {
    return t == DataType::Float32 || t == DataType::Float16 || t == DataType::BFloat16 || t == DataType::Float64 ||
           t == DataType::Float8E4M3;
}

namespace {

// Writes value v (already in the type's range) as element i of t.
void setElement(Tensor& t, int64_t i, double v) {
    void* p = t.raw();
    switch (t.dtype()) {
        case DataType::Float32: static_cast<float*>(p)[i] = float(v); return;
        case DataType::Float16: static_cast<uint16_t*>(p)[i] = floatToHalf(float(v)); return;
        case DataType::BFloat16: static_cast<uint16_t*>(p)[i] = floatToBfloat16(float(v)); return;
        case DataType::Float8E4M3: static_cast<uint8_t*>(p)[i] = floatToFloat8e4m3(float(v)); return;
        case DataType::Float64: static_cast<double*>(p)[i] = v; return;
        case DataType::Int8: static_cast<int8_t*>(p)[i] = int8_t(v); return;
        case DataType::UInt8: static_cast<uint8_t*>(p)[i] = uint8_t(v); return;
        case DataType::Int16: static_cast<int16_t*>(p)[i] = int16_t(v); return;
        case DataType::UInt16: static_cast<uint16_t*>(p)[i] = uint16_t(v); return;
        case DataType::Int32: static_cast<int32_t*>(p)[i] = int32_t(v); return;
        case DataType::UInt32: static_cast<uint32_t*>(p)[i] = uint32_t(v); return;
        case DataType::Int64: static_cast<int64_t*>(p)[i] = int64_t(v); return;
        case DataType::UInt64: static_cast<uint64_t*>(p)[i] = uint64_t(v); return;
        case DataType::Bool: static_cast<bool*>(p)[i] = v != 0; return;
        case DataType::Undefined:
        case DataType::String: break;
    }
    fail(ErrorKind::Internal, "backend_ops: no random data for ", dataTypeName(t.dtype()));
}

std::pair<double, double> typeRange(DataType t) {
    switch (t) {
        case DataType::Int8: return {-128, 127};
        case DataType::UInt8: return {0, 255};
        case DataType::Int16: return {-32768, 32767};
        case DataType::UInt16: return {0, 65535};
        case DataType::UInt32:
        case DataType::UInt64: return {0, 1e9};
        default: return {-1e9, 1e9};
    }
}

}  // namespace

Tensor randomTensor(Rng& rng, DataType dtype, const std::vector<int64_t>& dims, double lo, double hi) {
    Tensor t(dtype, dims);
    const int64_t n = t.numel();
    if (dtype == DataType::Bool) {
        for (int64_t i = 0; i < n; ++i) setElement(t, i, rng.coin());
    } else if (isFloatType(dtype)) {
        for (int64_t i = 0; i < n; ++i) setElement(t, i, rng.uniform(float(lo), float(hi)));
    } else {
        auto [tlo, thi] = typeRange(dtype);
        const int64_t a = int64_t(std::max(lo, tlo)), b = int64_t(std::min(hi, thi));
        for (int64_t i = 0; i < n; ++i) setElement(t, i, double(rng.integer(a, std::max(a, b))));
    }
    return t;
}

Tensor quantizedTensor(Rng& rng, DataType dtype, const std::vector<int64_t>& dims, int levels) {
    Tensor t(dtype, dims);
    const bool unsignedType = dtype == DataType::UInt8 || dtype == DataType::UInt16 || dtype == DataType::UInt32 ||
                              dtype == DataType::UInt64;
    for (int64_t i = 0; i < t.numel(); ++i) {
        int64_t q = rng.integer(0, levels - 1) - (unsignedType ? 0 : levels / 2);
        setElement(t, i, dtype == DataType::Bool ? double(q & 1) : isFloatType(dtype) ? 0.5 * double(q) : double(q));
    }
    return t;
}

Tensor int64Tensor(const std::vector<int64_t>& values) { return Tensor::fromVector<int64_t>({int64_t(values.size())}, values); }

Tensor int64Scalar(int64_t value) { return Tensor::scalar<int64_t>(value); }

Tensor floatScalar(DataType dtype, double value) { return tensorOf(dtype, {}, {value}); }

Tensor tensorOf(DataType dtype, const std::vector<int64_t>& dims, const std::vector<double>& values) {
    Tensor t(dtype, dims);
    KILN_CHECK(int64_t(values.size()) == t.numel(), Internal, "backend_ops: ", values.size(), " values for ",
               t.describe());
    for (size_t i = 0; i < values.size(); ++i) setElement(t, int64_t(i), values[i]);
    return t;
}

Case makeCase(const GenRequest& req, std::vector<CaseInput> inputs, std::map<std::string, Attribute> attrs) {
    Case c;
    c.op = req.op;
    c.domain = req.domain;
    c.inputs = std::move(inputs);
    c.attrs = std::move(attrs);
    return c;
}

std::string Case::label() const {
    std::ostringstream s;
    bool first = true;
    for (size_t i = 0; i < inputs.size(); ++i) {
        const CaseInput& in = inputs[i];
        if (!in.tensor.defined()) continue;
        if (!first) s << ' ';
        first = false;
        s << (in.name.empty() ? "in" + std::to_string(i) : in.name);
        // Small constant operands (axes, pads, shapes) print their values: they are the case.
        if (in.constant && !isFloatType(in.tensor.dtype()) && in.tensor.numel() <= 8) {
            s << '=';
            if (in.tensor.rank() > 0) s << '[';
            for (int64_t j = 0; j < in.tensor.numel(); ++j) s << (j ? "," : "") << in.tensor.scalarAsInt64(j);
            if (in.tensor.rank() > 0) s << ']';
        } else {
            s << dimsText(in.tensor.dims());
            if (in.tensor.dtype() != (inputs[0].tensor.defined() ? inputs[0].tensor.dtype() : in.tensor.dtype()))
                s << ':' << dataTypeName(in.tensor.dtype());
            if (in.constant) s << "(const)";
        }
    }
    for (const auto& [key, value] : attrs) s << (first ? "" : " ") << key << '=' << value.str(), first = false;
    return s.str();
}

const GeneratorTable& generators() {
    static const GeneratorTable table = [] {
        GeneratorTable t;
        addElementwiseGenerators(t);
        addNnGenerators(t);
        addDataGenerators(t);
        addQuantizeGenerators(t);
        return t;
    }();
    return table;
}

}  // namespace kiln::ops
