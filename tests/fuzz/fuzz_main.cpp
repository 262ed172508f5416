// libFuzzer entry points (clang -fsanitize=fuzzer; built only with -DKILN_BUILD_FUZZERS=ON). One
// executable per target, chosen by KILN_FUZZ_TARGET: import, mutate or engine.
//   KILN_FUZZ_ENGINE_SEEDS=DIR kiln_fuzz_engine -runs=0   writes the engine seeds into DIR first.
#include <cstdlib>
#include <string>

#include "tests/fuzz/fuzz_harness.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    kiln::fuzz::initialize();
    if (const char* dir = std::getenv("KILN_FUZZ_ENGINE_SEEDS")) kiln::fuzz::writeEngineSeeds(dir);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
#if KILN_FUZZ_TARGET == 1
    kiln::fuzz::importTarget(data, size);
#elif KILN_FUZZ_TARGET == 2
    kiln::fuzz::mutateTarget(data, size);
#elif KILN_FUZZ_TARGET == 3
    kiln::fuzz::engineTarget(data, size);
#else
#error "KILN_FUZZ_TARGET must be 1 (import), 2 (mutate) or 3 (engine)"
#endif
    return 0;
}
