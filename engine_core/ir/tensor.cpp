#include "engine_core/ir/tensor.h"

#include <atomic>
#include <mutex>
#include <unordered_map>
#include <new>

#include "engine_core/ir/shape.h"

namespace kiln {

namespace {
std::atomic<uint64_t> gMaxBytes{uint64_t(16) << 30};
std::atomic<bool> gPoisonUninitialized{false};
constexpr size_t kAlignment = 64;

// Freed blocks of 16 KiB and more are kept for reuse: an inference allocates the same activation
// sizes every run, and handing them back to the system costs page faults and zeroing on the next
// run. The cache is bounded; blocks beyond it go back to the system.
class BlockCache {
public:
    static constexpr size_t kMinCached = 16 << 10;
    static constexpr size_t kMaxCachedBytes = size_t(256) << 20;

    uint8_t* take(size_t bytes) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = free_.find(bytes);
        if (it == free_.end() || it->second.empty()) return nullptr;
        uint8_t* p = it->second.back();
        it->second.pop_back();
        cachedBytes_ -= bytes;
        return p;
    }
    bool give(uint8_t* p, size_t bytes) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (cachedBytes_ + bytes > kMaxCachedBytes) return false;
        free_[bytes].push_back(p);
        cachedBytes_ += bytes;
        return true;
    }

private:
    std::mutex mutex_;
    std::unordered_map<size_t, std::vector<uint8_t*>> free_;
    size_t cachedBytes_ = 0;
};

BlockCache& blockCache() {
    static BlockCache* cache = new BlockCache;  // never destroyed: tensors may outlive static destruction
    return *cache;
}

std::shared_ptr<uint8_t[]> allocateAligned(size_t bytes, bool zero) {
    size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
    if (rounded == 0) rounded = kAlignment;
    const bool cacheable = rounded >= BlockCache::kMinCached;
    uint8_t* p = cacheable ? blockCache().take(rounded) : nullptr;
    if (!p) p = static_cast<uint8_t*>(::operator new[](rounded, std::align_val_t(kAlignment), std::nothrow));
    KILN_CHECK(p != nullptr, ResourceLimit, "out of memory allocating ", bytes, " bytes");
    if (zero)
        std::memset(p, 0, rounded);
    else if (gPoisonUninitialized.load(std::memory_order_relaxed))
        std::memset(p, 0xFF, rounded);  // NaN for floats, -1 for integers: reads before writes show up
    return std::shared_ptr<uint8_t[]>(p, [rounded, cacheable](uint8_t* q) {
        if (cacheable && blockCache().give(q, rounded)) return;
        ::operator delete[](q, std::align_val_t(kAlignment));
    });
}
}  // namespace

void Tensor::setPoisonUninitialized(bool on) { gPoisonUninitialized = on; }

Tensor Tensor::uninitialized(DataType dtype, std::vector<int64_t> dims) {
    Tensor t;
    t.init(dtype, std::move(dims), false);
    return t;
}

void Tensor::setMaxBytes(uint64_t bytes) { gMaxBytes = bytes; }
uint64_t Tensor::maxBytes() { return gMaxBytes; }

int64_t Tensor::numelOrInvalid(const std::vector<int64_t>& dims, DataType dtype) {
    int64_t n = 1;
    for (int64_t d : dims) {
        if (d < 0) return -1;
        if (d == 0) return 0;
    }
    const uint64_t elemSize = std::max<size_t>(dataTypeSize(dtype), 1);
    for (int64_t d : dims) {
        if (uint64_t(n) > (uint64_t(1) << 62) / uint64_t(d)) return -1;
        n *= d;
    }
    return uint64_t(n) <= gMaxBytes / elemSize ? n : -1;
}

int64_t Tensor::checkedNumel(const std::vector<int64_t>& dims, DataType dtype, const std::string& what) {
    int64_t n = 1;
    for (int64_t d : dims) {
        KILN_CHECK(d >= 0, InvalidArgument, what, ": negative dim in shape ", dimsToString(dims));
        if (d == 0) return 0;
    }
    uint64_t elemSize = std::max<size_t>(dataTypeSize(dtype), 1);
    for (int64_t d : dims) {
        KILN_CHECK(uint64_t(n) <= (uint64_t(1) << 62) / uint64_t(d), ResourceLimit, what,
                   ": shape ", dimsToString(dims), " has too many elements");
        n *= d;
    }
    KILN_CHECK(uint64_t(n) <= gMaxBytes / elemSize, ResourceLimit, what, ": shape ", dimsToString(dims),
               " (", dataTypeName(dtype), ") needs ", uint64_t(n) * elemSize,
               " bytes, over the limit of ", uint64_t(gMaxBytes), " bytes");
    return n;
}

Tensor::Tensor(DataType dtype, std::vector<int64_t> dims) { init(dtype, std::move(dims), true); }

void Tensor::init(DataType dtype, std::vector<int64_t> dims, bool zero) {
    KILN_CHECK(dtype != DataType::Undefined && dtype != DataType::String, Unsupported,
               "cannot allocate a tensor of type ", dataTypeName(dtype));
    const int64_t numel = checkedNumel(dims, dtype, "tensor");
    dtype_ = dtype;
    dims_ = std::move(dims);
    numel_ = numel;
    storage_ = allocateAligned(byteSize(), zero);
}

void Tensor::checkType(DataType expected) const {
    KILN_CHECK(dtype_ == expected, Internal, "tensor of type ", dataTypeName(dtype_),
               " accessed as ", dataTypeName(expected));
}

Tensor Tensor::reshaped(std::vector<int64_t> dims) const {
    Tensor t = *this;
    int64_t n = checkedNumel(dims, dtype_, "reshape");
    KILN_CHECK(n == numel_, InvalidArgument, "cannot reshape ", describe(), " to ", dimsToString(dims));
    t.dims_ = std::move(dims);
    return t;
}

Tensor Tensor::clone() const {
    if (!defined()) return {};
    Tensor t(dtype_, dims_);
    if (byteSize()) std::memcpy(t.raw(), raw(), byteSize());
    return t;
}

double Tensor::scalarAsDouble(int64_t i) const {
    const void* p = raw();
    switch (dtype_) {
        case DataType::Float32: return static_cast<const float*>(p)[i];
        case DataType::Float16: return halfToFloat(static_cast<const uint16_t*>(p)[i]);
        case DataType::BFloat16: return bfloat16ToFloat(static_cast<const uint16_t*>(p)[i]);
        case DataType::Float8E4M3: return float8e4m3ToFloat(static_cast<const uint8_t*>(p)[i]);
        case DataType::Float64: return static_cast<const double*>(p)[i];
        case DataType::Int8: return static_cast<const int8_t*>(p)[i];
        case DataType::UInt8: return static_cast<const uint8_t*>(p)[i];
        case DataType::Int16: return static_cast<const int16_t*>(p)[i];
        case DataType::UInt16: return static_cast<const uint16_t*>(p)[i];
        case DataType::Int32: return static_cast<const int32_t*>(p)[i];
        case DataType::UInt32: return static_cast<const uint32_t*>(p)[i];
        case DataType::Int64: return double(static_cast<const int64_t*>(p)[i]);
        case DataType::UInt64: return double(static_cast<const uint64_t*>(p)[i]);
        case DataType::Bool: return static_cast<const bool*>(p)[i] ? 1.0 : 0.0;
        case DataType::Undefined:
        case DataType::String: break;
    }
    fail(ErrorKind::Unsupported, "tensor of type ", dataTypeName(dtype_), " has no numeric value");
}

int64_t Tensor::scalarAsInt64(int64_t i) const {
    const void* p = raw();
    switch (dtype_) {
        case DataType::Int64: return static_cast<const int64_t*>(p)[i];
        case DataType::Int32: return static_cast<const int32_t*>(p)[i];
        case DataType::UInt64: return int64_t(static_cast<const uint64_t*>(p)[i]);
        default: return int64_t(scalarAsDouble(i));
    }
}

std::vector<int64_t> Tensor::toInt64Vector() const {
    std::vector<int64_t> out(static_cast<size_t>(numel_));
    for (int64_t i = 0; i < numel_; ++i) out[size_t(i)] = scalarAsInt64(i);
    return out;
}

std::vector<float> Tensor::toFloatVector() const {
    std::vector<float> out(static_cast<size_t>(numel_));
    if (dtype_ == DataType::Float32) {
        if (numel_) std::memcpy(out.data(), raw(), byteSize());
        return out;
    }
    for (int64_t i = 0; i < numel_; ++i) out[size_t(i)] = float(scalarAsDouble(i));
    return out;
}

std::string Tensor::describe() const {
    return std::string(dataTypeName(dtype_)) + dimsToString(dims_);
}

}  // namespace kiln
