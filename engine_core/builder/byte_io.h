// Little-endian binary writer/reader for engine files. The reader checks every read against the
// end of its buffer, so a damaged file yields an error naming the offset, never a crash.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "engine_core/common/error.h"

namespace kiln::engine_io {

// Writes into a buffer, except for referenced pieces (reference()): large data (an engine's
// weights) that stays where it is until the writer is flattened (bytes()) or streamed piece by
// piece (forEachPiece()), so saving an engine copies its weights once, into the file. Offsets
// (size(), placeholderU64, patchU64, align) count every byte, referenced ones included.
class ByteWriter {
public:
    // The whole output in one buffer (referenced pieces copied in).
    std::string& bytes() {
        if (!refs_.empty()) {
            std::string flat;
            flat.reserve(size());
            forEachPiece([&](const char* data, size_t n) { flat.append(data, n); });
            out_ = std::move(flat);
            refs_.clear();
            refBytes_ = 0;
        }
        return out_;
    }
    size_t size() const { return out_.size() + refBytes_; }

    void raw(const void* data, size_t n) { out_.append(static_cast<const char*>(data), n); }
    // `n` bytes at `data`, read when the output is flattened or streamed: the caller keeps them
    // unchanged and alive until then.
    void reference(const void* data, size_t n) {
        if (n == 0) return;
        refs_.push_back({out_.size(), static_cast<const char*>(data), n});
        refBytes_ += n;
    }
    // Calls f(data, n) for each piece of the output, in order.
    template <typename F>
    void forEachPiece(F&& f) const {
        size_t at = 0;
        for (const Ref& r : refs_) {
            if (r.before > at) f(out_.data() + at, r.before - at);
            f(r.data, r.n);
            at = r.before;
        }
        if (out_.size() > at) f(out_.data() + at, out_.size() - at);
    }
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
    // Zero bytes up to a multiple of `alignment` from the start of the output.
    void align(size_t alignment) {
        while (size() % alignment) out_.push_back('\0');
    }
    // Reserves a u64 to patch later with patchU64.
    size_t placeholderU64() {
        size_t at = size();
        u64(0);
        return at;
    }
    // Overwrites the u64 at output offset `at` (written by raw/pod, not a referenced piece).
    void patchU64(size_t at, uint64_t v) {
        size_t skipped = 0;  // referenced bytes before `at`
        for (const Ref& r : refs_) {
            if (at < r.before + skipped) break;
            KILN_CHECK(at >= r.before + skipped + r.n, Internal, "patching referenced bytes at offset ", at);
            skipped += r.n;
        }
        const size_t physical = at - skipped;
        KILN_CHECK(physical + sizeof v <= out_.size(), Internal, "patching past the end at offset ", at);
        std::memcpy(&out_[physical], &v, sizeof v);
    }

private:
    struct Ref {
        size_t before;  // the referenced bytes come before out_[before]
        const char* data;
        size_t n;
    };
    std::string out_;
    std::vector<Ref> refs_;
    size_t refBytes_ = 0;
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
