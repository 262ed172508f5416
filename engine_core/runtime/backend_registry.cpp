#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "engine_core/runtime/backend.h"

namespace kiln {

void BackendRegistry::add(Entry entry) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    if (Known* known = findKnown(entry.id)) {
        known->entry = std::move(entry);
        known->loaded = true;  // a module registering itself, or a replacement
        known->loadError.clear();
        known->instances.clear();
        return;
    }
    Known known;
    known.entry = std::move(entry);
    known.loaded = true;
    backends_.push_back(std::move(known));
}

void BackendRegistry::addModule(std::string id, std::string description, std::string library) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    if (findKnown(id)) return;
    Known known;
    known.entry.id = std::move(id);
    known.entry.description = std::move(description);
    known.library = std::move(library);
    backends_.push_back(std::move(known));
}

BackendRegistry::Known* BackendRegistry::findKnown(std::string_view id) {
    for (Known& k : backends_)
        if (k.entry.id == id) return &k;
    return nullptr;
}

const BackendRegistry::Known* BackendRegistry::findKnown(std::string_view id) const {
    for (const Known& k : backends_)
        if (k.entry.id == id) return &k;
    return nullptr;
}

std::vector<std::string> BackendRegistry::ids() const {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    std::vector<std::string> out;
    for (const Known& k : backends_) out.push_back(k.entry.id);
    std::sort(out.begin(), out.end());
    return out;
}

bool BackendRegistry::known(std::string_view id) const {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    return findKnown(id) != nullptr;
}

std::string BackendRegistry::description(std::string_view id) const {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    const Known* k = findKnown(id);
    return k ? k->entry.description : "";
}

namespace {

// Where this code (libkiln_core or the executable it is linked into) was loaded from.
std::filesystem::path ownDirectory() {
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&ownDirectory), &info) && info.dli_fname)
        return std::filesystem::path(info.dli_fname).parent_path();
    return {};
}

std::vector<std::string> moduleCandidates(const std::string& library) {
    std::vector<std::string> out;
    if (const char* path = std::getenv("KILN_BACKEND_PATH")) {
        std::string list = path;
        size_t start = 0;
        while (start <= list.size()) {
            const size_t end = std::min(list.find(':', start), list.size());
            if (end > start) out.push_back((std::filesystem::path(list.substr(start, end - start)) / library).string());
            start = end + 1;
        }
    }
    const std::filesystem::path own = ownDirectory();
    if (!own.empty()) out.push_back((own / library).string());
#ifdef KILN_MODULE_DIR
    out.push_back((std::filesystem::path(KILN_MODULE_DIR) / library).string());
#endif
    out.push_back(library);  // the dynamic loader's own search (LD_LIBRARY_PATH, rpath)
    return out;
}

}  // namespace

void BackendRegistry::loadModule(Known& known) {
    known.loaded = true;
    std::string errors;
    void* handle = nullptr;
    for (const std::string& candidate : moduleCandidates(known.library)) {
        // A candidate that is not there is no error worth reporting; one that is there but fails to
        // load (a missing dependency) is the reason.
        if (candidate.find('/') != std::string::npos && !std::filesystem::exists(candidate)) continue;
        handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle) break;
        const char* err = dlerror();
        errors = err ? err : concat(candidate, ": cannot be loaded");
        if (candidate.find('/') != std::string::npos) break;
    }
    if (!handle) {
        known.loadError = errors.empty() ? concat(known.library, " was not found") : errors;
        return;
    }
    using AbiFn = int (*)();
    using RegisterFn = void (*)(BackendRegistry*);
    auto abi = reinterpret_cast<AbiFn>(dlsym(handle, "kiln_backend_abi_version"));
    auto reg = reinterpret_cast<RegisterFn>(dlsym(handle, "kiln_register_backends"));
    if (!abi || !reg) {
        known.loadError = concat(known.library, " is not a Kiln backend module (no kiln_register_backends)");
        return;
    }
    if (abi() != kBackendAbiVersion) {
        known.loadError = concat(known.library, " was built for backend ABI ", abi(), ", this Kiln has ", kBackendAbiVersion);
        return;
    }
    const std::string id = known.entry.id;
    reg(this);  // may reallocate backends_: look the entry up again
    Known* again = findKnown(id);
    if (again && !again->entry.make) again->loadError = concat(known.library, " did not register backend '", id, "'");
}

bool BackendRegistry::available(std::string_view id, std::string* why) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    Known* known = findKnown(id);
    if (!known) {
        if (why) *why = concat("unknown backend '", id, "'");
        return false;
    }
    if (!known->loaded) {
        loadModule(*known);
        known = findKnown(id);
    }
    if (known->entry.available) {
        std::string reason;
        if (!known->entry.available(&reason)) {
            if (why) *why = reason;
            return false;
        }
    }
    if (!known->entry.make) {
        if (why) *why = known->loadError.empty() ? concat("backend '", id, "' has no implementation") : known->loadError;
        return false;
    }
    return true;
}

std::shared_ptr<const Backend> BackendRegistry::get(std::string_view id, int deviceIndex) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    if (!findKnown(id)) {
        std::string names;
        for (const Known& k : backends_) names += (names.empty() ? "" : ", ") + k.entry.id;
        fail(ErrorKind::InvalidArgument, "unknown backend '", id, "' (known: ", names, ")");
    }
    std::string why;
    KILN_CHECK(available(id, &why), Unsupported, "the ", id, " backend is not available: ", why);
    Known* known = findKnown(id);
    auto it = known->instances.find(deviceIndex);
    if (it != known->instances.end()) return it->second;
    std::shared_ptr<const Backend> backend = known->entry.make(deviceIndex);
    KILN_CHECK(backend, Internal, "backend '", id, "' made nothing");
    known->instances[deviceIndex] = backend;
    return backend;
}

BackendRegistry& BackendRegistry::global() {
    static BackendRegistry* registry = [] {
        auto* r = new BackendRegistry;  // never destroyed: backends may be in use at exit
        r->add({"cpu", "Kiln's CPU kernels (AVX-512 where the CPU has it, OpenBLAS)",
                [](int) { return makeCpuBackend(); }, nullptr});
        r->add({"oracle", "plain naive CPU kernels: the reference every backend is tested against",
                [](int) { return makeOracleBackend(); }, nullptr});
#ifdef KILN_WITH_CUDA
        r->addModule("cuda", "NVIDIA GPUs through CUDA, cuDNN and cuBLASLt", "libkiln_backend_cuda.so");
#else
        // Known (a config may name it, an engine file may need it), never available.
        r->add({"cuda", "NVIDIA GPUs through CUDA, cuDNN and cuBLASLt", nullptr, [](std::string* why) {
                    if (why) *why = "Kiln was built without the CUDA backend";
                    return false;
                }});
#endif
        return r;
    }();
    return *registry;
}

}  // namespace kiln
