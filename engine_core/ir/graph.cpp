#include "engine_core/ir/graph.h"

#include <algorithm>
#include <queue>
#include <set>
#include <sstream>

#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/ir/control_flow.h"

namespace kiln {

// ---- Node ----

std::string Node::label() const {
    if (!name.empty()) return name;
    return opType + "#" + std::to_string(id);
}

const Attribute& Node::attr(const std::string& key, AttributeType expected) const {
    auto it = attributes.find(key);
    KILN_CHECK(it != attributes.end(), InvalidModel,
               msg<Msg::NodeAttributeMissing>("node"_a = label(), "op"_a = opType, "name"_a = key));
    KILN_CHECK(it->second.type() == expected, InvalidModel,
               msg<Msg::NodeAttributeType>("node"_a = label(), "op"_a = opType, "name"_a = key,
                                           "type"_a = attributeTypeName(it->second.type()),
                                           "expected"_a = attributeTypeName(expected)));
    return it->second;
}

int64_t Node::attrInt(const std::string& key, int64_t fallback) const {
    return hasAttr(key) ? attrInt(key) : fallback;
}
int64_t Node::attrInt(const std::string& key) const { return *attr(key, AttributeType::Int).get<int64_t>(); }
float Node::attrFloat(const std::string& key, float fallback) const {
    return hasAttr(key) ? *attr(key, AttributeType::Float).get<float>() : fallback;
}
std::string Node::attrString(const std::string& key, const std::string& fallback) const {
    return hasAttr(key) ? *attr(key, AttributeType::String).get<std::string>() : fallback;
}
std::span<const int64_t> Node::attrIntsView(const std::string& key) const {
    if (!hasAttr(key)) return {};
    const std::vector<int64_t>& v = *attr(key, AttributeType::Ints).get<std::vector<int64_t>>();
    return {v.data(), v.size()};
}
std::vector<int64_t> Node::attrInts(const std::string& key, std::vector<int64_t> fallback) const {
    return hasAttr(key) ? *attr(key, AttributeType::Ints).get<std::vector<int64_t>>() : fallback;
}
std::vector<float> Node::attrFloats(const std::string& key, std::vector<float> fallback) const {
    return hasAttr(key) ? *attr(key, AttributeType::Floats).get<std::vector<float>>() : fallback;
}
std::vector<std::string> Node::attrStrings(const std::string& key) const {
    return hasAttr(key) ? *attr(key, AttributeType::Strings).get<std::vector<std::string>>()
                        : std::vector<std::string>{};
}
const Tensor& Node::attrTensor(const std::string& key) const {
    return *attr(key, AttributeType::Tensor).get<Tensor>();
}
std::vector<std::pair<std::string, Graph*>> Node::bodies() const {
    std::vector<std::pair<std::string, Graph*>> out;
    for (const auto& [key, a] : attributes)
        if (Graph* g = a.graph()) out.emplace_back(key, g);
    return out;
}

// ---- Graph ----

int64_t Graph::opsetVersion() const {
    auto it = opsetImports.find("");
    if (it == opsetImports.end()) it = opsetImports.find("ai.onnx");
    return it == opsetImports.end() ? 0 : it->second;
}

Value* Graph::addValue(const std::string& valueName) {
    KILN_CHECK(!valueName.empty(), Internal, msg<Msg::ValueNameEmpty>());
    KILN_CHECK(!valuesByName_.count(valueName), InvalidModel,
               msg<Msg::TensorNameDefinedTwice>("tensor"_a = valueName));
    values_.push_back(std::make_unique<Value>());
    Value* v = values_.back().get();
    v->name = valueName;
    valuesByName_[valueName] = v;
    return v;
}

Value* Graph::findValue(const std::string& valueName) const {
    auto it = valuesByName_.find(valueName);
    return it == valuesByName_.end() ? nullptr : it->second;
}

Value* Graph::getOrAddValue(const std::string& valueName) {
    if (Value* v = findValue(valueName)) return v;
    return addValue(valueName);
}

std::string Graph::uniqueValueName(const std::string& base) const {
    if (!findValue(base)) return base;
    for (int i = 1;; ++i) {
        std::string candidate = base + "_" + std::to_string(i);
        if (!findValue(candidate)) return candidate;
    }
}

Value* Graph::addConstant(const std::string& valueName, Tensor tensor) {
    Value* v = addValue(valueName);
    v->dtype = tensor.dtype();
    v->shape = Shape(tensor.dims());
    v->constant = std::move(tensor);
    return v;
}

Node* Graph::addNode(const std::string& opType, const std::string& nodeName,
                     const std::vector<Value*>& nodeInputs, const std::vector<Value*>& nodeOutputs,
                     const std::string& domain) {
    for (Value* out : nodeOutputs) {
        if (!out) continue;
        KILN_CHECK(out->producer == nullptr, InvalidModel,
                   msg<Msg::TensorProducedTwice>("tensor"_a = out->name, "first"_a = out->producer->label(),
                                                 "second"_a = nodeName));
        KILN_CHECK(!out->isConstant(), InvalidModel,
                   msg<Msg::InitializerAlsoProduced>("tensor"_a = out->name, "node"_a = nodeName));
    }
    auto node = std::make_unique<Node>();
    node->id = int(nodes_.size());
    node->name = nodeName;
    node->opType = opType;
    node->domain = domain;
    node->inputs = nodeInputs;
    node->outputs = nodeOutputs;
    Node* n = node.get();
    nodes_.push_back(std::move(node));
    for (Value* in : nodeInputs)
        if (in) in->consumers.push_back(n);
    for (Value* out : nodeOutputs)
        if (out) out->producer = n;
    return n;
}

void Graph::removeNode(Node* node) {
    for (Value* in : node->inputs) {
        if (!in) continue;
        auto& c = in->consumers;
        auto it = std::find(c.begin(), c.end(), node);
        if (it != c.end()) c.erase(it);  // one link per input slot
    }
    for (Value* out : node->outputs)
        if (out && out->producer == node) out->producer = nullptr;
    if (hasNode(node->id) && nodes_[size_t(node->id)].get() == node) {
        nodes_[size_t(node->id)].reset();
        return;
    }
    for (auto& slot : nodes_)
        if (slot.get() == node) slot.reset();
}

void Graph::replaceInput(Node* node, size_t index, Value* value) {
    Value* old = node->inputs.at(index);
    if (old) {
        auto& c = old->consumers;
        auto it = std::find(c.begin(), c.end(), node);
        if (it != c.end()) c.erase(it);
    }
    node->inputs[index] = value;
    if (value) value->consumers.push_back(node);
}

void Graph::replaceAllUses(Value* from, Value* to) {
    std::vector<Node*> consumers = from->consumers;
    for (Node* n : consumers)
        for (size_t i = 0; i < n->inputs.size(); ++i)
            if (n->inputs[i] == from) replaceInput(n, i, to);
    for (Value*& out : outputs_) {
        if (out == from) {
            out = to;
            to->isGraphOutput = true;
            from->isGraphOutput = false;
        }
    }
}

void Graph::removeUnusedValues() {
    std::vector<std::unique_ptr<Value>> kept;
    for (auto& v : values_) {
        if (v->producer || !v->consumers.empty() || v->isGraphInput || v->isGraphOutput) {
            kept.push_back(std::move(v));
        } else {
            valuesByName_.erase(v->name);
        }
    }
    values_ = std::move(kept);
}

void Graph::markInput(Value* v) {
    if (!v->isGraphInput) inputs_.push_back(v);
    v->isGraphInput = true;
}

void Graph::setInputs(const std::vector<Value*>& inputs) {
    for (Value* v : inputs_) v->isGraphInput = false;
    inputs_.clear();
    for (Value* v : inputs) markInput(v);
}

void Graph::markOutput(Value* v) {
    outputs_.push_back(v);
    v->isGraphOutput = true;
}

std::vector<Value*> Graph::runtimeInputs() const {
    std::vector<Value*> out;
    for (Value* v : inputs_)
        if (!v->isConstant()) out.push_back(v);
    return out;
}

std::vector<Node*> Graph::nodes() const {
    std::vector<Node*> out;
    for (const auto& n : nodes_)
        if (n) out.push_back(n.get());
    return out;
}

size_t Graph::nodeCount() const {
    size_t count = 0;
    for (const auto& n : nodes_) count += n ? 1 : 0;
    return count;
}

std::vector<Node*> Graph::topologicalOrder() const {
    std::vector<Node*> all = nodes();
    // Inputs still unplaced, by node id (ids index nodes_): the passes ask for this order once or
    // twice per pass and round, so a hash map's allocations were a fifth of optimizing a
    // 30,000-node graph.
    std::vector<int> pending(nodes_.size(), 0);
    for (Node* n : all) {
        int deps = 0;
        for (Value* in : n->inputs) {
            if (!in || in->isConstant() || in->isGraphInput) continue;
            KILN_CHECK(in->producer != nullptr, InvalidModel,
                       msg<Msg::GraphNodeReadsUndefinedTensor>("node"_a = n->label(), "op"_a = n->opType,
                                                               "tensor"_a = in->name));
            ++deps;
        }
        pending[size_t(n->id)] = deps;
    }
    // Ready nodes in creation order (by id) keep the order stable and close to the file's.
    auto later = [](const Node* a, const Node* b) { return a->id > b->id; };
    std::priority_queue<Node*, std::vector<Node*>, decltype(later)> ready(later);
    for (Node* n : all)
        if (pending[size_t(n->id)] == 0) ready.push(n);
    std::vector<Node*> order;
    order.reserve(all.size());
    while (!ready.empty()) {
        Node* n = ready.top();
        ready.pop();
        order.push_back(n);
        for (Value* out : n->outputs) {
            if (!out) continue;
            for (Node* c : out->consumers) {
                // A consumer may read the same value in several slots; count each. (Only this
                // graph's nodes are placed; a reader elsewhere was never counted before either.)
                if (!hasNode(c->id) || nodes_[size_t(c->id)].get() != c) continue;
                if (--pending[size_t(c->id)] == 0) ready.push(c);
            }
        }
    }
    if (order.size() != all.size()) {
        for (Node* n : all)
            if (pending[size_t(n->id)] > 0)
                fail(ErrorKind::InvalidModel,
                     msg<Msg::GraphCycle>("node"_a = n->label(), "op"_a = n->opType));
    }
    return order;
}

void Graph::validate() const {
    std::set<std::string> names;
    for (Node* n : nodes()) {
        for (Value* out : n->outputs)
            if (out)
                KILN_CHECK(out->producer == n, Internal, msg<Msg::ValueLostProducer>("value"_a = out->name));
        for (Value* in : n->inputs)
            if (in)
                KILN_CHECK(std::count(in->consumers.begin(), in->consumers.end(), n) ==
                               std::count(n->inputs.begin(), n->inputs.end(), in),
                           Internal, msg<Msg::ValueStaleConsumers>("value"_a = in->name));
    }
    for (Value* v : outputs_)
        KILN_CHECK(v->producer || v->isConstant() || v->isGraphInput, InvalidModel,
                   msg<Msg::GraphOutputNeverProduced>("output"_a = v->name));
    (void)topologicalOrder();
    for (Node* n : nodes())
        if (!n->bodies().empty()) checkControlFlowNode(*n, /*validateBodies=*/true);
}

std::map<std::string, std::string> Graph::nodeOpTypes() const {
    std::map<std::string, std::string> out;
    for (const Node* n : nodes())
        if (!n->name.empty()) out[n->name] = n->opType;
    return out;
}

int64_t Graph::parameterCount() const {
    int64_t total = 0;
    for (const auto& v : values_)
        if (v->isConstant()) total += v->constant->numel();
    return total;
}

namespace {
std::string valueDecl(const Value* v) {
    if (!v) return "<none>";
    return v->name + ": " + std::string(dataTypeName(v->dtype)) + v->shape.str();
}
}  // namespace

std::string Graph::dump(bool withConstantValues) const {
    std::ostringstream os;
    if (outerScopeInputs) os << "outer-scope inputs " << outerScopeInputs << "\n";
    os << "graph \"" << name << "\" opset " << opsetVersion();
    if (!producerName.empty()) os << " producer \"" << producerName << " " << producerVersion << "\"";
    os << "\n";
    for (Value* v : inputs_)
        if (!v->isConstant()) os << "input  " << valueDecl(v) << "\n";
    std::vector<const Value*> constants;
    for (const auto& v : values_)
        if (v->isConstant()) constants.push_back(v.get());
    std::sort(constants.begin(), constants.end(),
              [](const Value* a, const Value* b) { return a->name < b->name; });
    for (const Value* v : constants) {
        os << "const  " << valueDecl(v);
        if (withConstantValues && v->constant->numel() <= 16) {
            os << " = {";
            for (int64_t i = 0; i < v->constant->numel(); ++i)
                os << (i ? "," : "") << v->constant->scalarAsDouble(i);
            os << "}";
        }
        os << "\n";
    }
    for (Node* n : topologicalOrder()) {
        os << "node   " << (n->domain.empty() ? "" : n->domain + "::") << n->opType << " \"" << n->label()
           << "\" (";
        for (size_t i = 0; i < n->inputs.size(); ++i)
            os << (i ? ", " : "") << (n->inputs[i] ? n->inputs[i]->name : "<none>");
        os << ") -> (";
        for (size_t i = 0; i < n->outputs.size(); ++i) os << (i ? ", " : "") << valueDecl(n->outputs[i]);
        os << ")";
        if (!n->attributes.empty()) {
            os << " {";
            bool first = true;
            for (const auto& [key, a] : n->attributes) {
                os << (first ? "" : ", ") << key << "=" << a.str();
                first = false;
            }
            os << "}";
        }
        if (n->origin.size() > 1 || (n->origin.size() == 1 && n->origin[0] != n->name)) {
            os << " from [";
            for (size_t i = 0; i < n->origin.size(); ++i) os << (i ? ", " : "") << n->origin[i];
            os << "]";
        }
        os << "\n";
        for (const auto& [key, body] : n->bodies()) {
            std::istringstream lines(body->dump(withConstantValues));
            os << "  body " << key << "\n";
            for (std::string line; std::getline(lines, line);) os << "    " << line << "\n";
        }
    }
    for (Value* v : outputs_) os << "output " << valueDecl(v) << "\n";
    return os.str();
}

}  // namespace kiln
