// Low-level access to engine files (docs/engine-format.md): the checksum and the header section,
// for tools that inspect engines without loading them (`kiln inspect ENGINE`) and for the tests of
// the refusal paths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "engine_core/builder/engine.h"

namespace kiln {

constexpr char kEngineMagic[8] = {'K', 'I', 'L', 'N', 'E', 'N', 'G', '\0'};

// FNV-1a, 64 bit: the engine file checksum, over every byte before the trailing 8-byte checksum.
constexpr uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ull;
// FNV-1a over `size` bytes, continuing from `seed` (a previous call's result hashes the bytes that
// follow it).
uint64_t fnv1a64(const void* data, size_t size, uint64_t seed = kFnvOffsetBasis);

// Checks magic, format version, size and checksum (the same errors as Engine::deserialize) and
// returns the header section. Does not check backend/device compatibility.
EngineHeader readEngineHeader(const std::string& bytes, const std::string& source);

// The same file with its header section replaced and the size and checksum fixed up.
std::string replaceEngineHeader(const std::string& bytes, const EngineHeader& header, const std::string& source);

}  // namespace kiln
