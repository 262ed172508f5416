// The import driver: parse → structural checks → ONNX checker → shape inference → build the Kiln
// graph, dispatching each node to its op's import function (op_table.cpp).
#include "engine_core/onnx/importer.h"

#include <onnx/checker.h>
#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "engine_core/common/message_catalogue.h"
#include "engine_core/ir/control_flow.h"
#include "engine_core/onnx/import_context.h"
#include "engine_core/onnx/proto_util.h"

namespace kiln {

using namespace onnx_detail;

namespace {

bool isDefaultDomain(const std::string& domain) {
    return domain.empty() || domain == "ai.onnx";
}

int libonnxMaxOpset() {
    const auto& map = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
    auto it = map.find(onnx::ONNX_DOMAIN);
    return it == map.end() ? 0 : it->second.second;
}

// Kiln's own structural checks on the proto: every tensor defined once, every input defined, no
// cycle. They run before libonnx's checker (which may be skipped) and name the node at fault.
void checkStructure(const onnx::GraphProto& g, const std::string& model) {
    std::unordered_map<std::string, int> producer;  // value -> node index (-1: input or initializer)
    // node: the producing node's index, or -1 for an initializer (isInitializer) or a graph input.
    auto define = [&](const std::string& name, int node, bool isInitializer) {
        if (name.empty()) return;
        auto [it, inserted] = producer.emplace(name, node);
        if (inserted) return;
        // ONNX IR < 4 lists initializers among the inputs: an input and an initializer may share a name.
        if (node < 0 && it->second < 0) return;
        if (node >= 0)
            fail(ErrorKind::InvalidModel, msg<Msg::TensorDefinedTwiceNodeOutput>(
                                              "model"_a = model, "tensor"_a = name, "index"_a = node));
        if (isInitializer)
            fail(ErrorKind::InvalidModel,
                 msg<Msg::TensorDefinedTwiceInitializer>("model"_a = model, "tensor"_a = name));
        fail(ErrorKind::InvalidModel,
             msg<Msg::TensorDefinedTwiceGraphInput>("model"_a = model, "tensor"_a = name));
    };
    for (const auto& t : g.initializer()) define(t.name(), -1, true);
    for (const auto& v : g.input()) define(v.name(), -1, false);
    for (int i = 0; i < g.node_size(); ++i)
        for (const auto& out : g.node(i).output()) define(out, i, false);

    auto nodeName = [&](int i) {
        const auto& n = g.node(i);
        return n.name().empty() ? n.op_type() + "_" + std::to_string(i) : n.name();
    };
    // Kahn's algorithm over node indices; nodes with graph attributes may read outer-scope names from
    // their bodies, which is fine for ordering (bodies are not imported).
    std::vector<int> pending(size_t(g.node_size()), 0);
    std::vector<std::vector<int>> consumers(size_t(g.node_size()));
    for (int i = 0; i < g.node_size(); ++i) {
        for (const auto& in : g.node(i).input()) {
            if (in.empty()) continue;
            auto it = producer.find(in);
            KILN_CHECK(
                it != producer.end(), InvalidModel,
                msg<Msg::NodeReadsUndefinedTensor>("model"_a = model, "node"_a = nodeName(i), "index"_a = i,
                                                   "op"_a = g.node(i).op_type(), "tensor"_a = in));
            if (it->second >= 0) {
                ++pending[size_t(i)];
                consumers[size_t(it->second)].push_back(i);
            }
        }
    }
    std::vector<int> ready;
    for (int i = 0; i < g.node_size(); ++i)
        if (pending[size_t(i)] == 0) ready.push_back(i);
    size_t done = 0;
    while (!ready.empty()) {
        int n = ready.back();
        ready.pop_back();
        ++done;
        for (int c : consumers[size_t(n)])
            if (--pending[size_t(c)] == 0) ready.push_back(c);
    }
    if (done != size_t(g.node_size()))
        for (int i = 0; i < g.node_size(); ++i)
            if (pending[size_t(i)] > 0)
                fail(ErrorKind::InvalidModel,
                     msg<Msg::ModelGraphCycle>("model"_a = model, "node"_a = nodeName(i), "index"_a = i,
                                               "op"_a = g.node(i).op_type()));
    for (const auto& out : g.output())
        KILN_CHECK(producer.count(out.name()), InvalidModel,
                   msg<Msg::ModelOutputNeverProduced>("model"_a = model, "output"_a = out.name()));
}

// Runs libonnx's checker where it can judge the model; otherwise explains why it was skipped.
// Returns true when the checker ran (and passed); false when it had to be skipped.
bool runChecker(onnx::ModelProto& model, const std::string& baseDir, const std::string& name, int64_t opset,
                ImportResult& result) {
    int maxKnown = libonnxMaxOpset();
    if (opset > maxKnown) {
        result.warnings.push_back(
            msg<Msg::CheckerSkippedNewerOpset>("opset"_a = opset, "known"_a = maxKnown));
        return false;
    }
    for (const auto& node : model.graph().node()) {
        if (!isDefaultDomain(node.domain())) continue;
        if (!onnx::OpSchemaRegistry::Schema(node.op_type(), int(opset), onnx::ONNX_DOMAIN)) {
            result.warnings.push_back(
                msg<Msg::CheckerSkippedUnknownOp>("op"_a = node.op_type(), "opset"_a = opset));
            return false;
        }
    }
    onnx::checker::CheckerContext ctx;
    int64_t ir = model.ir_version();
    if (ir > onnx::IR_VERSION) {
        result.warnings.push_back(msg<Msg::CheckerNewerIrVersion>(
            "ir"_a = ir, "known"_a = int(onnx::IR_VERSION), "checked"_a = int(onnx::IR_VERSION)));
        ir = onnx::IR_VERSION;
    }
    ctx.set_ir_version(int(ir));
    std::unordered_map<std::string, int> opsets;
    for (const auto& o : model.opset_import()) opsets[o.domain()] = int(o.version());
    ctx.set_opset_imports(opsets);
    ctx.set_model_dir(baseDir);
    // libonnx 1.12 insists that graph inputs/outputs carry a shape; later ONNX versions (and ONNX
    // Runtime) accept a missing one. Such values get an empty shape only while the checker runs.
    std::vector<onnx::ValueInfoProto*> shapeless;
    for (auto* list : {model.mutable_graph()->mutable_input(), model.mutable_graph()->mutable_output()})
        for (auto& vi : *list)
            if (vi.type().has_tensor_type() && !vi.type().tensor_type().has_shape()) shapeless.push_back(&vi);
    for (auto* vi : shapeless) vi->mutable_type()->mutable_tensor_type()->mutable_shape();
    struct RestoreShapes {
        std::vector<onnx::ValueInfoProto*>& list;
        ~RestoreShapes() {
            for (auto* vi : list) vi->mutable_type()->mutable_tensor_type()->clear_shape();
        }
    } restore{shapeless};
    try {
        onnx::checker::LexicalScopeContext lex;
        onnx::checker::check_graph(model.graph(), ctx, lex);
    } catch (const std::exception& e) {
        std::string msg = e.what();
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
        // libonnx appends the offending node's proto text after a blank line: keep the first line.
        auto cut = msg.find("\n\n");
        if (cut != std::string::npos) msg = msg.substr(0, cut);
        std::replace(msg.begin(), msg.end(), '\n', ' ');
        fail(ErrorKind::InvalidModel, kiln::msg<Msg::OnnxCheckerFailed>("model"_a = name, "detail"_a = msg));
    }
    return true;
}

void runShapeInference(onnx::ModelProto& model, const std::string& name, int64_t opset, bool checked,
                       ImportResult& result) {
    int maxKnown = libonnxMaxOpset();
    if (opset > maxKnown) {
        // libonnx would apply opset-17 schemas to newer nodes (Reduce* axes inputs, Split num_outputs, ...)
        // and infer wrong shapes; the model's own value_info and the runtime's shape computation remain.
        result.warnings.push_back(
            msg<Msg::ShapeInferenceSkippedNewerOpset>("opset"_a = opset, "known"_a = maxKnown));
        return;
    }
    if (!checked) {
        // libonnx's inference functions trust a checked model: on unchecked input (a required input
        // left empty, a wrong attribute type) they dereference null and read out of bounds (fuzzing).
        result.warnings.push_back(msg<Msg::ShapeInferenceSkippedUnchecked>());
        return;
    }
    checkBeforeShapeInference(model.graph(), name);
    try {
        onnx::ShapeInferenceOptions options(/*check_type=*/false, /*error_mode=*/0, /*data_prop=*/true);
        onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), options);
    } catch (const std::exception& e) {
        std::string msg = e.what();
        std::replace(msg.begin(), msg.end(), '\n', ' ');
        result.warnings.push_back(kiln::msg<Msg::ShapeInferenceFailed>("detail"_a = msg));
    }
}

// ImportOptions::inputDims: the named graph inputs get these dims (dim_param cleared).
void fixInputDims(onnx::GraphProto& g, const std::map<std::string, std::vector<int64_t>>& dims,
                  const std::string& model) {
    std::set<std::string> done;
    for (auto& input : *g.mutable_input()) {
        auto it = dims.find(input.name());
        if (it == dims.end()) continue;
        KILN_CHECK(input.type().has_tensor_type(), InvalidArgument, model, ": input '", input.name(),
                   "' is not a tensor: its dims can't be fixed");
        auto* shape = input.mutable_type()->mutable_tensor_type()->mutable_shape();
        KILN_CHECK(shape->dim_size() == 0 || size_t(shape->dim_size()) == it->second.size(), InvalidArgument,
                   model, ": input '", input.name(), "' has rank ", shape->dim_size(), ", the fixed dims ",
                   dimsToString(it->second), " have rank ", it->second.size());
        shape->clear_dim();
        for (int64_t d : it->second) shape->add_dim()->set_dim_value(d);
        done.insert(input.name());
    }
    for (const auto& [input, d] : dims)
        KILN_CHECK(done.count(input), InvalidArgument, model, ": no graph input '", input, "' to fix at ",
                   dimsToString(d));
}

// ONNX has no negative dims: a dynamic dim is a dim_param or no value at all. A graph input declaring
// -5 is refused rather than read as dynamic. The shape is written as the model declares it.
void checkInputDims(const onnx::ValueInfoProto& input, const std::string& model) {
    if (!input.type().has_tensor_type() || !input.type().tensor_type().has_shape()) return;
    bool negative = false;
    std::string text = "[";
    for (const auto& d : input.type().tensor_type().shape().dim()) {
        if (text.size() > 1) text += ",";
        if (d.has_dim_value()) {
            text += std::to_string(d.dim_value());
            negative = negative || d.dim_value() < 0;
        } else {
            text += d.has_dim_param() && !d.dim_param().empty() ? d.dim_param() : "?";
        }
    }
    const Message what = msg<Msg::NounGraphInput>("model"_a = model, "name"_a = input.name());
    KILN_CHECK(!negative, InvalidModel,
               msg<Msg::NegativeDimInShape>("what"_a = what, "shape"_a = text + "]"));
}

// ImportOptions::constants: nodes whose outputs are all known become initializers.
void replaceByConstants(onnx::GraphProto& g, const std::map<std::string, Tensor>& constants) {
    std::set<std::string> graphOutputs;
    for (const auto& o : g.output()) graphOutputs.insert(o.name());
    google::protobuf::RepeatedPtrField<onnx::NodeProto> kept;
    for (const auto& node : g.node()) {
        bool known = node.output_size() > 0;
        for (const std::string& out : node.output())
            known = known && !out.empty() && constants.count(out) && !graphOutputs.count(out);
        if (!known) {
            *kept.Add() = node;
            continue;
        }
        for (const std::string& out : node.output())
            onnx_detail::tensorToProto(constants.at(out), out, g.add_initializer());
    }
    g.mutable_node()->Swap(&kept);
}

// Converts what it can of an unsupported node's attributes (kept on its opaque node for display).
std::map<std::string, Attribute> convertAttributesLeniently(const onnx::NodeProto& node) {
    std::map<std::string, Attribute> out;
    for (const auto& a : node.attribute()) {
        try {
            out[a.name()] = attributeFromProto(a, msg<Msg::NounAttributeName>("name"_a = a.name()));
        } catch (const Error&) {
            // graph / sparse attributes have no Kiln form; the node is opaque anyway
        }
    }
    return out;
}

// Every name a graph's nodes read, its bodies' nodes included (an outer value read only inside a
// body is used), plus the graph's outputs.
void collectReadNames(const onnx::GraphProto& g, std::set<std::string>& names) {
    for (const auto& n : g.node()) {
        for (const auto& in : n.input())
            if (!in.empty()) names.insert(in);
        for (const auto& a : n.attribute()) {
            if (a.has_g()) collectReadNames(a.g(), names);
            for (const auto& body : a.graphs()) collectReadNames(body, names);
        }
    }
    for (const auto& out : g.output()) names.insert(out.name());
}

// Builds one Kiln graph from one GraphProto: the model's main graph, or a control-flow body with
// the builder of its enclosing graph as `parent`. A body reading a name it doesn't define reads
// the enclosing graphs' value (resolved lexically, innermost first): it gets an outer-scope
// input for it (ir/control_flow.h), and so does every body in between.
class GraphBuilder {
public:
    GraphBuilder(onnx::ModelProto& model, const onnx::GraphProto& proto, const ExternalDataSource& source,
                 const std::string& name, const ImportOptions& options, ImportResult& result,
                 GraphBuilder* parent = nullptr)
        : model_(model), proto_(proto), source_(source), name_(name), options_(options), result_(result),
          parent_(parent) {}

    // The main graph: model metadata, opsets, then the nodes.
    void build();

private:
    void buildInto(Graph& g, int64_t opset);
    void importNode(int index, const std::string& nodeName, int64_t opset);
    void handleUnsupported(int index, const std::string& nodeName, int64_t opset, const Message& reason,
                           size_t firstNewNode);
    // The value `name` as this graph sees it: its own, or captured from the enclosing graphs as an
    // outer-scope input; nullptr when no graph defines it.
    Value* resolve(const std::string& name);
    // Imports the bodies of a control-flow node into `attributes`, gives them one list of outer-scope
    // inputs and returns the values of this graph that the node must pass for them.
    std::vector<Value*> importBodies(const onnx::NodeProto& node, const std::string& nodeName, int index,
                                     int64_t opset, std::map<std::string, Attribute>& attributes);

    onnx::ModelProto& model_;
    const onnx::GraphProto& proto_;
    const ExternalDataSource& source_;
    std::string name_;
    const ImportOptions& options_;
    ImportResult& result_;
    GraphBuilder* parent_;
    ImportState state_;
    std::vector<std::string> captured_;  // outer names this body reads, in first-use order
    bool rolledBack_ = false;
};

Value* GraphBuilder::resolve(const std::string& name) {
    Graph& g = *state_.graph;
    if (Value* v = g.findValue(name)) return v;
    if (!parent_) return nullptr;
    Value* outer = parent_->resolve(name);
    if (!outer) return nullptr;
    Value* v = g.addValue(name);
    v->dtype = outer->dtype;
    v->shape = outer->shape;
    g.markInput(v);
    captured_.push_back(name);
    return v;
}

std::vector<Value*> GraphBuilder::importBodies(const onnx::NodeProto& node, const std::string& nodeName, int index,
                                               int64_t opset, std::map<std::string, Attribute>& attributes) {
    std::vector<std::pair<std::string, GraphBuilder>> builders;
    std::vector<std::shared_ptr<Graph>> bodies;
    std::vector<std::string> outerNames;  // the union of what the bodies read, in first-use order
    ImportOptions bodyOptions = options_;
    bodyOptions.allowUnsupported = false;  // an unsupported body node makes the whole node unsupported
    for (const auto& a : node.attribute()) {
        if (!a.has_g()) continue;
        auto body = std::make_shared<Graph>();
        body->opsetImports = state_.graph->opsetImports;
        body->name = a.g().name();
        GraphBuilder builder(model_, a.g(), source_, name_, bodyOptions, result_, this);
        try {
            builder.buildInto(*body, opset);
        } catch (const Error& e) {
            const Message cause = msg<Msg::InBody>("body"_a = a.name(), "cause"_a = e.message());
            if (e.kind() == ErrorKind::Unsupported) throw UnsupportedHere{cause};
            fail(e.kind(), msg<Msg::ImportNodeError>("model"_a = name_, "node"_a = nodeName, "index"_a = index,
                                                     "op"_a = node.op_type(), "cause"_a = cause));
        }
        for (const std::string& n : builder.captured_)
            if (std::find(outerNames.begin(), outerNames.end(), n) == outerNames.end()) outerNames.push_back(n);
        attributes[a.name()] = Attribute(body);
        bodies.push_back(body);
        builders.emplace_back(a.name(), std::move(builder));
    }
    // One list for all bodies: each body's inputs become its formal inputs, then every outer name.
    std::vector<Value*> outerValues;
    for (const std::string& n : outerNames) outerValues.push_back(resolve(n));
    for (size_t b = 0; b < bodies.size(); ++b) {
        Graph& body = *bodies[b];
        const size_t formal = body.inputs().size() - builders[b].second.captured_.size();
        std::vector<Value*> inputs(body.inputs().begin(), body.inputs().begin() + ptrdiff_t(formal));
        for (size_t i = 0; i < outerNames.size(); ++i) {
            Value* v = body.findValue(outerNames[i]);
            if (!v) {  // read by a sibling body only: an input this body ignores
                v = body.addValue(outerNames[i]);
                v->dtype = outerValues[i]->dtype;
                v->shape = outerValues[i]->shape;
            }
            inputs.push_back(v);
        }
        body.setInputs(inputs);
        body.outerScopeInputs = outerNames.size();
    }
    return outerValues;
}

void GraphBuilder::build() {
    auto graph = std::make_unique<Graph>();
    Graph& g = *graph;
    g.name = proto_.name();
    g.producerName = model_.producer_name();
    g.producerVersion = model_.producer_version();
    g.irVersion = model_.ir_version();
    g.docString = model_.doc_string();
    for (const auto& o : model_.opset_import())
        g.opsetImports[isDefaultDomain(o.domain()) ? "" : o.domain()] = o.version();
    if (!g.opsetImports.count("") && model_.ir_version() < 3) g.opsetImports[""] = 1;
    buildInto(g, g.opsetVersion());
    result_.graph = std::move(graph);
}

void GraphBuilder::buildInto(Graph& g, int64_t opset) {
    const onnx::GraphProto& gp = proto_;
    state_.graph = &g;
    state_.modelName = name_;
    state_.resolveOuter = [this](const std::string& name) { return resolve(name); };
    collectReadNames(gp, state_.usedNames);

    // Types and shapes from the model and from shape inference.
    std::unordered_map<std::string, const onnx::TypeProto*> types;
    for (const auto& vi : gp.value_info()) types[vi.name()] = &vi.type();
    for (const auto& vi : gp.output()) types[vi.name()] = &vi.type();
    for (const auto& vi : gp.input()) types[vi.name()] = &vi.type();
    auto applyType = [&](Value* v) {
        auto it = types.find(v->name);
        if (it == types.end()) return;
        DataType dtype;
        Shape shape;
        if (typeFromProto(*it->second, &dtype, &shape)) {
            v->dtype = dtype;
            v->shape = shape;
        }
    };

    for (const auto& init : gp.initializer()) {
        KILN_CHECK(!init.name().empty(), InvalidModel, msg<Msg::InitializerWithoutName>("model"_a = name_));
        g.addConstant(
            init.name(),
            tensorFromProto(init, msg<Msg::NounInitializer>("model"_a = name_, "name"_a = init.name()),
                            &source_));
    }
    for (const auto& in : gp.input()) {
        Value* v = g.findValue(in.name());
        if (!v) {  // a real input (an IR < 4 model may also list initializers here: they stay constants)
            v = g.addValue(in.name());
            applyType(v);
            KILN_CHECK(in.type().has_tensor_type(), Unsupported,
                       msg<Msg::GraphInputNotTensor>("model"_a = name_, "input"_a = in.name()));
            checkInputDims(in, name_);
            if (v->shape.rankKnown && v->shape.isStatic())
                (void)Tensor::checkedNumel(v->shape.staticDims(),
                                           v->dtype == DataType::Undefined ? DataType::UInt8 : v->dtype,
                                           msg<Msg::NounGraphInput>("model"_a = name_, "name"_a = in.name()));
        }
        g.markInput(v);
    }
    for (const auto& n : gp.node())
        for (const auto& out : n.output())
            if (!out.empty()) applyType(g.addValue(out));

    std::unordered_set<std::string> takenNames;
    for (const auto& n : gp.node())
        if (!n.name().empty()) takenNames.insert(n.name());
    std::unordered_set<std::string> assigned;
    for (int i = 0; i < gp.node_size(); ++i) {
        const auto& n = gp.node(i);
        std::string nodeName;
        if (!n.name().empty() && !assigned.count(n.name())) {
            nodeName = n.name();
        } else {  // unnamed (or a duplicate name): "Conv_12", kept clear of every ONNX name
            std::string base = n.op_type() + "_" + std::to_string(i);
            nodeName = base;
            for (int k = 1; takenNames.count(nodeName) || assigned.count(nodeName); ++k)
                nodeName = base + "_" + std::to_string(k);
        }
        assigned.insert(nodeName);
        importNode(i, nodeName, opset);
    }

    for (const auto& out : gp.output()) {
        Value* v = g.findValue(out.name());
        KILN_CHECK(v != nullptr, InvalidModel,
                   msg<Msg::ModelOutputNeverProduced>("model"_a = name_, "output"_a = out.name()));
        g.markOutput(v);
    }
    if (rolledBack_) g.removeUnusedValues();  // helpers of rolled-back rewrites
    g.validate();  // links, and a final cycle check on the imported (rewritten) graph
}

void GraphBuilder::importNode(int index, const std::string& nodeName, int64_t opset) {
    const onnx::NodeProto& node = proto_.node(index);
    size_t firstNewNode = state_.graph->nodes().size();
    auto unsupported = [&](const Message& reason) {
        handleUnsupported(index, nodeName, opset, reason, firstNewNode);
    };
    if (!isDefaultDomain(node.domain()))
        return unsupported(msg<Msg::DomainNotSupported>("domain"_a = node.domain()));
    if (opset < kMinOpset || opset > kMaxOpset)
        return unsupported(
            msg<Msg::OpsetOutsideRange>("opset"_a = opset, "min"_a = kMinOpset, "max"_a = kMaxOpset));
    bool hasBodies = false;
    for (const auto& a : node.attribute()) {
        const bool graphs = a.type() == onnx::AttributeProto::GRAPHS || a.graphs_size() > 0;
        const bool graph = a.type() == onnx::AttributeProto::GRAPH || a.has_g();
        if (graphs || (graph && !isControlFlowOp(node.op_type(), "")) || (graph && !a.has_g()))
            return unsupported(msg<Msg::SubgraphAttribute>("name"_a = a.name()));
        hasBodies = hasBodies || graph;
    }
    const OpImporterEntry* entry = findOpImporter(node.op_type());
    if (!entry) return unsupported(msg<Msg::NoImporter>());
    if (opset < entry->sinceOpset)
        return unsupported(
            msg<Msg::OpNotBeforeOpset>("op"_a = node.op_type(), "opset"_a = entry->sinceOpset));
    if (opset > entry->lastOpset)
        return unsupported(
            msg<Msg::OpRemovedAfterOpset>("op"_a = node.op_type(), "opset"_a = entry->lastOpset));

    std::map<std::string, Attribute> attributes;
    std::vector<Value*> outerScope;
    if (hasBodies) {
        try {
            outerScope = importBodies(node, nodeName, index, opset, attributes);
        } catch (const UnsupportedHere& u) {
            return unsupported(u.reason);
        }
    }
    for (const auto& a : node.attribute()) {
        if (a.has_g()) continue;  // imported above
        try {
            attributes[a.name()] = attributeFromProto(a, msg<Msg::NounAttribute>("name"_a = a.name()));
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Unsupported) return unsupported(e.message());
            fail(e.kind(),
                 msg<Msg::ImportNodeError>("model"_a = name_, "node"_a = nodeName, "index"_a = index,
                                           "op"_a = node.op_type(), "cause"_a = e.message()));
        }
    }
    ImportContext ctx(state_, node, index, nodeName, opset, std::move(attributes));
    ctx.outerScopeInputs = std::move(outerScope);
    try {
        entry->import(ctx);
    } catch (const UnsupportedHere& u) {
        unsupported(u.reason);
    } catch (const Error& e) {
        // e.g. a constant of a type Kiln can't hold: valid ONNX that Kiln can't import
        if (e.kind() != ErrorKind::Unsupported) throw;
        unsupported(e.message());
    }
}

void GraphBuilder::handleUnsupported(int index, const std::string& nodeName, int64_t opset,
                                     const Message& reason, size_t firstNewNode) {
    const onnx::NodeProto& node = proto_.node(index);
    if (!options_.allowUnsupported)
        fail(ErrorKind::Unsupported,
             msg<Msg::ImportUnsupportedOp>("model"_a = name_, "op"_a = node.op_type(), "node"_a = nodeName,
                                           "index"_a = index, "opset"_a = opset, "cause"_a = reason));
    // Undo whatever the import function emitted before it gave up.
    Graph& g = *state_.graph;
    std::vector<Node*> all = g.nodes();
    for (size_t i = firstNewNode; i < all.size(); ++i) {
        g.removeNode(all[i]);
        rolledBack_ = true;
    }

    std::vector<Value*> ins, outs;
    for (const auto& in : node.input()) ins.push_back(in.empty() ? nullptr : g.findValue(in));
    for (const auto& out : node.output()) outs.push_back(out.empty() ? nullptr : g.findValue(out));
    Node* n =
        g.addNode(node.op_type(), nodeName, ins, outs, isDefaultDomain(node.domain()) ? "" : node.domain());
    n->attributes = convertAttributesLeniently(node);
    n->origin = {nodeName};
    UnsupportedNode u;
    u.nodeIndex = index;
    u.nodeName = nodeName;
    u.opType = node.op_type();
    u.domain = node.domain();
    u.opsetVersion = opset;
    u.reason = reason;
    result_.unsupported.push_back(u);
}

ImportResult importModel(onnx::ModelProto& model, const std::string& baseDir, const std::string& name,
                         const ImportOptions& options) {
    KILN_CHECK(model.has_graph() && model.ir_version() > 0, InvalidModel,
               msg<Msg::ModelNotOnnx>("file"_a = name));
    int64_t opset = 0;
    bool hasOnnxOpset = false;
    for (const auto& o : model.opset_import())
        if (isDefaultDomain(o.domain())) {
            opset = o.version();
            hasOnnxOpset = true;
        }
    // IR < 3 models predate opset imports (opset 1). A model may also use only other domains
    // (ai.onnx.ml, training): its ai.onnx opset is then 0 and any such node is reported unsupported.
    if (!hasOnnxOpset && model.ir_version() < 3) opset = 1;

    ImportResult result;
    result.onnxNodeCount = model.graph().node_size();
    checkStructure(model.graph(), name);
    ExternalDataSource source{baseDir, name};
    // Initializer sizes and external data references are checked before libonnx's checker so that
    // an escaping or missing data file gets Kiln's message, naming the tensor and the path.
    for (const auto& init : model.graph().initializer()) {
        const Message what = msg<Msg::NounInitializer>("model"_a = name, "name"_a = init.name());
        uint64_t bytes = tensorProtoByteSize(init, what);
        if (init.data_location() == onnx::TensorProto::EXTERNAL)
            (void)resolveExternalData(init, what, source, bytes);
        else
            checkRawDataSize(init, what, bytes);  // libonnx's data propagation reads it unchecked
    }
    if (!options.inputDims.empty()) fixInputDims(*model.mutable_graph(), options.inputDims, name);
    if (!options.constants.empty()) replaceByConstants(*model.mutable_graph(), options.constants);
    bool checked = options.runChecker && runChecker(model, baseDir, name, opset, result);
    if (options.inferShapes) runShapeInference(model, name, opset, checked, result);
    GraphBuilder(model, model.graph(), source, name, options, result).build();
    return result;
}

}  // namespace

ImportResult importOnnxBytes(const std::string& bytes, const std::string& baseDir,
                             const std::string& displayName, const ImportOptions& options) {
    KILN_CHECK(!bytes.empty(), InvalidModel, msg<Msg::ModelEmpty>("file"_a = displayName));
    KILN_CHECK(bytes.size() <= size_t(INT_MAX), ResourceLimit,
               msg<Msg::ModelOver2GiB>("file"_a = displayName, "size"_a = bytes.size()));
    onnx::ModelProto model;
    KILN_CHECK(parseProtoQuietly(bytes, &model), InvalidModel,
               msg<Msg::ModelParseFailed>("file"_a = displayName));
    return importModel(model, baseDir, displayName, options);
}

namespace {

// The model's bytes, checked as importOnnxFile reads them; baseDir gets the file's folder.
std::string readModelFile(const std::string& path, std::string& baseDir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const Message what = msg<Msg::NounModelFile>();
    const bool present = fs::exists(path, ec);
    // A symlink loop (or a path through a file, or no permission) is not a missing file.
    KILN_CHECK(!ec, Io,
               msg<Msg::FileUnresolvable>("what"_a = what, "file"_a = path, "reason"_a = ec.message()));
    KILN_CHECK(present, Io, msg<Msg::FileMissing>("what"_a = what, "file"_a = path));
    KILN_CHECK(fs::is_regular_file(path, ec), Io, msg<Msg::FileNotRegular>("what"_a = what, "file"_a = path));
    uint64_t size = fs::file_size(path, ec);
    KILN_CHECK(size <= uint64_t(INT_MAX), ResourceLimit,
               msg<Msg::ModelOver2GiB>("file"_a = path, "size"_a = size));
    std::string bytes = readFileBytes(path, uint64_t(INT_MAX), what);
    baseDir = fs::path(path).parent_path().string();
    if (baseDir.empty()) baseDir = ".";
    return bytes;
}

bool floatingPoint(int32_t type) {
    return type == onnx::TensorProto::FLOAT || type == onnx::TensorProto::FLOAT16 ||
           type == onnx::TensorProto::BFLOAT16 || type == onnx::TensorProto::DOUBLE;
}

}  // namespace

ImportResult importOnnxFile(const std::string& path, const ImportOptions& options) {
    std::string baseDir;
    const std::string bytes = readModelFile(path, baseDir);
    return importOnnxBytes(bytes, baseDir, path, options);
}

struct OnnxModelFile::Impl {
    std::string path, baseDir;
    onnx::ModelProto whole, light;
    bool consumed = false;
    // The initializers the light copy leaves out: those it lists as new inputs, and those the model
    // already lists as inputs (IR < 4).
    std::set<std::string> addedInputs, listedInputs;
};

OnnxModelFile::OnnxModelFile(const std::string& path) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    {
        const std::string bytes = readModelFile(path, impl_->baseDir);
        KILN_CHECK(!bytes.empty(), InvalidModel, msg<Msg::ModelEmpty>("file"_a = path));
        KILN_CHECK(parseProtoQuietly(bytes, &impl_->whole), InvalidModel, msg<Msg::ModelParseFailed>("file"_a = path));
    }
    // The light copy: everything but the main graph's initializers, copied with them set aside.
    onnx::GraphProto* g = impl_->whole.mutable_graph();
    google::protobuf::RepeatedPtrField<onnx::TensorProto> initializers;
    initializers.Swap(g->mutable_initializer());
    impl_->light = impl_->whole;
    initializers.Swap(g->mutable_initializer());
    onnx::GraphProto* light = impl_->light.mutable_graph();
    std::set<std::string> inputs;
    for (const auto& in : light->input()) inputs.insert(in.name());
    for (const onnx::TensorProto& init : g->initializer()) {
        // Element count, saturated at 65 (only "more than 64" matters; no overflow).
        int64_t count = 1;
        bool sane = true;
        for (int64_t d : init.dims()) {
            sane = sane && d >= 0;
            if (sane) count = d == 0 ? 0 : count > 64 / d ? 65 : count * d;
        }
        if (!sane || !floatingPoint(init.data_type()) || count <= 64 || init.name().empty()) {
            *light->add_initializer() = init;
            continue;
        }
        if (inputs.count(init.name())) {  // already an input (IR < 4 lists initializers there too)
            impl_->listedInputs.insert(init.name());
            continue;
        }
        impl_->addedInputs.insert(init.name());
        onnx::ValueInfoProto* in = light->add_input();
        in->set_name(init.name());
        onnx::TypeProto::Tensor* type = in->mutable_type()->mutable_tensor_type();
        type->set_elem_type(init.data_type());
        onnx::TensorShapeProto* shape = type->mutable_shape();
        for (int64_t d : init.dims()) shape->add_dim()->set_dim_value(d);
    }
}

OnnxModelFile::~OnnxModelFile() = default;

ImportResult OnnxModelFile::importWithoutWeights(const ImportOptions& options) const {
    onnx::ModelProto copy = impl_->light;
    return importModel(copy, impl_->baseDir, impl_->path, options);
}

ImportResult OnnxModelFile::importWithWeightsFrom(const Graph& imported, const ImportOptions& options) {
    ImportResult result = importWithoutWeights(options);
    bool complete = result.graph != nullptr;
    std::vector<Value*> inputs;
    for (Value* v : complete ? result.graph->inputs() : std::vector<Value*>{}) {
        const bool added = impl_->addedInputs.count(v->name) != 0;
        if (!added && !impl_->listedInputs.count(v->name)) {
            inputs.push_back(v);
            continue;
        }
        const Value* w = imported.findValue(v->name);
        if (!w || !w->isConstant() || w->constant->dtype() != v->dtype || !v->shape.rankKnown ||
            !v->shape.isStatic() || w->constant->dims() != v->shape.staticDims()) {
            complete = false;
            break;
        }
        v->constant = *w->constant;  // shares the tensor's storage
        if (!added) inputs.push_back(v);
    }
    if (!complete) return importWhole(options);
    result.graph->setInputs(inputs);
    return result;
}

ImportResult OnnxModelFile::importWhole(const ImportOptions& options) {
    KILN_CHECK(!impl_->consumed, Internal, "'", impl_->path, "' was imported whole already");
    impl_->consumed = true;
    onnx::ModelProto model = std::move(impl_->whole);
    impl_->light.Clear();
    return importModel(model, impl_->baseDir, impl_->path, options);
}

std::vector<std::string> supportedOnnxOps() {
    std::vector<std::string> ops;
    for (const auto& e : opImporterTable()) ops.push_back(e.opType);
    std::sort(ops.begin(), ops.end());
    ops.erase(std::unique(ops.begin(), ops.end()), ops.end());
    return ops;
}

std::vector<UnsupportedNode> checkOnnxSupport(const std::string& path) {
    ImportOptions options;
    options.allowUnsupported = true;
    return importOnnxFile(path, options).unsupported;
}

}  // namespace kiln
