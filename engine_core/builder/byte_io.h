// Little-endian binary writer/reader for engine files. The reader checks every read against the
// end of its buffer, so a damaged file yields an error naming the offset, never a crash.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "engine_core/common/error.h"

namespace kiln::engine_io {

class ByteWriter {
public:
    std::string& bytes() { return out_; }
    size_t size() const { return out_.size(); }

    void raw(const void* data, size_t n) { out_.append(static_cast<const char*>(data), n); }
    template <typename T>
    void pod(T v) {
        static_assert(std::is_trivially_copyable_v<T>);
        raw(&v, sizeof(T));  // the formats are little-endian; Kiln builds only for little-endian hosts
    }
    void u8(uint8_t v) { pod(v); }
    void u32(uint32_t v) { pod(v); }
    void u64(uint64_t v) { pod(v); }
    void i64(int64_t v) { pod(v); }
    void f32(float v) { pod(v); }
    void str(const std::string& s) {
        u32(uint32_t(s.size()));
        raw(s.data(), s.size());
    }
    void dims(const std::vector<int64_t>& d) {
        u32(uint32_t(d.size()));
        for (int64_t x : d) i64(x);
    }
    // Zero bytes up to a multiple of `alignment` from the start of the buffer.
    void align(size_t alignment) {
        while (out_.size() % alignment) out_.push_back('\0');
    }
    // Reserves a u64 to patch later with patchU64.
    size_t placeholderU64() {
        size_t at = out_.size();
        u64(0);
        return at;
    }
    void patchU64(size_t at, uint64_t v) { std::memcpy(&out_[at], &v, sizeof v); }

private:
    std::string out_;
};

class ByteReader {
public:
    ByteReader(const std::string& bytes, size_t begin, size_t end, std::string source)
        : bytes_(bytes), pos_(begin), end_(end), source_(std::move(source)) {}

    size_t pos() const { return pos_; }
    size_t remaining() const { return end_ - pos_; }
    bool atEnd() const { return pos_ == end_; }

    [[noreturn]] void corrupt(const std::string& what) const {
        fail(ErrorKind::InvalidArgument, "engine file '", source_, "' is corrupt: ", what, " at offset ", pos_);
    }
    const char* take(size_t n) {
        if (n > remaining()) corrupt(concat("needs ", n, " more bytes, ", remaining(), " left"));
        const char* p = bytes_.data() + pos_;
        pos_ += n;
        return p;
    }
    template <typename T>
    T pod() {
        T v;
        std::memcpy(&v, take(sizeof(T)), sizeof(T));
        return v;
    }
    uint8_t u8() { return pod<uint8_t>(); }
    uint32_t u32() { return pod<uint32_t>(); }
    uint64_t u64() { return pod<uint64_t>(); }
    int64_t i64() { return pod<int64_t>(); }
    float f32() { return pod<float>(); }
    std::string str() {
        uint32_t n = u32();
        return std::string(take(n), n);
    }
    // A count of items of at least `minItemBytes` each: bounded by what is left, so a flipped
    // length can't make the loader allocate gigabytes.
    uint32_t count(size_t minItemBytes) {
        uint32_t n = u32();
        if (minItemBytes && size_t(n) > remaining() / minItemBytes) corrupt(concat("count ", n, " exceeds the data"));
        return n;
    }
    std::vector<int64_t> dims() {
        uint32_t n = count(8);
        std::vector<int64_t> d(n);
        for (auto& x : d) x = i64();
        return d;
    }
    void align(size_t alignment) {
        size_t pad = (alignment - pos_ % alignment) % alignment;
        take(pad);
    }

private:
    const std::string& bytes_;
    size_t pos_, end_;
    std::string source_;
};

}  // namespace kiln::engine_io
