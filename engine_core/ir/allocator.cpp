#include "engine_core/ir/allocator.h"

#include <algorithm>
#include <cstdlib>

#include "engine_core/common/error.h"

namespace kiln {

std::string_view memoryKindName(MemoryKind kind) {
    switch (kind) {
        case MemoryKind::Host: return "host";
        case MemoryKind::PinnedHost: return "pinned host";
        case MemoryKind::Device: return "device";
    }
    return "?";
}

namespace {

class HostAllocator final : public Allocator {
public:
    Device device() const override { return kHostDevice; }
    MemoryKind kind() const override { return MemoryKind::Host; }
    void* allocate(size_t bytes, size_t alignment) override {
        KILN_CHECK(alignment && (alignment & (alignment - 1)) == 0, Internal, "alignment ", alignment,
                   " is not a power of two");
        // aligned_alloc wants a size that is a multiple of the alignment.
        const size_t rounded = (std::max<size_t>(bytes, 1) + alignment - 1) / alignment * alignment;
        void* p = std::aligned_alloc(std::max(alignment, sizeof(void*)), rounded);
        KILN_CHECK(p, ResourceLimit, "out of host memory allocating ", bytes, " bytes");
        return p;
    }
    void deallocate(void* p, size_t) noexcept override { std::free(p); }
};

}  // namespace

Allocator& hostAllocator() {
    static HostAllocator* allocator = new HostAllocator;  // never destroyed: buffers may outlive statics
    return *allocator;
}

Buffer::Buffer(Allocator& allocator, size_t bytes, size_t alignment)
    : allocator_(&allocator), data_(allocator.allocate(bytes, alignment)), bytes_(bytes) {}

Buffer& Buffer::operator=(Buffer&& other) noexcept {
    if (this != &other) {
        reset();
        allocator_ = other.allocator_;
        data_ = other.data_;
        bytes_ = other.bytes_;
        other.allocator_ = nullptr;
        other.data_ = nullptr;
        other.bytes_ = 0;
    }
    return *this;
}

void Buffer::reset() {
    if (data_ && allocator_) allocator_->deallocate(data_, bytes_);
    allocator_ = nullptr;
    data_ = nullptr;
    bytes_ = 0;
}

}  // namespace kiln
