// The one fusion-legality check every fusion uses (STYLE.md point 6; compare ggml_can_fuse and
// ONNX Runtime's ConvBNFusion::SatisfyCondition). Fusing a producer with its consumers removes the
// intermediate tensor, which is only allowed when nothing else can observe it.
#pragma once

#include <string>
#include <vector>

#include "engine_core/ir/graph.h"

namespace kiln::passes {

// The backend a node is assigned to. Placeholder until the builder assigns backends per layer:
// every node is "" (unassigned) today, so the check below always passes, but each fusion already
// calls it and will stop crossing backend boundaries once the field exists.
std::string assignedBackend(const Node& node);

// True when `intermediate` may disappear inside a fused node made of `group`:
//  - it has a producer, which is in the group;
//  - every consumer reads it from inside the group (by default: exactly one consumer);
//  - it is not a graph output (a graph output must stay observable);
//  - its element type is a floating type, the same as the producer's first floating input (so the fused
//    kernel computes in the precision the unfused graph did);
//  - producer and consumers are on the same backend.
// `why`, when given, receives a short reason for a refusal (tests and --verbose logs use it).
// `requireFloat` = false skips the precision rule for internal non-float tensors (a NaN mask).
bool canFuseThrough(const Value* intermediate, const std::vector<const Node*>& group, std::string* why = nullptr,
                    bool requireFloat = true);

// Convenience: a producer → consumer pair with the intermediate read by the consumer only.
bool canFuse(const Node& producer, const Node& consumer, std::string* why = nullptr);

}  // namespace kiln::passes
