// If, Loop and Scan. The driver (importer.cpp) has already imported their bodies, each as its own
// Graph with the outer-scope values it reads; here the node is emitted with those values as its
// trailing inputs (ir/control_flow.h) and checked against its bodies.
//  * Every ONNX input and output keeps its slot, omitted ones included (a Loop's trip count and
//    condition are optional; their position tells them apart from the loop-carried values).
//  * Scan before opset 9 (input 0 sequence_lens, a batch axis 0 on every tensor, `directions`) keeps
//    its inputs, with `directions` renamed scan_input_directions and kiln_batched=1 telling the
//    kernel the form.
#include "engine_core/ir/control_flow.h"
#include "engine_core/onnx/import_ops.h"

namespace kiln::onnx_detail {

namespace {

void emitControlFlow(ImportContext& ctx) {
    std::vector<Value*> inputs = ctx.inputs();
    inputs.insert(inputs.end(), ctx.outerScopeInputs.begin(), ctx.outerScopeInputs.end());
    Node* n = ctx.emit(ctx.opType(), inputs, ctx.outputs());
    // emit() drops trailing omitted slots; here each slot has a meaning.
    while (n->inputs.size() < inputs.size()) n->inputs.push_back(nullptr);
    while (n->outputs.size() < ctx.outputCount()) n->outputs.push_back(nullptr);
    try {
        (void)checkControlFlowNode(*n);
    } catch (const Error& e) {
        // The cause alone: ctx.invalid names the model, the node and its index.
        const Message* cause = e.message().cause();
        ctx.invalid(cause ? *cause : e.message());
    }
}

}  // namespace

void importIf(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    emitControlFlow(ctx);
}

void importLoop(ImportContext& ctx) {
    // M and cond may both be omitted; checkControlFlowNode counts the slots.
    emitControlFlow(ctx);
}

void importScan(ImportContext& ctx) {
    if (ctx.opset() < 9) {
        if (ctx.has("directions")) ctx.attrs["scan_input_directions"] = ctx.attrs.at("directions");
        ctx.drop("directions");
        ctx.attrs["kiln_batched"] = Attribute(int64_t(1));
    }
    if (!ctx.has("num_scan_inputs")) ctx.invalid<Msg::AttributeMissing>("name"_a = "num_scan_inputs");
    emitControlFlow(ctx);
}

}  // namespace kiln::onnx_detail
