// Guards libonnx 1.12's shape inference against inputs that crash it. Its conv/pool inference
// (convPoolShapeInference, convTransposeShapeInference) divides by `strides` and indexes the
// per-axis attributes and the weight shape by the input's spatial rank without checking them, so a
// zero stride is a SIGFPE and a short attribute list or a low-rank weight is a wild read (found by
// fuzzing, docs/robustness.md). These models violate the ONNX spec; Kiln refuses them with an error
// naming the node and the attribute or input before libonnx sees them. Ranks come from what the
// model declares (graph inputs, initializers, value_info); Kiln's own import checks the rest. The same
// pass refuses two other inputs that broke libonnx's inference: a shape input declared with 3e8 values
// (ConstantOfShape built that many output dims: 4 GiB) and a tensor attribute whose raw_data is shorter
// than its shape (read past the end by data propagation). Inference is not run at all on a model that
// did not go through the checker (importer.cpp): libonnx's inference functions assume a checked model.
#include <unordered_map>

#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/onnx/proto_util.h"

namespace kiln::onnx_detail {

namespace {

bool isConvLike(const std::string& op) {
    return op == "Conv" || op == "ConvTranspose" || op == "ConvInteger" || op == "QLinearConv" ||
           op == "MaxPool" || op == "AveragePool" || op == "LpPool" || op == "MaxUnpool";
}

// Index of the weight input of an op with one, else -1.
int weightInput(const std::string& op) {
    if (op == "Conv" || op == "ConvTranspose" || op == "ConvInteger") return 1;
    if (op == "QLinearConv") return 3;
    return -1;
}

constexpr int64_t kMaxShapeLength = 1024;

// Index of the input whose length is the output's rank (ConstantOfShape, Reshape, Expand) or adds to
// it (Unsqueeze's axes), else -1.
int shapeInputOf(const std::string& op) {
    if (op == "ConstantOfShape") return 0;
    if (op == "Reshape" || op == "Expand" || op == "Unsqueeze") return 1;
    return -1;
}

}  // namespace

void checkBeforeShapeInference(const onnx::GraphProto& g, const std::string& model) {
    std::unordered_map<std::string, int> ranks;  // declared ranks
    for (const auto* list : {&g.input(), &g.value_info()})
        for (const auto& vi : *list)
            if (vi.type().has_tensor_type() && vi.type().tensor_type().has_shape())
                ranks[vi.name()] = vi.type().tensor_type().shape().dim_size();
    for (const auto& t : g.initializer()) ranks[t.name()] = t.dims_size();
    std::unordered_map<std::string, int64_t> lengths;  // declared length of 1-D tensors
    for (const auto* list : {&g.input(), &g.value_info()})
        for (const auto& vi : *list)
            if (vi.type().has_tensor_type() && vi.type().tensor_type().has_shape() &&
                vi.type().tensor_type().shape().dim_size() == 1 && vi.type().tensor_type().shape().dim(0).has_dim_value())
                lengths[vi.name()] = vi.type().tensor_type().shape().dim(0).dim_value();
    for (const auto& t : g.initializer())
        if (t.dims_size() == 1) lengths[t.name()] = t.dims(0);
    auto rankOf = [&](const onnx::NodeProto& n, int i) {
        if (i < 0 || i >= n.input_size()) return -1;
        auto it = ranks.find(n.input(i));
        return it == ranks.end() ? -1 : it->second;
    };

    for (int index = 0; index < g.node_size(); ++index) {
        const onnx::NodeProto& n = g.node(index);
        if (!(n.domain().empty() || n.domain() == "ai.onnx")) continue;
        const std::string& node = n.name().empty() ? n.op_type() : n.name();
        // Tensor attributes (Constant's value) feed libonnx's data propagation, which trusts raw_data.
        for (const auto& a : n.attribute())
            if (a.has_t() && a.t().data_location() != onnx::TensorProto::EXTERNAL) {
                const Message what =
                    msg<Msg::NounNodeAttribute>("model"_a = model, "node"_a = node, "index"_a = index,
                                                "op"_a = n.op_type(), "name"_a = a.name());
                checkRawDataSize(a.t(), what, tensorProtoByteSize(a.t(), what));
            }
        // Output rank = length of a 1-D shape input: libonnx builds that many dims (a declared length of
        // 3e8 took 4 GiB). No real tensor has more than a handful of dims.
        int shapeInput = shapeInputOf(n.op_type());
        if (shapeInput >= 0 && shapeInput < n.input_size()) {
            auto it = lengths.find(n.input(shapeInput));
            KILN_CHECK(it == lengths.end() || it->second <= kMaxShapeLength, InvalidModel,
                       msg<Msg::ShapeInputTooLong>("model"_a = model, "node"_a = node, "index"_a = index,
                                                   "op"_a = n.op_type(), "input"_a = n.input(shapeInput),
                                                   "count"_a = it == lengths.end() ? 0 : it->second,
                                                   "max"_a = kMaxShapeLength));
        }
        if (!isConvLike(n.op_type())) continue;
        int xRank = rankOf(n, 0);
        int wIndex = weightInput(n.op_type());
        int wRank = rankOf(n, wIndex);
        KILN_CHECK(
            xRank < 0 || xRank >= 3, InvalidModel,
            msg<Msg::ConvInputRankTooLow>("model"_a = model, "node"_a = node, "index"_a = index,
                                          "op"_a = n.op_type(), "input"_a = n.input(0), "rank"_a = xRank));
        KILN_CHECK(
            xRank < 0 || wRank < 0 || wRank == xRank, InvalidModel,
            msg<Msg::ConvWeightRank>("model"_a = model, "node"_a = node, "index"_a = index,
                                     "op"_a = n.op_type(), "weight"_a = n.input(wIndex),
                                     "weightRank"_a = wRank, "input"_a = n.input(0), "rank"_a = xRank));
        int spatial = xRank >= 3 ? xRank - 2 : (wRank >= 3 ? wRank - 2 : -1);
        for (const auto& a : n.attribute()) {
            const std::string& name = a.name();
            bool perAxis = name == "strides" || name == "dilations" || name == "kernel_shape" ||
                           name == "output_padding" || name == "output_shape";
            if (!perAxis && name != "pads") continue;
            int64_t minValue = (name == "strides" || name == "dilations" || name == "kernel_shape") ? 1 : 0;
            for (int64_t v : a.ints())
                KILN_CHECK(v >= minValue, InvalidModel,
                           msg<Msg::ConvAttributeValueTooSmall>(
                               "model"_a = model, "node"_a = node, "index"_a = index, "op"_a = n.op_type(),
                               "name"_a = name, "value"_a = v, "min"_a = minValue));
            if (spatial < 0) continue;
            int expected = name == "pads" ? 2 * spatial : spatial;
            KILN_CHECK(
                a.ints_size() == expected, InvalidModel,
                msg<Msg::ConvAttributeCount>("model"_a = model, "node"_a = node, "index"_a = index,
                                             "op"_a = n.op_type(), "name"_a = name, "count"_a = a.ints_size(),
                                             "spatial"_a = spatial, "expected"_a = expected));
        }
    }
}

}  // namespace kiln::onnx_detail
