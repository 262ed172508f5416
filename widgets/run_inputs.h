// RunInputs: what the profiler and the accuracy view feed the engine, as the user chose it —
// seeded random data (at the shapes chosen within the engine's profile, its opt shapes by
// default), a test_data_set_* folder next to the model, or .npy/.pb files, as `kiln run` reads
// them (engine_core/onnx/run_inputs.h). Every result names the inputs and shapes it came from
// (RunInputs::description), so a number never stands without them. No widgets.
#pragma once

#include <QString>
#include <QStringList>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine_core/builder/engine.h"
#include "engine_core/runtime/executor.h"
#include "profiler/compare.h"

namespace kiln::studio {

enum class InputSource { Random, TestDataSet, Files };

struct RunInputChoice {
    InputSource source = InputSource::Random;
    uint64_t seed = 1;
    QString dataSet;    // TestDataSet: a test_data_set_* folder
    QStringList files;  // Files: "file.npy" or "name=file.pb", as kiln run --input
    // Random: dims per input; an input not named takes profile 0's opt shape (the execution
    // context refuses dims outside the profile, naming the input and the range).
    std::map<std::string, std::vector<int64_t>> shapes;
    // A shape the user typed that does not parse (the chooser's message): makeRunInputs throws it,
    // so the run fails with it in the panel instead of running on other shapes.
    QString problem;
    bool operator==(const RunInputChoice&) const = default;
};

struct RunInputs {
    kiln::TensorMap tensors;
    QString source;  // "seeded random (seed 1)", "test_data_set_0", "files a.npy, b.pb"
    QString shapes;  // "input 1×3×32×32, mask 1×128", in the model's input order
    // "Input: <source>, shape <shapes>" (translated), what every result shows.
    QString description() const;
};

// The test_data_set_* folders in the model's folder (full paths, sorted).
QStringList testDataSetsNextTo(const QString& modelPath);

// "name:1x3x224x224, other:1x128" (kiln's --shapes syntax); throws kiln::Error naming a bad item.
std::map<std::string, std::vector<int64_t>> parseShapeText(const QString& text);
QString shapeText(const std::map<std::string, std::vector<int64_t>>& shapes);
// "1x3x32x32" <-> dims ("1×3×32×32", "1,3,32,32" and spaces read too); parseDims returns false on
// anything else (an empty text included).
QString dimsText(const std::vector<int64_t>& dims, QChar separator = QLatin1Char('x'));
bool parseDims(const QString& text, std::vector<int64_t>* dims);

// The inputs for one run of `engine` built from `model`. Errors (a file that does not fit the
// model, an unknown input name, a shape outside the engine's profile 0) throw, with a message
// naming the input.
RunInputs makeRunInputs(const kiln::Engine& engine, const kiln::Graph& model, const RunInputChoice& choice);
// The same for an engine still to be built with `profiles` (its build config's): the precision
// search builds its own engines from the settings, on the inputs the accuracy view would use.
RunInputs makeRunInputs(const std::vector<kiln::OptimizationProfile>& profiles, const kiln::Graph& model,
                        const RunInputChoice& choice);

// Stored outputs, the expected values a test data set carries (test_data_set_N/output_K.pb): the
// accuracy view compares the engine's outputs with them instead of the reference run's when asked.
// Why `choice` can't be compared with stored outputs (translated: the inputs are not a test data
// set, or its folder holds no output_K.pb); "" when it can. Reads the folder's listing only.
QString storedOutputsProblem(const RunInputChoice& choice);
// The chosen data set's folder name ("test_data_set_0"); "" when the inputs are not a data set.
QString storedOutputsDataSet(const RunInputChoice& choice);
// The stored outputs bound to the model's outputs as `kiln run --test-data` binds them (by name when
// every file names a distinct output, else by position). Throws storedOutputsProblem's message, or
// the library's naming the file (unreadable) or the folder (more files than outputs).
kiln::StoredOutputs loadStoredOutputs(const kiln::Graph& model, const RunInputChoice& choice);
// Files bound by position whose TensorProto name field names something else (translated, one line
// each, naming the file, the field and the output it is compared with); empty when none.
QStringList storedOutputNameNotes(const kiln::StoredOutputs& stored);

}  // namespace kiln::studio
