// A plugin library built for another plugin ABI: the loader must refuse it before registering
// anything (used by tests/unit/builder_plugin_test.cpp).
#include "engine_core/builder/plugin.h"

KILN_PLUGIN_EXPORT int kiln_plugin_abi_version() { return kiln::kPluginAbiVersion + 1000; }

KILN_PLUGIN_EXPORT void kiln_register_plugins(kiln::PluginRegistry*) {}
