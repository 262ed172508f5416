#include "profiler/layer_profiler.h"

#include <algorithm>

#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"

namespace kiln {

void LayerProfiler::reportLayerTime(const std::string& layerName, float ms) {
    auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(mutex_);
    if (!started_) {
        started_ = true;
        // The first layer began `ms` before this report: put that start at 0.
        origin_ = now - std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double, std::milli>(ms));
    }
    // Runs report the layers in one order: the layer after the last one reported is checked first,
    // so a run of 10,000 layers costs one string compare per report instead of a map lookup.
    size_t layer = next_;
    if (layer >= layers_.size() || layers_[layer].name != layerName) {
        auto it = index_.find(layerName);
        if (it == index_.end()) {
            it = index_.emplace(layerName, layers_.size()).first;
            layers_.push_back({layerName, {}});
            seenInRun_.push_back(false);
        }
        layer = it->second;
    }
    next_ = layer + 1;
    // A layer reported twice means a new run began.
    if (runs_.empty() || seenInRun_[layer]) {
        runs_.emplace_back();
        runs_.back().reserve(layers_.size());  // as many reports as the runs before had
        std::fill(seenInRun_.begin(), seenInRun_.end(), false);
    }
    seenInRun_[layer] = true;
    double endMs = std::chrono::duration<double, std::milli>(now - origin_).count();
    layers_[layer].samples.push_back({double(ms), endMs});
    runs_.back().push_back({layer, layers_[layer].samples.size() - 1});
}

std::vector<LayerSamples> LayerProfiler::layers() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return layers_;
}

size_t LayerProfiler::runCount() const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (layers_.empty()) return 0;
    size_t n = layers_.front().samples.size();
    for (const LayerSamples& l : layers_) n = std::min(n, l.samples.size());
    return n;
}

std::vector<std::vector<LayerProfiler::RunEntry>> LayerProfiler::runs() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return runs_;
}

void LayerProfiler::reset() {
    std::lock_guard<std::mutex> lock(mutex_);
    layers_.clear();
    index_.clear();
    runs_.clear();
    seenInRun_.clear();
    next_ = 0;
    started_ = false;
}

void LayerProfiler::restore(std::vector<LayerSamples> layers, std::vector<std::vector<RunEntry>> runs) {
    for (size_t r = 0; r < runs.size(); ++r)
        for (const RunEntry& e : runs[r])
            KILN_CHECK(
                e.layer < layers.size() && e.sample < layers[e.layer].samples.size(), InvalidArgument,
                msg<Msg::ProfileRunBadSample>("run"_a = r, "sample"_a = e.sample, "layer"_a = e.layer));
    std::lock_guard<std::mutex> lock(mutex_);
    layers_ = std::move(layers);
    runs_ = std::move(runs);
    index_.clear();
    for (size_t i = 0; i < layers_.size(); ++i) index_[layers_[i].name] = i;
    // Later reports start a new run, as after any complete run.
    seenInRun_.assign(layers_.size(), true);
    next_ = 0;
    started_ = false;
}

}  // namespace kiln
