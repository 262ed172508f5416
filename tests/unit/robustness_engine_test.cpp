// Regression tests for engine-file loading on damaged input that passes the checksum (a file edited
// and re-checksummed, or a bug in a writer): each gets one clear "corrupt" error, never UB or a crash.
#include <gtest/gtest.h>

#include <cstring>

#include "engine_core/builder/engine_format.h"
#include "tests/unit/builder_test_util.h"

namespace kiln::test {
namespace {

std::string le32(uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); }
std::string le64(int64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); }

void fixChecksum(std::string& bytes) {
    uint64_t sum = fnv1a64(bytes.data(), bytes.size() - 8);
    std::memcpy(&bytes[bytes.size() - 8], &sum, 8);
}

// Replaces the one occurrence of `from` (same length as `to`) and fixes the checksum.
std::string patched(std::string bytes, const std::string& from, const std::string& to) {
    size_t at = bytes.find(from);
    EXPECT_NE(at, std::string::npos);
    EXPECT_EQ(bytes.find(from, at + 1), std::string::npos) << "pattern is not unique";
    bytes.replace(at, from.size(), to);
    fixChecksum(bytes);
    return bytes;
}

// Constant dims whose product overflows int64 used to be multiplied unchecked (UBSan: signed overflow);
// the wrapped product could even match the stored byte count.
TEST(RobustnessEngine, ConstantDimsThatOverflow) {
    std::string bytes = buildEngine(*makeTinyCnn(), tinyCnnConfig(0))->serialize();
    std::string w3Dims = le32(2) + le64(4) + le64(6);  // constant w3 is fp32[4,6]
    std::string bad = patched(bytes, w3Dims, le32(2) + le64(int64_t(1) << 40) + le64(int64_t(1) << 40));
    expectErrorContaining([&] { Engine::deserialize(bad, "dims.engine"); },
                          {"dims.engine", "corrupt", "constant 'w3'", "overflow"});
}

// A constant stored with no element type ("undefined") or as strings has no byte size to check, and
// its Tensor would have no storage for kernels to read: refused while loading.
TEST(RobustnessEngine, ConstantOfTypeWithoutData) {
    std::string bytes = buildEngine(*makeTinyCnn(), tinyCnnConfig(0))->serialize();
    std::string w3 = le32(4) + "fp32" + le32(2) + le64(4) + le64(6);  // dtype name, then dims
    for (DataType t : {DataType::Undefined, DataType::String}) {
        std::string name(dataTypeName(t));
        std::string bad = bytes;
        size_t at = bad.find(w3);
        ASSERT_NE(at, std::string::npos);
        bad.replace(at, w3.size(), le32(uint32_t(name.size())) + name + le32(2) + le64(4) + le64(6));
        // Re-frame: body length (after the header section), file size, checksum.
        uint64_t headerLen;
        std::memcpy(&headerLen, &bad[24], 8);
        size_t bodyLenAt = 32 + size_t(headerLen);
        uint64_t bodyLen = bad.size() - 8 - (bodyLenAt + 8), size = bad.size();
        std::memcpy(&bad[bodyLenAt], &bodyLen, 8);
        std::memcpy(&bad[16], &size, 8);
        fixChecksum(bad);
        expectErrorContaining([&] { Engine::deserialize(bad, "type.engine"); },
                              {"type.engine", "corrupt", "constant 'w3'", "cannot hold data"});
    }
}

}  // namespace
}  // namespace kiln::test
