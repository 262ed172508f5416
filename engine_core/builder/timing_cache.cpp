#include "engine_core/builder/timing_cache.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine_core/builder/json_read.h"

namespace kiln {

using nlohmann::json;

namespace {
constexpr int kTimingCacheVersion = 1;
constexpr const char* kTimingCacheFormat = "kiln-timing-cache";

std::string toHex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string fromHex(const std::string& hex, const std::string& path) {
    auto nibble = [&](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        fail(ErrorKind::InvalidArgument, path, ": malformed timing cache: tactic data is not hexadecimal");
    };
    KILN_CHECK(hex.size() % 2 == 0, InvalidArgument, path, ": malformed timing cache: tactic data has an odd length");
    std::string out;
    for (size_t i = 0; i < hex.size(); i += 2) out += char(nibble(hex[i]) * 16 + nibble(hex[i + 1]));
    return out;
}
}  // namespace

TimingCache TimingCache::load(const std::string& path) {
    TimingCache cache;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return cache;
    std::ifstream in(path, std::ios::binary);
    KILN_CHECK(in, Io, path, ": cannot open the timing cache");
    std::stringstream ss;
    ss << in.rdbuf();
    json j;
    try {
        j = parseJsonNamingFields(ss.str(), path);  // 1e400: an input error naming the field
    } catch (const json::parse_error& e) {
        fail(ErrorKind::InvalidArgument, path, ": not a Kiln timing cache (invalid JSON: ", e.what(),
             "); delete it to start a new one");
    }
    try {
        KILN_CHECK(j.is_object() && j.value("format", "") == kTimingCacheFormat, InvalidArgument, path,
                   ": not a Kiln timing cache (field 'format' is not '", kTimingCacheFormat, "')");
        KILN_CHECK(j.value("version", 0) == kTimingCacheVersion, InvalidArgument, path,
                   ": timing cache version ", j.value("version", 0), ", this Kiln reads version ",
                   kTimingCacheVersion, "; delete it to start a new one");
        for (const auto& e : j.at("entries").items()) {
            TimingCacheEntry entry{e.value().at("tactic").get<std::string>(), e.value().at("ms").get<float>(), ""};
            if (e.value().contains("data")) entry.data = fromHex(e.value().at("data").get<std::string>(), path);
            cache.entries_[e.key()] = std::move(entry);
        }
    } catch (const json::exception& e) {
        fail(ErrorKind::InvalidArgument, path, ": malformed timing cache: ", e.what());
    }
    return cache;
}

void TimingCache::save(const std::string& path) const {
    json entries = json::object();
    for (const auto& [sig, e] : entries_) {
        entries[sig] = json{{"tactic", e.tactic}, {"ms", e.ms}};
        if (!e.data.empty()) entries[sig]["data"] = toHex(e.data);
    }
    json j{{"format", kTimingCacheFormat}, {"version", kTimingCacheVersion}, {"entries", entries}};
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        KILN_CHECK(out, Io, path, ": cannot write the timing cache");
        out << j.dump(1) << "\n";
        out.close();
        KILN_CHECK(out, Io, path, ": writing the timing cache failed");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::remove(tmp.c_str());
        fail(ErrorKind::Io, path, ": cannot write the timing cache: ", ec.message());
    }
}

std::string TimingCache::signature(const Node& node, const std::vector<const Tensor*>& inputs,
                                   const std::string& backend, const std::string& device, Precision precision,
                                   TensorFormat format) {
    std::string s = concat(node.domain.empty() ? "" : node.domain + "::", node.opType, "(");
    for (size_t i = 0; i < inputs.size(); ++i) {
        if (i) s += ",";
        s += inputs[i] ? inputs[i]->describe() : "-";
    }
    s += ")";
    for (const auto& [key, attr] : node.attributes) s += concat(" ", key, "=", attr.str());
    s += concat(" @", backend, " ", device);
    if (precision != Precision::FP32) s += concat(" ", precisionName(precision));
    if (format != TensorFormat::Linear) s += concat(" ", tensorFormatName(format));
    return s;
}

const TimingCacheEntry* TimingCache::find(const std::string& signature) const {
    auto it = entries_.find(signature);
    return it == entries_.end() ? nullptr : &it->second;
}

void TimingCache::put(const std::string& signature, TimingCacheEntry entry) {
    entries_[signature] = std::move(entry);
}

}  // namespace kiln
