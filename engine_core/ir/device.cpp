#include "engine_core/ir/device.h"

#include <charconv>

namespace kiln {

std::string_view deviceTypeName(DeviceType type) {
    switch (type) {
        case DeviceType::Cpu: return "cpu";
        case DeviceType::Cuda: return "cuda";
        case DeviceType::Emulated: return "emulated";
    }
    return "?";
}

std::string Device::str() const {
    if (type == DeviceType::Cpu) return "cpu";
    return std::string(deviceTypeName(type)) + ":" + std::to_string(index);
}

std::optional<Device> Device::parse(std::string_view text) {
    const size_t colon = text.find(':');
    const std::string_view name = text.substr(0, colon);
    Device d;
    if (name == "cpu") d.type = DeviceType::Cpu;
    else if (name == "cuda") d.type = DeviceType::Cuda;
    else if (name == "emulated") d.type = DeviceType::Emulated;
    else return std::nullopt;
    if (colon != std::string_view::npos) {
        const std::string_view digits = text.substr(colon + 1);
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), d.index);
        if (ec != std::errc() || end != digits.data() + digits.size() || d.index < 0) return std::nullopt;
        if (d.type == DeviceType::Cpu && d.index != 0) return std::nullopt;
    }
    return d;
}

std::string_view tensorFormatName(TensorFormat format) {
    switch (format) {
        case TensorFormat::Linear: return "linear";
        case TensorFormat::NHWC: return "nhwc";
    }
    return "?";
}

std::optional<TensorFormat> parseTensorFormat(std::string_view name) {
    if (name == "linear") return TensorFormat::Linear;
    if (name == "nhwc") return TensorFormat::NHWC;
    return std::nullopt;
}

}  // namespace kiln
