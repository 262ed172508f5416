// The memory planner: every activation of a run gets an offset in one arena per device, from the
// tensors' lifetimes (the steps between the one writing a value and the last one reading it) and
// their sizes at the optimization profile's max shapes. Two tensors share bytes only when their
// lifetimes don't overlap. Placement is greedy by size, largest first, each into the smallest gap
// that holds it (TFLite's GreedyBySize; TensorRT and ONNX Runtime's memory patterns plan the same
// way). A view (Reshape) shares its input's block; an element-wise layer may write over an input
// that dies there. The scratch of the layers on one device shares one workspace after the
// activations: layers on one stream run one at a time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine_core/ir/device.h"
#include "engine_core/runtime/run_plan.h"

namespace kiln {

struct MemoryPlanRequest {
    // Per slot of the run plan: bytes at the profile's max shapes; 0 for a slot kept out of the
    // arenas (graph inputs and outputs, constants, values whose size is not known).
    std::vector<uint64_t> slotBytes;
    std::vector<Device> slotDevices;  // per slot
    // Per step: the scratch it used at the max shapes, and its device.
    std::vector<uint64_t> stepScratch;
    std::vector<Device> stepDevices;
    // (step, output slot, input slot): the output is a view of the input (always shares its block).
    struct Share {
        size_t step;
        int output;
        int input;
    };
    std::vector<Share> aliases;
    // (step, output slot, input slot): may share when the input dies at that step.
    std::vector<Share> inPlace;
    uint64_t alignment = 256;
};

struct MemoryPlan {
    struct Placement {
        int arena = -1;  // index into arenas; -1: not in an arena
        uint64_t offset = 0;
        uint64_t bytes = 0;
    };
    struct Arena {
        Device device;
        uint64_t activationBytes = 0;  // the peak of the activations placed here
        uint64_t workspaceBytes = 0;   // after them: the largest scratch of a step on this device
        uint64_t totalBytes() const { return activationBytes + workspaceBytes; }
    };
    std::vector<Placement> placements;  // per slot (not "slots": a Qt macro)
    std::vector<Arena> arenas;     // one per device that has activations or scratch
    // Every planned tensor's bytes added up: what the arena saves against one block per tensor.
    uint64_t tensorBytes = 0;

    int arenaOf(Device device) const;  // -1 when none
    uint64_t totalBytes() const;       // all arenas
    std::string summary() const;       // "cpu: 1.2 MiB activations + 64 KiB workspace"
};

MemoryPlan planMemory(const RunPlan& run, const MemoryPlanRequest& request);

// "1.5 MiB", "512 B"
std::string formatBytes(uint64_t bytes);

}  // namespace kiln
