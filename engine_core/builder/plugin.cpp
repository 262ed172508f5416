#include "engine_core/builder/plugin.h"

#include <dlfcn.h>

#include <algorithm>
#include <filesystem>

namespace kiln {

Plugin::~Plugin() = default;

std::string Plugin::name() const { return domain() + "::" + opType(); }

void Plugin::runCuda(KernelContext& ctx) const {
    ctx.fail(ErrorKind::Unsupported, "plugin ", name(), " has no CUDA implementation");
}

bool Plugin::accepts(const Node& node, DeviceType device, std::string* why) const {
    auto no = [&](const std::string& reason) {
        if (why) *why = reason;
        return false;
    };
    switch (device) {
        case DeviceType::Cpu: break;
        case DeviceType::Cuda:
            if (!supportsCuda()) return no(concat("plugin ", name(), " has no CUDA implementation"));
            break;
        case DeviceType::Emulated: return no(concat("plugin ", name(), " has no implementation for an emulated device"));
    }
    for (const PluginField& f : fields()) {
        auto it = node.attributes.find(f.name);
        if (it == node.attributes.end()) {
            if (f.required) return no(concat("plugin ", name(), " needs attribute '", f.name, "'"));
            continue;
        }
        if (it->second.type() != f.type)
            return no(concat("plugin ", name(), ": attribute '", f.name, "' must be ", attributeTypeName(f.type),
                             ", got ", attributeTypeName(it->second.type())));
    }
    const Value* first = node.inputOrNull(0);
    std::vector<DataType> types = supportedTypes();
    if (first && first->dtype != DataType::Undefined && !types.empty() &&
        std::find(types.begin(), types.end(), first->dtype) == types.end())
        return no(concat("plugin ", name(), " does not take ", dataTypeName(first->dtype), " input"));
    return true;
}

void PluginRegistry::add(std::shared_ptr<const Plugin> plugin) {
    KILN_CHECK(plugin, InvalidArgument, "PluginRegistry::add: null plugin");
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& p : plugins_) {
        if (p->domain() != plugin->domain() || p->opType() != plugin->opType()) continue;
        if (p->version() == plugin->version()) return;
        fail(ErrorKind::InvalidArgument, "plugin ", plugin->name(), " version ", plugin->version(),
             " conflicts with the registered version ", p->version());
    }
    plugins_.push_back(std::move(plugin));
    libraries_.push_back(loadingLibrary_);
}

std::shared_ptr<const Plugin> PluginRegistry::find(const std::string& domain, const std::string& opType) const {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& p : plugins_)
        if (p->domain() == domain && p->opType() == opType) return p;
    return nullptr;
}

std::vector<PluginInfo> PluginRegistry::list() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<PluginInfo> out;
    for (size_t i = 0; i < plugins_.size(); ++i)
        out.push_back({plugins_[i]->name(), plugins_[i]->version(), libraries_[i]});
    return out;
}

PluginRegistry& PluginRegistry::global() {
    static PluginRegistry registry;
    return registry;
}

void loadPluginLibrary(const std::string& path, PluginRegistry& registry) {
    // One load at a time: the registry attributes plugins to the library being loaded.
    static std::mutex loading;
    std::lock_guard<std::mutex> serialize(loading);
    std::error_code ec;
    KILN_CHECK(std::filesystem::is_regular_file(path, ec), Io, "plugin library '", path, "': no such file");
    // RTLD_NODELETE is implied by never calling dlclose: registered plugins point into the library.
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* err = dlerror();
        fail(ErrorKind::InvalidArgument, "plugin library '", path, "': cannot load: ", err ? err : "unknown error");
    }
    auto abiFn = reinterpret_cast<int (*)()>(dlsym(handle, "kiln_plugin_abi_version"));
    KILN_CHECK(abiFn, InvalidArgument, "plugin library '", path,
               "': missing symbol kiln_plugin_abi_version (not a Kiln plugin library?)");
    int abi = abiFn();
    KILN_CHECK(abi == kPluginAbiVersion, InvalidArgument, "plugin library '", path, "' was built for plugin ABI ",
               abi, ", this Kiln has plugin ABI ", kPluginAbiVersion, "; rebuild it against this Kiln");
    auto registerFn = reinterpret_cast<void (*)(PluginRegistry*)>(dlsym(handle, "kiln_register_plugins"));
    KILN_CHECK(registerFn, InvalidArgument, "plugin library '", path, "': missing symbol kiln_register_plugins");
    {
        std::lock_guard<std::mutex> lock(registry.mutex_);
        registry.loadingLibrary_ = path;
    }
    try {
        registerFn(&registry);
    } catch (const Error& e) {
        std::lock_guard<std::mutex> lock(registry.mutex_);
        registry.loadingLibrary_.clear();
        fail(e.kind(), "plugin library '", path, "': ", e.what());
    } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(registry.mutex_);
        registry.loadingLibrary_.clear();
        fail(ErrorKind::InvalidArgument, "plugin library '", path, "': registration failed: ", e.what());
    }
    std::lock_guard<std::mutex> lock(registry.mutex_);
    registry.loadingLibrary_.clear();
}

}  // namespace kiln
