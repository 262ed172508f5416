// A dense, contiguous tensor. Copies share storage (like a shared_ptr); clone() copies the data.
// Sizes are checked before allocating: a tensor over the process-wide limit is refused with
// ResourceLimit, so a model that declares a 2^40-element dim fails cleanly.
//
// A tensor knows its device and its format: dims are always logical (N, C, H, W, ...), the format
// says how they lie in memory (device.h). Host code reads elements through data<T>() only on the
// host; a device tensor's raw() is a device pointer for its backend's kernels. A borrowed tensor
// points into memory it does not own (an execution context's arena, a caller's binding): copying it
// counts no references and allocates nothing.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine_core/common/error.h"
#include "engine_core/ir/allocator.h"
#include "engine_core/ir/device.h"
#include "engine_core/ir/datatype.h"

namespace kiln {

class Tensor {
public:
    Tensor() = default;
    // Allocates zero-filled storage.
    Tensor(DataType dtype, std::vector<int64_t> dims);
    // Allocates storage the caller overwrites completely (kernel outputs): no zero fill. With
    // setPoisonUninitialized(true) (the test suites) it is filled with 0xFF bytes instead, so a
    // kernel that reads an output element before writing it fails its tests.
    static Tensor uninitialized(DataType dtype, std::vector<int64_t> dims);
    static void setPoisonUninitialized(bool on);
    static bool poisonUninitialized();

    template <typename T>
    static Tensor fromVector(std::vector<int64_t> dims, const std::vector<T>& values) {
        Tensor t(dataTypeOf<T>(), std::move(dims));
        if (int64_t(values.size()) != t.numel()) failValueCount(values.size(), t.numel());
        if constexpr (std::is_same_v<T, bool>) {
            for (size_t i = 0; i < values.size(); ++i) t.data<bool>()[i] = values[i];
        } else if (!values.empty()) {
            std::memcpy(t.raw(), values.data(), values.size() * sizeof(T));
        }
        return t;
    }
    template <typename T>
    static Tensor scalar(T value) {
        return fromVector<T>({}, std::vector<T>{value});
    }

    // A tensor over memory it does not own: no allocation, no reference count. The memory must
    // outlive every copy of the tensor.
    static Tensor borrowed(void* data, DataType dtype, std::vector<int64_t> dims, Device device = kHostDevice,
                           TensorFormat format = TensorFormat::Linear);
    // A tensor in memory from `allocator` (device memory, pinned host memory), freed with the last copy.
    static Tensor allocate(Allocator& allocator, DataType dtype, std::vector<int64_t> dims,
                           TensorFormat format = TensorFormat::Linear);
    // Points this tensor at borrowed memory with new dims, reusing its own dims buffer: no allocation
    // once the tensor has held a shape of this rank. Execution contexts rebind their slots each run.
    void rebind(void* data, DataType dtype, std::span<const int64_t> dims, Device device,
                TensorFormat format = TensorFormat::Linear);
    // This tensor becomes `src` seen with other dims (same element count), sharing src's storage
    // and reusing this tensor's dims buffer (views: Reshape, Flatten, Squeeze).
    void assignView(const Tensor& src, std::span<const int64_t> dims);
    // The same storage seen as another device or format (the emulated test backend hands its memory
    // to host kernels this way; reformat kernels relabel their output).
    Tensor relabeled(Device device, TensorFormat format) const;

    // Back to undefined, dropping the storage but keeping the dims buffer, so the next rebind or
    // assignView of this tensor allocates nothing (run loops reuse their slot tensors).
    void reset();

    bool defined() const { return dtype_ != DataType::Undefined; }
    Device device() const { return device_; }
    TensorFormat format() const { return format_; }
    // True when the storage belongs to someone else (borrowed(), rebind()).
    bool isBorrowed() const { return storage_ && storage_.use_count() == 0; }
    // Elements to step over for one step along logical `axis`, from the dims and the format.
    int64_t stride(size_t axis) const;
    DataType dtype() const { return dtype_; }
    const std::vector<int64_t>& dims() const { return dims_; }
    size_t rank() const { return dims_.size(); }
    int64_t dim(int axis) const { return dims_.at(size_t(axis)); }
    int64_t numel() const { return numel_; }
    size_t byteSize() const { return size_t(numel_) * dataTypeSize(dtype_); }

    void* raw() { return storage_ ? storage_.get() + offset_ : nullptr; }
    const void* raw() const { return storage_ ? storage_.get() + offset_ : nullptr; }

    // Typed host access: throws Internal for another dtype or for a tensor that is not in host memory
    // (a missing copy layer shows up here instead of as a wild read).
    template <typename T>
    T* data() {
        checkHostType(dataTypeOf<T>());
        return static_cast<T*>(raw());
    }
    template <typename T>
    const T* data() const {
        checkHostType(dataTypeOf<T>());
        return static_cast<const T*>(raw());
    }

    // Same storage, new dims with the same element count.
    Tensor reshaped(std::vector<int64_t> dims) const;
    // Rows [begin, end) of axis 0, sharing this storage (a view: writes through it show here).
    Tensor rows(int64_t begin, int64_t end) const;
    Tensor clone() const;
    bool sharesStorageWith(const Tensor& other) const { return storage_ == other.storage_; }
    // True when no other Tensor (copy, view, reshape) shares this storage.
    bool uniquelyOwned() const { return storage_ && storage_.use_count() == 1; }

    // Element i converted to double / int64, for any numeric dtype (slow; for shape code and tests).
    double scalarAsDouble(int64_t i) const;
    int64_t scalarAsInt64(int64_t i) const;
    // The whole tensor as int64 values (shape tensors, axes, pads).
    std::vector<int64_t> toInt64Vector() const;
    // The whole tensor as float32 values (for comparisons and statistics).
    std::vector<float> toFloatVector() const;

    std::string describe() const;  // "fp32[1,3,224,224]"

    // Largest tensor the process will allocate, in bytes (default 16 GiB).
    static void setMaxBytes(uint64_t bytes);
    static uint64_t maxBytes();
    // Element count of dims, or an error naming `what` (a Msg::Noun* phrase, or free text) if it
    // overflows or exceeds the limit.
    static int64_t checkedNumel(const std::vector<int64_t>& dims, DataType dtype, const Message& what);
    static int64_t checkedNumel(const std::vector<int64_t>& dims, DataType dtype, const std::string& what) {
        return checkedNumel(dims, dtype, Message(what));
    }
    // The element count, or -1 where checkedNumel would fail (no message is built: hot paths call
    // this first and checkedNumel only to report the failure).
    static int64_t numelOrInvalid(const std::vector<int64_t>& dims, DataType dtype);

private:
    void checkHostType(DataType expected) const {
        if (dtype_ != expected || !device_.isHost()) [[unlikely]]
            failAccess(expected);
    }
    [[noreturn]] void failAccess(DataType expected) const;
    [[noreturn]] static void failValueCount(size_t values, int64_t numel);
    void init(DataType dtype, std::vector<int64_t> dims, bool zero);

    DataType dtype_ = DataType::Undefined;
    std::vector<int64_t> dims_;
    int64_t numel_ = 0;
    std::shared_ptr<uint8_t[]> storage_;
    size_t offset_ = 0;
    Device device_;
    TensorFormat format_ = TensorFormat::Linear;
};

}  // namespace kiln
