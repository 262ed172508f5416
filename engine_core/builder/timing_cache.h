// The tactic timing cache: signature of a layer (op, domain, attributes, input dtypes/shapes,
// backend, device) → the tactic chosen and its time. A JSON file, so a user can read it; written
// atomically by the builder after a successful build.
#pragma once

#include <map>
#include <string>

#include "engine_core/ir/graph.h"
#include "engine_core/ir/precision.h"

namespace kiln {

struct TimingCacheEntry {
    std::string tactic;
    float ms = 0;
    std::string data;  // the tactic's chosen variant (KernelDef::variants), opaque; "" for none
};

class TimingCache {
public:
    // An empty cache when the file does not exist; InvalidArgument naming the file if it is not a
    // timing cache (a corrupt cache is an error, not silently ignored, so the user knows).
    static TimingCache load(const std::string& path);
    void save(const std::string& path) const;  // temp file + rename

    // The layer's signature: op, domain, attributes, each input's dtype and dims (constants included
    // by shape, not by value), backend and device.
    // A layer's precision and format are part of it when they are not fp32 and linear.
    static std::string signature(const Node& node, const std::vector<const Tensor*>& inputs,
                                 const std::string& backend, const std::string& device,
                                 Precision precision = Precision::FP32, TensorFormat format = TensorFormat::Linear);

    const TimingCacheEntry* find(const std::string& signature) const;
    void put(const std::string& signature, TimingCacheEntry entry);
    size_t size() const { return entries_.size(); }

private:
    std::map<std::string, TimingCacheEntry> entries_;
};

}  // namespace kiln
