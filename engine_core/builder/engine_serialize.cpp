// The engine file format (docs/engine-format.md): fixed frame, header section, body section,
// trailing FNV-1a 64 checksum. Loading checks the frame (magic, version, size, checksum) before
// parsing anything, so a damaged file gets one clear error instead of a confusing one later.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "engine_core/builder/byte_io.h"
#include "engine_core/builder/engine_format.h"

namespace kiln {

using engine_io::ByteReader;
using engine_io::ByteWriter;

namespace {

constexpr size_t kFrameBytes = 8 + 4 + 4 + 8;        // magic, version, reserved, file size
constexpr size_t kMinFileBytes = kFrameBytes + 8 + 8 + 8;  // + two section lengths + checksum
constexpr size_t kConstantAlignment = 64;

// Attribute type codes in the file (fixed by the format, independent of the enum's order).
// kAttrGraph (format 4): a control-flow body, written by writeBody.
enum : uint8_t { kAttrInt = 1, kAttrFloat, kAttrString, kAttrTensor, kAttrInts, kAttrFloats, kAttrStrings, kAttrGraph };

void writeDtype(ByteWriter& w, DataType t) { w.str(std::string(dataTypeName(t))); }
DataType readDtype(ByteReader& r) {
    std::string name = r.str();
    if (name == dataTypeName(DataType::Undefined)) return DataType::Undefined;
    auto t = parseDataType(name);
    if (!t) r.corrupt(concat("unknown element type '", name, "'"));
    return *t;
}

void writeShape(ByteWriter& w, const Shape& s) {
    w.u8(s.rankKnown ? 1 : 0);
    w.u32(uint32_t(s.dims.size()));
    for (const Dim& d : s.dims) {
        w.i64(d.value);
        w.str(d.symbol);
    }
}
Shape readShape(ByteReader& r) {
    Shape s;
    s.rankKnown = r.u8() != 0;
    uint32_t n = r.count(12);
    for (uint32_t i = 0; i < n; ++i) {
        Dim d;
        d.value = r.i64();
        d.symbol = r.str();
        s.dims.push_back(d);
    }
    return s;
}

void writeTensorData(ByteWriter& w, const Tensor& t, const std::string& what) {
    KILN_CHECK(t.dtype() != DataType::String, Unsupported, what, ": string tensors cannot be stored in an engine");
    writeDtype(w, t.dtype());
    w.dims(t.dims());
    w.u64(t.byteSize());
    w.align(kConstantAlignment);  // aligned weights: the file can later be mapped and used in place
    if (t.byteSize()) w.reference(t.raw(), t.byteSize());
}
Tensor readTensorData(ByteReader& r, const std::string& what) {
    DataType dtype = readDtype(r);
    if (dtype == DataType::Undefined || dtype == DataType::String)  // never written: no byte size
        r.corrupt(concat(what, ": element type '", dataTypeName(dtype), "' cannot hold data"));
    std::vector<int64_t> dims = r.dims();
    uint64_t bytes = r.u64();
    r.align(kConstantAlignment);
    if (bytes > r.remaining()) r.corrupt(concat(what, ": ", bytes, " bytes of data but only ", r.remaining(), " left"));
    // Overflow-checked: damaged dims like [2^40, 2^40] must not wrap around to a small size.
    uint64_t numel = 1, expected = 0;
    for (int64_t d : dims) {
        if (d < 0) r.corrupt(concat(what, ": negative dim"));
        if (__builtin_mul_overflow(numel, uint64_t(d), &numel))
            r.corrupt(concat(what, ": dims ", dimsToString(dims), " overflow"));
    }
    if (__builtin_mul_overflow(numel, uint64_t(dataTypeSize(dtype)), &expected) || expected != bytes)
        r.corrupt(concat(what, ": ", dimsToString(dims), " does not match ", bytes, " bytes"));
    Tensor t(dtype, dims);
    if (bytes) std::memcpy(t.raw(), r.take(bytes), bytes);
    return t;
}

void writeAttribute(ByteWriter& w, const Attribute& a, const std::string& what);
Attribute readAttribute(ByteReader& r, const std::string& what, int depth);

// A body: its name, opsets, outer-scope input count, tensor table (inputs first), inputs, outputs and
// nodes in execution order, each with its attributes (nested bodies recursively).
void writeBody(ByteWriter& w, const Graph& g, const std::string& what) {
    w.str(g.name);
    w.u32(uint32_t(g.opsetImports.size()));
    for (const auto& [domain, version] : g.opsetImports) {
        w.str(domain);
        w.i64(version);
    }
    w.u32(uint32_t(g.outerScopeInputs));
    std::vector<const Value*> values;
    std::unordered_map<const Value*, uint32_t> index;
    auto note = [&](const Value* v) {
        if (v && !index.count(v)) {
            index[v] = uint32_t(values.size());
            values.push_back(v);
        }
    };
    for (const Value* v : g.inputs()) note(v);
    std::vector<Node*> nodes = g.topologicalOrder();
    for (const Node* n : nodes) {
        for (const Value* v : n->inputs) note(v);
        for (const Value* v : n->outputs) note(v);
    }
    for (const Value* v : g.outputs()) note(v);
    w.u32(uint32_t(values.size()));
    for (const Value* v : values) {
        w.str(v->name);
        writeDtype(w, v->dtype);
        writeShape(w, v->shape);
        w.u8(v->isConstant() ? 1 : 0);
        if (v->isConstant()) writeTensorData(w, *v->constant, concat(what, " constant '", v->name, "'"));
    }
    auto ref = [&](const Value* v) { w.u32(v ? index.at(v) : UINT32_MAX); };
    w.u32(uint32_t(g.inputs().size()));
    for (const Value* v : g.inputs()) ref(v);
    w.u32(uint32_t(g.outputs().size()));
    for (const Value* v : g.outputs()) ref(v);
    w.u32(uint32_t(nodes.size()));
    for (const Node* n : nodes) {
        w.str(n->name);
        w.str(n->opType);
        w.str(n->domain);
        w.u32(uint32_t(n->inputs.size()));
        for (const Value* v : n->inputs) ref(v);
        w.u32(uint32_t(n->outputs.size()));
        for (const Value* v : n->outputs) ref(v);
        w.u32(uint32_t(n->origin.size()));
        for (const auto& o : n->origin) w.str(o);
        w.u32(uint32_t(n->attributes.size()));
        for (const auto& [key, attr] : n->attributes) {
            w.str(key);
            writeAttribute(w, attr, concat(what, " node '", n->label(), "' attribute '", key, "'"));
        }
    }
}

std::shared_ptr<Graph> readBody(ByteReader& r, const std::string& what, int depth) {
    // Bodies nest (a Loop in an If); a damaged file must not recurse without bound.
    if (depth > 64) r.corrupt(concat(what, ": bodies nested more than 64 deep"));
    auto g = std::make_shared<Graph>();
    g->name = r.str();
    uint32_t nOpsets = r.count(12);
    for (uint32_t i = 0; i < nOpsets; ++i) {
        std::string domain = r.str();
        g->opsetImports[domain] = r.i64();
    }
    g->outerScopeInputs = r.u32();
    std::vector<Value*> values(r.count(8));
    for (Value*& v : values) {
        std::string name = r.str();
        if (name.empty() || g->findValue(name)) r.corrupt(concat(what, ": bad or duplicate tensor name '", name, "'"));
        v = g->addValue(name);
        v->dtype = readDtype(r);
        v->shape = readShape(r);
        if (r.u8()) v->constant = readTensorData(r, concat(what, " constant '", name, "'"));
    }
    auto valueAt = [&](bool optional) -> Value* {
        uint32_t i = r.u32();
        if (optional && i == UINT32_MAX) return nullptr;
        if (i >= values.size()) r.corrupt(concat(what, ": tensor index ", i, " out of range"));
        return values[i];
    };
    std::vector<Value*> inputs(r.count(4)), outputs;
    for (Value*& v : inputs) v = valueAt(false);
    outputs.resize(r.count(4));
    for (Value*& v : outputs) v = valueAt(false);
    if (g->outerScopeInputs > inputs.size())
        r.corrupt(concat(what, ": ", g->outerScopeInputs, " outer-scope inputs of ", inputs.size()));
    uint32_t nNodes = r.count(16);
    for (uint32_t i = 0; i < nNodes; ++i) {
        std::string name = r.str(), opType = r.str(), domain = r.str();
        std::vector<Value*> ins(r.count(4)), outs;
        for (Value*& v : ins) v = valueAt(true);
        outs.resize(r.count(4));
        for (Value*& v : outs) v = valueAt(true);
        std::vector<std::string> origin(r.count(4));
        for (auto& o : origin) o = r.str();
        std::map<std::string, Attribute> attributes;
        uint32_t nAttr = r.count(5);
        for (uint32_t a = 0; a < nAttr; ++a) {
            std::string key = r.str();
            attributes[key] = readAttribute(r, concat(what, " node '", name, "' attribute '", key, "'"), depth + 1);
        }
        Node* n = nullptr;
        try {
            n = g->addNode(opType, name, ins, outs, domain);
        } catch (const Error& e) {
            r.corrupt(concat(what, ": ", e.what()));
        }
        n->attributes = std::move(attributes);
        n->origin = std::move(origin);
    }
    for (Value* v : inputs) g->markInput(v);
    for (Value* v : outputs) g->markOutput(v);
    return g;
}

void writeAttribute(ByteWriter& w, const Attribute& a, const std::string& what) {
    switch (a.type()) {
        case AttributeType::Graph: w.u8(kAttrGraph); writeBody(w, *a.graph(), what); return;
        case AttributeType::Int: w.u8(kAttrInt); w.i64(*a.get<int64_t>()); return;
        case AttributeType::Float: w.u8(kAttrFloat); w.f32(*a.get<float>()); return;
        case AttributeType::String: w.u8(kAttrString); w.str(*a.get<std::string>()); return;
        case AttributeType::Tensor: w.u8(kAttrTensor); writeTensorData(w, *a.get<Tensor>(), what); return;
        case AttributeType::Ints: w.u8(kAttrInts); w.dims(*a.get<std::vector<int64_t>>()); return;
        case AttributeType::Floats: {
            w.u8(kAttrFloats);
            const auto& v = *a.get<std::vector<float>>();
            w.u32(uint32_t(v.size()));
            for (float f : v) w.f32(f);
            return;
        }
        case AttributeType::Strings: {
            w.u8(kAttrStrings);
            const auto& v = *a.get<std::vector<std::string>>();
            w.u32(uint32_t(v.size()));
            for (const auto& s : v) w.str(s);
            return;
        }
    }
}
Attribute readAttribute(ByteReader& r, const std::string& what, int depth) {
    uint8_t type = r.u8();
    switch (type) {
        case kAttrGraph: return Attribute(readBody(r, what, depth));
        case kAttrInt: return Attribute(r.i64());
        case kAttrFloat: return Attribute(r.f32());
        case kAttrString: return Attribute(r.str());
        case kAttrTensor: return Attribute(readTensorData(r, what));
        case kAttrInts: return Attribute(r.dims());
        case kAttrFloats: {
            std::vector<float> v(r.count(4));
            for (float& f : v) f = r.f32();
            return Attribute(std::move(v));
        }
        case kAttrStrings: {
            std::vector<std::string> v(r.count(4));
            for (auto& s : v) s = r.str();
            return Attribute(std::move(v));
        }
        default: r.corrupt(concat(what, ": unknown attribute type code ", int(type)));
    }
}

void writeHeader(ByteWriter& w, const EngineHeader& h) {
    w.str(h.kilnVersion);
    w.str(h.backend);
    w.str(h.device);
    w.str(h.arch);
    w.u32(uint32_t(h.libraryVersions.size()));
    for (const auto& [k, v] : h.libraryVersions) {
        w.str(k);
        w.str(v);
    }
}
EngineHeader readHeaderSection(ByteReader& r, uint32_t formatVersion) {
    EngineHeader h;
    h.formatVersion = formatVersion;
    h.kilnVersion = r.str();
    h.backend = r.str();
    if (h.backend.empty()) r.corrupt("no backend named");
    h.device = r.str();
    h.arch = r.str();
    uint32_t n = r.count(8);
    for (uint32_t i = 0; i < n; ++i) {
        std::string k = r.str();
        h.libraryVersions[k] = r.str();
    }
    return h;
}

struct Frame {
    uint32_t version = 0;
    size_t headerBegin = 0, headerEnd = 0, bodyBegin = 0, bodyEnd = 0;
};

uint64_t loadU64(const std::string& b, size_t at) {
    uint64_t v;
    std::memcpy(&v, b.data() + at, 8);
    return v;
}

// Magic, version, size, checksum, section bounds.
Frame checkFrame(const std::string& bytes, const std::string& source) {
    KILN_CHECK(bytes.size() >= 8 && std::memcmp(bytes.data(), kEngineMagic, 8) == 0, InvalidArgument, "'", source,
               "' is not a Kiln engine file (it does not start with \"KILNENG\")");
    KILN_CHECK(bytes.size() >= kMinFileBytes, InvalidArgument, "engine file '", source, "' is truncated: ",
               bytes.size(), " bytes, too short for the header");
    Frame f;
    std::memcpy(&f.version, bytes.data() + 8, 4);
    KILN_CHECK(f.version == kEngineFormatVersion, InvalidArgument, "engine file '", source, "' has format version ",
               f.version, ", this Kiln (", KILN_VERSION, ") reads format version ", kEngineFormatVersion,
               "; rebuild the engine");
    uint64_t declared = loadU64(bytes, 16);
    KILN_CHECK(declared <= bytes.size(), InvalidArgument, "engine file '", source, "' is truncated: ", bytes.size(),
               " of ", declared, " bytes");
    KILN_CHECK(declared == bytes.size(), InvalidArgument, "engine file '", source, "' is corrupt: its size field says ",
               declared, " bytes but the file has ", bytes.size());
    uint64_t stored = loadU64(bytes, bytes.size() - 8);
    uint64_t computed = fnv1a64(bytes.data(), bytes.size() - 8);
    KILN_CHECK(stored == computed, InvalidArgument, "engine file '", source,
               "' is corrupt: checksum mismatch (stored ", std::hex, stored, ", computed ", computed, ")");
    size_t end = bytes.size() - 8;
    uint64_t headerLen = loadU64(bytes, kFrameBytes);
    f.headerBegin = kFrameBytes + 8;
    KILN_CHECK(headerLen <= end && f.headerBegin + headerLen + 8 <= end, InvalidArgument, "engine file '", source,
               "' is corrupt: header section overruns the file");
    f.headerEnd = f.headerBegin + headerLen;
    uint64_t bodyLen = loadU64(bytes, f.headerEnd);
    f.bodyBegin = f.headerEnd + 8;
    KILN_CHECK(bodyLen == end - f.bodyBegin, InvalidArgument, "engine file '", source,
               "' is corrupt: body section length does not match the file");
    f.bodyEnd = end;
    return f;
}

}  // namespace

uint64_t fnv1a64(const void* data, size_t size, uint64_t seed) {
    const auto* p = static_cast<const uint8_t*>(data);
    uint64_t h = seed;
    for (size_t i = 0; i < size; ++i) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

EngineHeader readEngineHeader(const std::string& bytes, const std::string& source) {
    Frame f = checkFrame(bytes, source);
    ByteReader r(bytes, f.headerBegin, f.headerEnd, source);
    return readHeaderSection(r, f.version);
}

std::string replaceEngineHeader(const std::string& bytes, const EngineHeader& header, const std::string& source) {
    Frame f = checkFrame(bytes, source);
    ByteWriter w;
    w.raw(bytes.data(), kFrameBytes);
    size_t lenAt = w.placeholderU64();
    writeHeader(w, header);
    w.patchU64(lenAt, w.size() - lenAt - 8);
    // The body's constants are aligned relative to the file start; re-serializing keeps that true
    // only when the header length is unchanged modulo the alignment, so pad the header to match.
    size_t oldBodyStart = f.bodyBegin, newBodyStart = w.size() + 8;
    while (newBodyStart % kConstantAlignment != oldBodyStart % kConstantAlignment) {
        w.u8(0);
        ++newBodyStart;
    }
    w.patchU64(lenAt, w.size() - lenAt - 8);
    w.raw(bytes.data() + f.headerEnd, f.bodyEnd - f.headerEnd);
    w.patchU64(16, w.size() + 8);
    w.u64(fnv1a64(w.bytes().data(), w.size()));
    return std::move(w.bytes());
}

std::string Engine::serialize() const {
    ByteWriter w;
    serializeTo(w);
    return std::move(w.bytes());
}

void Engine::serializeTo(ByteWriter& w) const {
    KILN_CHECK(emulated_ == Precision::FP32, Unsupported, "an engine emulating ", precisionName(emulated_),
               " rounding is not saved (build the engine for fp16/bf16 on a GPU instead)");
    w.raw(kEngineMagic, 8);
    w.u32(kEngineFormatVersion);
    w.u32(0);  // reserved
    size_t sizeAt = w.placeholderU64();

    size_t headerLenAt = w.placeholderU64();
    writeHeader(w, header_);
    w.patchU64(headerLenAt, w.size() - headerLenAt - 8);

    size_t bodyLenAt = w.placeholderU64();
    w.str(builderConfigToJson(config_));
    w.u32(uint32_t(profiles_.size()));
    for (const OptimizationProfile& p : profiles_) {
        w.u32(uint32_t(p.inputs.size()));
        for (const auto& [name, range] : p.inputs) {
            w.str(name);
            w.dims(range.min);
            w.dims(range.opt);
            w.dims(range.max);
        }
    }
    w.u32(uint32_t(plugins_.size()));
    for (const RequiredPlugin& p : plugins_) {
        w.str(p.name);
        w.str(p.version);
    }

    // Tensor table: graph inputs first, then in layer order. Layers refer to tensors by index.
    std::vector<const Value*> values;
    std::unordered_map<const Value*, uint32_t> index;
    auto note = [&](const Value* v) {
        if (v && !index.count(v)) {
            index[v] = uint32_t(values.size());
            values.push_back(v);
        }
    };
    for (const Value* v : graph_->inputs()) note(v);
    std::vector<Node*> nodes = graph_->nodes();
    for (const Node* n : nodes) {
        for (const Value* v : n->inputs) note(v);
        for (const Value* v : n->outputs) note(v);
    }
    for (const Value* v : graph_->outputs()) note(v);
    w.u32(uint32_t(values.size()));
    for (const Value* v : values) {
        w.str(v->name);
        writeDtype(w, v->dtype);
        writeShape(w, v->shape);
        w.u8(v->isConstant() ? 1 : 0);
        if (v->isConstant()) {
            w.str("plain");  // weight layout: row-major as in ONNX (the only layout the CPU tactics use)
            writeTensorData(w, *v->constant, concat("constant '", v->name, "'"));
        }
    }
    w.u32(uint32_t(graph_->inputs().size()));
    for (const Value* v : graph_->inputs()) w.u32(index.at(v));
    w.u32(uint32_t(graph_->outputs().size()));
    for (const Value* v : graph_->outputs()) w.u32(index.at(v));

    auto ref = [&](const Value* v) { w.u32(v ? index.at(v) : UINT32_MAX); };
    w.u32(uint32_t(layers_.size()));
    for (size_t i = 0; i < layers_.size(); ++i) {
        const EngineLayer& l = layers_[i];
        const Node& n = *nodes.at(i);
        w.str(l.name);
        w.str(l.opType);
        w.str(l.domain);
        w.u8(l.kind == LayerKind::Kernel ? 0 : l.kind == LayerKind::Plugin ? 1 : 2);
        w.u32(uint32_t(n.inputs.size()));
        for (const Value* v : n.inputs) ref(v);
        w.u32(uint32_t(n.outputs.size()));
        for (const Value* v : n.outputs) ref(v);
        w.u32(uint32_t(l.origin.size()));
        for (const auto& o : l.origin) w.str(o);
        w.str(l.backend);
        w.str(l.tactic);
        w.str(l.tacticData);
        w.str(std::string(precisionName(l.precision)));
        w.str(std::string(precisionName(l.computed)));
        w.str(std::string(tensorFormatName(l.format)));
        w.f32(l.tacticMs);
        w.u64(l.workspaceBytes);
        w.str(l.pluginVersion);
        w.str(l.note);
        w.u32(uint32_t(n.attributes.size()));
        for (const auto& [key, attr] : n.attributes) {
            w.str(key);
            writeAttribute(w, attr, concat("layer '", l.name, "' attribute '", key, "'"));
        }
    }
    // Calibration (format 2): the calibrator tag and the dynamic ranges, sorted by tensor name.
    w.str(calibration_.algorithm);
    w.u32(uint32_t(calibration_.ranges.size()));
    for (const auto& [name, amax] : calibration_.ranges) {
        w.str(name);
        w.f32(amax);
    }
    // Memory (format 3): per profile, the arena tensors' bytes (by tensor index) and each layer's scratch.
    w.u32(uint32_t(memory_.size()));
    for (const EngineMemory& m : memory_) {
        w.u32(uint32_t(m.tensorBytes.size()));
        for (const auto& [name, bytes] : m.tensorBytes) {
            w.u32(index.at(graph_->findValue(name)));
            w.u64(bytes);
        }
        w.u32(uint32_t(m.layerScratch.size()));
        for (uint64_t bytes : m.layerScratch) w.u64(bytes);
    }
    w.patchU64(bodyLenAt, w.size() - bodyLenAt - 8);
    w.patchU64(sizeAt, w.size() + 8);
    uint64_t hash = kFnvOffsetBasis;
    w.forEachPiece([&](const char* data, size_t n) { hash = fnv1a64(data, n, hash); });
    w.u64(hash);
}

// Declared in engine.cpp: backend/device compatibility and plugin availability.
void checkEngineCompatible(const EngineHeader& header, const std::string& source);
void checkEnginePlugins(const std::vector<RequiredPlugin>& plugins, const PluginRegistry& registry,
                        const std::string& source);

std::shared_ptr<const Engine> Engine::deserialize(const std::string& bytes, const std::string& source,
                                                  const EngineLoadOptions& options) {
    Frame f = checkFrame(bytes, source);
    Parts parts;
    {
        ByteReader r(bytes, f.headerBegin, f.headerEnd, source);
        parts.header = readHeaderSection(r, f.version);
    }
    checkEngineCompatible(parts.header, source);

    ByteReader r(bytes, f.bodyBegin, f.bodyEnd, source);
    try {
        parts.config = builderConfigFromJson(r.str(), concat(source, " (builder config)"));
    } catch (const Error& e) {
        r.corrupt(e.what());
    }
    uint32_t nProfiles = r.count(4);
    for (uint32_t p = 0; p < nProfiles; ++p) {
        OptimizationProfile profile;
        uint32_t n = r.count(16);
        for (uint32_t i = 0; i < n; ++i) {
            std::string name = r.str();
            ShapeRange range;
            range.min = r.dims();
            range.opt = r.dims();
            range.max = r.dims();
            profile.inputs[name] = std::move(range);
        }
        parts.profiles.push_back(std::move(profile));
    }
    uint32_t nPlugins = r.count(8);
    for (uint32_t i = 0; i < nPlugins; ++i) {
        RequiredPlugin p;
        p.name = r.str();
        p.version = r.str();
        parts.plugins.push_back(std::move(p));
    }
    const PluginRegistry& registry = options.plugins ? *options.plugins : PluginRegistry::global();
    checkEnginePlugins(parts.plugins, registry, source);

    parts.graph = std::make_unique<Graph>();
    Graph& g = *parts.graph;
    std::vector<Value*> values(r.count(8));
    for (Value*& v : values) {
        std::string name = r.str();
        if (name.empty() || g.findValue(name)) r.corrupt(concat("bad or duplicate tensor name '", name, "'"));
        v = g.addValue(name);
        v->dtype = readDtype(r);
        v->shape = readShape(r);
        if (r.u8()) {
            std::string layout = r.str();
            if (layout != "plain") r.corrupt(concat("constant '", name, "' has unknown weight layout '", layout, "'"));
            v->constant = readTensorData(r, concat("constant '", name, "'"));
        }
    }
    auto valueAt = [&](uint32_t i, bool optional) -> Value* {
        if (optional && i == UINT32_MAX) return nullptr;
        if (i >= values.size()) r.corrupt(concat("tensor index ", i, " out of range"));
        return values[i];
    };
    std::vector<Value*> inputs(r.count(4)), outputs;
    for (Value*& v : inputs) v = valueAt(r.u32(), false);
    outputs.resize(r.count(4));
    for (Value*& v : outputs) v = valueAt(r.u32(), false);

    uint32_t nLayers = r.count(16);
    for (uint32_t i = 0; i < nLayers; ++i) {
        EngineLayer l;
        l.name = r.str();
        l.opType = r.str();
        l.domain = r.str();
        const uint8_t kind = r.u8();
        if (kind > 2) r.corrupt(concat("layer '", l.name, "': unknown layer kind ", int(kind)));
        l.kind = kind == 0 ? LayerKind::Kernel : kind == 1 ? LayerKind::Plugin : LayerKind::Copy;
        std::vector<Value*> ins(r.count(4)), outs;
        for (Value*& v : ins) v = valueAt(r.u32(), true);
        outs.resize(r.count(4));
        for (Value*& v : outs) v = valueAt(r.u32(), true);
        for (Value* v : ins) l.inputs.push_back(v ? v->name : "");
        for (Value* v : outs) l.outputs.push_back(v ? v->name : "");
        l.origin.resize(r.count(4));
        for (auto& o : l.origin) o = r.str();
        l.backend = r.str();
        l.tactic = r.str();
        l.tacticData = r.str();
        auto readPrecision = [&] {
            std::string precision = r.str();
            auto p = parsePrecision(precision);
            if (!p) r.corrupt(concat("layer '", l.name, "': unknown precision '", precision, "'"));
            return *p;
        };
        l.precision = readPrecision();
        l.computed = readPrecision();
        std::string format = r.str();
        auto f = parseTensorFormat(format);
        if (!f) r.corrupt(concat("layer '", l.name, "': unknown format '", format, "'"));
        l.format = *f;
        l.tacticMs = r.f32();
        l.workspaceBytes = r.u64();
        l.pluginVersion = r.str();
        l.note = r.str();
        if (!BackendRegistry::global().known(l.backend))
            r.corrupt(concat("layer '", l.name, "': unknown backend '", l.backend, "'"));
        std::map<std::string, Attribute> attributes;
        uint32_t nAttr = r.count(5);
        for (uint32_t a = 0; a < nAttr; ++a) {
            std::string key = r.str();
            attributes[key] = readAttribute(r, concat("layer '", l.name, "' attribute '", key, "'"), 0);
        }
        Node* n;
        try {
            n = g.addNode(l.opType, l.name, ins, outs, l.domain);
        } catch (const Error& e) {
            r.corrupt(e.what());
        }
        n->attributes = std::move(attributes);
        n->origin = l.origin;
        parts.layers.push_back(std::move(l));
    }
    parts.calibration.algorithm = r.str();
    uint32_t nRanges = r.count(8);
    for (uint32_t i = 0; i < nRanges; ++i) {
        std::string name = r.str();
        float amax = r.f32();
        if (!g.findValue(name)) r.corrupt(concat("calibration range for unknown tensor '", name, "'"));
        if (!(amax >= 0) || !std::isfinite(amax)) r.corrupt(concat("calibration range of '", name, "' is ", amax));
        parts.calibration.ranges[name] = amax;
    }
    uint32_t nMemory = r.count(8);
    if (nMemory != parts.profiles.size())
        r.corrupt(concat(nMemory, " memory sections for ", parts.profiles.size(), " profiles"));
    for (uint32_t p = 0; p < nMemory; ++p) {
        EngineMemory m;
        uint32_t n = r.count(12);
        for (uint32_t i = 0; i < n; ++i) {
            Value* v = valueAt(r.u32(), false);
            m.tensorBytes[v->name] = r.u64();
        }
        m.layerScratch.resize(r.count(8));
        if (m.layerScratch.size() != parts.layers.size() && !m.layerScratch.empty())
            r.corrupt(concat("memory section of profile ", p, ": scratch for ", m.layerScratch.size(), " layers"));
        for (uint64_t& bytes : m.layerScratch) bytes = r.u64();
        parts.memory.push_back(std::move(m));
    }
    if (!r.atEnd()) r.corrupt(concat(r.remaining(), " unexpected bytes after the memory section"));
    for (Value* v : inputs) g.markInput(v);
    for (Value* v : outputs) g.markOutput(v);
    return assemble(std::move(parts), registry);
}

}  // namespace kiln
