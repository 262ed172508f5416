// SmallVector: a vector that keeps its first N elements inside itself and goes to the heap only
// beyond them. Kernels hold their shape bookkeeping (dims, strides, broadcast plans, window
// geometry) in these, so a planned run allocates nothing for tensors of rank <= N (ONNX models
// rarely pass rank 6; a larger rank still works, through the heap). LLVM's SmallVector and
// absl::InlinedVector do the same. For trivially copyable T only.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <span>
#include <type_traits>
#include <vector>

namespace kiln {

template <typename T, size_t N = 8>
class SmallVector {
    static_assert(std::is_trivially_copyable_v<T>, "SmallVector holds trivially copyable types");

public:
    using value_type = T;
    using iterator = T*;
    using const_iterator = const T*;

    SmallVector() = default;
    explicit SmallVector(size_t n, T value = T()) { assign(n, value); }
    SmallVector(std::initializer_list<T> init) { assign(init.begin(), init.end()); }
    SmallVector(std::span<const T> s) { assign(s.begin(), s.end()); }  // NOLINT: implicit from spans
    SmallVector(const std::vector<T>& v) { assign(v.begin(), v.end()); }  // NOLINT: and vectors
    template <typename It, typename = std::enable_if_t<!std::is_integral_v<It>>>
    SmallVector(It first, It last) {
        assign(first, last);
    }
    SmallVector(const SmallVector& o) { assign(o.begin(), o.end()); }
    SmallVector& operator=(const SmallVector& o) {
        if (this != &o) assign(o.begin(), o.end());
        return *this;
    }
    SmallVector& operator=(std::span<const T> s) {
        assign(s.begin(), s.end());
        return *this;
    }
    ~SmallVector() {
        if (data_ != inline_) delete[] data_;
    }

    template <typename It>
    void assign(It first, It last) {
        const size_t n = size_t(std::distance(first, last));
        size_ = 0;
        reserve(n);
        std::copy(first, last, data_);
        size_ = n;
    }
    void assign(size_t n, T value) {
        size_ = 0;
        reserve(n);
        std::fill(data_, data_ + n, value);
        size_ = n;
    }
    void reserve(size_t n) {
        if (n <= capacity_) return;
        size_t cap = std::max(n, capacity_ * 2);
        T* fresh = new T[cap];
        std::copy(data_, data_ + size_, fresh);
        if (data_ != inline_) delete[] data_;
        data_ = fresh;
        capacity_ = cap;
    }
    void resize(size_t n, T value = T()) {
        reserve(n);
        if (n > size_) std::fill(data_ + size_, data_ + n, value);
        size_ = n;
    }
    void push_back(T v) {
        if (size_ == capacity_) reserve(size_ + 1);
        data_[size_++] = v;
    }
    void pop_back() { --size_; }
    void clear() { size_ = 0; }
    iterator insert(const_iterator pos, T v) {
        const size_t at = size_t(pos - data_);
        if (size_ == capacity_) reserve(size_ + 1);
        std::copy_backward(data_ + at, data_ + size_, data_ + size_ + 1);
        data_[at] = v;
        ++size_;
        return data_ + at;
    }
    iterator erase(const_iterator pos) {
        const size_t at = size_t(pos - data_);
        std::copy(data_ + at + 1, data_ + size_, data_ + at);
        --size_;
        return data_ + at;
    }

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T* data() { return data_; }
    const T* data() const { return data_; }
    T& operator[](size_t i) { return data_[i]; }
    const T& operator[](size_t i) const { return data_[i]; }
    T& front() { return data_[0]; }
    const T& front() const { return data_[0]; }
    T& back() { return data_[size_ - 1]; }
    const T& back() const { return data_[size_ - 1]; }
    iterator begin() { return data_; }
    iterator end() { return data_ + size_; }
    const_iterator begin() const { return data_; }
    const_iterator end() const { return data_ + size_; }

    operator std::span<const T>() const { return {data_, size_}; }  // NOLINT: passes where spans go
    std::span<const T> span() const { return {data_, size_}; }
    std::vector<T> vec() const { return std::vector<T>(begin(), end()); }

    friend bool operator==(const SmallVector& a, const SmallVector& b) {
        return a.size_ == b.size_ && std::equal(a.begin(), a.end(), b.begin());
    }

private:
    T inline_[N];
    T* data_ = inline_;
    size_t size_ = 0;
    size_t capacity_ = N;
};

// Kernels' shape bookkeeping.
using DimVector = SmallVector<int64_t, 8>;

}  // namespace kiln
