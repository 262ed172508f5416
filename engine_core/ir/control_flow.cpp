#include "engine_core/ir/control_flow.h"

#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/ir/graph.h"

namespace kiln {

bool isControlFlowOp(const std::string& opType, const std::string& domain) {
    return (domain.empty() || domain == "ai.onnx") && (opType == "If" || opType == "Loop" || opType == "Scan");
}

std::vector<std::string> controlFlowBodyNames(const std::string& opType) {
    if (opType == "If") return {"else_branch", "then_branch"};
    if (opType == "Loop" || opType == "Scan") return {"body"};
    return {};
}

namespace {

[[noreturn]] void nodeError(const Node& node, const Message& cause) {
    fail(ErrorKind::InvalidModel, msg<Msg::ControlFlowNodeError>("node"_a = node.label(), "op"_a = node.opType,
                                                                  "cause"_a = cause));
}

void checkType(const Node& node, const Value* v, DataType expected, const Message& what) {
    if (!v || v->dtype == DataType::Undefined || v->dtype == expected) return;
    nodeError(node, msg<Msg::ValueNotOfType>("what"_a = what, "tensor"_a = v->name,
                                             "type"_a = dataTypeName(v->dtype), "expected"_a = dataTypeName(expected)));
}

}  // namespace

ControlFlowLayout checkControlFlowNode(const Node& node, bool validateBodies) {
    std::vector<std::string> names = controlFlowBodyNames(node.opType);
    if (names.empty() || !isControlFlowOp(node.opType, node.domain)) {
        // Bodies on any other op: nothing runs them.
        for (const auto& [key, body] : node.bodies())
            nodeError(node, msg<Msg::SubgraphAttribute>("name"_a = key));
        return {};
    }
    std::vector<const Graph*> bodies;
    for (const std::string& name : names) {
        auto it = node.attributes.find(name);
        const Graph* g = it == node.attributes.end() ? nullptr : it->second.graph();
        if (!g) nodeError(node, msg<Msg::BodyMissing>("body"_a = name));
        bodies.push_back(g);
    }
    // Every body reads the same outer-scope values, passed as the node's trailing inputs.
    const size_t outer = bodies.front()->outerScopeInputs;
    for (size_t b = 0; b < bodies.size(); ++b) {
        const Graph& g = *bodies[b];
        if (g.outerScopeInputs != outer || g.outerScopeInputs > g.inputs().size() || outer > node.inputs.size())
            nodeError(node, msg<Msg::BodyOuterScopeCount>("body"_a = names[b], "count"_a = g.outerScopeInputs,
                                                          "expected"_a = node.inputs.size() < outer ? 0 : outer));
    }
    ControlFlowLayout layout;
    layout.formalInputs = node.inputs.size() - outer;
    const size_t outputs = node.outputs.size();
    auto bodyInputs = [&](size_t b) { return bodies[b]->inputs().size() - outer; };
    auto expectInputs = [&](size_t b, size_t expected) {
        if (bodyInputs(b) != expected)
            nodeError(node, msg<Msg::BodyInputCount>("body"_a = names[b], "count"_a = bodyInputs(b),
                                                     "expected"_a = expected));
    };
    auto expectOutputs = [&](size_t b, size_t expected) {
        if (bodies[b]->outputs().size() != expected)
            nodeError(node, msg<Msg::BodyOutputCount>("body"_a = names[b], "count"_a = bodies[b]->outputs().size(),
                                                      "expected"_a = expected));
    };
    auto needInputs = [&](size_t min) {
        if (layout.formalInputs < min)
            nodeError(node, msg<Msg::ControlFlowInputCount>("count"_a = layout.formalInputs, "min"_a = min));
    };
    if (node.opType == "If") {
        needInputs(1);
        if (!node.inputs[0]) nodeError(node, msg<Msg::ControlFlowInputCount>("count"_a = 0, "min"_a = 1));
        checkType(node, node.inputs[0], DataType::Bool, msg<Msg::NounCondition>());
        for (size_t b = 0; b < bodies.size(); ++b) {
            expectInputs(b, 0);
            expectOutputs(b, outputs);
        }
    } else if (node.opType == "Loop") {
        needInputs(2);
        layout.carried = layout.formalInputs - 2;
        const Graph& g = *bodies[0];
        expectInputs(0, 2 + layout.carried);
        if (g.outputs().size() < 1 + layout.carried || outputs < layout.carried)
            expectOutputs(0, 1 + outputs);
        layout.scanOutputs = g.outputs().size() - 1 - layout.carried;
        expectOutputs(0, 1 + outputs);
        checkType(node, node.inputs[0], DataType::Int64, msg<Msg::NounTripCount>());
        checkType(node, node.inputs[1], DataType::Bool, msg<Msg::NounCondition>());
        checkType(node, g.inputs()[0], DataType::Int64,
                  msg<Msg::InBody>("body"_a = "body", "cause"_a = msg<Msg::NounIterationNumber>()));
        checkType(node, g.inputs()[1], DataType::Bool,
                  msg<Msg::InBody>("body"_a = "body", "cause"_a = msg<Msg::NounCondition>()));
        checkType(node, g.outputs()[0], DataType::Bool,
                  msg<Msg::InBody>("body"_a = "body", "cause"_a = msg<Msg::NounConditionOutput>()));
    } else {  // Scan
        const Graph& g = *bodies[0];
        const int64_t scanInputs = node.attrInt("num_scan_inputs");
        if (scanInputs < 1 || size_t(scanInputs) > layout.formalInputs)
            nodeError(node, msg<Msg::ControlFlowInputCount>("count"_a = layout.formalInputs, "min"_a = std::max<int64_t>(scanInputs, 1)));
        layout.scanInputs = size_t(scanInputs);
        // Scan-8 (kiln_batched): input 0 is sequence_lens.
        const size_t lens = node.attrInt("kiln_batched", 0) != 0 ? 1 : 0;
        if (layout.formalInputs < layout.scanInputs + lens)
            nodeError(node, msg<Msg::ControlFlowInputCount>("count"_a = layout.formalInputs,
                                                            "min"_a = layout.scanInputs + lens));
        layout.carried = layout.formalInputs - layout.scanInputs - lens;
        expectInputs(0, layout.formalInputs - lens);
        if (outputs < layout.carried) expectOutputs(0, layout.carried);
        layout.scanOutputs = outputs - layout.carried;
        expectOutputs(0, outputs);
        auto checkCount = [&](const char* key, size_t expected) {
            if (node.hasAttr(key) && node.attrIntsView(key).size() != expected)
                nodeError(node, msg<Msg::ScanAxesCount>("name"_a = key, "count"_a = node.attrIntsView(key).size(),
                                                        "expected"_a = expected));
        };
        checkCount("scan_input_axes", layout.scanInputs);
        checkCount("scan_input_directions", layout.scanInputs);
        checkCount("scan_output_axes", layout.scanOutputs);
        checkCount("scan_output_directions", layout.scanOutputs);
    }
    if (validateBodies) {
        for (size_t b = 0; b < bodies.size(); ++b) {
            try {
                bodies[b]->validate();
            } catch (const Error& e) {
                fail(e.kind(), msg<Msg::ControlFlowNodeError>(
                                   "node"_a = node.label(), "op"_a = node.opType,
                                   "cause"_a = msg<Msg::InBody>("body"_a = names[b], "cause"_a = e.message())));
            }
        }
    }
    return layout;
}

}  // namespace kiln
