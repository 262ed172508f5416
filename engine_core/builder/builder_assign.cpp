// Backend assignment, the layout choice and the transfer layers (builder_internal.h).
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "engine_core/builder/builder_internal.h"
#include "engine_core/onnx/onnx_types.h"

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
                                          std::vector<std::string>& warnings,
                                          const std::map<std::string, std::string>& onHost) {
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
            if (auto host = onHost.find(n.name); host != onHost.end() && primary != cpu) {
                ok = false;
                why = host->second;
            }
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
    if (primary != cpu) placeShapeComputationsOnHost(order, out, cpu);
    return out;
}

bool readsDimsOnly(const Node& n, size_t input) {
    return input == 0 && n.domain.empty() && (n.opType == "Shape" || n.opType == "Size");
}

std::vector<uint32_t> hostInputMasks(const std::vector<Node*>& order, const std::vector<LayerAssignment>& assignments) {
    std::vector<uint32_t> masks(order.size(), 0);
    for (size_t i = 0; i < order.size(); ++i) {
        const LayerAssignment& a = assignments[i];
        if (a.plugin || !a.backend) continue;
        for (const KernelDef* d : a.backend->candidates(*order[i], a.precision, a.format)) masks[i] |= d->hostInputs;
    }
    return masks;
}

void placeShapeComputationsOnHost(const std::vector<Node*>& order, std::vector<LayerAssignment>& assignments,
                                  const std::shared_ptr<const Backend>& cpu) {
    std::map<const Node*, size_t> index;
    for (size_t i = 0; i < order.size(); ++i) index[order[i]] = i;
    const std::vector<uint32_t> hostMask = hostInputMasks(order, assignments);
    // Candidates: integer-valued layers the CPU runs; then drop, until nothing changes, those
    // reading device data (not a dim) or feeding a device layer anything but a host input.
    std::vector<char> onHost(order.size(), 0);
    for (size_t i = 0; i < order.size(); ++i) {
        const Node& n = *order[i];
        const LayerAssignment& a = assignments[i];
        if (a.plugin || !a.backend || n.outputs.empty()) continue;
        bool integral = true;
        for (const Value* v : n.outputs)
            integral = integral && v && (v->dtype == DataType::Int64 || v->dtype == DataType::Int32 ||
                                         v->dtype == DataType::Bool);
        onHost[i] = integral && cpu->supportsOp(n, Precision::FP32, TensorFormat::Linear, nullptr);
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < order.size(); ++i) {
            if (!onHost[i]) continue;
            const Node& n = *order[i];
            bool ok = true;
            for (size_t j = 0; j < n.inputs.size() && ok; ++j) {
                const Value* v = n.inputs[j];
                if (!v || v->isConstant() || readsDimsOnly(n, j) || !v->producer) continue;  // graph inputs are host tensors
                auto p = index.find(v->producer);
                ok = p != index.end() && onHost[p->second];
            }
            for (const Value* v : n.outputs) {
                for (const Node* c : v->consumers) {
                    auto k = index.find(c);
                    if (k == index.end() || onHost[k->second]) continue;
                    for (size_t j = 0; j < c->inputs.size(); ++j)
                        if (c->inputs[j] == v && !readOnHost(hostMask[k->second], j)) ok = false;
                }
            }
            if (!ok) {
                onHost[i] = 0;
                changed = true;
            }
        }
    }
    for (size_t i = 0; i < order.size(); ++i) {
        LayerAssignment& a = assignments[i];
        if (!onHost[i] || a.backend == cpu) continue;
        a.backend = cpu;
        a.format = TensorFormat::Linear;
        a.storage = DataType::Undefined;
        a.note = "shape computation: runs on the host, where its result is read";
    }
}

namespace {

// Whether `backend` can write a tensor in `format` itself (a kiln::Reformat kernel of that format).
bool hasReformatKernel(const Backend& backend, TensorFormat format) {
    for (const KernelDef* def : backend.kernels().findAll("Reformat", "kiln"))
        if (def->format == format) return true;
    return false;
}

// Where and how a tensor lies, and in which type.
struct Place {
    Device device;
    TensorFormat format = TensorFormat::Linear;
    DataType dtype = DataType::Undefined;
    bool operator==(const Place&) const = default;
    bool operator<(const Place& o) const {
        return std::tie(device.type, device.index, format, dtype) <
               std::tie(o.device.type, o.device.index, o.format, o.dtype);
    }
};

// A float tensor's values in another float type (host memory; weights of fp16/bf16 layers). Finite
// values beyond fp16's range are clamped to +-65504, as TensorRT does, not turned into infinities
// (an attention mask's -1e9 stays a large negative number); `clamped` counts them.
Tensor convertFloat(const Tensor& src, DataType to, int64_t* clamped = nullptr) {
    Tensor out(to, src.dims());
    const std::vector<float> values = src.toFloatVector();
    auto* bits = static_cast<uint16_t*>(out.raw());
    for (size_t i = 0; i < values.size(); ++i) {
        float x = values[i];
        if (to == DataType::Float16 && std::isfinite(x) && std::fabs(x) > 65504.f) {
            x = x < 0 ? -65504.f : 65504.f;
            if (clamped) ++*clamped;
        }
        bits[i] = to == DataType::Float16 ? floatToHalf(x) : floatToBfloat16(x);
    }
    return out;
}

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
        // Shape and Size read only the dims: the tensor stays where it is (no copy).
        if (readsDimsOnly(n, input)) return produced(v);
        // A kernel that reads this input on the host (shape tensors): every candidate agrees.
        const bool host = layer < hostMask_.size() && readOnHost(hostMask_[layer], input);
        Place p{host ? kHostDevice : a.backend->device(), TensorFormat::Linear, modelType(v)};
        if (!host && isFormatted(v)) p.format = a.format;
        if (!host && a.storage != DataType::Undefined && modelType(v) == DataType::Float32) p.dtype = a.storage;
        return p;
    }
    Place produced(const Value* v) const {
        auto it = placeOf_.find(v);
        return it == placeOf_.end() ? Place{kHostDevice, TensorFormat::Linear, modelType(v)} : it->second;
    }
    // The type the model gives a value (before reduced-precision storage changed it).
    DataType modelType(const Value* v) const {
        auto it = modelTypes_.find(v);
        return it == modelTypes_.end() ? v->dtype : it->second;
    }
    // Decides LayerAssignment::storage and retypes those layers' outputs and constant inputs.
    void assignStorage();
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
    std::map<const Value*, DataType> modelTypes_;      // values retyped by assignStorage
    std::vector<uint32_t> hostMask_;                   // per layer of order_: inputs read on the host
    std::map<std::pair<const Value*, DataType>, Value*> convertedConstants_;
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
    // Type changes happen on the device (reduced-precision tensors live there only): before the
    // copy when the tensor leaves the device, after it when it arrives.
    auto cast = [&]() {
        if (at.dtype == to.dtype || at.device.isHost()) return;
        Value* r = graph_.addValue(graph_.uniqueValueName(concat(v->name, "#", dataTypeName(to.dtype))));
        r->dtype = to.dtype;
        r->shape = v->shape;
        Node* n = addLayer("Cast", concat("cast ", v->name, " ", dataTypeName(at.dtype), " -> ", dataTypeName(to.dtype)),
                           current, r, backendFor(at.device), at.format,
                           concat(dataTypeName(at.dtype), " -> ", dataTypeName(to.dtype), " for '", v->name, "'"));
        n->domain = "";
        n->attributes["to"] = Attribute(int64_t(onnxDataTypeOf(to.dtype)));
        placeOf_[r] = {at.device, at.format, to.dtype};
        made_[{v, Place{at.device, at.format, to.dtype}}] = r;
        current = r;
        at.dtype = to.dtype;
    };
    // Layout changes happen on the device that holds the tensor. A host tensor that a device layer
    // wants in another layout is copied as it is and reformatted there, after the cast (half the
    // bytes in fp16), when that device has a Reformat kernel: on the host it took 0.17 ms of
    // ResNet-50's 0.55 ms batch-1 latency on an H100, with the device idle.
    auto reformat = [&]() {
        if (at.format == to.format) return;
        Value* r = graph_.addValue(graph_.uniqueValueName(concat(v->name, "#", tensorFormatName(to.format))));
        r->dtype = at.dtype;
        r->shape = v->shape;
        Node* n = addLayer("Reformat", concat("reformat ", v->name, " ", tensorFormatName(at.format), " -> ",
                                              tensorFormatName(to.format)),
                           current, r, backendFor(at.device), to.format,
                           concat(tensorFormatName(at.format), " -> ", tensorFormatName(to.format), " for '", v->name, "'"));
        n->attributes["to"] = Attribute(std::string(tensorFormatName(to.format)));
        n->attributes["from"] = Attribute(std::string(tensorFormatName(at.format)));
        placeOf_[r] = {at.device, to.format, at.dtype};
        made_[{v, Place{at.device, to.format, at.dtype}}] = r;
        current = r;
        at.format = to.format;
    };
    const bool reformatOnArrival = at.format != to.format && at.device.isHost() && !to.device.isHost() &&
                                   backendFor(to.device)->device() == to.device &&
                                   hasReformatKernel(*backendFor(to.device), to.format);
    cast();
    if (!reformatOnArrival) reformat();
    if (at.device != to.device) {
        Value* c = graph_.addValue(graph_.uniqueValueName(concat(v->name, "@", to.device.str())));
        c->dtype = at.dtype;
        c->shape = v->shape;
        const Device deviceSide = at.device.isHost() ? to.device : at.device;
        Node* n = addLayer("Copy", concat("copy ", v->name, " ", at.device.str(), " -> ", to.device.str()), current, c,
                           backendFor(deviceSide), at.format, concat("copies '", v->name, "' to ", to.device.str()));
        n->attributes["to"] = Attribute(to.device.str());
        at.device = to.device;
        placeOf_[c] = at;
        current = c;
    }
    cast();
    reformat();
    KILN_CHECK(at == to, Internal, "no way to bring '", v->name, "' to ", to.device.str(), " as ", dataTypeName(to.dtype));
    made_[key] = current;
    return current;
}

void TransferInserter::assignStorage() {
    // Per layer, the inputs its candidate kernels read on the host (shape tensors: never retyped),
    // found before any type changes (a layer reading a retyped tensor matches no kernel by type).
    hostMask_ = hostInputMasks(order_, assignments_);
    const std::vector<uint32_t>& hostMask = hostMask_;
    for (size_t i = 0; i < order_.size(); ++i) {
        LayerAssignment& a = assignments_[i];
        Node& n = *order_[i];
        if (a.plugin || !a.backend || a.backend->device().isHost()) continue;
        if (a.precision != Precision::FP16 && a.precision != Precision::BF16) continue;
        const DataType half = a.precision == Precision::FP16 ? DataType::Float16 : DataType::BFloat16;
        // Casts keep the types their attributes name.
        if (n.domain.empty() && (n.opType == "Cast" || n.opType == "CastLike")) continue;
        const std::vector<const KernelDef*> defs = a.backend->candidates(n, a.precision, a.format);
        if (defs.empty()) continue;
        auto host = [&](size_t j) { return readOnHost(hostMask[i], j); };
        bool stores = true, floats = false;
        for (size_t j = 0; j < n.inputs.size(); ++j) {
            const Value* v = n.inputs[j];
            if (!v || v->dtype != DataType::Float32 || host(j)) continue;
            floats = true;
            for (const KernelDef* d : defs) stores = stores && d->acceptsInput(j, half);
        }
        for (size_t o = 0; o < n.outputs.size(); ++o) {
            const Value* v = n.outputs[o];
            if (!v || v->dtype != DataType::Float32) continue;
            for (const KernelDef* d : defs) stores = stores && d->acceptsOutput(o, half);
        }
        if (!floats) continue;
        if (!stores) {
            if (a.note.empty())
                a.note = concat("computes in fp32: no ", a.backend->id(), " kernel of ", opText(n), " stores ",
                                dataTypeName(half));
            continue;
        }
        a.storage = half;
    }
    // Then retype (deciding on the model's types: a layer reading a retyped output is still
    // matched against its kernels as the model has it, fp32 in and out).
    for (size_t i = 0; i < order_.size(); ++i) {
        const LayerAssignment& a = assignments_[i];
        Node& n = *order_[i];
        if (a.storage == DataType::Undefined) continue;
        const DataType half = a.storage;
        auto host = [&](size_t j) { return readOnHost(hostMask[i], j); };
        for (Value* v : n.outputs) {
            if (!v || v->dtype != DataType::Float32) continue;
            modelTypes_[v] = DataType::Float32;
            v->dtype = half;
        }
        // fp32 weights in the layer's type, converted once (shared by the layers reading them).
        for (size_t j = 0; j < n.inputs.size(); ++j) {
            Value* v = n.inputs[j];
            if (!v || !v->isConstant() || v->dtype != DataType::Float32 || host(j)) continue;
            auto key = std::make_pair(static_cast<const Value*>(v), half);
            auto it = convertedConstants_.find(key);
            if (it == convertedConstants_.end()) {
                int64_t clamped = 0;
                Value* c = graph_.addConstant(graph_.uniqueValueName(concat(v->name, "#", dataTypeName(half))),
                                              convertFloat(*v->constant, half, &clamped));
                if (clamped > 0)
                    assignments_[i].note = concat(assignments_[i].note, assignments_[i].note.empty() ? "" : "; ",
                                                  "weights '", v->name, "': ", clamped,
                                                  " values beyond the fp16 range clamped to +-65504");
                it = convertedConstants_.emplace(key, c).first;
            }
            graph_.replaceInput(&n, j, it->second);
        }
    }
}

void TransferInserter::run() {
    assignStorage();
    // Where each layer's outputs lie.
    for (size_t i = 0; i < order_.size(); ++i) {
        const LayerAssignment& a = assignments_[i];
        for (const Value* v : order_[i]->outputs)
            if (v) placeOf_[v] = {a.backend->device(), isFormatted(v) ? a.format : TensorFormat::Linear, v->dtype};
    }
    // Graph outputs end as host tensors in the linear format, under their own names: a layer on a
    // device writes a renamed tensor and a copy (or reformat) makes the named one.
    for (Value* out : std::vector<Value*>(graph_.outputs().begin(), graph_.outputs().end())) {
        const Place at = produced(out);
        Node* producer = out->producer;
        const DataType modelDtype = modelType(out);
        if (at == Place{kHostDevice, TensorFormat::Linear, modelDtype} || out->isConstant() || !out->producer) continue;
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
        if (modelDtype != out->dtype) modelTypes_[inner] = modelDtype;
        // The chain to the host, ending in `out` itself, in the model's type.
        const Place hostPlace{kHostDevice, TensorFormat::Linear, modelDtype};
        Value* host = transfer(inner, hostPlace);
        Node* last = host->producer;
        for (Value*& o : last->outputs)
            if (o == host) o = out;
        out->producer = last;
        out->dtype = modelDtype;
        modelTypes_.erase(out);
        host->producer = nullptr;
        placeOf_[out] = hostPlace;
        made_[{inner, hostPlace}] = out;
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
    // The graph inputs' way to the device first and the outputs' copies to the host last, so the
    // device layers run as one stretch with no host step between them (a CUDA graph captures it,
    // and its time is the engine's GPU compute time). Both moves keep the order topological: the
    // first read only graph inputs (or each other), nothing reads the last.
    auto copyTo = [](const Node* n) -> std::optional<Device> {
        if (n->domain != "kiln" || n->opType != "Copy") return std::nullopt;
        return Device::parse(n->attrString("to", "cpu"));
    };
    std::set<const Node*> front, back;
    for (const Node* n : order_) {
        const auto to = copyTo(n);
        const bool hostReformat = n->domain == "kiln" && n->opType == "Reformat" && byNode.at(n).backend &&
                                  byNode.at(n).backend->device().isHost();
        if ((to && !to->isHost()) || hostReformat) {
            bool fromInputs = true;
            for (const Value* v : n->inputs)
                if (v && !v->isConstant() && v->producer && !front.count(v->producer)) fromInputs = false;
            if (fromInputs) front.insert(n);
        } else if (to && to->isHost()) {
            bool last = true;
            for (const Value* v : n->outputs) last = last && v && v->isGraphOutput && v->consumers.empty();
            if (last) back.insert(n);
        }
    }
    std::stable_partition(order_.begin(), order_.end(), [&](const Node* n) { return front.count(n) > 0; });
    std::stable_partition(order_.begin() + std::ptrdiff_t(front.size()), order_.end(),
                          [&](const Node* n) { return back.count(n) == 0; });
    assignments_.clear();
    for (Node* n : order_) assignments_.push_back(byNode.at(n));
}

}  // namespace

void insertTransfers(Graph& graph, std::vector<Node*>& order, std::vector<LayerAssignment>& assignments) {
    TransferInserter(graph, order, assignments).run();
}

}  // namespace kiln::build
