#include "widgets/library_text.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>
#include <vector>

#include "widgets/build_controller.h"

namespace kiln::studio {

namespace {

constexpr const char* kContext = "kiln::studio::LibraryText";

// One library sentence. `pattern` matches a whole line; `args` says what each capture is:
// 'n' a name or number, kept verbatim; 'm' a nested library sentence, translated in turn;
// 't' a term (a JSON type, "min"/"opt"/"max", ...) translated through the term table if known;
// 'c' a calibrator tag ("minmax", "entropy", "percentile-99.99"), named in words; 'f' a tensor
// format name ("linear", "nhwc": LibraryText::format).
struct Pattern {
    const char* pattern;
    const char* source;  // the English template, as the library writes the sentence
    const char* args;
};

// The fallback for free text (Msg::FreeText): sentences engine_core/builder, engine_core/runtime
// and kernels still throw as text, and the builder's warnings and progress lines, which travel as
// strings (BuildReport). engine_core/onnx, ir, passes, quantization and the profiler speak through
// the message catalogue (library_messages.cpp); a sentence of theirs is here only while the builder
// still passes it on as text. Each pattern goes when its sentence becomes a catalogue message.
//
// Most specific first: the first pattern that matches a line wins. The templates mirror the
// library's English exactly, so with the English catalogue a sentence comes back unchanged.
const Pattern kPatterns[] = {
    // --- BuilderConfig (engine_core/builder/builder_config*.cpp) ---
    {R"((.*?): field '(.*?)': (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: field '%2': %3"), "nnm"},
    {R"((.*?): invalid JSON: (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: invalid JSON: %2"), "nn"},
    {R"((.*?): cannot open the builder config file)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: cannot open the builder config file"), "n"},
    {R"((.*?): cannot write the builder config file)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: cannot write the builder config file"), "n"},
    {R"((.*?): cannot write the builder config file: (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: cannot write the builder config file: %2"), "nn"},
    {R"((.*?): writing the builder config file failed)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: writing the builder config file failed"), "n"},
    {R"(expected (.*?), got (\w+))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "expected %1, got %2"), "tt"},
    {R"('(.*?)' is not one of (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'%1' is not one of %2"), "nn"},
    {R"(unknown field)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "unknown field"), ""},
    {R"(missing)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "missing"), ""},
    // validate(): "FIELD: detail", the field as the JSON names it.
    {R"(((?:optimizationLevel|timingWarmup|timingIterations|precisions|layerPrecisions|profiles)(?:\[\d+\])?(?:\..*?)?|calibration\.\w+): (.*))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: %2"), "nm"},
    {R"((-?\d+) is outside 0\.\.3)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 is outside 0..3"), "n"},
    {R"((-?\d+) must be >= (-?\d+))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 must be >= %2"), "nn"},
    {R"((\w+) is not supported by the (\w+) backend \(it supports (.*)\))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 is not supported by the %2 backend (it supports %3)"), "nnn"},
    {R"(empty)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "empty"), ""},
    {R"((\w+) for '(.*?)' is not enabled in precisions)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 for '%2' is not enabled in precisions"), "nn"},
    {R"(min (\S+), opt (\S+) and max (\S+) must have the same rank)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "min %1, opt %2 and max %3 must have the same rank"), "nnn"},
    {R"(dim (\d+) is (-?\d+) \(must be >= 0\))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "dim %1 is %2 (must be >= 0)"), "nn"},
    {R"((\[[-\d,]*\]) exceeds max (\[[-\d,]*\]) at dim (\d+))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 exceeds max %2 at dim %3"), "nnn"},
    {R"((\[[-\d,]*\]) is outside \[min (\[[-\d,]*\]), max (\[[-\d,]*\])\] at dim (\d+))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 is outside [min %2, max %3] at dim %4"), "nnnn"},
    {R"(input '(.*?)' has dynamic shape (.*?); give it an optimization profile \(min/opt/max shapes\))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "input '%1' has dynamic shape %2; give it an optimization profile (min/opt/max shapes)"), "nn"},
    {R"(the model has no input named '(.*?)')", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "the model has no input named '%1'"), "n"},
    {R"(rank (\d+) but input '(.*?)' is (\S+) \(rank (\d+)\))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "rank %1 but input '%2' is %3 (rank %4)"), "nnnn"},
    {R"(dim (\d+) is (-?\d+) but input '(.*?)' (\S+) fixes it to (-?\d+))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "dim %1 is %2 but input '%3' %4 fixes it to %5"), "nnnnn"},
    {R"(missing dynamic input '(.*?)' (\S+))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "missing dynamic input '%1' %2"), "nn"},
    {R"(no layer, ONNX node or op type named '(.*?)')", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "no layer, ONNX node or op type named '%1'"), "n"},

    // --- timing cache ---
    {R"((.*?): cannot open the timing cache)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: cannot open the timing cache"), "n"},
    {R"((.*?): not a Kiln timing cache \(invalid JSON: (.*)\); delete it to start a new one)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: not a Kiln timing cache (invalid JSON: %2); delete it to start a new one"), "nn"},
    {R"((.*?): not a Kiln timing cache \(field 'format' is not '(.*?)'\))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: not a Kiln timing cache (field 'format' is not '%2')"), "nn"},
    {R"((.*?): timing cache version (-?\d+), this Kiln reads version (\d+); delete it to start a new one)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: timing cache version %2, this Kiln reads version %3; delete it to start a new one"), "nnn"},
    {R"((.*?): malformed timing cache: (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: malformed timing cache: %2"), "nn"},
    {R"((.*?): cannot write the timing cache)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: cannot write the timing cache"), "n"},
    {R"((.*?): writing the timing cache failed)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: writing the timing cache failed"), "n"},
    {R"((.*?): cannot write the timing cache: (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: cannot write the timing cache: %2"), "nn"},

    // --- INT8 calibration (BuilderConfig's calibration checks, the builder) ---
    // The calibrator's warnings and the progress line of a cache read (calibrator.cpp, catalogue
    // messages), as the builder passes them on: BuildReport::warnings and the progress callback
    // are strings. 'c' is a calibrator tag.
    {R"(calibration cache (.*?): (\d+) of (\d+) tensors are not in the model)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "calibration cache %1: %2 of %3 tensors are not in the model"), "nnn"},
    {R"(calibration cache (.*?) was made by the (\S+) calibrator: calibrating again with (\S+))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "calibration cache %1 was made by the %2 calibrator: calibrating again with %3"), "ncc"},
    {R"((\d+) ranges from (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 ranges from %2"), "nn"},
    // BuilderConfig::validate (the detail after the field).
    {R"(int8 is enabled but there is no calibration data and no calibration cache)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "int8 is enabled but there is no calibration data and no calibration cache"), ""},
    {R"(int8 is enabled but there is no calibration data and the calibration cache '(.*?)' does not exist)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "int8 is enabled but there is no calibration data and the calibration cache '%1' does not exist"), "n"},
    {R"(the cpu backend has no int8 layers yet \(int8 in precisions only calibrates\))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "the cpu backend has no int8 layers yet (int8 in precisions only calibrates)"), ""},
    {R"((\S+) is outside \(0, 100\])", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 is outside (0, 100]"), "n"},
    {R"((-?\d+) must be >= 0 \(0 = every batch\))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 must be >= 0 (0 = every batch)"), "n"},
    // The builder: its int8 warning and the Calibrate phase's summary.
    {R"(int8: the cpu backend computes every layer in fp32; the calibrated ranges are stored in the engine)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "int8: the cpu backend computes every layer in fp32; the calibrated ranges are stored in the engine"), ""},
    {R"((\d+) tensor ranges \((\S+)\))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 tensor ranges (%2)"), "nc"},

    // --- the builder (engine_core/builder/builder.cpp) and its progress summaries ---
    {R"(build cancelled)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "build cancelled"), ""},
    {R"(execution cancelled)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "execution cancelled"), ""},
    {R"((\d+) nodes)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 nodes"), "n"},
    {R"((\d+) -> (\d+) nodes)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 -> %2 nodes"), "nn"},
    {R"((\d+) layers, (\d+) bytes of weights, (\d+) bytes of activation memory)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 layers, %2 bytes of weights, %3 bytes of activation memory"), "nnn"},
    {R"((\d+) layers, (\d+) bytes of weights)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 layers, %2 bytes of weights"), "nn"},
    {R"((\d+) node\(s\) cannot run on the (\w+) backend:)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 node(s) cannot run on the %2 backend:"), "nn"},
    {R"(ONNX node '(.*?)' \(plugin (.*?)\): the plugin infers (\d+) outputs, the node has (\d+))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "ONNX node '%1' (plugin %2): the plugin infers %3 outputs, the node has %4"), "nnnn"},
    {R"(ONNX node '(.*?)' \(plugin (.*?)\): (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "ONNX node '%1' (plugin %2): %3"), "nnm"},
    {R"(ONNX node '(.*?)' \(from ONNX nodes? (.*)\) \(([^()]*)\): (.*))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "ONNX node '%1' (from ONNX nodes %2) (%3): %4"), "nnnm"},
    {R"(ONNX node '(.*?)' \(([^()]*)\): (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "ONNX node '%1' (%2): %3"), "nnm"},
    {R"(no (\w+) kernel and no plugin registered for (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "no %1 kernel and no plugin registered for %2"), "nn"},
    // Backend::supportsOp's reasons (engine_core/runtime/cpu_backend.cpp); %1 names the backend's
    // kernels ("CPU", "CUDA", "EMULATED").
    {R"(no (\w+) kernel for op (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "no %1 kernel for op %2"), "nn"},
    {R"(no (\w+) kernel for (\S+) in format (\w+))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "no %1 kernel for %2 in format %3"), "nnf"},
    {R"(no (\w+) kernel for (\S+) at (\w+))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "no %1 kernel for %2 at %3"), "nnn"},
    {R"((\w+) kernel for (\S+) does not take (\w+) for input (\d+))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 kernel for %2 does not take %3 for input %4"), "nnnn"},
    {R"((\w+) kernel for (\S+) does not take (\w+))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 kernel for %2 does not take %3"), "nnn"},
    {R"((\w+) kernel for (\S+) does not produce (\w+) \(output (\d+)\))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 kernel for %2 does not produce %3 (output %4)"), "nnnn"},
    // Backend assignment (engine_core/builder/builder_assign.cpp): the build's warnings and each
    // engine layer's note (a fallback, a copy between devices, a layout change; 'f' a format name).
    {R"(layer '(.*?)' \(from ONNX nodes? (.*?)\) falls back to cpu: (.*))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "layer '%1' (from ONNX nodes %2) falls back to cpu: %3"), "nnm"},
    {R"(layer '(.*?)' falls back to cpu: (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "layer '%1' falls back to cpu: %2"), "nm"},
    {R"((\d+) more layers fall back to cpu)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 more layers fall back to cpu"), "n"},
    {R"(falls back to cpu: (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "falls back to cpu: %1"), "m"},
    {R"(copies '(.*?)' to (\S+))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "copies '%1' to %2"), "nn"},
    {R"((\w+) -> (\w+) for '(.*?)')", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 -> %2 for '%3'"), "ffn"},
    // The backend registry (engine_core/runtime/backend_registry.cpp): why a backend is not
    // available (the build panel's backend tooltip), and get()'s errors.
    {R"(unknown backend '(.*?)' \(known: (.*)\))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "unknown backend '%1' (known: %2)"), "nn"},
    {R"(unknown backend '(.*?)')", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "unknown backend '%1'"), "n"},
    {R"(backend '(.*?)' has no implementation)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "backend '%1' has no implementation"), "n"},
    {R"(backend '(.*?)' made nothing)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "backend '%1' made nothing"), "n"},
    {R"(the (\w+) backend is not available: (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "the %1 backend is not available: %2"), "nm"},
    {R"((\S+) is not a Kiln backend module \(no kiln_register_backends\))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 is not a Kiln backend module (no kiln_register_backends)"), "n"},
    {R"((\S+) was built for backend ABI (-?\d+), this Kiln has (\d+))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 was built for backend ABI %2, this Kiln has %3"), "nnn"},
    {R"((\S+) did not register backend '(.*?)')", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 did not register backend '%2'"), "nn"},
    {R"((\S+) was not found)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 was not found"), "n"},
    {R"((\S+): cannot be loaded)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: cannot be loaded"), "n"},
    // dlerror()'s usual words (glibc), as the registry passes them on.
    {R"((.*?): cannot open shared object file: No such file or directory)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: cannot open shared object file: No such file or directory"), "n"},
    {R"(Kiln was built without the CUDA backend)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Kiln was built without the CUDA backend"), ""},
    // The CUDA module's probe (kernels/cuda/cuda_backend.cpp): CUDA API and error names stay as
    // they are; the runtime's usual error strings are translated.
    {R"(no CUDA device: (cuda\w+) failed: (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "no CUDA device: %1 failed: %2"), "nm"},
    {R"(no CUDA device: (cuda\w+) found none)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "no CUDA device: %1 found none"), "n"},
    {R"(no (sm_\w+) GPU \(the CUDA kernels are built for (sm_\w+) only\): (.*))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "no %1 GPU (the CUDA kernels are built for %2 only): %3"), "nnn"},
    {R"((cudaErrorInsufficientDriver): CUDA driver version is insufficient for CUDA runtime version)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: CUDA driver version is insufficient for CUDA runtime version"), "n"},
    {R"((cudaErrorNoDevice): no CUDA-capable device is detected)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: no CUDA-capable device is detected"), "n"},
    {R"(backend: cuda is not available: (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "backend: cuda is not available: %1"), "m"},
    {R"(tactic selection at profile 0's opt shapes, layer '(.*?)' \(from ONNX nodes? (.*?)\): (.*))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "tactic selection at profile 0's opt shapes, layer '%1' (from ONNX nodes %2): %3"), "nnm"},
    {R"(tactic selection at profile 0's opt shapes, layer '(.*?)': (.*))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "tactic selection at profile 0's opt shapes, layer '%1': %2"), "nm"},
    {R"(plugin library '(.*?)': no such file)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "plugin library '%1': no such file"), "n"},
    {R"(plugin library '(.*?)': cannot load: (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "plugin library '%1': cannot load: %2"), "nn"},

    // --- why a fusion was not compared with its unfused nodes (engine_core/builder/builder_tactics.cpp,
    // FusionTiming::note) ---
    {R"(fusion timing is off \(timing\.compareFusions\))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "fusion timing is off (timing.compareFusions)"), ""},
    {R"(its attributes have no exact unfused form)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "its attributes have no exact unfused form"), ""},
    {R"(an input is (\w+) \(its unfused nodes would take fp32 constants\))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "an input is %1 (its unfused nodes would take fp32 constants)"), "n"},
    {R"(the (\w+) backend has no (.*) kernel)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "the %1 backend has no %2 kernel"), "nn"},
    {R"(no (\w+) kernel of its (.*) applies)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "no %1 kernel of its %2 applies"), "nn"},
    {R"(its tactic needs more scratch than the workspace limit)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "its tactic needs more scratch than the workspace limit"), ""},
    {R"(its (.*) needs more scratch than the workspace limit)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "its %1 needs more scratch than the workspace limit"), "n"},
    {R"(its unfused nodes failed: (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "its unfused nodes failed: %1"), "m"},

    // --- engine files (engine_core/builder/engine*.cpp) ---
    {R"(cannot open engine file '(.*?)')", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "cannot open engine file '%1'"), "n"},
    {R"(cannot read engine file '(.*?)')", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "cannot read engine file '%1'"), "n"},
    {R"(cannot write engine file '(.*?)')", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "cannot write engine file '%1'"), "n"},
    {R"(cannot write engine file '(.*?)': (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "cannot write engine file '%1': %2"), "nn"},
    {R"(writing engine file '(.*?)' failed)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "writing engine file '%1' failed"), "n"},
    {R"('(.*?)' is not a Kiln engine file \(it does not start with "KILNENG"\))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'%1' is not a Kiln engine file (it does not start with \"KILNENG\")"), "n"},
    {R"(engine file '(.*?)' is truncated: (\d+) bytes, too short for the header)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine file '%1' is truncated: %2 bytes, too short for the header"), "nn"},
    {R"(engine file '(.*?)' is truncated: (\d+) of (\d+) bytes)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine file '%1' is truncated: %2 of %3 bytes"), "nnn"},
    {R"(engine file '(.*?)' has format version (\d+), this Kiln \((.*?)\) reads format version (\d+); rebuild the engine)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine file '%1' has format version %2, this Kiln (%3) reads format version %4; rebuild the engine"), "nnnn"},
    {R"(engine file '(.*?)' is corrupt: its size field says (\d+) bytes but the file has (\d+))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine file '%1' is corrupt: its size field says %2 bytes but the file has %3"), "nnn"},
    {R"(engine file '(.*?)' is corrupt: checksum mismatch \(stored (\w+), computed (\w+)\))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine file '%1' is corrupt: checksum mismatch (stored %2, computed %3)"), "nnn"},
    {R"(engine file '(.*?)' is corrupt: header section overruns the file)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine file '%1' is corrupt: header section overruns the file"), "n"},
    {R"(engine file '(.*?)' is corrupt: body section length does not match the file)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine file '%1' is corrupt: body section length does not match the file"), "n"},
    {R"(engine file '(.*?)' is corrupt: (.*) at offset (\d+))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine file '%1' is corrupt: %2 at offset %3"), "nmn"},
    {R"(needs (\d+) more bytes, (\d+) left)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "needs %1 more bytes, %2 left"), "nn"},
    {R"(count (\d+) exceeds the data)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "count %1 exceeds the data"), "n"},
    {R"((\d+) unexpected bytes after the last layer)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1 unexpected bytes after the last layer"), "n"},
    {R"(engine file '(.*?)' was built for (.*?) on (.*?), this machine is (.*))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine file '%1' was built for %2 on %3, this machine is %4"), "nnnn"},
    {R"(engine file '(.*?)': engine built for backend (.*?), this is (.*?) \((.*)\))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine file '%1': engine built for backend %2, this is %3 (%4)"), "nnnm"},
    {R"(engine file '(.*?)': engine built for (.*?), this is (.*))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine file '%1': engine built for %2, this is %3"), "nnn"},
    {R"(engine file '(.*?)' needs plugin (.*?) version (.*?), which is not registered \(load its library with --plugins\))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine file '%1' needs plugin %2 version %3, which is not registered (load its library with --plugins)"), "nnn"},
    {R"(engine file '(.*?)' needs plugin (.*?) version (.*?), but version (.*?) is registered)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine file '%1' needs plugin %2 version %3, but version %4 is registered"), "nnnn"},
    {R"(engine layer '(.*?)' needs plugin (.*?) version (.*?), which is not registered)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine layer '%1' needs plugin %2 version %3, which is not registered"), "nnn"},
    {R"(engine layer '(.*?)' needs plugin (.*?) version (.*?), but version (.*?) is registered)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine layer '%1' needs plugin %2 version %3, but version %4 is registered"), "nnnn"},
    {R"(engine layer '(.*?)' \((.*?)\) cannot run on the (\w+) backend: (.*))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine layer '%1' (%2) cannot run on the %3 backend: %4"), "nnnm"},
    {R"(engine layer '(.*?)' \((.*?)\) uses tactic '(.*?)', which this Kiln does not have)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine layer '%1' (%2) uses tactic '%3', which this Kiln does not have"), "nnn"},
    {R"(engine layer '(.*?)' reads tensor '(.*?)' before any layer produces it)",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine layer '%1' reads tensor '%2' before any layer produces it"), "nn"},
    {R"(engine output '(.*?)' is never produced)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine output '%1' is never produced"), "n"},

    // --- running (engine_core/builder/execution_context.cpp, engine_core/runtime/executor.cpp) ---
    {R"(optimization profile (-?\d+) does not exist \(the engine has (\d+) profiles?\))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "optimization profile %1 does not exist (the engine has %2 profiles)"), "nn"},
    {R"(missing input '(.*?)' \((\w+)(\[.*\])\))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "missing input '%1' (%2%3)"), "nnn"},
    {R"(input '(.*?)' expects (\w+) but got (\w+))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "input '%1' expects %2 but got %3"), "nnn"},
    {R"(input '(.*?)' has shape (\S+), outside optimization profile (\d+) \(min (\S+), max (\S+)\))",
     QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "input '%1' has shape %2, outside optimization profile %3 (min %4, max %5)"), "nnnnn"},
    {R"(the engine has no input named '(.*?)')", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "the engine has no input named '%1'"), "n"},
    {R"(layer '(.*?)': input '(.*?)' not computed)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "layer '%1': input '%2' not computed"), "nn"},
    {R"(layer '(.*?)' \((.*?)\) did not produce output (\d+))", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "layer '%1' (%2) did not produce output %3"), "nnn"},
    // Generic file errors (engine_core/builder/plugin.cpp; the GUI's own checks use the same words).
    {R"((.*?): no such file)", QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "%1: no such file"), "n"},
};

// Terms that fill a 't' capture.
const char* const kTerms[] = {
    QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "a string"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "an integer"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "an array of integers"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "an array of strings"),
    QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "an array of objects"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "an object"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "an object {target, precision}"),
    QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "an object {input: {min, opt, max}}"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "an object {min, opt, max}"),
    QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "an object {warmup, iterations}"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "string"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "number"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "object"),
    QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "array"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "null"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "boolean"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "discarded"),
    QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "a number"),
    QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "an object {dataFolder, algorithm, percentile, maxBatches, cache}"),
};

struct CompiledPattern {
    QRegularExpression re;
    const char* source;
    QByteArray args;
};

const std::vector<CompiledPattern>& patterns() {
    // Built once (thread-safe static); optimize() compiles now, so worker threads only match.
    static const std::vector<CompiledPattern> compiled = [] {
        std::vector<CompiledPattern> out;
        for (const Pattern& p : kPatterns) {
            CompiledPattern c{QRegularExpression(QStringLiteral("^(?:%1)$").arg(QString::fromUtf8(p.pattern))), p.source,
                              QByteArray(p.args)};
            c.re.optimize();
            Q_ASSERT_X(c.re.isValid(), "LibraryText", p.pattern);
            Q_ASSERT(c.re.captureCount() == c.args.size());
            out.push_back(std::move(c));
        }
        return out;
    }();
    return compiled;
}

QString translated(const char* source) { return QCoreApplication::translate(kContext, source); }

QString term(const QString& text) {
    for (const char* t : kTerms)
        if (text == QLatin1String(t)) return translated(t);
    return text;
}

// %1..%9 in one pass, so a name that contains "%2" stays as it is.
QString substitute(const QString& templ, const QStringList& args) {
    QString out;
    out.reserve(templ.size() + 64);
    for (qsizetype i = 0; i < templ.size(); ++i) {
        const QChar c = templ[i];
        if (c == QLatin1Char('%') && i + 1 < templ.size() && templ[i + 1] >= QLatin1Char('1') &&
            templ[i + 1] <= QLatin1Char('9')) {
            const int k = templ[i + 1].digitValue() - 1;
            if (k < args.size()) {
                out += args[k];
                ++i;
                continue;
            }
        }
        out += c;
    }
    return out;
}

// One line; `known` is set to whether a pattern matched it.
QString translateLine(const QString& line, bool* known, int depth = 0) {
    // Indentation (the builder's list of unsupported nodes) stays.
    qsizetype lead = 0;
    while (lead < line.size() && line[lead].isSpace()) ++lead;
    const QString body = line.mid(lead);
    if (depth < 8) {
        for (const CompiledPattern& p : patterns()) {
            const QRegularExpressionMatch m = p.re.match(body);
            if (!m.hasMatch()) continue;
            // No translation for this sentence (English): the library's own line, untouched, so
            // English plurals and spacing stay exactly as the CLI prints them.
            const QString templ = translated(p.source);
            if (templ == QLatin1String(p.source)) {
                if (known) *known = true;
                return line;
            }
            QStringList args;
            bool nestedKnown = true;
            for (int i = 0; i < p.args.size(); ++i) {
                const QString cap = m.captured(i + 1);
                switch (p.args[i]) {
                case 'm': {
                    bool k = false;
                    args << translateLine(cap, &k, depth + 1);
                    nestedKnown = nestedKnown && k;
                    break;
                }
                case 't': args << term(cap); break;
                case 'c': args << LibraryText::calibrator(cap); break;
                case 'f': args << LibraryText::format(cap); break;
                default: args << cap; break;
                }
            }
            if (known) *known = nestedKnown;
            return line.left(lead) + substitute(templ, args);
        }
    }
    if (known) *known = false;
    return line;
}

// A placeholder that holds a calibrator tag ("minmax", "percentile-99.99"), named in words.
bool isCalibratorTag(std::string_view placeholder) {
    return placeholder == "calibrator" || placeholder == "cacheCalibrator";
}

// Free text, line by line through the patterns; `known` is set to whether every line matched.
QString translateFreeText(const QString& text, bool* known) {
    QStringList lines = text.split(QLatin1Char('\n'));
    bool all = true;
    for (QString& line : lines) {
        if (line.trimmed().isEmpty() || line.trimmed() == QLatin1String("...")) continue;
        bool k = false;
        line = translateLine(line, &k);
        all = all && k;
    }
    if (known) *known = all;
    return lines.join(QLatin1Char('\n'));
}

// A catalogue message by its id: the translated template, filled with the arguments (nested
// messages translated in turn). `known` is set to whether every part translated.
QString translateMessage(const kiln::Message& m, bool* known, int depth = 0) {
    if (m.isFreeText()) {
        const kiln::MessageArg* text = m.arg("text");
        return translateFreeText(text ? QString::fromStdString(text->text) : QString(), known);
    }
    const char* source = LibraryText::messageSource(m.id());
    const QString templ = source ? translated(source) : QString();
    if (!source || depth > 16) {
        if (known) *known = false;
        return QString::fromStdString(m.text());
    }
    // No translation (English): the library's own sentence, exactly as the CLI prints it.
    if (templ == QLatin1String(source)) {
        if (known) *known = true;
        return QString::fromStdString(m.text());
    }
    bool all = true;
    const std::string filled = kiln::fillTemplate(templ.toStdString(), [&](std::string_view name) {
        const kiln::MessageArg* a = m.arg(name);
        if (!a) return std::string();
        if (a->nested) {
            bool k = false;
            const QString nested = translateMessage(*a->nested, &k, depth + 1);
            all = all && k;
            return nested.toStdString();
        }
        if (isCalibratorTag(name)) return LibraryText::calibrator(QString::fromStdString(a->text)).toStdString();
        return a->text;
    });
    if (known) *known = all;
    return QString::fromStdString(filled);
}

}  // namespace

QString LibraryText::message(const kiln::Message& m) { return translateMessage(m, nullptr); }

bool LibraryText::knows(const kiln::Message& m) {
    bool known = false;
    translateMessage(m, &known);
    return known;
}

QString LibraryText::messageTemplate(kiln::Msg id) {
    const char* source = messageSource(id);
    return source ? translated(source) : QString();
}

QString LibraryText::error(kiln::ErrorKind kind, const kiln::Message& m) {
    // Free text keeps the pattern path's rule: an unknown first line gets the translated kind.
    if (m.isFreeText()) {
        const kiln::MessageArg* text = m.arg("text");
        return error(kind, text ? QString::fromStdString(text->text) : QString());
    }
    return translateMessage(m, nullptr);
}

QString LibraryText::errorKind(kiln::ErrorKind kind) {
    switch (kind) {
    case kiln::ErrorKind::InvalidArgument: return tr("invalid argument");
    case kiln::ErrorKind::InvalidModel: return tr("invalid model");
    case kiln::ErrorKind::Unsupported: return tr("unsupported");
    case kiln::ErrorKind::ResourceLimit: return tr("resource limit");
    case kiln::ErrorKind::Io: return tr("i/o error");
    case kiln::ErrorKind::Internal: return tr("internal error");
    case kiln::ErrorKind::Cancelled: return tr("cancelled");
    }
    return tr("error");
}

QString LibraryText::message(const QString& text) {
    if (text.isEmpty()) return text;
    return translateFreeText(text, nullptr);
}

bool LibraryText::knows(const QString& text) {
    bool known = false;
    translateFreeText(text, &known);
    return known;
}

QString LibraryText::error(kiln::ErrorKind kind, const QString& text) {
    const QString first = text.section(QLatin1Char('\n'), 0, 0);
    bool known = false;
    translateLine(first, &known);
    const QString translated = message(text);
    if (known) return translated;
    // Unknown sentence: the kind (translated) says what sort of error the English detail is.
    const QString kindText = errorKind(kind);
    if (kindText == QLatin1String(kiln::errorKindName(kind))) return translated;  // English: as the library wrote it
    return tr("%1: %2").arg(kindText, translated);
}

QString LibraryText::error(const std::exception& e) {
    if (const auto* k = dynamic_cast<const kiln::Error*>(&e)) return error(k->kind(), k->message());
    return message(QString::fromUtf8(e.what()));
}

QStringList LibraryText::brokenPatterns() {
    QStringList broken;
    for (const CompiledPattern& p : patterns())
        if (!p.re.isValid() || p.re.captureCount() != p.args.size()) broken << p.re.pattern();
    return broken;
}

QString LibraryText::phase(kiln::BuildPhase phase) { return buildPhaseTitle(phase); }

QString LibraryText::passName(const QString& name) {
    // Report names (FusionReport::fired) and pass stages (describePasses(), FusionReport::timings).
    static const QHash<QString, const char*> names = {
        {QStringLiteral("ConstantFolding"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Constant folding")},
        {QStringLiteral("ShapeFolding"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Shape folding")},
        {QStringLiteral("EliminateIdentity"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Remove Identity")},
        {QStringLiteral("EliminateDropout"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Remove inference Dropout")},
        {QStringLiteral("EliminateNoOpDataMovement"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Remove data movement that moves nothing")},
        {QStringLiteral("DropUnitReshapesAroundConstantOp"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Drop unit-dim reshapes around a constant op")},
        {QStringLiteral("DeadCodeElimination"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Dead code elimination")},
        {QStringLiteral("FoldBatchNormIntoConv"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Fold BatchNorm into Conv")},
        {QStringLiteral("FoldBatchNormIntoGemm"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Fold BatchNorm into Gemm")},
        {QStringLiteral("FuseConvBias"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Fuse Conv + bias")},
        {QStringLiteral("FuseConvResidual"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Fuse Conv + residual add")},
        {QStringLiteral("FuseConvActivation"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Fuse Conv + activation")},
        {QStringLiteral("FuseMatMulBias"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Fuse MatMul + bias")},
        {QStringLiteral("FuseMatMulActivation"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Fuse MatMul + activation")},
        {QStringLiteral("FusePointwiseChain"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Fuse chain of element-wise ops")},
        {QStringLiteral("RecognizeGeluErf"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Recognize GELU (erf form)")},
        {QStringLiteral("RecognizeGeluTanh"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Recognize GELU (tanh form)")},
        {QStringLiteral("RecognizeLayerNorm"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Recognize LayerNorm")},
        {QStringLiteral("RecognizeHardSwish"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Recognize HardSwish")},
        {QStringLiteral("RecognizeHardSigmoid"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Recognize HardSigmoid")},
        {QStringLiteral("RecognizeMish"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Recognize Mish")},
        {QStringLiteral("FuseAttention"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Fuse attention")},
        {QStringLiteral("AbsorbAttentionLayout"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Absorb reshapes and transposes into attention")},
        {QStringLiteral("FuseHorizontalMatMul"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Fuse sibling MatMuls")},
        {QStringLiteral("FuseHorizontalConv"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Fuse sibling Convs")},
        {QStringLiteral("BatchNormFolding"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "BatchNorm folding")},
        {QStringLiteral("ActivationRecognition"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Activation recognition")},
        {QStringLiteral("ConvBiasFusion"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Conv bias fusion")},
        {QStringLiteral("GeluRecognition"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "GELU recognition")},
        {QStringLiteral("LayerNormRecognition"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "LayerNorm recognition")},
        {QStringLiteral("AttentionFusion"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Attention fusion")},
        {QStringLiteral("AttentionLayout"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Attention layout")},
        {QStringLiteral("EpilogueFusion"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Epilogue fusion")},
        {QStringLiteral("CommonSubexpressionElimination"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Common subexpression elimination")},
        {QStringLiteral("MergeEqualConstants"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Merge equal constants")},
        {QStringLiteral("HorizontalFusion"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Horizontal fusion")},
        {QStringLiteral("PointwiseFusion"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Element-wise fusion")},
        {QStringLiteral("Int8Folding"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "INT8 folding")},
        {QStringLiteral("FoldQdqInt8"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Fold Q/DQ into INT8 layers")},
        {QStringLiteral("FoldQdqInt8Add"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Fold Q/DQ residual add into an INT8 add")},
        {QStringLiteral("HoistActivationAboveReshape"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Move activation above reshape")},
        {QStringLiteral("MoveResidualAboveReshape"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Move residual add above reshape")},
        {QStringLiteral("MoveTransposeAboveMatMul"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Move row transpose above matmul")},
        {QStringLiteral("MoveGatherAboveDequantize"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Gather quantized rows before DequantizeLinear")},
        {QStringLiteral("DropQdqAroundDataMovement"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "Move data as 8-bit between Q/DQ")},
    };
    const auto it = names.constFind(name);
    return it == names.constEnd() ? name : translated(it.value());
}

QString LibraryText::tactic(const QString& name) {
    static const QHash<QString, const char*> names = {
        {QStringLiteral("reference"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "reference")},
        {QStringLiteral("direct_loop"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "direct loop")},
        {QStringLiteral("blocked_loop"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "blocked loop")},
        {QStringLiteral("plugin"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "plugin")},
        {QStringLiteral("copy"), QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "copy")},
    };
    // "name#variant": the variant is the kernel's own name for it.
    const qsizetype hash = name.indexOf(QLatin1Char('#'));
    const QString base = hash < 0 ? name : name.left(hash);
    const auto it = names.constFind(base);
    if (it == names.constEnd()) return name;
    return translated(it.value()) + (hash < 0 ? QString() : name.mid(hash));
}

QString LibraryText::format(const QString& name) {
    if (name == QLatin1String("linear")) return tr("linear");
    if (name == QLatin1String("nhwc")) return QStringLiteral("NHWC");
    return name;
}

QString LibraryText::layerKind(kiln::LayerKind kind) {
    switch (kind) {
    case kiln::LayerKind::Kernel: return tr("kernel");
    case kiln::LayerKind::Plugin: return tr("plugin");
    case kiln::LayerKind::Copy: return tr("copy between devices");
    }
    return QStringLiteral("?");
}

QString LibraryText::calibrator(const QString& tag) {
    if (tag == QLatin1String("minmax")) return tr("min-max");
    if (tag == QLatin1String("entropy")) return tr("entropy");
    static const QRegularExpression percentile(QStringLiteral("^percentile-(.+)$"));
    const QRegularExpressionMatch m = percentile.match(tag);
    if (m.hasMatch()) return tr("percentile %1").arg(m.captured(1));
    return tag;
}

QString LibraryText::comparisonStatus(kiln::ComparisonStatus status) {
    switch (status) {
    case kiln::ComparisonStatus::Pass: return tr("pass");
    case kiln::ComparisonStatus::Fail: return tr("FAIL");
    case kiln::ComparisonStatus::DtypeMismatch: return tr("dtype mismatch");
    case kiln::ComparisonStatus::ShapeMismatch: return tr("shape mismatch");
    }
    return QStringLiteral("?");
}

}  // namespace kiln::studio
