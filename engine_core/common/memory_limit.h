// The memory a run or a build may take (issue 14, item 5): one process-wide limit in bytes, by
// default a share of the machine's physical memory, set by `--memory-limit` (kiln build/run/
// compare). What would pass it stops before allocating with a ResourceLimit error naming the layer
// and the size: a tensor larger than the limit (Tensor::maxBytes), a kernel output that would
// take the host memory in use past it (KernelContext), an engine whose activation arena can't fit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiln {

// sysconf(_SC_PHYS_PAGES) * page size; 0 when the system does not say.
uint64_t physicalMemoryBytes();
// Three quarters of the physical memory (the rest for the OS, the model file and the program);
// no limit (UINT64_MAX) when the physical memory is unknown.
uint64_t defaultMemoryLimit();

// The limit in force: the one set, else defaultMemoryLimit().
uint64_t memoryLimit();
// nullopt goes back to the default.
void setMemoryLimit(std::optional<uint64_t> bytes);

// "512M", "8G", "1.5GiB", "64k", "4096" (bytes), "2T": K/M/G/T are powers of 1024, an optional
// "B" or "iB" after them. nullopt for anything else, zero, or a size past 2^63.
std::optional<uint64_t> parseByteSize(std::string_view text);

// Bytes of host tensor storage handed out and not yet released (Tensor's allocator keeps it).
uint64_t liveHostBytes();
void addLiveHostBytes(int64_t delta);

// Throws ResourceLimit when `bytes` more would take liveHostBytes() past memoryLimit(); `what`
// names the allocation ("node 'x' (ConstantOfShape) output 0").
void checkHostAllocation(uint64_t bytes, const std::string& what);

}  // namespace kiln
