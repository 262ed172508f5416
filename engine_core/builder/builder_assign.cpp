// Backend assignment, the layout choice and the transfer layers (builder_internal.h).
#include <algorithm>
#include <map>
#include <set>

#include "engine_core/builder/builder_internal.h"

namespace kiln::build {

std::string originText(const Node& n) {
    if (n.origin.empty() || (n.origin.size() == 1 && n.origin[0] == n.name)) return "";
    std::string s = " (from ONNX node";
    s += n.origin.size() > 1 ? "s " : " ";
    for (size_t i = 0; i < n.origin.size(); ++i) s += (i ? ", '" : "'") + n.origin[i] + "'";
    return s + ")";
}

std::string opText(const Node& n) { return n.domain.empty() ? n.opType : n.domain + "::" + n.opType; }

bool isFormatted(const Value* v) {
    return v && !v->isConstant() && v->shape.rankKnown && v->shape.rank() >= 3 && v->shape.rank() <= 5;
}

std::vector<LayerAssignment> assignLayers(const std::vector<Node*>& order, const std::shared_ptr<const Backend>& primary,
                                          const PluginRegistry& plugins, const BuilderConfig& config,
                                          const std::map<std::string, std::string>& originOpTypes,
                                          std::vector<std::string>& warnings) {
    std::shared_ptr<const Backend> cpu = BackendRegistry::global().get("cpu");
    std::vector<LayerAssignment> out(order.size());
    std::string problems;
    size_t unsupported = 0;
    size_t fallbacks = 0;
    for (size_t i = 0; i < order.size(); ++i) {
        const Node& n = *order[i];
        LayerAssignment& a = out[i];
        a.precision = resolveLayerPrecision(n, config, &originOpTypes).precision;
        std::string why;
        bool ok = false;
        if (auto plugin = plugins.find(n.domain, n.opType)) {
            a.plugin = plugin;
            ok = plugin->accepts(n, primary->device().type, &why);
            a.backend = primary;
            if (!ok && primary != cpu) {
                std::string cpuWhy;
                if (plugin->accepts(n, DeviceType::Cpu, &cpuWhy)) {
                    a.backend = cpu;
                    a.note = concat("falls back to cpu: ", why);
                    ok = true;
                }
            }
        } else {
            // The layout pass: the backend's preferred format when it has a kernel in it.
            // Only where every activation it reads and writes has a known rank of 3 to 5, so each
            // one's layout is known at build time.
            TensorFormat format = primary->preferredFormat(n, a.precision);
            bool formattable = true;
            for (const Value* v : n.inputs) formattable = formattable && (!v || v->isConstant() || isFormatted(v));
            for (const Value* v : n.outputs) formattable = formattable && (!v || isFormatted(v));
            if (format != TensorFormat::Linear && (!formattable || !primary->supportsOp(n, a.precision, format, nullptr)))
                format = TensorFormat::Linear;
            ok = primary->supportsOp(n, a.precision, format, &why);
            a.backend = primary;
            a.format = format;
            if (!ok && primary != cpu && cpu->supportsOp(n, a.precision, TensorFormat::Linear, nullptr)) {
                a.backend = cpu;
                a.format = TensorFormat::Linear;
                a.note = concat("falls back to cpu: ", why);
                ok = true;
            }
            if (!ok && !n.domain.empty() && n.domain != "kiln")
                why = concat("no ", primary->id(), " kernel and no plugin registered for ", opText(n));
        }
        if (!a.note.empty()) {
            ++fallbacks;
            if (fallbacks <= 10) warnings.push_back(concat("layer '", n.name, "'", originText(n), " ", a.note));
        }
        if (ok) continue;
        if (unsupported < 10)
            problems += concat("\n  ONNX node '", n.name, "'", originText(n), " (", opText(n), "): ", why);
        ++unsupported;
    }
    if (fallbacks > 10) warnings.push_back(concat(fallbacks - 10, " more layers fall back to cpu"));
    KILN_CHECK(unsupported == 0, Unsupported, unsupported, " node(s) cannot run on the ", primary->id(),
               " backend:", problems, unsupported > 10 ? "\n  ..." : "");
    return out;
}

namespace {

// Where and how a tensor lies.
struct Place {
    Device device;
    TensorFormat format = TensorFormat::Linear;
    bool operator==(const Place&) const = default;
    bool operator<(const Place& o) const {
        return std::tie(device.type, device.index, format) < std::tie(o.device.type, o.device.index, o.format);
    }
};

class TransferInserter {
public:
    TransferInserter(Graph& graph, std::vector<Node*>& order, std::vector<LayerAssignment>& assignments)
        : graph_(graph), order_(order), assignments_(assignments) {}

    void run();

private:
    // The place a layer wants input j in.
    Place wanted(size_t layer, size_t input) const {
        const LayerAssignment& a = assignments_[layer];
        const Node& n = *order_[layer];
        const Value* v = n.inputs[input];
        bool host = false;
        if (!a.plugin && a.backend) {
            // A kernel that reads this input on the host (shape tensors): every candidate agrees.
            for (const KernelDef* def : a.backend->candidates(n, a.precision, a.format))
                host = host || (input < 32 && ((def->hostInputs >> input) & 1u));
        }
        Place p{host ? kHostDevice : a.backend->device(), TensorFormat::Linear};
        if (!host && isFormatted(v)) p.format = a.format;
        return p;
    }
    Place produced(const Value* v) const {
        auto it = placeOf_.find(v);
        return it == placeOf_.end() ? Place{kHostDevice, TensorFormat::Linear} : it->second;
    }
    std::shared_ptr<const Backend> backendFor(Device device) const {
        for (const LayerAssignment& a : assignments_)
            if (a.backend && a.backend->device() == device) return a.backend;
        return BackendRegistry::global().get("cpu");
    }
    // A value carrying `v` at `to`, made by inserting layers after `v`'s producer.
    Value* transfer(Value* v, Place to);
    Node* addLayer(const std::string& opType, const std::string& name, Value* in, Value* out,
                   std::shared_ptr<const Backend> backend, TensorFormat format, std::string note);

    Graph& graph_;
    std::vector<Node*>& order_;
    std::vector<LayerAssignment>& assignments_;
    std::map<const Value*, Place> placeOf_;
    std::map<std::pair<const Value*, Place>, Value*> made_;
    std::vector<std::pair<Node*, LayerAssignment>> inserted_;  // in creation order
};

Node* TransferInserter::addLayer(const std::string& opType, const std::string& name, Value* in, Value* out,
                                 std::shared_ptr<const Backend> backend, TensorFormat format, std::string note) {
    Node* n = graph_.addNode(opType, name, {in}, {out}, "kiln");
    LayerAssignment a;
    a.backend = std::move(backend);
    a.format = format;
    a.note = std::move(note);
    inserted_.emplace_back(n, a);
    return n;
}

Value* TransferInserter::transfer(Value* v, Place to) {
    const Place from = produced(v);
    if (from == to) return v;
    auto key = std::make_pair(static_cast<const Value*>(v), to);
    if (auto it = made_.find(key); it != made_.end()) return it->second;
    Value* current = v;
    Place at = from;
    // Layout changes happen on the device that holds the tensor (the host for a host tensor that a
    // device layer wants in another layout: reformat, then copy).
    if (at.format != to.format) {
        Value* r = graph_.addValue(graph_.uniqueValueName(concat(v->name, "#", tensorFormatName(to.format))));
        r->dtype = v->dtype;
        r->shape = v->shape;
        Node* n = addLayer("Reformat", concat("reformat ", v->name, " ", tensorFormatName(at.format), " -> ",
                                              tensorFormatName(to.format)),
                           current, r, backendFor(at.device), to.format,
                           concat(tensorFormatName(at.format), " -> ", tensorFormatName(to.format), " for '", v->name, "'"));
        n->attributes["to"] = Attribute(std::string(tensorFormatName(to.format)));
        n->attributes["from"] = Attribute(std::string(tensorFormatName(at.format)));
        placeOf_[r] = {at.device, to.format};
        made_[{v, Place{at.device, to.format}}] = r;
        current = r;
        at.format = to.format;
    }
    if (at.device != to.device) {
        Value* c = graph_.addValue(graph_.uniqueValueName(concat(v->name, "@", to.device.str())));
        c->dtype = v->dtype;
        c->shape = v->shape;
        const Device deviceSide = at.device.isHost() ? to.device : at.device;
        Node* n = addLayer("Copy", concat("copy ", v->name, " ", at.device.str(), " -> ", to.device.str()), current, c,
                           backendFor(deviceSide), at.format, concat("copies '", v->name, "' to ", to.device.str()));
        n->attributes["to"] = Attribute(to.device.str());
        placeOf_[c] = to;
        current = c;
    }
    made_[key] = current;
    return current;
}

void TransferInserter::run() {
    // Where each layer's outputs lie.
    for (size_t i = 0; i < order_.size(); ++i) {
        const LayerAssignment& a = assignments_[i];
        for (const Value* v : order_[i]->outputs)
            if (v) placeOf_[v] = {a.backend->device(), isFormatted(v) ? a.format : TensorFormat::Linear};
    }
    // Graph outputs end as host tensors in the linear format, under their own names: a layer on a
    // device writes a renamed tensor and a copy (or reformat) makes the named one.
    for (Value* out : std::vector<Value*>(graph_.outputs().begin(), graph_.outputs().end())) {
        const Place at = produced(out);
        if (at == Place{kHostDevice, TensorFormat::Linear} || out->isConstant() || !out->producer) continue;
        Node* producer = out->producer;
        Value* inner = graph_.addValue(graph_.uniqueValueName(concat(out->name, "@", at.device.str())));
        inner->dtype = out->dtype;
        inner->shape = out->shape;
        for (Value*& o : producer->outputs)
            if (o == out) o = inner;
        inner->producer = producer;
        out->producer = nullptr;
        // Layers that read the output keep reading it where it was made.
        std::vector<Node*> readers = out->consumers;
        for (Node* reader : readers)
            for (size_t j = 0; j < reader->inputs.size(); ++j)
                if (reader->inputs[j] == out) graph_.replaceInput(reader, j, inner);
        placeOf_[inner] = at;
        placeOf_.erase(out);
        // The chain to the host, ending in `out` itself.
        Value* host = transfer(inner, Place{kHostDevice, TensorFormat::Linear});
        Node* last = host->producer;
        for (Value*& o : last->outputs)
            if (o == host) o = out;
        out->producer = last;
        host->producer = nullptr;
        placeOf_[out] = {kHostDevice, TensorFormat::Linear};
        made_[{inner, Place{kHostDevice, TensorFormat::Linear}}] = out;
    }
    // Every layer input at the place the layer wants it.
    for (size_t i = 0; i < order_.size(); ++i) {
        Node* n = order_[i];
        for (size_t j = 0; j < n->inputs.size(); ++j) {
            Value* v = n->inputs[j];
            if (!v || v->isConstant()) continue;  // constants are uploaded where they are read
            Value* t = transfer(v, wanted(i, j));
            if (t != v) graph_.replaceInput(n, j, t);
        }
    }
    graph_.removeUnusedValues();
    // The new order: the graph's topological order, with the assignments following their nodes.
    std::map<const Node*, LayerAssignment> byNode;
    for (size_t i = 0; i < order_.size(); ++i) byNode[order_[i]] = assignments_[i];
    for (auto& [n, a] : inserted_) byNode[n] = a;
    order_ = graph_.topologicalOrder();
    assignments_.clear();
    for (Node* n : order_) assignments_.push_back(byNode.at(n));
}

}  // namespace

void insertTransfers(Graph& graph, std::vector<Node*>& order, std::vector<LayerAssignment>& assignments) {
    TransferInserter(graph, order, assignments).run();
}

}  // namespace kiln::build
