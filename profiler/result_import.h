// Reading back what profiler/ writes, so a saved result (a Kiln Studio workspace) shows again
// without the engine or a new run:
//   importLayerInfoJson        exportLayerInfoJson's {"Layers", "Bindings"} → layer descriptions;
//   exportProfileSamplesJson   every raw sample of a LayerProfiler with its run grouping, and
//   importProfileSamplesJson   back, so makeLayerProfileReport / exportChromeTrace give the same
//                              report and timeline as before (medians and percentiles are exact);
//   importCompareReportJson    CompareReport::toJson → CompareReport. The export writes non-finite
//                              numbers as null; they read back as +inf for max_rel and snr_db (the
//                              only infinities a comparison produces: x/0 and an exact match) and
//                              as NaN elsewhere.
// Errors are InvalidArgument naming `source` and the field.
#pragma once

#include <string>
#include <vector>

#include "profiler/compare.h"
#include "profiler/layer_profiler.h"
#include "profiler/profile_report.h"

namespace kiln {

struct LayerInfo {
    std::vector<LayerDescription> layers;
    std::vector<std::string> bindings;
};
LayerInfo importLayerInfoJson(const std::string& text, const std::string& source);

std::string exportProfileSamplesJson(const LayerProfiler& profiler);
void importProfileSamplesJson(const std::string& text, const std::string& source, LayerProfiler& into);

CompareReport importCompareReportJson(const std::string& text, const std::string& source);

}  // namespace kiln
