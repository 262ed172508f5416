// 2:4 sparsity of a model's weights, read from and written to the ONNX protobuf (model_sparsity.h).
#include "engine_core/sparsity/model_sparsity.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <unordered_set>

#include "engine_core/common/message_catalogue.h"
#include "engine_core/onnx/onnx_types.h"
#include "engine_core/onnx/proto_util.h"

namespace kiln {

namespace {

namespace fs = std::filesystem;
using onnx_detail::ExternalDataSource;

constexpr const char* kPrunableOps[] = {"Conv", "Gemm", "MatMul"};

bool isPrunableOp(const std::string& op) {
    return std::find(std::begin(kPrunableOps), std::end(kPrunableOps), op) != std::end(kPrunableOps);
}

onnx::ModelProto readModelProto(const std::string& path) {
    const std::string bytes = onnx_detail::readFileBytes(path, uint64_t(INT_MAX), msg<Msg::NounModelFile>());
    KILN_CHECK(!bytes.empty(), InvalidModel, msg<Msg::ModelEmpty>("file"_a = path));
    onnx::ModelProto model;
    KILN_CHECK(onnx_detail::parseProtoQuietly(bytes, &model), InvalidModel,
               msg<Msg::ModelParseFailed>("file"_a = path));
    return model;
}

// The importer's names: the node's own, or "<op>_<index>" (then "_1", "_2", ...) for an unnamed
// node or a repeated name, kept clear of every name in the model.
std::vector<std::string> layerNames(const onnx::GraphProto& graph) {
    std::unordered_set<std::string> taken, assigned;
    for (const auto& n : graph.node())
        if (!n.name().empty()) taken.insert(n.name());
    std::vector<std::string> names;
    for (int i = 0; i < graph.node_size(); ++i) {
        const auto& n = graph.node(i);
        std::string name;
        if (!n.name().empty() && !assigned.count(n.name())) {
            name = n.name();
        } else {
            const std::string base = n.op_type() + "_" + std::to_string(i);
            name = base;
            for (int k = 1; taken.count(name) || assigned.count(name); ++k) name = base + "_" + std::to_string(k);
        }
        assigned.insert(name);
        names.push_back(name);
    }
    return names;
}

int64_t intAttribute(const onnx::NodeProto& node, const std::string& name, int64_t fallback) {
    for (const auto& a : node.attribute())
        if (a.name() == name) return a.i();
    return fallback;
}

// What analyzing a graph needs to look up, built once.
struct GraphIndex {
    std::map<std::string, const onnx::TensorProto*> initializers;
    std::set<std::string> graphInputs;
    std::map<std::string, int> consumers;

    explicit GraphIndex(const onnx::GraphProto& graph) {
        for (const auto& t : graph.initializer()) initializers.emplace(t.name(), &t);
        for (const auto& in : graph.input()) graphInputs.insert(in.name());
        for (const auto& n : graph.node()) {
            std::set<std::string> read(n.input().begin(), n.input().end());
            for (const std::string& name : read)
                if (!name.empty()) ++consumers[name];
        }
    }
    bool isConstant(const std::string& name) const {
        return !name.empty() && initializers.count(name) && !graphInputs.count(name);
    }
};

// Which input is the weight and which axis is grouped, from the op, its attributes and the
// weight's rank (the table in model_sparsity.h). Leaves blocker set when it can't be.
LayerSparsity describeLayer(const onnx::NodeProto& node, int index, const std::string& name, const GraphIndex& g) {
    LayerSparsity l;
    l.nodeIndex = index;
    l.layer = name;
    l.opType = node.op_type();
    auto input = [&](int i) { return i < node.input_size() ? node.input(i) : std::string(); };
    l.weightInput = 1;
    if (l.opType == "MatMul" && !g.isConstant(input(1)) && g.isConstant(input(0))) l.weightInput = 0;
    l.weight = input(l.weightInput);
    l.consumers = l.weight.empty() ? 0 : g.consumers.count(l.weight) ? g.consumers.at(l.weight) : 0;
    if (l.weight.empty() || !g.initializers.count(l.weight)) {
        l.blocker = SparsityBlocker::WeightNotInitializer;
        return l;
    }
    const onnx::TensorProto& t = *g.initializers.at(l.weight);
    l.dims.assign(t.dims().begin(), t.dims().end());
    l.dtype = dataTypeFromOnnx(t.data_type()).value_or(DataType::Undefined);
    if (g.graphInputs.count(l.weight)) {
        l.blocker = SparsityBlocker::WeightIsGraphInput;
        return l;
    }
    if (!isFloatingPoint(l.dtype)) {
        l.blocker = SparsityBlocker::WeightNotFloatingPoint;
        return l;
    }
    const int rank = int(l.dims.size());
    if (l.opType == "Conv") {
        if (rank < 3) l.blocker = SparsityBlocker::WeightRankTooLow;
        l.axis = 1;
    } else if (l.opType == "Gemm") {
        if (rank != 2) l.blocker = SparsityBlocker::WeightRankTooLow;
        l.axis = intAttribute(node, "transB", 0) != 0 ? 1 : 0;
    } else {  // MatMul
        if (rank < 2) l.blocker = SparsityBlocker::WeightRankTooLow;
        l.axis = l.weightInput == 1 ? rank - 2 : rank - 1;
    }
    if (l.blocker != SparsityBlocker::None) {
        l.axis = -1;
        return l;
    }
    l.groupAxisLength = l.dims[size_t(l.axis)];
    l.reductionLength = l.groupAxisLength;
    if (l.opType == "Conv")
        for (int d = 2; d < rank; ++d) l.reductionLength *= l.dims[size_t(d)];
    if (l.groupAxisLength % 4 != 0 || l.groupAxisLength == 0) l.blocker = SparsityBlocker::ReductionNotMultipleOf4;
    return l;
}

ExternalDataSource externalSource(const std::string& path) {
    std::string baseDir = fs::path(path).parent_path().string();
    return {baseDir.empty() ? "." : baseDir, path};
}

Tensor weightTensor(const onnx::TensorProto& t, const std::string& path, const ExternalDataSource* external) {
    return onnx_detail::tensorFromProto(t, msg<Msg::NounInitializer>("model"_a = path, "name"_a = t.name()),
                                        external);
}

std::vector<LayerSparsity> analyzeGraph(const onnx::GraphProto& graph, const std::string& path,
                                        const ExternalDataSource* external) {
    const GraphIndex index(graph);
    const std::vector<std::string> names = layerNames(graph);
    std::vector<LayerSparsity> layers;
    for (int i = 0; i < graph.node_size(); ++i) {
        const onnx::NodeProto& n = graph.node(i);
        if (!(n.domain().empty() || n.domain() == "ai.onnx") || !isPrunableOp(n.op_type())) continue;
        LayerSparsity l = describeLayer(n, i, names[size_t(i)], index);
        if (l.eligible()) l.stats = check2to4(weightTensor(*index.initializers.at(l.weight), path, external), l.axis);
        layers.push_back(std::move(l));
    }
    return layers;
}

void writeModelProto(const onnx::ModelProto& model, const std::string& path) {
    std::string bytes;
    KILN_CHECK(model.SerializeToString(&bytes), Internal, "cannot serialize the pruned model for '", path, "'");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    KILN_CHECK(out.good(), Io, msg<Msg::FileCannotOpenForWriting>("file"_a = path));
    out.write(bytes.data(), std::streamsize(bytes.size()));
    out.flush();
    KILN_CHECK(out.good(), Io, msg<Msg::FileCannotWrite>("file"_a = path));
}

// Replaces the initializer's data with `tensor`'s (same dtype and dims), as raw_data: name, dims,
// data type, doc string and metadata stay as they were.
void replaceInitializerData(onnx::TensorProto& t, const Tensor& tensor) {
    t.clear_float_data();
    t.clear_int32_data();
    t.clear_int64_data();
    t.clear_double_data();
    t.clear_uint64_data();
    t.set_raw_data(std::string(static_cast<const char*>(tensor.raw()), tensor.byteSize()));
}

std::string opList() {
    return "Conv, Gemm, MatMul";
}

}  // namespace

int64_t LayerSparsity::weightElements() const {
    if (dims.empty()) return 0;
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    return n;
}

std::string LayerSparsity::groupAxisText() const {
    if (axis < 0) return "-";
    return concat(opType == "Conv" ? "C/group=" : "K=", groupAxisLength);
}

std::string LayerSparsity::reason() const {
    switch (blocker) {
        case SparsityBlocker::None:
            return "";
        case SparsityBlocker::WeightNotInitializer:
            return weight.empty() ? std::string("no weight input")
                                  : concat("weight '", weight, "' is not an initializer (computed or a graph input)");
        case SparsityBlocker::WeightIsGraphInput:
            return concat("weight '", weight, "' is also a graph input, so a run may replace it");
        case SparsityBlocker::WeightNotFloatingPoint:
            return concat("weight '", weight, "' is ", dataTypeName(dtype), ", not floating point");
        case SparsityBlocker::WeightRankTooLow:
            return concat("weight '", weight, "' has rank ", dims.size(),
                          opType == "Conv" ? " (Conv needs [K, C/group, k...])"
                          : opType == "Gemm" ? " (Gemm needs a matrix)"
                                             : " (a vector, not a matrix)");
        case SparsityBlocker::ReductionNotMultipleOf4:
            return concat(groupAxisText(), opType == "Conv" ? " input channels" : "", ", not a multiple of 4");
    }
    return "";
}

int64_t ModelSparsityReport::eligibleCount() const {
    return std::count_if(layers.begin(), layers.end(), [](const LayerSparsity& l) { return l.eligible(); });
}

int64_t ModelSparsityReport::sparseCount() const {
    return std::count_if(layers.begin(), layers.end(),
                         [](const LayerSparsity& l) { return l.eligible() && l.stats && l.stats->is2to4(); });
}

ModelSparsityReport analyzeModelSparsity(const std::string& path) {
    const onnx::ModelProto model = readModelProto(path);
    const ExternalDataSource external = externalSource(path);
    return {path, analyzeGraph(model.graph(), path, &external)};
}

PruneResult pruneModelFile(const std::string& input, const std::string& output, const PruneOptions& options) {
    std::error_code ec;
    KILN_CHECK(!(fs::exists(output, ec) && fs::equivalent(input, output, ec)), InvalidArgument, "'", output,
               "' is the model itself: write the pruned model to another file");
    for (const std::string& op : options.opTypes)
        KILN_CHECK(isPrunableOp(op), InvalidArgument, "op type '", op, "' has no weight to prune (", opList(), ")");
    onnx::ModelProto model = readModelProto(input);
    onnx::GraphProto& graph = *model.mutable_graph();
    for (const auto& t : graph.initializer())
        KILN_CHECK(t.data_location() != onnx::TensorProto::EXTERNAL, Unsupported, "'", input, "': initializer '",
                   t.name(), "' keeps its data in an external file; kiln prune writes models with their weights inside");
    const std::vector<LayerSparsity> layers = analyzeGraph(graph, input, nullptr);

    // The selection: named layers (each must be prunable), else every prunable layer of the op types.
    std::vector<const LayerSparsity*> chosen;
    PruneResult result;
    auto notPrunable = [&](const LayerSparsity& l) -> std::string {
        if (!l.eligible()) return l.reason();
        if (l.consumers > 1)
            return concat("weight '", l.weight, "' is read by ", l.consumers, " nodes; pruning it would change them all");
        if (l.weightElements() < options.minSize)
            return concat("weight '", l.weight, "' has ", l.weightElements(), " elements, fewer than the minimum size ",
                          options.minSize);
        return "";
    };
    if (!options.layers.empty()) {
        std::set<std::string> seen;
        for (const std::string& name : options.layers) {
            auto it = std::find_if(layers.begin(), layers.end(), [&](const LayerSparsity& l) { return l.layer == name; });
            KILN_CHECK(it != layers.end(), InvalidArgument, "'", input, "' has no ", opList(), " layer named '", name,
                       "'");
            const std::string why = notPrunable(*it);
            KILN_CHECK(why.empty(), InvalidArgument, "layer '", name, "' (", it->opType,
                       ") can't be pruned to 2:4: ", why);
            if (seen.insert(name).second) chosen.push_back(&*it);
        }
    } else {
        for (const LayerSparsity& l : layers) {
            const bool opChosen = options.opTypes.empty() || std::find(options.opTypes.begin(), options.opTypes.end(),
                                                                       l.opType) != options.opTypes.end();
            if (!opChosen) continue;
            const std::string why = notPrunable(l);
            if (why.empty())
                chosen.push_back(&l);
            else
                result.skipped.push_back({l.layer, l.opType, why});
        }
    }
    KILN_CHECK(!chosen.empty(), InvalidArgument, "'", input, "': no layer to prune (",
               layers.empty() ? concat("the model has no ", opList(), " node")
                              : concat(layers.size(), " ", opList(), " layers, none prunable with these options"),
               ")");

    std::map<std::string, onnx::TensorProto*> initializers;
    for (auto& t : *graph.mutable_initializer()) initializers.emplace(t.name(), &t);
    for (const LayerSparsity* l : chosen) {
        onnx::TensorProto& proto = *initializers.at(l->weight);
        const Tensor pruned = prune2to4(weightTensor(proto, input, nullptr), l->axis);
        replaceInitializerData(proto, pruned);
        result.pruned.push_back({*l, check2to4(pruned, l->axis)});
    }
    writeModelProto(model, output);
    return result;
}

}  // namespace kiln
