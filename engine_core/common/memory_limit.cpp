#include "engine_core/common/memory_limit.h"

#include <atomic>
#include <cctype>
#include <cmath>
#include <limits>

#include <unistd.h>

#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/runtime/memory_plan.h"

namespace kiln {

namespace {

std::atomic<uint64_t> gLimit{0};  // 0: the default
std::atomic<int64_t> gLive{0};

}  // namespace

uint64_t physicalMemoryBytes() {
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || pageSize <= 0) return 0;
    return uint64_t(pages) * uint64_t(pageSize);
}

uint64_t defaultMemoryLimit() {
    static const uint64_t limit = [] {
        const uint64_t physical = physicalMemoryBytes();
        return physical == 0 ? std::numeric_limits<uint64_t>::max() : physical / 4 * 3;
    }();
    return limit;
}

uint64_t memoryLimit() {
    const uint64_t set = gLimit.load(std::memory_order_relaxed);
    return set ? set : defaultMemoryLimit();
}

void setMemoryLimit(std::optional<uint64_t> bytes) { gLimit.store(bytes.value_or(0), std::memory_order_relaxed); }

std::optional<uint64_t> parseByteSize(std::string_view text) {
    size_t i = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    const std::string number(text.substr(0, i));
    if (number.empty() || number == "." || number.find('.') != number.rfind('.')) return std::nullopt;
    std::string unit(text.substr(i));
    for (char& c : unit) c = char(std::toupper(static_cast<unsigned char>(c)));
    if (unit.size() >= 2 && unit.substr(unit.size() - 2) == "IB") unit.resize(unit.size() - 2);
    else if (unit.size() >= 2 && unit.back() == 'B') unit.pop_back();
    else if (unit == "B") unit.clear();
    double scale = 1;
    if (unit == "K") scale = 1024.0;
    else if (unit == "M") scale = 1024.0 * 1024;
    else if (unit == "G") scale = 1024.0 * 1024 * 1024;
    else if (unit == "T") scale = 1024.0 * 1024 * 1024 * 1024;
    else if (!unit.empty()) return std::nullopt;
    const double bytes = std::floor(std::stod(number) * scale);
    if (!(bytes >= 1) || bytes >= 9.2e18) return std::nullopt;
    return uint64_t(bytes);
}

uint64_t liveHostBytes() {
    const int64_t live = gLive.load(std::memory_order_relaxed);
    return live > 0 ? uint64_t(live) : 0;
}

void addLiveHostBytes(int64_t delta) { gLive.fetch_add(delta, std::memory_order_relaxed); }

void checkHostAllocation(uint64_t bytes, const std::string& what) {
    const uint64_t limit = memoryLimit();
    const uint64_t live = liveHostBytes();
    KILN_CHECK(bytes <= limit && live <= limit - bytes, ResourceLimit,
               msg<Msg::OverMemoryLimit>("what"_a = what, "size"_a = formatBytes(bytes), "bytes"_a = bytes,
                                         "live"_a = formatBytes(live), "limit"_a = formatBytes(limit)));
}

}  // namespace kiln
