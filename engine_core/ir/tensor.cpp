#include "engine_core/ir/tensor.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <new>
#include <unordered_map>

#include "engine_core/common/memory_limit.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/ir/shape.h"

namespace kiln {

namespace {
std::atomic<uint64_t> gMaxBytes{uint64_t(16) << 30};
std::atomic<bool> gPoisonUninitialized{false};
constexpr size_t kAlignment = 64;

// Freed blocks of 16 KiB and more are kept for reuse: an inference allocates the same activation
// sizes every run, and handing them back to the system costs page faults and zeroing on the next
// run. Blocks up to LocalCache::kMaxLocalBlock go to a small cache of the thread that freed them, so the next
// allocation of that size on this thread gets memory still in its own core's caches (threads
// sharing one list passed buffers between cores: each run of a split batch then wrote its
// activations into lines the other core held) and takes no lock. The rest, and what overflows a
// thread's cache, goes to one shared, bounded cache; beyond it blocks go back to the system.
constexpr size_t kMinCached = 16 << 10;

class BlockCache {
public:
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

void freeBlock(uint8_t* p) { ::operator delete[](p, std::align_val_t(kAlignment)); }

// One thread's cache: a few blocks, most recently freed last.
struct LocalCache {
    // Locality pays up to about an L2's size; pool workers live as long as the process, so what a
    // thread keeps here (outside the shared cache's bound) stays small.
    static constexpr size_t kMaxLocalBlock = size_t(2) << 20;
    static constexpr size_t kMaxLocalBytes = size_t(8) << 20;
    std::vector<std::pair<size_t, uint8_t*>> blocks;
    size_t bytes = 0;

    uint8_t* take(size_t size) {
        for (size_t i = blocks.size(); i-- > 0;) {
            if (blocks[i].first != size) continue;
            uint8_t* p = blocks[i].second;
            blocks.erase(blocks.begin() + std::ptrdiff_t(i));
            bytes -= size;
            return p;
        }
        return nullptr;
    }
    bool give(uint8_t* p, size_t size) {
        if (size > kMaxLocalBlock) return false;
        // Full: the oldest blocks move to the shared cache.
        while (bytes + size > kMaxLocalBytes && !blocks.empty()) {
            auto [oldSize, old] = blocks.front();
            blocks.erase(blocks.begin());
            bytes -= oldSize;
            if (!blockCache().give(old, oldSize)) freeBlock(old);
        }
        blocks.emplace_back(size, p);
        bytes += size;
        return true;
    }
};

// The thread's cache, created on first use and handed to the shared cache when the thread ends;
// null after that (a tensor freed during thread exit goes to the shared cache).
thread_local LocalCache* tLocalCache = nullptr;
thread_local bool tLocalCacheEnded = false;
struct LocalCacheOwner {
    ~LocalCacheOwner() {
        LocalCache* local = tLocalCache;
        tLocalCache = nullptr;
        tLocalCacheEnded = true;
        if (!local) return;
        for (auto [size, p] : local->blocks)
            if (!blockCache().give(p, size)) freeBlock(p);
        delete local;
    }
};
thread_local LocalCacheOwner tLocalCacheOwner;

LocalCache* localCache() {
    if (!tLocalCache && !tLocalCacheEnded) {
        (void)&tLocalCacheOwner;  // odr-use: its destructor runs at thread exit
        tLocalCache = new LocalCache;
    }
    return tLocalCache;
}

std::shared_ptr<uint8_t[]> allocateAligned(size_t bytes, bool zero) {
    size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
    if (rounded == 0) rounded = kAlignment;
    const bool cacheable = rounded >= kMinCached;
    uint8_t* p = nullptr;
    if (cacheable) {
        LocalCache* local = localCache();
        p = local ? local->take(rounded) : nullptr;
        if (!p) p = blockCache().take(rounded);
    }
    if (!p) p = static_cast<uint8_t*>(::operator new[](rounded, std::align_val_t(kAlignment), std::nothrow));
    KILN_CHECK(p != nullptr, ResourceLimit, msg<Msg::OutOfMemoryAllocating>("bytes"_a = bytes));
    addLiveHostBytes(int64_t(rounded));
    if (zero)
        std::memset(p, 0, rounded);
    else if (gPoisonUninitialized.load(std::memory_order_relaxed))
        std::memset(p, 0xFF, rounded);  // NaN for floats, -1 for integers: reads before writes show up
    return std::shared_ptr<uint8_t[]>(p, [rounded, cacheable](uint8_t* q) {
        addLiveHostBytes(-int64_t(rounded));
        if (cacheable) {
            LocalCache* local = tLocalCache;
            if (local && local->give(q, rounded)) return;
            if (blockCache().give(q, rounded)) return;
        }
        freeBlock(q);
    });
}
}  // namespace

void Tensor::setPoisonUninitialized(bool on) { gPoisonUninitialized = on; }
bool Tensor::poisonUninitialized() { return gPoisonUninitialized.load(std::memory_order_relaxed); }

Tensor Tensor::uninitialized(DataType dtype, std::vector<int64_t> dims) {
    Tensor t;
    t.init(dtype, std::move(dims), false);
    return t;
}

void Tensor::setMaxBytes(uint64_t bytes) { gMaxBytes = bytes; }
// No tensor may be larger than the whole memory limit (--memory-limit).
uint64_t Tensor::maxBytes() { return std::min<uint64_t>(gMaxBytes, memoryLimit()); }

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
    return uint64_t(n) <= maxBytes() / elemSize ? n : -1;
}

int64_t Tensor::checkedNumel(const std::vector<int64_t>& dims, DataType dtype, const Message& what) {
    int64_t n = 1;
    for (int64_t d : dims) {
        KILN_CHECK(d >= 0, InvalidArgument,
                   msg<Msg::NegativeDimInShape>("what"_a = what, "shape"_a = dimsToString(dims)));
        if (d == 0) return 0;
    }
    uint64_t elemSize = std::max<size_t>(dataTypeSize(dtype), 1);
    for (int64_t d : dims) {
        KILN_CHECK(uint64_t(n) <= (uint64_t(1) << 62) / uint64_t(d), ResourceLimit,
                   msg<Msg::ShapeTooManyElements>("what"_a = what, "shape"_a = dimsToString(dims)));
        n *= d;
    }
    const uint64_t limit = maxBytes();
    KILN_CHECK(uint64_t(n) <= limit / elemSize, ResourceLimit,
               msg<Msg::ShapeOverByteLimit>(
                   "what"_a = what, "shape"_a = dimsToString(dims), "dtype"_a = dataTypeName(dtype),
                   "bytes"_a = uint64_t(n) * elemSize, "limit"_a = limit));
    return n;
}

void Tensor::failValueCount(size_t values, int64_t numel) {
    fail(ErrorKind::InvalidArgument, msg<Msg::FromVectorCount>("values"_a = values, "numel"_a = numel));
}

Tensor::Tensor(DataType dtype, std::vector<int64_t> dims) { init(dtype, std::move(dims), true); }

void Tensor::init(DataType dtype, std::vector<int64_t> dims, bool zero) {
    KILN_CHECK(dtype != DataType::Undefined && dtype != DataType::String, Unsupported,
               msg<Msg::TensorTypeNotAllocatable>("dtype"_a = dataTypeName(dtype)));
    const int64_t numel = checkedNumel(dims, dtype, msg<Msg::NounTensor>());
    dtype_ = dtype;
    dims_ = std::move(dims);
    numel_ = numel;
    storage_ = allocateAligned(byteSize(), zero);
}

void Tensor::failAccess(DataType expected) const {
    KILN_CHECK(dtype_ == expected, Internal,
               msg<Msg::TensorAccessedAsType>("dtype"_a = dataTypeName(dtype_), "expected"_a = dataTypeName(expected)));
    fail(ErrorKind::Internal, "tensor ", describe(), " on ", device_.str(), " read on the host");
}

Tensor Tensor::borrowed(void* data, DataType dtype, std::vector<int64_t> dims, Device device, TensorFormat format) {
    Tensor t;
    t.numel_ = checkedNumel(dims, dtype, "tensor");
    t.dtype_ = dtype;
    t.dims_ = std::move(dims);
    // The aliasing constructor with an empty owner: a pointer without a control block.
    t.storage_ = std::shared_ptr<uint8_t[]>(std::shared_ptr<uint8_t[]>(), static_cast<uint8_t*>(data));
    t.device_ = device;
    t.format_ = format;
    return t;
}

Tensor Tensor::allocate(Allocator& allocator, DataType dtype, std::vector<int64_t> dims, TensorFormat format) {
    KILN_CHECK(dtype != DataType::Undefined && dtype != DataType::String, Unsupported,
               "cannot allocate a tensor of type ", dataTypeName(dtype));
    Tensor t;
    t.numel_ = checkedNumel(dims, dtype, "tensor");
    t.dtype_ = dtype;
    t.dims_ = std::move(dims);
    const size_t bytes = t.byteSize();
    void* p = allocator.allocate(bytes);
    Allocator* owner = &allocator;
    t.storage_ = std::shared_ptr<uint8_t[]>(static_cast<uint8_t*>(p),
                                            [owner, bytes](uint8_t* q) { owner->deallocate(q, bytes); });
    t.device_ = allocator.device();
    t.format_ = format;
    return t;
}

void Tensor::rebind(void* data, DataType dtype, std::span<const int64_t> dims, Device device, TensorFormat format) {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    dtype_ = dtype;
    dims_.assign(dims.begin(), dims.end());
    numel_ = n;
    if (storage_.get() != data || storage_.use_count() != 0)
        storage_ = std::shared_ptr<uint8_t[]>(std::shared_ptr<uint8_t[]>(), static_cast<uint8_t*>(data));
    offset_ = 0;
    device_ = device;
    format_ = format;
}

void Tensor::assignView(const Tensor& src, std::span<const int64_t> dims) {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    KILN_CHECK(n == src.numel_, InvalidArgument, "cannot view ", src.describe(), " as ",
               dimsToString(std::vector<int64_t>(dims.begin(), dims.end())));
    dtype_ = src.dtype_;
    dims_.assign(dims.begin(), dims.end());
    numel_ = n;
    storage_ = src.storage_;
    offset_ = src.offset_;
    device_ = src.device_;
    format_ = src.format_;
}

void Tensor::reset() {
    dtype_ = DataType::Undefined;
    dims_.clear();
    numel_ = 0;
    storage_.reset();
    offset_ = 0;
    device_ = kHostDevice;
    format_ = TensorFormat::Linear;
}

Tensor Tensor::relabeled(Device device, TensorFormat format) const {
    Tensor t = *this;
    t.device_ = device;
    t.format_ = format;
    return t;
}

int64_t Tensor::stride(size_t axis) const {
    KILN_CHECK(axis < dims_.size(), Internal, "stride of axis ", axis, " of ", describe());
    const size_t r = dims_.size();
    if (format_ == TensorFormat::NHWC && r >= 3) {
        // Stored as [N, D..., C]: C is innermost, then the spatial dims in order, then N.
        const int64_t c = dims_[1];
        if (axis == 1) return 1;
        int64_t s = c;
        for (size_t d = r - 1; d >= 2; --d) {
            if (d == axis) return s;
            s *= dims_[d];
        }
        return s;  // axis 0
    }
    int64_t s = 1;
    for (size_t d = r - 1; d > axis; --d) s *= dims_[d];
    return s;
}

Tensor Tensor::reshaped(std::vector<int64_t> dims) const {
    Tensor t = *this;
    int64_t n = checkedNumel(dims, dtype_, msg<Msg::NounReshape>());
    KILN_CHECK(n == numel_, InvalidArgument,
               msg<Msg::TensorCannotReshape>("tensor"_a = describe(), "shape"_a = dimsToString(dims)));
    t.dims_ = std::move(dims);
    return t;
}

Tensor Tensor::rows(int64_t begin, int64_t end) const {
    KILN_CHECK(rank() >= 1 && 0 <= begin && begin <= end && end <= dims_[0], InvalidArgument,
               msg<Msg::TensorRowsOutOfRange>("begin"_a = begin, "end"_a = end, "tensor"_a = describe()));
    Tensor t = *this;
    t.dims_[0] = end - begin;
    t.numel_ = dims_[0] ? numel_ / dims_[0] * (end - begin) : 0;
    t.offset_ = offset_ + size_t(dims_[0] ? numel_ / dims_[0] * begin : 0) * dataTypeSize(dtype_);
    return t;
}

Tensor Tensor::clone() const {
    if (!defined()) return {};
    KILN_CHECK(device_.isHost(), Internal, "clone() of ", describe(), " on ", device_.str(),
               ": device tensors are copied by their backend");
    Tensor t(dtype_, dims_);
    t.format_ = format_;
    if (byteSize()) std::memcpy(t.raw(), raw(), byteSize());
    return t;
}

double Tensor::scalarAsDouble(int64_t i) const {
    if (!device_.isHost()) failAccess(dtype_);
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
    fail(ErrorKind::Unsupported, msg<Msg::TensorNotNumeric>("dtype"_a = dataTypeName(dtype_)));
}

int64_t Tensor::scalarAsInt64(int64_t i) const {
    if (!device_.isHost()) failAccess(dtype_);
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
    if (!device_.isHost()) failAccess(dtype_);
    std::vector<float> out(static_cast<size_t>(numel_));
    if (dtype_ == DataType::Float32) {
        if (numel_) std::memcpy(out.data(), raw(), byteSize());
        return out;
    }
    for (int64_t i = 0; i < numel_; ++i) out[size_t(i)] = float(scalarAsDouble(i));
    return out;
}

std::string Tensor::describe() const {
    std::string s = std::string(dataTypeName(dtype_)) + dimsToString(dims_);
    if (format_ != TensorFormat::Linear) s += concat(" ", tensorFormatName(format_));
    return s;
}

}  // namespace kiln
