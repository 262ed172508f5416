// The fuzz targets' bodies, shared by the libFuzzer executables (fuzz_main.cpp, clang only) and by
// the corpus replay test (replay_test.cpp, any compiler, run by ctest). Each target swallows
// kiln::Error — a clean refusal is the expected outcome for hostile input — and lets everything
// else escape: another exception type, a sanitizer report, a crash or a hang is a bug.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace kiln::fuzz {

// Process-wide limits for fuzzing: tensors over 16 MiB are refused (ResourceLimit), one thread.
void initialize();

// (a) bytes → importOnnxBytes (checker, shape inference, import; no executor).
void importTarget(const uint8_t* data, size_t size);

// (b) structure-aware: the first two bytes pick a seed model (seed_models.txt), the rest drive
// mutations of attributes, dims, initializers, wiring and opset through the protobuf API; then
// import, optionally optimize, and run the executor on small random inputs.
void mutateTarget(const uint8_t* data, size_t size);

// (c) engine files: the bytes are an engine file; it is loaded as is and, when it has the magic,
// again with its size field and checksum fixed up (so mutations reach the body parser), then run.
void engineTarget(const uint8_t* data, size_t size);

// Serialized engines of the sample models (the seeds of target (c)); written to `dir` as
// tiny_cnn.engine and tiny_transformer.engine.
void writeEngineSeeds(const std::string& dir);

// The mutated model of target (b) for an input, serialized (for triage: `kiln inspect` it).
std::string mutatedModelBytes(const uint8_t* data, size_t size);

}  // namespace kiln::fuzz
