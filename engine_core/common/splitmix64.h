// splitmix64: a tiny, fast generator that gives the same sequence on every platform, so a seed
// reproduces random inputs (kiln run --seed) and fuzz cases anywhere.
#pragma once

#include <cstdint>

namespace kiln {

struct SplitMix64 {
    uint64_t state;
    uint64_t next() {
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)
};

}  // namespace kiln
