#include "engine_core/quantization/calibration_cache.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine_core/common/message_catalogue.h"

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
        KILN_CHECK(name.find('\n') == std::string::npos, InvalidArgument,
                   msg<Msg::CalibrationCacheNameLineBreak>("name"_a = name));
        out += name + ": " + hexBits(amax) + "\n";
    }
    return out;
}

CalibrationTable parseCalibrationCache(const std::string& text, const std::string& source) {
    std::istringstream in(text);
    std::string line;
    KILN_CHECK(std::getline(in, line) && line.rfind(kMagic, 0) == 0, InvalidArgument,
               msg<Msg::CalibrationCacheBadMagic>("file"_a = source, "magic"_a = kMagic));
    CalibrationTable t;
    t.algorithm = line.size() > std::strlen(kMagic) + 1 ? line.substr(std::strlen(kMagic) + 1) : "";
    KILN_CHECK(!t.algorithm.empty(), InvalidArgument,
               msg<Msg::CalibrationCacheNoAlgorithm>("file"_a = source));
    for (int number = 2; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        size_t sep = line.rfind(": ");
        std::string hex = sep == std::string::npos ? "" : line.substr(sep + 2);
        bool ok = sep != std::string::npos && sep > 0 && hex.size() == 8 &&
                  hex.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
        KILN_CHECK(ok, InvalidArgument,
                   msg<Msg::CalibrationCacheBadLine>("file"_a = source, "line"_a = number, "text"_a = line));
        uint32_t bits = uint32_t(std::stoul(hex, nullptr, 16));
        float amax;
        std::memcpy(&amax, &bits, 4);
        std::string name = line.substr(0, sep);
        KILN_CHECK(std::isfinite(amax) && amax >= 0, InvalidArgument,
                   msg<Msg::CalibrationCacheBadRange>("file"_a = source, "line"_a = number, "tensor"_a = name,
                                                      "range"_a = amax));
        KILN_CHECK(
            !t.ranges.count(name), InvalidArgument,
            msg<Msg::CalibrationCacheListedTwice>("file"_a = source, "line"_a = number, "tensor"_a = name));
        t.ranges[name] = amax;
    }
    return t;
}

CalibrationTable loadCalibrationCache(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    KILN_CHECK(in, Io, msg<Msg::CalibrationCacheCannotOpen>("file"_a = path));
    std::stringstream ss;
    ss << in.rdbuf();
    return parseCalibrationCache(ss.str(), path);
}

void saveCalibrationCache(const CalibrationTable& table, const std::string& path) {
    std::string text = calibrationCacheText(table);
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        KILN_CHECK(out, Io, msg<Msg::CalibrationCacheCannotWrite>("file"_a = path));
        out << text;
        out.close();
        KILN_CHECK(out, Io, msg<Msg::CalibrationCacheWriteFailed>("file"_a = path));
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::remove(tmp.c_str());
        fail(ErrorKind::Io,
             msg<Msg::CalibrationCacheCannotRename>("file"_a = path, "reason"_a = ec.message()));
    }
}

}  // namespace kiln
