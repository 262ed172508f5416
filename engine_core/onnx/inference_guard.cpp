// Guards libonnx 1.12's shape inference against inputs that crash it. Its conv/pool inference
// (convPoolShapeInference, convTransposeShapeInference) divides by `strides` and indexes the
// per-axis attributes and the weight shape by the input's spatial rank without checking them, so a
// zero stride is a SIGFPE and a short attribute list or a low-rank weight is a wild read (found by
// fuzzing, docs/robustness.md). These models violate the ONNX spec; Kiln refuses them with an error
// naming the node and the attribute or input before libonnx sees them. Ranks come from what the
// model declares (graph inputs, initializers, value_info); Kiln's own import checks the rest.
#include <unordered_map>

#include "engine_core/common/error.h"
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

}  // namespace

void checkBeforeShapeInference(const onnx::GraphProto& g, const std::string& model) {
    std::unordered_map<std::string, int> ranks;  // declared ranks
    for (const auto* list : {&g.input(), &g.value_info()})
        for (const auto& vi : *list)
            if (vi.type().has_tensor_type() && vi.type().tensor_type().has_shape())
                ranks[vi.name()] = vi.type().tensor_type().shape().dim_size();
    for (const auto& t : g.initializer()) ranks[t.name()] = t.dims_size();
    auto rankOf = [&](const onnx::NodeProto& n, int i) {
        if (i < 0 || i >= n.input_size()) return -1;
        auto it = ranks.find(n.input(i));
        return it == ranks.end() ? -1 : it->second;
    };

    for (int index = 0; index < g.node_size(); ++index) {
        const onnx::NodeProto& n = g.node(index);
        if (!(n.domain().empty() || n.domain() == "ai.onnx") || !isConvLike(n.op_type())) continue;
        std::string label = concat("'", model, "': node '", n.name().empty() ? n.op_type() : n.name(), "' (index ",
                                   index, ", ", n.op_type(), ")");
        int xRank = rankOf(n, 0);
        int wIndex = weightInput(n.op_type());
        int wRank = rankOf(n, wIndex);
        KILN_CHECK(xRank < 0 || xRank >= 3, InvalidModel, label, ": input '", n.input(0), "' has rank ", xRank,
                   "; it needs a batch, a channel and at least one spatial dim");
        KILN_CHECK(xRank < 0 || wRank < 0 || wRank == xRank, InvalidModel, label, ": weight '", n.input(wIndex),
                   "' has rank ", wRank, " but input '", n.input(0), "' has rank ", xRank);
        int spatial = xRank >= 3 ? xRank - 2 : (wRank >= 3 ? wRank - 2 : -1);
        for (const auto& a : n.attribute()) {
            const std::string& name = a.name();
            bool perAxis = name == "strides" || name == "dilations" || name == "kernel_shape" ||
                           name == "output_padding" || name == "output_shape";
            if (!perAxis && name != "pads") continue;
            int64_t minValue = (name == "strides" || name == "dilations" || name == "kernel_shape") ? 1 : 0;
            for (int64_t v : a.ints())
                KILN_CHECK(v >= minValue, InvalidModel, label, ": attribute '", name, "' has value ", v,
                           " (must be >= ", minValue, ")");
            if (spatial < 0) continue;
            int expected = name == "pads" ? 2 * spatial : spatial;
            KILN_CHECK(a.ints_size() == expected, InvalidModel, label, ": attribute '", name, "' has ",
                       a.ints_size(), " values; the input has ", spatial, " spatial dims, so it needs ", expected);
        }
    }
}

}  // namespace kiln::onnx_detail
