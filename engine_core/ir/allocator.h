// Allocators: one per (device, kind of memory). The host allocator serves CPU tensors; a backend
// brings its own for device memory and pinned host memory (cudaMalloc, cudaHostAlloc). Execution
// contexts take one arena from them and plan every activation inside it (runtime/memory_plan.h), so
// a run allocates nothing.
#pragma once

#include <cstddef>
#include <memory>

#include "engine_core/ir/device.h"

namespace kiln {

enum class MemoryKind : uint8_t {
    Host,        // pageable host memory
    PinnedHost,  // page-locked host memory a device copies to and from asynchronously
    Device,      // the device's own memory (for the CPU backend: host memory)
};
std::string_view memoryKindName(MemoryKind kind);  // "host", "pinned host", "device"

class Allocator {
public:
    static constexpr size_t kDefaultAlignment = 256;  // cuBLASLt/cuDNN want 256; AVX-512 wants 64

    virtual ~Allocator() = default;
    virtual Device device() const = 0;
    virtual MemoryKind kind() const = 0;
    // At least `bytes` (0 gives a valid, unique pointer), aligned to `alignment` (a power of two).
    // Throws kiln::Error(ResourceLimit) naming the size and the device when the memory is not there.
    virtual void* allocate(size_t bytes, size_t alignment = kDefaultAlignment) = 0;
    virtual void deallocate(void* p, size_t bytes) noexcept = 0;
};

// Host memory (aligned operator new); thread-safe.
Allocator& hostAllocator();

// One block from an allocator, freed when the Buffer goes. Move-only.
class Buffer {
public:
    Buffer() = default;
    Buffer(Allocator& allocator, size_t bytes, size_t alignment = Allocator::kDefaultAlignment);
    ~Buffer() { reset(); }
    Buffer(Buffer&& other) noexcept { *this = std::move(other); }
    Buffer& operator=(Buffer&& other) noexcept;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;

    void* data() const { return data_; }
    size_t bytes() const { return bytes_; }
    Allocator* allocator() const { return allocator_; }
    void reset();

private:
    Allocator* allocator_ = nullptr;
    void* data_ = nullptr;
    size_t bytes_ = 0;
};

}  // namespace kiln
