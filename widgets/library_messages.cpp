// The GUI side of the message catalogue (engine_core/common/message_catalogue.def): for every id,
// the template translators see, with the same named placeholders as the library's English.
// LibraryText translates a kiln::Message by its id through this table, never by its English text,
// so the library may reword a sentence without breaking a translation (tests/gui/test_library_text.cpp
// checks that every id has a template here and a translation with the same placeholders).
// The switch has no default: a new id without a case here is a compiler warning.
#include "widgets/library_text.h"

#include "engine_core/common/message_catalogue.h"

namespace kiln::studio {

const char* LibraryText::messageSource(kiln::Msg id) {
    using kiln::Msg;
    switch (id) {
    // Free text has no template: its sentence goes through the pattern table.
    case Msg::FreeText: return nullptr;
    // Phrases that other messages nest as {what}
    case Msg::NounModelFile:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "model file");
    case Msg::NounTensorFile:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "tensor file");
    case Msg::NounNpyFile:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", ".npy file");
    case Msg::NounTensor:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "tensor");
    case Msg::NounReshape:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "reshape");
    case Msg::NounInput:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "input");
    case Msg::NounInputs:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "inputs");
    case Msg::NounOutput:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "output");
    case Msg::NounOutputs:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "outputs");
    case Msg::NounModel:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "model");
    case Msg::NounEngine:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine");
    case Msg::NounNamedTensorFile:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "tensor file '{file}'");
    case Msg::NounNamedNpyFile:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", ".npy file '{file}'");
    case Msg::NounInitializer:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': initializer '{name}'");
    case Msg::NounGraphInput:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': graph input '{name}'");
    case Msg::NounAttribute:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute '{name}'");
    case Msg::NounAttributeName:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{name}");
    case Msg::NounNodeAttribute:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': node '{node}' (index {index}, {op}): attribute '{name}'");
    // engine_core/onnx: reading files (proto_util.cpp, importer.cpp)
    case Msg::FileMissing:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what} '{file}' does not exist");
    case Msg::FileUnresolvable:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "cannot resolve {what} '{file}': {reason}");
    case Msg::FileNotRegular:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what} '{file}' is not a regular file");
    case Msg::FileSizeUnreadable:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "cannot read the size of {what} '{file}': {reason}");
    case Msg::FileTooLarge:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what} '{file}' is {size} bytes, over the limit of {limit} bytes");
    case Msg::FileCannotOpen:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "cannot open {what} '{file}'");
    case Msg::FileCannotRead:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "cannot read {what} '{file}'");
    case Msg::ModelEmpty:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}' is empty, not an ONNX model");
    case Msg::ModelOver2GiB:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}' is {size} bytes; protobuf cannot parse a model over 2 GiB (store the weights as external data)");
    case Msg::ModelParseFailed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}' is not a valid ONNX model (protobuf parse failed: truncated or not an ONNX file)");
    case Msg::ModelNotOnnx:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}' is not an ONNX model (no graph or no IR version; the file may be truncated or of another kind)");
    // engine_core/onnx: the model's structure (importer.cpp)
    case Msg::TensorDefinedTwiceInitializer:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': tensor '{tensor}' is defined more than once (initializer)");
    case Msg::TensorDefinedTwiceGraphInput:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': tensor '{tensor}' is defined more than once (graph input)");
    case Msg::TensorDefinedTwiceNodeOutput:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': tensor '{tensor}' is defined more than once (output of node index {index})");
    case Msg::NodeReadsUndefinedTensor:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': node '{node}' (index {index}, {op}) reads tensor '{tensor}', which is neither a graph input, an initializer nor a node output");
    case Msg::ModelGraphCycle:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': the graph has a cycle: node '{node}' (index {index}, {op}) depends on its own output");
    case Msg::ModelOutputNeverProduced:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': graph output '{output}' is never produced");
    case Msg::OnnxCheckerFailed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': ONNX checker: {detail}");
    case Msg::InitializerWithoutName:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': an initializer has no name");
    case Msg::GraphInputNotTensor:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': graph input '{input}' is not a tensor (sequences, maps and optionals are not supported)");
    case Msg::ImportNodeError:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': node '{node}' (index {index}, {op}): {cause}");
    case Msg::ImportUnsupportedOp:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': unsupported op '{op}' in node '{node}' (index {index}, opset {opset}): {cause}");
    case Msg::ImportOutputNotPrecreated:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': node '{node}' (index {index}, {op}): output '{output}' was not pre-created");
    // engine_core/onnx: importer warnings
    case Msg::CheckerSkippedNewerOpset:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "ONNX checker skipped: model opset {opset} is newer than libonnx's {known}; Kiln's own structural checks still apply");
    case Msg::CheckerSkippedUnknownOp:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "ONNX checker skipped: libonnx does not know op {op} at opset {opset}; Kiln's own structural checks still apply");
    case Msg::CheckerNewerIrVersion:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "model IR version {ir} is newer than libonnx's {known}; checked as IR version {checked}");
    case Msg::ShapeInferenceSkippedNewerOpset:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "ONNX shape inference skipped: model opset {opset} is newer than libonnx's {known}; using the model's value_info");
    case Msg::ShapeInferenceSkippedUnchecked:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "ONNX shape inference skipped: the model did not go through the ONNX checker; shapes are computed at run time");
    case Msg::ShapeInferenceFailed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "ONNX shape inference failed (shapes are computed at run time): {detail}");
    // engine_core/onnx: why a node is not imported (UnsupportedNode::reason)
    case Msg::DomainNotSupported:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "domain '{domain}' is not supported (only ai.onnx)");
    case Msg::OpsetOutsideRange:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "model opset {opset} is outside Kiln's supported range {min}..{max}");
    case Msg::SubgraphAttribute:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "subgraph attribute '{name}' (only If, Loop and Scan bodies are imported)");
    case Msg::NoImporter:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "no importer for this op");
    case Msg::OpNotBeforeOpset:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "op {op} does not exist before opset {opset}");
    case Msg::OpRemovedAfterOpset:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "op {op} was removed after opset {opset}");
    case Msg::AttributeValueNotSupported:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute {name}='{value}' is not supported (supported: {supported})");
    case Msg::ConstantTypeNotSupported:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "cannot make a {dtype} constant");
    case Msg::CastTargetNotSupported:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "cast to {dtype} is not supported");
    case Msg::BatchNormSpatialZero:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "spatial=0 (per-activation statistics) is not supported");
    case Msg::TrainingModeOne:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "training_mode=1 is not supported (inference only)");
    case Msg::TrainingOutputRead:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "training output {index} ('{output}') is read by the graph");
    case Msg::StashTypeNotSupported:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "stash_type={value} is not supported (only 1: float32)");
    case Msg::TfHalfPixelForNn:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "coordinate_transformation_mode='tf_half_pixel_for_nn' is only supported with mode nearest and nearest_mode round_prefer_floor or floor");
    case Msg::AntialiasNotSupported:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "antialias=1 is not supported");
    case Msg::DropoutMaskBeforeOpset10:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "the mask output of Dropout before opset 10 is not supported");
    case Msg::TrainingModeNotConstant:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "a non-constant training_mode input is not supported (inference only)");
    case Msg::TrainingModeTrue:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "training_mode=true is not supported");
    case Msg::StringConstantsNotSupported:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "string constants are not supported");
    case Msg::InputTypeNotSupported:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "input {name} of type {dtype} is not supported (supported: {supported})");
    // engine_core/onnx: what is wrong with a node (after "'model': node 'x' (index 3, Conv): ")
    case Msg::ReadsUndefinedTensor:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "reads tensor '{tensor}', which is neither a graph input, an initializer nor a node output");
    case Msg::AttributeNotInt:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute '{name}' must be an int, got {value}");
    case Msg::AttributeNotFloat:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute '{name}' must be a float, got {value}");
    case Msg::AttributeNotString:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute '{name}' must be a string, got {value}");
    case Msg::AttributeNotInts:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute '{name}' must be a list of ints, got {value}");
    case Msg::AttributeNotFloats:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute '{name}' must be a list of floats, got {value}");
    case Msg::InputCountNot:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "has {count} inputs, expected {expected}");
    case Msg::InputCountNotInRange:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "has {count} inputs, expected {min} to {max}");
    case Msg::OutputCountNot:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "has {count} outputs, expected {expected}");
    case Msg::OutputCountNotInRange:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "has {count} outputs, expected {min} to {max}");
    case Msg::RequiredInputMissing:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "required input {index} is missing");
    case Msg::RequiredOutputMissing:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "required output {index} is missing");
    case Msg::AttributeMissing:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "missing required attribute '{name}'");
    case Msg::AttributesStartsEndsMissing:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "missing required attributes 'starts'/'ends'");
    case Msg::AttributeMustNotBeZero:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute {name} must not be 0");
    case Msg::AttributeMustNotBeNegative:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute {name} must not be negative");
    case Msg::AttributeMustBePositive:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute {name} must be positive");
    case Msg::AttributeValueMustBePositive:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute {name}={value} must be positive");
    case Msg::AttributeMustBeAtLeastOne:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute {name} must be >= 1");
    case Msg::AttributeMustBeZeroOrOne:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute {name}={value} must be 0 or 1");
    case Msg::KernelShapeNotPositive:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "kernel_shape must be positive");
    case Msg::AttributeCountForKernel:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute {name} has {count} values for a {rank}-D kernel");
    case Msg::PadsCountForKernel:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute pads has {count} values for a {rank}-D kernel (expected {expected})");
    case Msg::OptionalInputEmpty:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "input {index} is empty; {op} takes no optional inputs");
    case Msg::InputEmpty:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "input {index} is empty");
    case Msg::OutputEmpty:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "output {index} is empty");
    case Msg::AxisOutOfRangeForRank:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "axis {axis} is out of range for a rank-{rank} input");
    case Msg::ChannelsNotDivisibleIntoGroups:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{channels} channels are not divisible into num_groups={groups}");
    case Msg::ScaleBiasGroupCount:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "scale and bias must have num_groups={groups} values at opset {opset}");
    case Msg::ResizeNeedsScalesOrSizes:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "needs either scales or sizes");
    case Msg::ResizeHasScalesAndSizes:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "has both scales and sizes");
    case Msg::PermNotPermutation:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute perm is not a permutation of 0..{last}");
    case Msg::SplitSizesForOutputs:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute split has {sizes} sizes for {outputs} outputs");
    case Msg::SplitInputAndNumOutputs:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "has both a split input and num_outputs");
    case Msg::StartsEndsLengths:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "starts and ends have different lengths");
    case Msg::AxesStartsLengths:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "axes and starts have different lengths");
    case Msg::AttributeValueNotTensor:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute value must be a tensor");
    case Msg::AttributeValueNotOneElement:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute value must hold one element, has {count}");
    case Msg::ConstantValueAttributeCount:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "must have exactly one value attribute, has {count}");
    case Msg::UnknownAttribute:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "unknown attribute '{name}'");
    case Msg::QuantScaleNotUsable:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{input} is {value} at index {index}: a quantization scale must be finite and non-zero");
    // engine_core/onnx: tensors in the model (proto_util.cpp, inference_guard.cpp)
    case Msg::TypedFieldCount:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: {field} has {count} values but the shape {shape} needs {numel}");
    case Msg::ExternalDataNumberInvalid:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: external data {key} '{text}' is not a non-negative integer");
    case Msg::ExternalDataNumberTooLarge:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: external data {key} {text} is too large (over 2^63 - 1)");
    case Msg::ExternalDataNoLocation:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: external data has no 'location'");
    case Msg::ExternalDataNotAllowedHere:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: external data '{location}' is not allowed here (no model folder to resolve it against)");
    case Msg::ExternalDataAbsolute:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: external data path '{location}' is absolute; it must be relative to the model folder");
    case Msg::ExternalDataEscapes:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: external data path '{location}' escapes the model folder");
    case Msg::ModelFolderUnresolvable:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "cannot resolve the model folder '{folder}': {reason}");
    case Msg::ExternalDataFileNotFound:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: external data file '{location}' not found in '{folder}'");
    case Msg::ExternalDataFileUnresolvable:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: cannot resolve external data file '{location}': {reason}");
    case Msg::ExternalDataOutsideFolder:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: external data path '{location}' resolves to '{resolved}', outside the model folder");
    case Msg::ExternalDataNotRegular:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: external data '{location}' is not a regular file");
    case Msg::ExternalDataSizeUnreadable:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: cannot read the size of '{location}'");
    case Msg::ExternalDataLengthMismatch:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: external data length {length} bytes does not match the {expected} bytes its shape and type need");
    case Msg::ExternalDataPastEnd:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: external data (offset {offset}, length {length}) goes past the end of '{location}' ({size} bytes)");
    case Msg::ExternalDataCannotOpen:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: cannot open external data file '{location}'");
    case Msg::ExternalDataCannotRead:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: cannot read {length} bytes at offset {offset} of '{location}'");
    case Msg::StringTensorsNotSupported:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: string tensors are not supported");
    case Msg::DataTypeNotSupported:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: data type {dtype} is not supported");
    case Msg::NegativeDimInShape:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: negative dim in shape {shape}");
    case Msg::RawDataSize:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: raw_data has {size} bytes but shape {shape} needs {expected}");
    case Msg::RawDataSizeOfType:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: raw_data has {size} bytes but shape {shape} of {dtype} needs {expected}");
    case Msg::SegmentedTensor:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: segmented tensors are not supported");
    case Msg::ExternalDataNotAllowed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what} uses external data, which is not allowed here");
    case Msg::TensorUnexpectedType:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: unexpected type");
    case Msg::SerializeUndefinedTensor:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "cannot serialize an undefined tensor '{name}'");
    case Msg::SerializeStringTensor:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "tensor '{name}': string tensors are not supported");
    case Msg::GraphAttributeNotSupported:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: graph attributes (control flow) are not supported");
    case Msg::SparseAttributeNotSupported:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: sparse tensor attributes are not supported");
    case Msg::TensorListAttributeNotSupported:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: tensor-list attributes are not supported");
    case Msg::TypeAttributeNotSupported:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: type attributes are not supported");
    case Msg::AttributeHasNoValue:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: attribute has no value");
    case Msg::ShapeInputTooLong:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': node '{node}' (index {index}, {op}): shape input '{input}' declares {count} values; Kiln accepts at most {max} dims");
    case Msg::ConvInputRankTooLow:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': node '{node}' (index {index}, {op}): input '{input}' has rank {rank}; it needs a batch, a channel and at least one spatial dim");
    case Msg::ConvWeightRank:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': node '{node}' (index {index}, {op}): weight '{weight}' has rank {weightRank} but input '{input}' has rank {rank}");
    case Msg::ConvAttributeValueTooSmall:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': node '{node}' (index {index}, {op}): attribute '{name}' has value {value} (must be >= {min})");
    case Msg::ConvAttributeCount:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{model}': node '{node}' (index {index}, {op}): attribute '{name}' has {count} values; the input has {spatial} spatial dims, so it needs {expected}");
    // engine_core/onnx: tensor files (tensor_io.cpp)
    case Msg::FileCannotOpenForWriting:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "cannot open '{file}' for writing");
    case Msg::FileCannotWrite:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "cannot write '{file}'");
    case Msg::NpyHeaderFieldMissing:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}': .npy header has no '{field}' field");
    case Msg::NpyHeaderMalformed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}': malformed .npy header");
    case Msg::NpyShapeMalformed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}': malformed .npy shape");
    case Msg::NpyShapeMalformedText:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}': malformed .npy shape {shape}");
    case Msg::TensorProtoFileEmpty:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}' is empty, not a serialized onnx.TensorProto");
    case Msg::TensorProtoFileInvalid:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}' is not a valid serialized onnx.TensorProto (parse failed)");
    case Msg::TensorProtoTooLarge:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}': tensor '{name}' ({tensor}) is too large for a .pb file (2 GiB)");
    case Msg::NpyBadMagic:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}' is not a .npy file (bad magic)");
    case Msg::NpyVersionNotSupported:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}': .npy version {version} is not supported");
    case Msg::NpyHeaderTruncated:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}': truncated .npy header");
    case Msg::NpyFortranOrder:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}': Fortran-order .npy arrays are not supported (save with C order)");
    case Msg::NpyDtypeNotSupported:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}': .npy dtype '{dtype}' is not supported");
    case Msg::NpyBigEndian:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}': big-endian .npy data ('{dtype}') is not supported");
    case Msg::NpyDataSize:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}': .npy data has {size} bytes but shape {shape} of {dtype} needs {expected}");
    case Msg::NpyWriteUndefined:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}': cannot write an undefined tensor");
    case Msg::NpyWriteDtype:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}': {dtype} tensors cannot be written as .npy (NumPy has no such dtype)");
    case Msg::TensorFileTypeUnknown:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{file}': unknown tensor file type (expected .pb for onnx.TensorProto or .npy)");
    // engine_core/onnx: run inputs and test data (run_inputs.cpp)
    case Msg::NumberedFileGap:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{folder}: {prefix}_{index}.pb without {prefix}_{expected}.pb");
    case Msg::TooManyTensorFiles:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{folder}: {count} {what} files but the model has {declared} {declaredWhat}");
    case Msg::InputNoDeclaredDtype:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "input '{input}' has no declared dtype; give it with --input");
    case Msg::InputIsStringTensor:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "input '{input}' is a string tensor");
    case Msg::ValueRangeNoInteger:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--val-range for input '{input}' ({dtype}) holds no integer in [{low}, {high})");
    case Msg::ValueRangeOutsideType:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--val-range for input '{input}' is outside the range of {dtype}");
    case Msg::TestDataFolderMissing:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "test data folder '{folder}' does not exist");
    case Msg::TestDataNotFolder:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "test data '{folder}' is not a folder");
    case Msg::TestDataSetEmpty:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{folder}: no input_N.pb or output_N.pb files");
    case Msg::TestDataNoSets:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{folder}: no test_data_set_* folders and no input_N.pb files");
    case Msg::TestDataNoInputFile:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{folder}: no input file for model input '{input}'");
    case Msg::InputSpecMalformed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--input '{spec}': expected NAME=FILE (.pb or .npy)");
    case Msg::InputSpecNeedsName:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--input {file}: give the input name as NAME={file} (the model's inputs: {inputs})");
    case Msg::InputSpecNoSuchInput:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--input {spec}: the model has no input named '{input}' (inputs: {inputs})");
    case Msg::InputSpecGivenTwice:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--input {spec}: input '{input}' given twice");
    case Msg::ShapeSpecMalformed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--{flag} '{item}': expected NAME:DIMS, e.g. input:1x3x224x224");
    case Msg::ShapeSpecBadDims:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--{flag} '{item}': {cause}");
    case Msg::ShapeSpecGivenTwice:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--{flag}: input '{input}' given twice");
    case Msg::ValueRangeMalformed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--val-range '{spec}': expected [NAME:]LOW,HIGH, e.g. 0,1 or ids:0,30522");
    case Msg::ValueRangeLowNotBelowHigh:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--val-range '{spec}': LOW must be below HIGH");
    case Msg::ShapesFlagMismatch:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--shapes {input}:{dims}: input '{input}' is declared {shape}");
    case Msg::InputUnknownRank:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "input '{input}' has an unknown rank; give its shape with --shapes {input}:DIMS");
    case Msg::InputDynamicDimNamed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "input '{input}' has dynamic dim {dim} ('{symbol}') in {shape}; give its shape with --shapes {input}:{example}");
    case Msg::InputDynamicDim:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "input '{input}' has dynamic dim {dim} in {shape}; give its shape with --shapes {input}:{example}");
    case Msg::InputTensorMismatch:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{source}: input '{input}' expects {expected} but got {actual}");
    case Msg::SaveOutputsCannotCreate:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--save-outputs: cannot create folder '{folder}': {reason}");
    // engine_core/onnx: the model report
    case Msg::ModelReportNoGraph:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "model report: the importer returned no graph");
    // engine_core/ir
    case Msg::OutOfMemoryAllocating:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "out of memory allocating {bytes} bytes");
    case Msg::ShapeTooManyElements:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: shape {shape} has too many elements");
    case Msg::ShapeOverByteLimit:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what}: shape {shape} ({dtype}) needs {bytes} bytes, over the limit of {limit} bytes");
    case Msg::OverMemoryLimit:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what} needs {size} ({bytes} bytes) with {live} already in use, over the memory limit of {limit} (--memory-limit)");
    case Msg::EngineMemoryOverLimit:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "optimization profile {profile} needs {size} of activation memory per execution context, over the memory limit of {limit} (--memory-limit); its largest tensor is '{tensor}' of layer '{layer}' ({tensorSize})");
    case Msg::FromVectorCount:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "fromVector: {values} values for {numel} elements");
    case Msg::TensorTypeNotAllocatable:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "cannot allocate a tensor of type {dtype}");
    case Msg::TensorAccessedAsType:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "tensor of type {dtype} accessed as {expected}");
    case Msg::TensorCannotReshape:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "cannot reshape {tensor} to {shape}");
    case Msg::TensorRowsOutOfRange:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "rows [{begin}, {end}) of {tensor}");
    case Msg::TensorNotNumeric:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "tensor of type {dtype} has no numeric value");
    case Msg::NodeAttributeMissing:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "node '{node}' ({op}): missing required attribute '{name}'");
    case Msg::NodeAttributeType:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "node '{node}' ({op}): attribute '{name}' is {type}, expected {expected}");
    case Msg::ValueNameEmpty:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "value names must not be empty");
    case Msg::TensorNameDefinedTwice:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "tensor name '{tensor}' is defined more than once");
    case Msg::TensorProducedTwice:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "tensor '{tensor}' is produced by both node '{first}' and node '{second}'");
    case Msg::InitializerAlsoProduced:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "tensor '{tensor}' is an initializer and also produced by node '{node}'");
    case Msg::GraphNodeReadsUndefinedTensor:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "node '{node}' ({op}) reads tensor '{tensor}', which is neither a graph input, an initializer nor any node's output");
    case Msg::GraphCycle:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "the graph has a cycle: node '{node}' ({op}) depends on its own output");
    case Msg::ValueLostProducer:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "value '{value}' lost its producer link");
    case Msg::ValueStaleConsumers:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "value '{value}' has a stale consumer list");
    case Msg::GraphOutputNeverProduced:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "graph output '{output}' is never produced");
    // Control flow (engine_core/ir/control_flow.cpp)
    case Msg::ControlFlowNodeError:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "node '{node}' ({op}): {cause}");
    case Msg::InBody:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "body '{body}': {cause}");
    case Msg::BodyMissing:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "no '{body}' body");
    case Msg::BodyInputCount:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "body '{body}' has {count} inputs, expected {expected}");
    case Msg::BodyOutputCount:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "body '{body}' has {count} outputs, the node expects {expected}");
    case Msg::BodyOuterScopeCount:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "body '{body}' reads {count} outer-scope values but the node passes {expected}");
    case Msg::ValueNotOfType:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{what} '{tensor}' is {type}, not {expected}");
    case Msg::ControlFlowInputCount:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{count} inputs, expected at least {min}");
    case Msg::NounCondition:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "the condition");
    case Msg::NounTripCount:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "the trip count");
    case Msg::NounIterationNumber:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "the iteration number");
    case Msg::NounConditionOutput:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "the condition output");
    case Msg::ScanAxesCount:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "attribute '{name}' has {count} entries, expected {expected}");
    case Msg::ShapeNotStatic:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "shape {shape} is not static");
    case Msg::ShapeTextEmptyDim:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "bad shape '{text}': empty dim");
    case Msg::ShapeTextBadDim:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "bad shape '{text}': '{dim}' is not a non-negative integer");
    // engine_core/passes
    case Msg::OptimizationLevelOutOfRange:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "optimization level {level} is out of range (0..{max})");
    case Msg::UnknownPass:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "unknown pass '{name}' (known: {known})");
    // engine_core/quantization
    case Msg::NounNone:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "none");
    case Msg::NameList:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{names}");
    case Msg::ConfigField:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{field}: {cause}");
    case Msg::CalibrationNoFolder:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "no folder given");
    case Msg::CalibrationFolderMissing:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "folder '{folder}' does not exist");
    case Msg::CalibrationNotFolder:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{folder}' is not a folder");
    case Msg::CalibrationNoData:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{folder}' holds no calibration data (test_data_set_*/input_N.pb, input_N.pb or NAME.npy files)");
    case Msg::CalibrationNoSuchInput:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}: the model has no input named '{input}' (inputs: {inputs})");
    case Msg::CalibrationInputGivenTwice:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}: input '{input}' given twice");
    case Msg::CalibrationTooManyFiles:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{folder}: {count} input files but the model has {declared} {declaredWhat} ({inputs})");
    case Msg::CalibrationNoDataForInput:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{folder}: no data for model input '{input}' {tensor}");
    case Msg::CalibrationCacheNameLineBreak:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "calibration cache: tensor name '{name}' contains a line break");
    case Msg::CalibrationCacheBadMagic:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}: not a Kiln calibration cache (the first line must start with {magic})");
    case Msg::CalibrationCacheNoAlgorithm:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}:1: the header names no calibration algorithm");
    case Msg::CalibrationCacheBadLine:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}:{line}: expected 'TENSOR: HEX' (8 hex digits), got '{text}'");
    case Msg::CalibrationCacheBadRange:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}:{line}: tensor '{tensor}' has range {range} (must be finite and >= 0)");
    case Msg::CalibrationCacheListedTwice:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}:{line}: tensor '{tensor}' listed twice");
    case Msg::CalibrationCacheCannotOpen:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}: cannot open the calibration cache");
    case Msg::CalibrationCacheCannotWrite:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}: cannot write the calibration cache");
    case Msg::CalibrationCacheWriteFailed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}: writing the calibration cache failed");
    case Msg::CalibrationCacheCannotRename:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}: cannot write the calibration cache: {reason}");
    case Msg::CalibrationExecutorFailed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "calibration: the reference executor cannot run the model: {cause}");
    case Msg::CalibrationCancelled:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "calibration cancelled");
    case Msg::CalibrationBatchFailed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "calibration: batch {batch}: {cause}");
    case Msg::CalibrationCacheOtherCalibrator:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "calibration.cache: '{cache}' was made by the {cacheCalibrator} calibrator, the config asks for {calibrator}; give calibration data to calibrate again");
    case Msg::Int8NoCalibrationDataNoCache:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "int8 is enabled but there is no calibration data and no calibration cache");
    case Msg::CalibrationCacheTensorsNotInModel:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "calibration cache {cache}: {count} of {total} tensors are not in the model");
    case Msg::CalibrationCacheRecalibrating:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "calibration cache {cache} was made by the {cacheCalibrator} calibrator: calibrating again with {calibrator}");
    case Msg::CalibrationRangesFromCache:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{count} ranges from {cache}");
    // profiler
    case Msg::ResultFileInvalidJson:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}: invalid JSON: {detail}");
    case Msg::ResultFileMalformed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}: malformed result file: {detail}");
    case Msg::ResultFileUnknownStatus:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}: unknown comparison status '{status}'");
    case Msg::ResultFileTimesMismatch:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}: layer '{layer}' has {times} times but {endTimes} end times");
    case Msg::ResultFileError:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}: {cause}");
    case Msg::TraceNoProfiledRun:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "no profiled run to export as a trace");
    case Msg::TraceRunMissing:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "trace run {run} does not exist ({count} profiled runs)");
    case Msg::ReportCannotOpen:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}: cannot open for writing: {reason}");
    case Msg::ReportWriteFailed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}: write failed");
    case Msg::CompareStringTensors:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "tensor: cannot compare string tensors");
    case Msg::CompareStringTensorsNamed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "'{name}': cannot compare string tensors");
    case Msg::EngineOutputNotInModel:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "engine output '{output}' is not an output of the model: was the engine built from another model?");
    case Msg::CompareNeedsIntermediates:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "a per-layer comparison needs a reference run that kept its intermediates");
    case Msg::CompareOtherInputs:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "the reference run was made on other inputs than the engine's");
    case Msg::ProfileRunBadSample:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "profile run {run} names sample {sample} of layer {layer}, which does not exist");
    // app/kiln (the command line)
    case Msg::FlagNotInteger:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--{flag}: expected an integer, got '{text}'");
    case Msg::FlagNotByteSize:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--{flag}: expected a size such as 512M or 8G, got '{text}'");
    case Msg::FlagOutOfRange:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--{flag}: {value} is out of range [{min}, {max}]");
    case Msg::FlagNotNumber:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--{flag}: expected a number, got '{text}'");
    case Msg::FlagBelowMinimum:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--{flag}: {text} is below the minimum {min}");
    case Msg::UnknownOption:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{command}: unknown option '{option}' (see {command} --help)");
    case Msg::FlagTakesNoValue:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--{flag} takes no value");
    case Msg::FlagNeedsValue:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--{flag} needs a value ({metavar})");
    case Msg::FlagGivenTwice:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--{flag} given more than once");
    case Msg::MissingArgument:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{command}: missing argument; usage: {command} {usage}");
    case Msg::UnexpectedArgument:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{command}: unexpected argument '{argument}'; usage: {command} {usage}");
    case Msg::LayerPrecisionMalformed:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--layer-precision '{item}': expected NAME_OR_OPTYPE:PRECISION, e.g. Softmax:fp32");
    case Msg::LayerPrecisionUnknown:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--layer-precision '{item}': unknown precision '{precision}' (fp32, tf32, fp16, bf16, int8, fp8)");
    case Msg::OptShapesMissing:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--opt-shapes: no shape for input '{input}' (it has a --min-shapes or --max-shapes entry)");
    case Msg::SparsityFlagInvalid:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--sparsity: expected disable, enable or force, got '{value}'");
    case Msg::BackendFlagInvalid:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--backend: expected one of {names}, got '{value}'");
    case Msg::CalibratorFlagInvalid:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--calibrator: expected entropy, minmax or percentile, got '{value}'");
    case Msg::PercentileFlagOutside:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--percentile: {value} is outside (0, 100]");
    case Msg::ErrorModeFlagInvalid:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--error-mode: expected elementwise or max-normalized, got '{value}'");
    case Msg::TestDataWithInputs:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--test-data takes inputs from the test data; don't combine it with --input or --shapes");
    case Msg::ProfileIndexOnModel:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--profile-index selects an engine's optimization profile; {file} is a model");
    case Msg::FlagNoSuchInput:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--{flag}: the {target} has no input named '{input}'");
    case Msg::EngineWithBuildFlags:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--engine compares a built engine; the build flags apply only when compare builds one");
    case Msg::ImporterReturnedNoGraph:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "{file}: the importer returned no graph");
    case Msg::ProfileIndexMissing:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--profile-index: optimization profile {index} does not exist (the engine has {count})");
    case Msg::FlagError:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "--{flag}: {cause}");
    case Msg::UnknownCommand:
        return QT_TRANSLATE_NOOP("kiln::studio::LibraryText", "unknown command '{command}' (commands: inspect, build, run, compare, help, version; see kiln --help)");
    }
    return nullptr;
}

}  // namespace kiln::studio
