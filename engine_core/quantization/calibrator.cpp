#include "engine_core/quantization/calibrator.h"

#include <filesystem>
#include <unordered_map>

#include "engine_core/common/message_catalogue.h"
#include "engine_core/quantization/calibration_data.h"
#include "engine_core/quantization/histogram.h"
#include "engine_core/runtime/executor.h"

namespace kiln {

namespace {

bool isFloating(DataType t) {
    return t == DataType::Float32 || t == DataType::Float64 || t == DataType::Float16 || t == DataType::BFloat16;
}

void addTensor(AbsHistogram& h, const Tensor& t) {
    const int64_t n = t.numel();
    switch (t.dtype()) {
        case DataType::Float32: h.add(t.data<float>(), size_t(n)); return;
        case DataType::Float64: {
            std::vector<float> f(static_cast<size_t>(n));
            const double* p = t.data<double>();
            for (int64_t i = 0; i < n; ++i) f[size_t(i)] = float(p[i]);
            h.add(f);
            return;
        }
        case DataType::Float16:
        case DataType::BFloat16: {
            std::vector<float> f(static_cast<size_t>(n));
            const uint16_t* p = static_cast<const uint16_t*>(t.raw());
            bool half = t.dtype() == DataType::Float16;
            for (int64_t i = 0; i < n; ++i) f[size_t(i)] = half ? halfToFloat(p[i]) : bfloat16ToFloat(p[i]);
            h.add(f);
            return;
        }
        default: return;
    }
}

float rangeOf(const AbsHistogram& h, const CalibrationSettings& s) {
    switch (s.algorithm) {
        case CalibrationAlgorithm::MinMax: return minMaxRange(h);
        case CalibrationAlgorithm::Entropy: return entropyRange(h);
        case CalibrationAlgorithm::Percentile: return percentileRange(h, s.percentile);
    }
    return minMaxRange(h);
}

void warn(CalibrationOutcome& out, Message warning) {
    out.warnings.push_back(warning.text());
    out.warningMessages.push_back(std::move(warning));
}

}  // namespace

CalibrationTable calibrate(const Graph& model, const CalibrationSettings& settings,
                           const CalibrationCallbacks& callbacks) {
    auto cancelled = [&] { return callbacks.cancelled && callbacks.cancelled(); };
    std::vector<CalibrationBatch> batches = findCalibrationBatches(settings.dataFolder);
    if (settings.maxBatches > 0 && batches.size() > size_t(settings.maxBatches)) batches.resize(size_t(settings.maxBatches));
    std::unique_ptr<Executor> executor;
    try {
        executor = std::make_unique<Executor>(model);
    } catch (const Error& e) {
        fail(e.kind(), msg<Msg::CalibrationExecutorFailed>("cause"_a = e.message()));
    }
    // One histogram per floating-point activation, in first-seen order of the names.
    std::unordered_map<std::string, AbsHistogram> stats;
    auto observe = [&](const std::string& name, const Tensor& t) {
        if (t.defined() && isFloating(t.dtype())) addTensor(stats[name], t);
    };
    const size_t n = batches.size();
    if (callbacks.progress) callbacks.progress(0, n, "");
    for (size_t b = 0; b < n; ++b) {
        if (cancelled()) fail(ErrorKind::Cancelled, msg<Msg::CalibrationCancelled>());
        TensorMap inputs = loadCalibrationBatch(model, batches[b]);
        RunOptions options;
        options.keepIntermediates = true;
        options.cancelled = cancelled;
        TensorMap produced;
        try {
            produced = executor->run(inputs, options);
        } catch (const Error& e) {
            if (cancelled()) fail(ErrorKind::Cancelled, msg<Msg::CalibrationCancelled>());
            fail(e.kind(),
                 msg<Msg::CalibrationBatchFailed>("batch"_a = batches[b].dir, "cause"_a = e.message()));
        }
        for (const auto& [name, t] : inputs) observe(name, t);
        for (const auto& [name, t] : produced) observe(name, t);
        if (callbacks.progress)
            callbacks.progress(b + 1, n, std::filesystem::path(batches[b].dir).filename().string());
    }
    CalibrationTable table;
    table.algorithm = calibratorTag(settings);
    for (const auto& [name, h] : stats) table.ranges[name] = rangeOf(h, settings);
    return table;
}

CalibrationOutcome obtainCalibration(const Graph& model, const CalibrationSettings& settings,
                                     const CalibrationCallbacks& callbacks) {
    CalibrationOutcome out;
    const std::string tag = calibratorTag(settings);
    std::error_code ec;
    if (!settings.cachePath.empty() && std::filesystem::exists(settings.cachePath, ec)) {
        CalibrationTable cached = loadCalibrationCache(settings.cachePath);
        if (cached.algorithm == tag) {
            if (callbacks.progress) callbacks.progress(0, 1, "");
            out.table = std::move(cached);
            out.fromCache = true;
            // Names the cache has but the model lacks: a cache from another model, most likely.
            size_t unknown = 0;
            for (const auto& [name, amax] : out.table.ranges)
                if (!model.findValue(name)) ++unknown;
            if (unknown)
                warn(out, msg<Msg::CalibrationCacheTensorsNotInModel>("cache"_a = settings.cachePath,
                                                                      "count"_a = unknown,
                                                                      "total"_a = out.table.ranges.size()));
            // The progress line travels as text through the builder's callback (builder.cpp).
            if (callbacks.progress)
                callbacks.progress(1, 1,
                                   msg<Msg::CalibrationRangesFromCache>("count"_a = out.table.ranges.size(),
                                                                        "cache"_a = settings.cachePath)
                                       .text());
            return out;
        }
        KILN_CHECK(!settings.dataFolder.empty(), InvalidArgument,
                   msg<Msg::CalibrationCacheOtherCalibrator>("cache"_a = settings.cachePath,
                                                             "cacheCalibrator"_a = cached.algorithm,
                                                             "calibrator"_a = tag));
        warn(out, msg<Msg::CalibrationCacheRecalibrating>("cache"_a = settings.cachePath,
                                                          "cacheCalibrator"_a = cached.algorithm,
                                                          "calibrator"_a = tag));
    }
    KILN_CHECK(!settings.dataFolder.empty(), InvalidArgument,
               msg<Msg::ConfigField>("field"_a = "calibration.dataFolder", "cause"_a = msg<Msg::Int8NoCalibrationDataNoCache>()));
    std::vector<CalibrationBatch> batches = findCalibrationBatches(settings.dataFolder);
    out.batches = settings.maxBatches > 0 ? std::min(batches.size(), size_t(settings.maxBatches)) : batches.size();
    out.table = calibrate(model, settings, callbacks);
    out.writeCache = !settings.cachePath.empty();
    return out;
}

}  // namespace kiln
