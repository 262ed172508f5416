// Where a tensor lives and how its elements are laid out. A Device names a memory space (the host,
// a CUDA GPU, or the emulated device of the runtime tests); a TensorFormat says how a tensor's
// logical dims (always N,C,H,W,... as in ONNX) map onto memory. TensorRT keeps dims logical and
// the format physical the same way (its TensorFormat::kHWC), as ONNX Runtime's OrtDevice keeps the
// device type apart from the provider that runs on it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiln {

enum class DeviceType : uint8_t {
    Cpu,       // host memory, read and written by the CPU kernels
    Cuda,      // an NVIDIA GPU's global memory
    Emulated,  // memory owned by the test backend that emulates a device in host RAM; host code must
               // not read it directly (it exercises copy layers without a GPU)
};
std::string_view deviceTypeName(DeviceType type);  // "cpu", "cuda", "emulated"

struct Device {
    DeviceType type = DeviceType::Cpu;
    int index = 0;

    bool operator==(const Device&) const = default;
    bool isHost() const { return type == DeviceType::Cpu; }
    std::string str() const;  // "cpu", "cuda:0", "emulated:0"
    // Parses str()'s form ("cuda" means "cuda:0"); nullopt for anything else.
    static std::optional<Device> parse(std::string_view text);
};

inline constexpr Device kHostDevice{};

// The physical layout of a tensor whose logical dims are [N, C, spatial...].
enum class TensorFormat : uint8_t {
    Linear,  // row-major in the logical dim order (NCHW for images): every tensor that has no other format
    NHWC,    // channels last: rank 3..5 tensors [N, C, D...] stored as [N, D..., C]
};
std::string_view tensorFormatName(TensorFormat format);  // "linear", "nhwc"
std::optional<TensorFormat> parseTensorFormat(std::string_view name);

}  // namespace kiln
