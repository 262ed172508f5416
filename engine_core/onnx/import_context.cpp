#include "engine_core/onnx/import_context.h"

#include <cmath>

namespace kiln::onnx_detail {

ImportContext::ImportContext(ImportState& state, const onnx::NodeProto& proto, int index,
                             std::string nodeName, int64_t opset, std::map<std::string, Attribute> attributes)
    : attrs(std::move(attributes)),
      state_(state),
      proto_(proto),
      index_(index),
      name_(std::move(nodeName)),
      opset_(opset) {
    for (const std::string& in : proto.input()) {
        if (in.empty()) {
            inputs_.push_back(nullptr);
            continue;
        }
        Value* v = state.graph->findValue(in);
        if (!v && state.resolveOuter) v = state.resolveOuter(in);
        if (!v) invalid<Msg::ReadsUndefinedTensor>("tensor"_a = in);
        inputs_.push_back(v);
    }
    for (const std::string& out : proto.output()) {
        Value* v = out.empty() ? nullptr : state.graph->findValue(out);
        if (!out.empty() && !v)
            fail(ErrorKind::Internal, msg<Msg::ImportOutputNotPrecreated>(
                                          "model"_a = state_.modelName, "node"_a = name_, "index"_a = index_,
                                          "op"_a = opType(), "output"_a = out));
        outputs_.push_back(v);
    }
}

void ImportContext::invalid(const Message& detail) const {
    fail(ErrorKind::InvalidModel,
         msg<Msg::ImportNodeError>("model"_a = state_.modelName, "node"_a = name_, "index"_a = index_,
                                   "op"_a = opType(), "cause"_a = detail));
}

int64_t ImportContext::getInt(const std::string& key, int64_t fallback) const {
    auto it = attrs.find(key);
    if (it == attrs.end()) return fallback;
    if (const auto* v = it->second.get<int64_t>()) return *v;
    invalid<Msg::AttributeNotInt>("name"_a = key, "value"_a = it->second.str());
}

float ImportContext::getFloat(const std::string& key, float fallback) const {
    auto it = attrs.find(key);
    if (it == attrs.end()) return fallback;
    if (const auto* v = it->second.get<float>()) return *v;
    if (const auto* v = it->second.get<int64_t>()) return float(*v);  // lenient: some exporters write ints
    invalid<Msg::AttributeNotFloat>("name"_a = key, "value"_a = it->second.str());
}

std::string ImportContext::getString(const std::string& key, const std::string& fallback) const {
    auto it = attrs.find(key);
    if (it == attrs.end()) return fallback;
    if (const auto* v = it->second.get<std::string>()) return *v;
    invalid<Msg::AttributeNotString>("name"_a = key, "value"_a = it->second.str());
}

std::vector<int64_t> ImportContext::getInts(const std::string& key) const {
    auto it = attrs.find(key);
    if (it == attrs.end()) return {};
    if (const auto* v = it->second.get<std::vector<int64_t>>()) return *v;
    invalid<Msg::AttributeNotInts>("name"_a = key, "value"_a = it->second.str());
}

std::vector<float> ImportContext::getFloats(const std::string& key) const {
    auto it = attrs.find(key);
    if (it == attrs.end()) return {};
    if (const auto* v = it->second.get<std::vector<float>>()) return *v;
    invalid<Msg::AttributeNotFloats>("name"_a = key, "value"_a = it->second.str());
}

void ImportContext::expectInputs(size_t min, size_t max) const {
    if (inputs_.size() < min || inputs_.size() > max) {
        if (min == max) invalid<Msg::InputCountNot>("count"_a = inputs_.size(), "expected"_a = min);
        invalid<Msg::InputCountNotInRange>("count"_a = inputs_.size(), "min"_a = min, "max"_a = max);
    }
    for (size_t i = 0; i < min; ++i)
        if (!inputs_[i]) invalid<Msg::RequiredInputMissing>("index"_a = i);
}

void ImportContext::expectOutputs(size_t min, size_t max) const {
    if (outputs_.size() < min || outputs_.size() > max) {
        if (min == max) invalid<Msg::OutputCountNot>("count"_a = outputs_.size(), "expected"_a = min);
        invalid<Msg::OutputCountNotInRange>("count"_a = outputs_.size(), "min"_a = min, "max"_a = max);
    }
    for (size_t i = 0; i < min; ++i)
        if (!outputs_[i]) invalid<Msg::RequiredOutputMissing>("index"_a = i);
}

void ImportContext::expectOneOf(const std::string& key, const std::string& fallback,
                                const std::vector<std::string>& allowed) {
    std::string value = getString(key, fallback);
    for (const std::string& a : allowed)
        if (a == value) return;
    std::string list;
    for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
    unsupported<Msg::AttributeValueNotSupported>("name"_a = key, "value"_a = value, "supported"_a = list);
}

Node* ImportContext::emit(const std::string& op, const std::vector<Value*>& ins,
                          const std::vector<Value*>& outs) {
    // Trailing omitted inputs/outputs are dropped: the canonical form only keeps holes in the middle.
    std::vector<Value*> in = ins, out = outs;
    while (!in.empty() && !in.back()) in.pop_back();
    while (!out.empty() && !out.back()) out.pop_back();
    Node* n = state_.graph->addNode(op, name_, in, out);
    n->attributes = attrs;
    n->origin = {name_};
    return n;
}

Node* ImportContext::emitHelper(const std::string& suffix, const std::string& op,
                                const std::vector<Value*>& ins, const std::vector<Value*>& outs,
                                std::map<std::string, Attribute> attributes) {
    Node* n = state_.graph->addNode(op, name_ + "/" + suffix, ins, outs);
    n->attributes = std::move(attributes);
    n->origin = {name_};
    return n;
}

Value* ImportContext::newValue(const std::string& suffix) {
    return state_.graph->addValue(state_.graph->uniqueValueName(name_ + "/" + suffix));
}

Value* ImportContext::constant(const std::string& suffix, Tensor tensor) {
    return state_.graph->addConstant(state_.graph->uniqueValueName(name_ + "/" + suffix), std::move(tensor));
}

Value* ImportContext::constantInt64(const std::string& suffix, const std::vector<int64_t>& values) {
    return constant(suffix, Tensor::fromVector<int64_t>({int64_t(values.size())}, values));
}

Value* ImportContext::scalarConstant(const std::string& suffix, double value, DataType dtype) {
    Tensor t(dtype, {});
    switch (dtype) {
        case DataType::Float32:
            *t.data<float>() = float(value);
            break;
        case DataType::Float64:
            *t.data<double>() = value;
            break;
        case DataType::Float16:
            *static_cast<uint16_t*>(t.raw()) = floatToHalf(float(value));
            break;
        case DataType::BFloat16:
            *static_cast<uint16_t*>(t.raw()) = floatToBfloat16(float(value));
            break;
        case DataType::Float8E4M3:
            *static_cast<uint8_t*>(t.raw()) = floatToFloat8e4m3(float(value));
            break;
        case DataType::Int8:
            *t.data<int8_t>() = int8_t(value);
            break;
        case DataType::UInt8:
            *t.data<uint8_t>() = uint8_t(value);
            break;
        case DataType::Int16:
            *t.data<int16_t>() = int16_t(value);
            break;
        case DataType::UInt16:
            *t.data<uint16_t>() = uint16_t(value);
            break;
        case DataType::Int32:
            *t.data<int32_t>() = int32_t(value);
            break;
        case DataType::UInt32:
            *t.data<uint32_t>() = uint32_t(value);
            break;
        case DataType::Int64:
            *t.data<int64_t>() = int64_t(value);
            break;
        case DataType::UInt64:
            *t.data<uint64_t>() = uint64_t(value);
            break;
        case DataType::Bool:
            *t.data<bool>() = value != 0;
            break;
        case DataType::Undefined:
        case DataType::String:
            unsupported<Msg::ConstantTypeNotSupported>("dtype"_a = dataTypeName(dtype));
    }
    return constant(suffix, std::move(t));
}

const Tensor* ImportContext::constantValue(const Value* v) const {
    if (!v) return nullptr;
    if (v->isConstant()) return &*v->constant;
    auto it = state_.constantNodeValues.find(v);
    return it == state_.constantNodeValues.end() ? nullptr : &it->second;
}

}  // namespace kiln::onnx_detail
