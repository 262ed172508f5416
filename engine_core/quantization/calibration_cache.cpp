#include "engine_core/quantization/calibration_cache.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kiln {

namespace {

constexpr const char* kMagic = "KILN-CALIB-1";

std::string hexBits(float f) {
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", bits);
    return buf;
}

}  // namespace

std::string calibratorTag(const CalibrationSettings& s) {
    switch (s.algorithm) {
        case CalibrationAlgorithm::MinMax: return "minmax";
        case CalibrationAlgorithm::Entropy: return "entropy";
        case CalibrationAlgorithm::Percentile: {
            std::ostringstream os;
            os << "percentile-" << s.percentile;
            return os.str();
        }
    }
    return "?";
}

std::string calibrationCacheText(const CalibrationTable& table) {
    std::string out = std::string(kMagic) + " " + table.algorithm + "\n";
    for (const auto& [name, amax] : table.ranges) {
        KILN_CHECK(name.find('\n') == std::string::npos, InvalidArgument, "calibration cache: tensor name '", name,
                   "' contains a line break");
        out += name + ": " + hexBits(amax) + "\n";
    }
    return out;
}

CalibrationTable parseCalibrationCache(const std::string& text, const std::string& source) {
    std::istringstream in(text);
    std::string line;
    KILN_CHECK(std::getline(in, line) && line.rfind(kMagic, 0) == 0, InvalidArgument, source,
               ": not a Kiln calibration cache (the first line must start with ", kMagic, ")");
    CalibrationTable t;
    t.algorithm = line.size() > std::strlen(kMagic) + 1 ? line.substr(std::strlen(kMagic) + 1) : "";
    KILN_CHECK(!t.algorithm.empty(), InvalidArgument, source, ":1: the header names no calibration algorithm");
    for (int number = 2; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        size_t sep = line.rfind(": ");
        std::string hex = sep == std::string::npos ? "" : line.substr(sep + 2);
        bool ok = sep != std::string::npos && sep > 0 && hex.size() == 8 &&
                  hex.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
        KILN_CHECK(ok, InvalidArgument, source, ":", number, ": expected 'TENSOR: HEX' (8 hex digits), got '", line,
                   "'");
        uint32_t bits = uint32_t(std::stoul(hex, nullptr, 16));
        float amax;
        std::memcpy(&amax, &bits, 4);
        std::string name = line.substr(0, sep);
        KILN_CHECK(std::isfinite(amax) && amax >= 0, InvalidArgument, source, ":", number, ": tensor '", name,
                   "' has range ", amax, " (must be finite and >= 0)");
        KILN_CHECK(!t.ranges.count(name), InvalidArgument, source, ":", number, ": tensor '", name, "' listed twice");
        t.ranges[name] = amax;
    }
    return t;
}

CalibrationTable loadCalibrationCache(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    KILN_CHECK(in, Io, path, ": cannot open the calibration cache");
    std::stringstream ss;
    ss << in.rdbuf();
    return parseCalibrationCache(ss.str(), path);
}

void saveCalibrationCache(const CalibrationTable& table, const std::string& path) {
    std::string text = calibrationCacheText(table);
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        KILN_CHECK(out, Io, path, ": cannot write the calibration cache");
        out << text;
        out.close();
        KILN_CHECK(out, Io, path, ": writing the calibration cache failed");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::remove(tmp.c_str());
        fail(ErrorKind::Io, path, ": cannot write the calibration cache: ", ec.message());
    }
}

}  // namespace kiln
