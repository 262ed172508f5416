// Streams and timers: the order work runs in on a device, and how long it took. A CPU stream runs
// each kernel as it is enqueued (a kernel returns when its work is done); a CUDA stream queues
// kernels on the GPU. Timers measure through the device's own clock (CUDA events on a GPU, the
// steady clock on the CPU), so tactic timing and per-layer profiles mean the same on both.
#pragma once

#include <memory>

#include "engine_core/ir/device.h"

namespace kiln {

// Work captured from a stream and replayed as one launch (a CUDA graph).
class StreamGraph {
public:
    virtual ~StreamGraph() = default;
    // Enqueues the captured work on `stream` (one of the same device).
    virtual void launch(Stream& stream) = 0;
};

class Stream {
public:
    virtual ~Stream() = default;
    virtual Device device() const = 0;
    // Waits until everything enqueued so far has finished.
    virtual void synchronize() = 0;
    // The backend's own handle (a cudaStream_t); nullptr on the CPU.
    virtual void* native() const { return nullptr; }

    // Graph capture (CUDA graphs): between beginCapture and endCapture, work enqueued on this stream
    // is recorded, not run; endCapture returns it ready to launch. Streams that can't capture (the
    // CPU's) say so through canCapture and throw Unsupported.
    virtual bool canCapture() const { return false; }
    virtual void beginCapture();
    virtual std::unique_ptr<StreamGraph> endCapture();
    // Ends a capture that failed part-way, discarding what was recorded; never throws.
    virtual void abortCapture() noexcept {}
};

class Timer {
public:
    virtual ~Timer() = default;
    // Marks the start and the end of the work to time, in `stream`'s order.
    virtual void start(Stream& stream) = 0;
    virtual void stop(Stream& stream) = 0;
    // Milliseconds between start and stop; waits for the stop mark to be reached.
    virtual double elapsedMs() = 0;
};

// The CPU's: an inline stream and a steady-clock timer.
std::unique_ptr<Stream> makeHostStream();
std::unique_ptr<Timer> makeSteadyClockTimer();

}  // namespace kiln
