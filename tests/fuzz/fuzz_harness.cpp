// Fuzz target bodies (see fuzz_harness.h). Everything here is deterministic in the input bytes, so
// a reproducer file replays the same way under libFuzzer and under the g++ replay test.
#include "tests/fuzz/fuzz_harness.h"

#include <onnx/onnx_pb.h>

#include <array>
#include <chrono>
#include <climits>
#include <cmath>
#include <fstream>
#include <limits>
#include <mutex>
#include <sstream>
#include <vector>

#include "engine_core/builder/builder.h"
#include "engine_core/builder/engine_format.h"
#include "engine_core/builder/execution_context.h"
#include "engine_core/common/error.h"
#include "engine_core/common/parallel.h"
#include "engine_core/common/splitmix64.h"
#include "engine_core/ir/tensor.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/passes/optimizer.h"
#include "engine_core/runtime/executor.h"

#ifndef KILN_SOURCE_DIR
#error "KILN_SOURCE_DIR must name the source tree (seed models)"
#endif

namespace kiln::fuzz {
namespace {

constexpr uint64_t kMaxTensorBytes = uint64_t(16) << 20;
// Random inputs stay small: the point is hostile structure, not big compute.
constexpr int64_t kMaxInputElements = int64_t(1) << 16;
// A run that is still going after this long is stopped between nodes (a clean "cancelled" error):
// big-but-legal compute is not a bug; a kernel that never returns still trips libFuzzer's -timeout.
constexpr auto kRunBudget = std::chrono::seconds(3);
const char* const kOnnxNodeTests = "/usr/include/onnx/backend/test/data/node";

// Reads the fuzz bytes front to back; past the end everything reads as zero.
class Bytes {
public:
    Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
    bool empty() const { return pos_ >= size_; }
    uint8_t u8() { return pos_ < size_ ? data_[pos_++] : 0; }
    uint16_t u16() { return uint16_t(u8() | (u8() << 8)); }
    uint64_t u64() {
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v |= uint64_t(u8()) << (8 * i);
        return v;
    }
    size_t pick(size_t n) { return n == 0 ? 0 : u8() % n; }

private:
    const uint8_t* data_;
    size_t size_;
    size_t pos_ = 0;
};

std::string readFile(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return {};
    std::ostringstream os;
    os << f.rdbuf();
    return os.str();
}

// seed_models.txt, resolved to model bytes ("" where a file is missing, e.g. no libonnx-testdata).
const std::vector<std::string>& seedModels() {
    static const std::vector<std::string> seeds = [] {
        std::vector<std::string> out;
        std::ifstream list(std::string(KILN_SOURCE_DIR) + "/tests/fuzz/seed_models.txt");
        std::string line;
        while (std::getline(list, line)) {
            if (line.empty() || line[0] == '#') continue;
            std::string path;
            if (line.rfind("samples/", 0) == 0)
                path = std::string(KILN_SOURCE_DIR) + "/resources/" + line + "/model.onnx";
            else if (line.rfind("node/", 0) == 0)
                path = std::string(kOnnxNodeTests) + "/" + line.substr(5) + "/model.onnx";
            out.push_back(readFile(path));
        }
        return out;
    }();
    return seeds;
}

// ---- (b) mutations through the protobuf API ----------------------------------------------------

int64_t interestingInt(Bytes& in) {
    static const int64_t values[] = {0,  1,   -1,  2,       -2,       3,          4,          7,
                                     8,  16,  64,  255,     -3,       INT32_MAX,  INT32_MIN,  int64_t(1) << 32,
                                     int64_t(1) << 40, INT64_MAX, INT64_MIN, INT64_MAX - 1};
    uint8_t k = in.u8();
    if (k < 2 * std::size(values)) return values[k % std::size(values)];
    return int64_t(in.u64());
}

float interestingFloat(Bytes& in) {
    static const float values[] = {0.f, 1.f, -1.f, 0.5f, 2.f, 1e-30f, 1e30f, -1e30f,
                                   std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                                   std::numeric_limits<float>::quiet_NaN(), 3e9f, -3e9f, 1e19f};
    return values[in.pick(std::size(values))];
}

const char* const kAttrNames[] = {
    "axis", "axes", "perm", "pads", "strides", "kernel_shape", "dilations", "group", "keepdims", "k",
    "auto_pad", "mode", "transA", "transB", "alpha", "beta", "epsilon", "output_padding", "output_shape",
    "split", "starts", "ends", "to", "largest", "sorted", "exclusive", "reverse", "upper", "equation",
    "coordinate_transformation_mode", "batch_dims", "num_outputs", "ceil_mode", "count_include_pad",
    "storage_order", "select_last_index", "noop_with_empty_axes", "allowzero", "stash_type", "direction",
    "fmod", "detect_positive", "detect_negative", "value", "min", "max", "spatial", "num_groups",
    "training_mode", "seed", "approximate", "reduction", "exclude_outside", "cubic_coeff_a",
    "nearest_mode", "extrapolation_value", "keep_aspect_ratio_policy", "antialias", "scales", "sizes",
    "value_float", "value_int", "value_ints", "value_floats", "saturate", "blocksize", "lambd", "bias",
    "gamma"};
const char* const kAttrStrings[] = {"",       "SAME_UPPER", "SAME_LOWER", "VALID",  "NOTSET",     "nearest",
                                    "linear", "cubic",      "half_pixel", "LEFT",   "RIGHT",      "ij,jk->ik",
                                    "...",    "i,i",        "ii->i",      "a...b,b->a", "constant", "reflect",
                                    "edge",   "wrap",       "tanh",       "none",   "add",        "asymmetric",
                                    "tf_crop_and_resize", "round_prefer_ceil", "not_larger", "abc->"};
const char* const kOpTypes[] = {
    "Relu", "Add", "Mul", "MatMul", "Gemm", "Conv", "ConvTranspose", "MaxPool", "AveragePool", "Reshape",
    "Transpose", "Squeeze", "Unsqueeze", "Concat", "Split", "Slice", "Gather", "GatherElements",
    "GatherND", "ScatterND", "ScatterElements", "Expand", "Tile", "Pad", "Resize", "Where", "Cast",
    "Shape", "Size", "ConstantOfShape", "Range", "TopK", "CumSum", "Trilu", "Einsum", "Softmax",
    "LayerNormalization", "InstanceNormalization", "GroupNormalization", "BatchNormalization",
    "ReduceSum", "ReduceMean", "ArgMax", "Flatten", "Identity", "Dropout", "Clip", "Pow", "Mod",
    "BitShift", "Upsample", "Hardmax", "GlobalAveragePool", "Einsum", "PRelu", "Sum", "Max", "Erf",
    "Neg", "Equal", "Not", "IsNaN", "IsInf", "Softplus", "Gelu", "CastLike"};

void mutateTensor(onnx::TensorProto& t, Bytes& in) {
    switch (in.pick(7)) {
        case 0:
            if (t.dims_size()) t.set_dims(int(in.pick(size_t(t.dims_size()))), interestingInt(in));
            return;
        case 1: t.add_dims(interestingInt(in) & 7); return;
        case 2:
            if (t.dims_size()) t.mutable_dims()->RemoveLast();
            return;
        case 3: t.set_data_type(int32_t(in.u8() % 24)); return;
        case 4:
            if (t.has_raw_data()) t.mutable_raw_data()->resize(in.pick(t.raw_data().size() + 1));
            return;
        case 5: {
            if (t.has_raw_data() && !t.raw_data().empty()) {
                std::string& raw = *t.mutable_raw_data();
                size_t at = in.u16() % raw.size();
                raw[at] = char(in.u8());
                // a whole int64 element, so shape tensors get hostile values
                if (raw.size() >= 8) {
                    int64_t v = interestingInt(in);
                    std::memcpy(&raw[(at / 8) * 8 < raw.size() - 7 ? (at / 8) * 8 : 0], &v, 8);
                }
            } else if (t.int64_data_size()) {
                t.set_int64_data(int(in.pick(size_t(t.int64_data_size()))), interestingInt(in));
            } else if (t.float_data_size()) {
                t.set_float_data(int(in.pick(size_t(t.float_data_size()))), interestingFloat(in));
            } else if (t.int32_data_size()) {
                t.set_int32_data(int(in.pick(size_t(t.int32_data_size()))), int32_t(interestingInt(in)));
            }
            return;
        }
        case 6:
            t.clear_raw_data();
            if (in.u8() & 1) t.add_int64_data(interestingInt(in));
            return;
    }
}

void setAttributeValue(onnx::AttributeProto& a, Bytes& in) {
    switch (in.pick(5)) {
        case 0:
            a.set_type(onnx::AttributeProto::INT);
            a.set_i(interestingInt(in));
            return;
        case 1: {
            a.set_type(onnx::AttributeProto::INTS);
            a.clear_ints();
            size_t n = in.pick(7);
            for (size_t i = 0; i < n; ++i) a.add_ints(interestingInt(in));
            return;
        }
        case 2:
            a.set_type(onnx::AttributeProto::FLOAT);
            a.set_f(interestingFloat(in));
            return;
        case 3:
            a.set_type(onnx::AttributeProto::STRING);
            a.set_s(kAttrStrings[in.pick(std::size(kAttrStrings))]);
            return;
        case 4: {
            a.set_type(onnx::AttributeProto::FLOATS);
            a.clear_floats();
            size_t n = in.pick(5);
            for (size_t i = 0; i < n; ++i) a.add_floats(interestingFloat(in));
            return;
        }
    }
}

// Names a node input may be rewired to: graph inputs, initializers, outputs of earlier nodes.
std::vector<std::string> namesBefore(const onnx::GraphProto& g, int node) {
    std::vector<std::string> names;
    for (const auto& v : g.input()) names.push_back(v.name());
    for (const auto& t : g.initializer()) names.push_back(t.name());
    for (int i = 0; i < node && i < g.node_size(); ++i)
        for (const auto& o : g.node(i).output()) names.push_back(o);
    return names;
}

void mutateOnce(onnx::ModelProto& m, Bytes& in) {
    onnx::GraphProto& g = *m.mutable_graph();
    auto pickNode = [&]() -> onnx::NodeProto* {
        return g.node_size() ? g.mutable_node(int(in.pick(size_t(g.node_size())))) : nullptr;
    };
    switch (in.pick(10)) {
        case 0: {  // change an existing attribute's value (and possibly its type)
            onnx::NodeProto* n = pickNode();
            if (!n || !n->attribute_size()) return;
            onnx::AttributeProto& a = *n->mutable_attribute(int(in.pick(size_t(n->attribute_size()))));
            if (a.has_t() && (in.u8() & 1)) return mutateTensor(*a.mutable_t(), in);
            if (a.ints_size() && (in.u8() & 1)) {
                a.set_ints(int(in.pick(size_t(a.ints_size()))), interestingInt(in));
                return;
            }
            return setAttributeValue(a, in);
        }
        case 1: {  // add an attribute an op might read
            onnx::NodeProto* n = pickNode();
            if (!n) return;
            onnx::AttributeProto* a = n->add_attribute();
            a->set_name(kAttrNames[in.pick(std::size(kAttrNames))]);
            return setAttributeValue(*a, in);
        }
        case 2: {  // a graph input's shape
            if (!g.input_size()) return;
            auto* vi = g.mutable_input(int(in.pick(size_t(g.input_size()))));
            auto* shape = vi->mutable_type()->mutable_tensor_type()->mutable_shape();
            switch (in.pick(5)) {
                case 0:
                    if (shape->dim_size()) shape->mutable_dim(int(in.pick(size_t(shape->dim_size()))))->set_dim_value(interestingInt(in));
                    return;
                case 1:
                    if (shape->dim_size()) shape->mutable_dim(int(in.pick(size_t(shape->dim_size()))))->set_dim_param("N");
                    return;
                case 2: shape->add_dim()->set_dim_value(interestingInt(in) & 3); return;
                case 3:
                    if (shape->dim_size()) shape->mutable_dim()->RemoveLast();
                    return;
                case 4: vi->mutable_type()->mutable_tensor_type()->set_elem_type(int32_t(in.u8() % 24)); return;
            }
            return;
        }
        case 3: {  // an initializer
            if (!g.initializer_size()) return;
            return mutateTensor(*g.mutable_initializer(int(in.pick(size_t(g.initializer_size())))), in);
        }
        case 4: {  // rewire a node input
            int idx = g.node_size() ? int(in.pick(size_t(g.node_size()))) : -1;
            if (idx < 0) return;
            onnx::NodeProto& n = *g.mutable_node(idx);
            std::vector<std::string> names = namesBefore(g, idx);
            names.push_back("");
            switch (in.pick(3)) {
                case 0:
                    if (n.input_size()) n.set_input(int(in.pick(size_t(n.input_size()))), names[in.pick(names.size())]);
                    return;
                case 1:
                    if (n.input_size()) n.mutable_input()->RemoveLast();
                    return;
                case 2: n.add_input(names[in.pick(names.size())]); return;
            }
            return;
        }
        case 5: {  // the opset
            static const int64_t opsets[] = {1, 6, 7, 9, 10, 11, 12, 13, 15, 17, 18, 19, 21, 22, 100};
            for (auto& o : *m.mutable_opset_import())
                if (o.domain().empty() || o.domain() == "ai.onnx") o.set_version(opsets[in.pick(std::size(opsets))]);
            return;
        }
        case 6: {  // another op on the same wiring
            onnx::NodeProto* n = pickNode();
            if (n) n->set_op_type(kOpTypes[in.pick(std::size(kOpTypes))]);
            return;
        }
        case 7: {  // type information the importer may trust
            switch (in.pick(3)) {
                case 0: g.clear_value_info(); return;
                case 1:
                    if (g.output_size()) g.mutable_output(int(in.pick(size_t(g.output_size()))))->clear_type();
                    return;
                case 2:
                    if (g.output_size())
                        g.mutable_output(int(in.pick(size_t(g.output_size()))))
                            ->mutable_type()->mutable_tensor_type()->set_elem_type(int32_t(in.u8() % 24));
                    return;
            }
            return;
        }
        case 8: {  // drop an attribute
            onnx::NodeProto* n = pickNode();
            if (n && n->attribute_size()) {
                n->mutable_attribute()->SwapElements(int(in.pick(size_t(n->attribute_size()))), n->attribute_size() - 1);
                n->mutable_attribute()->RemoveLast();
            }
            return;
        }
        case 9: {  // an extra output, or a node output that becomes a graph output
            onnx::NodeProto* n = pickNode();
            if (!n) return;
            if (in.u8() & 1) n->add_output(concat("fuzz_out_", g.node_size(), "_", n->output_size()));
            else if (n->output_size()) g.add_output()->set_name(n->output(int(in.pick(size_t(n->output_size())))));
            return;
        }
    }
}

struct Mutated {
    std::string bytes;
    ImportOptions options;
    int optimizeLevel = -1;  // -1: run the imported graph as is
    bool ok = false;
};

Mutated mutateModel(const uint8_t* data, size_t size, Bytes& in) {
    Mutated out;
    const auto& seeds = seedModels();
    if (seeds.empty()) return out;
    const std::string& seed = seeds[in.u16() % seeds.size()];
    if (seed.empty()) return out;
    onnx::ModelProto m;
    if (!m.ParseFromString(seed)) return out;
    uint8_t flags = in.u8();
    out.options.runChecker = !(flags & 1);
    out.options.inferShapes = !(flags & 2);
    out.options.allowUnsupported = flags & 4;
    if (flags & 8) out.optimizeLevel = (flags >> 4) & 3;
    size_t count = 1 + in.pick(8);
    for (size_t i = 0; i < count && !in.empty(); ++i) mutateOnce(m, in);
    out.bytes = m.SerializeAsString();
    out.ok = true;
    return out;
}

// ---- running --------------------------------------------------------------------------------

// The random input values, seeded from the fuzz bytes.
void fill(Tensor& t, SplitMix64& rng) {
    int64_t n = t.numel();
    for (int64_t i = 0; i < n; ++i) {
        uint64_t r = rng.next();
        double f = double(int64_t(r % 17) - 8) * 0.5;  // -4 .. 4 in halves
        int64_t k = int64_t(r % 7) - 2;                // -2 .. 4: indices, axes, counts
        switch (t.dtype()) {
            case DataType::Float32: t.data<float>()[i] = float(f); break;
            case DataType::Float64: t.data<double>()[i] = f; break;
            case DataType::Float16: static_cast<uint16_t*>(t.raw())[i] = floatToHalf(float(f)); break;
            case DataType::BFloat16: static_cast<uint16_t*>(t.raw())[i] = floatToBfloat16(float(f)); break;
            case DataType::Float8E4M3: static_cast<uint8_t*>(t.raw())[i] = floatToFloat8e4m3(float(f)); break;
            case DataType::Int8: t.data<int8_t>()[i] = int8_t(k); break;
            case DataType::UInt8: t.data<uint8_t>()[i] = uint8_t(r % 5); break;
            case DataType::Int16: t.data<int16_t>()[i] = int16_t(k); break;
            case DataType::UInt16: t.data<uint16_t>()[i] = uint16_t(r % 5); break;
            case DataType::Int32: t.data<int32_t>()[i] = int32_t(k); break;
            case DataType::UInt32: t.data<uint32_t>()[i] = uint32_t(r % 5); break;
            case DataType::Int64: t.data<int64_t>()[i] = k; break;
            case DataType::UInt64: t.data<uint64_t>()[i] = r % 5; break;
            case DataType::Bool: t.data<bool>()[i] = r & 1; break;
            case DataType::Undefined:
            case DataType::String: return;
        }
    }
}

// Small random inputs for `inputs` (declared shapes; symbolic dims and unknown ranks from the
// bytes, or `fixed` where given). False when an input can't be made small (then nothing runs).
bool makeInputs(const std::vector<Value*>& inputs, const std::map<std::string, std::vector<int64_t>>& fixed,
                Bytes& in, TensorMap& out) {
    SplitMix64 rng{in.u64()};
    for (const Value* v : inputs) {
        if (v->isConstant()) continue;
        std::vector<int64_t> dims;
        if (auto it = fixed.find(v->name); it != fixed.end()) {
            dims = it->second;
        } else if (!v->shape.rankKnown) {
            dims.resize(in.pick(4));
            for (auto& d : dims) d = int64_t(1 + in.pick(4));
        } else {
            for (const Dim& d : v->shape.dims) dims.push_back(d.isStatic() ? d.value : int64_t(1 + in.pick(4)));
        }
        int64_t numel = 1;
        for (int64_t d : dims) {
            if (d < 0 || d > kMaxInputElements) return false;
            numel *= d;
            if (numel > kMaxInputElements) return false;
        }
        DataType dtype = v->dtype;
        if (dtype == DataType::Undefined) dtype = DataType::Float32;
        if (dtype == DataType::String) return false;
        Tensor t(dtype, dims);
        fill(t, rng);
        out[v->name] = t;
    }
    return true;
}

std::function<bool()> deadline() {
    auto end = std::chrono::steady_clock::now() + kRunBudget;
    return [end] { return std::chrono::steady_clock::now() > end; };
}

struct EngineSeeds {
    std::vector<std::string> names, bytes;
};

}  // namespace

void initialize() {
    static std::once_flag once;
    std::call_once(once, [] {
        Tensor::setMaxBytes(kMaxTensorBytes);
        setNumThreads(1);
    });
}

void importTarget(const uint8_t* data, size_t size) {
    initialize();
    try {
        ImportOptions options;
        options.allowUnsupported = true;  // the support check path (kiln inspect, the GUI)
        (void)importOnnxBytes(std::string(reinterpret_cast<const char*>(data), size), "", "fuzz.onnx", options);
    } catch (const Error&) {
    }
}

std::string mutatedModelBytes(const uint8_t* data, size_t size) {
    Bytes in(data, size);
    return mutateModel(data, size, in).bytes;
}

void mutateTarget(const uint8_t* data, size_t size) {
    initialize();
    Bytes in(data, size);
    Mutated m = mutateModel(data, size, in);
    if (!m.ok) return;
    try {
        ImportResult result = importOnnxBytes(m.bytes, "", "fuzz.onnx", m.options);
        if (!result.unsupported.empty()) return;
        Graph& graph = *result.graph;
        if (m.optimizeLevel >= 0) {
            passes::OptimizerOptions o;
            o.level = m.optimizeLevel;
            o.validateAfterEachPass = true;
            (void)passes::optimizeGraph(graph, o);
        }
        TensorMap inputs;
        if (!makeInputs(graph.inputs(), {}, in, inputs)) return;
        Executor executor(graph);
        RunOptions run;
        run.cancelled = deadline();
        (void)executor.run(inputs, run);
    } catch (const Error&) {
    }
}

namespace {

const EngineSeeds& engineSeeds() {
    static const EngineSeeds seeds = [] {
        EngineSeeds s;
        for (const char* name : {"tiny_cnn", "tiny_transformer"}) {
            ImportResult r = importOnnxFile(std::string(KILN_SOURCE_DIR) + "/resources/samples/" + name + "/model.onnx");
            BuilderConfig config;
            config.timingWarmup = 0;
            config.timingIterations = 1;
            // One profile pinning every dynamic dim to 1..2 (opt 1).
            OptimizationProfile profile;
            for (const Value* v : r.graph->inputs()) {
                if (v->isConstant() || !v->shape.rankKnown || v->shape.isStatic()) continue;
                ShapeRange range;
                for (const Dim& d : v->shape.dims) {
                    range.min.push_back(d.isStatic() ? d.value : 1);
                    range.opt.push_back(d.isStatic() ? d.value : 1);
                    range.max.push_back(d.isStatic() ? d.value : 2);
                }
                profile.inputs[v->name] = range;
            }
            if (!profile.inputs.empty()) config.profiles.push_back(profile);
            s.names.push_back(name);
            s.bytes.push_back(buildEngine(*r.graph, config)->serialize());
        }
        return s;
    }();
    return seeds;
}

void loadAndRun(const std::string& bytes, Bytes& in) {
    try {
        auto engine = Engine::deserialize(bytes, "fuzz.engine");
        std::map<std::string, std::vector<int64_t>> fixed;
        if (!engine->profiles().empty())
            for (const auto& [name, range] : engine->profiles()[0].inputs) fixed[name] = range.opt;
        TensorMap inputs;
        if (!makeInputs(engine->graph().inputs(), fixed, in, inputs)) return;
        auto context = engine->createExecutionContext();
        ExecuteOptions options;
        options.cancelled = deadline();
        (void)context->execute(inputs, options);
    } catch (const Error&) {
    }
}

}  // namespace

void engineTarget(const uint8_t* data, size_t size) {
    initialize();
    std::string bytes(reinterpret_cast<const char*>(data), size);
    Bytes in(data, std::min<size_t>(size, 64));  // the input values: a stable function of the file
    loadAndRun(bytes, in);
    // Past the frame: the size field and checksum made consistent, so the body parser sees the damage.
    constexpr size_t kMin = 8 + 4 + 4 + 8 + 8 + 8 + 8;
    if (bytes.size() >= kMin && std::memcmp(bytes.data(), kEngineMagic, 8) == 0) {
        uint64_t n = bytes.size();
        std::memcpy(&bytes[16], &n, 8);
        uint64_t sum = fnv1a64(bytes.data(), bytes.size() - 8);
        std::memcpy(&bytes[bytes.size() - 8], &sum, 8);
        Bytes again(data, std::min<size_t>(size, 64));
        loadAndRun(bytes, again);
    }
}

void writeEngineSeeds(const std::string& dir) {
    initialize();
    const EngineSeeds& s = engineSeeds();
    for (size_t i = 0; i < s.names.size(); ++i) {
        std::ofstream f(dir + "/" + s.names[i] + ".engine", std::ios::binary);
        f << s.bytes[i];
    }
}

}  // namespace kiln::fuzz
