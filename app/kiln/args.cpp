#include "app/kiln/args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"

namespace kiln::cli {

std::string ParsedArgs::get(const std::string& name, const std::string& fallback) const {
    auto it = values_.find(name);
    return it == values_.end() || it->second.empty() ? fallback : it->second.back();
}

std::vector<std::string> ParsedArgs::getAll(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

int64_t ParsedArgs::getInt(const std::string& name, int64_t fallback, int64_t min, int64_t max) const {
    if (!has(name)) return fallback;
    std::string text = get(name);
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 10);
    KILN_CHECK(!text.empty() && end && *end == '\0' && errno == 0, InvalidArgument,
               msg<Msg::FlagNotInteger>("flag"_a = name, "text"_a = text));
    KILN_CHECK(v >= min && v <= max, InvalidArgument,
               msg<Msg::FlagOutOfRange>("flag"_a = name, "value"_a = v, "min"_a = min, "max"_a = max));
    return v;
}

double ParsedArgs::getDouble(const std::string& name, double fallback, double min) const {
    if (!has(name)) return fallback;
    std::string text = get(name);
    errno = 0;
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    KILN_CHECK(!text.empty() && end && *end == '\0' && errno == 0 && std::isfinite(v), InvalidArgument,
               msg<Msg::FlagNotNumber>("flag"_a = name, "text"_a = text));
    KILN_CHECK(v >= min, InvalidArgument,
               msg<Msg::FlagBelowMinimum>("flag"_a = name, "text"_a = text, "min"_a = min));
    return v;
}

ArgParser::ArgParser(std::string command, std::string usage, std::string summary, size_t minPositionals,
                     size_t maxPositionals)
    : command_(std::move(command)),
      usage_(std::move(usage)),
      summary_(std::move(summary)),
      minPositionals_(minPositionals),
      maxPositionals_(maxPositionals) {
    flag("help", "Show this help and exit.");
}

void ArgParser::flag(const std::string& name, const std::string& help) {
    options_.push_back({name, "", help, false});
}

void ArgParser::option(const std::string& name, const std::string& metavar, const std::string& help,
                       bool repeatable) {
    options_.push_back({name, metavar, help, repeatable});
}

const OptionSpec* ArgParser::find(const std::string& name) const {
    for (const OptionSpec& o : options_)
        if (o.name == name) return &o;
    return nullptr;
}

ParsedArgs ArgParser::parse(const std::vector<std::string>& args) const {
    ParsedArgs out;
    bool onlyPositionals = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (onlyPositionals || arg.size() < 2 || arg[0] != '-') {
            out.positionals_.push_back(arg);
            continue;
        }
        if (arg == "--") {
            onlyPositionals = true;
            continue;
        }
        if (arg == "-h") {
            out.values_["help"].push_back("");
            continue;
        }
        KILN_CHECK(arg.rfind("--", 0) == 0, InvalidArgument,
                   msg<Msg::UnknownOption>("command"_a = command_, "option"_a = arg));
        std::string name = arg.substr(2);
        std::string value;
        bool inlineValue = false;
        if (size_t eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            inlineValue = true;
        }
        const OptionSpec* spec = find(name);
        KILN_CHECK(spec, InvalidArgument,
                   msg<Msg::UnknownOption>("command"_a = command_, "option"_a = "--" + name));
        if (spec->metavar.empty()) {
            KILN_CHECK(!inlineValue, InvalidArgument, msg<Msg::FlagTakesNoValue>("flag"_a = name));
            out.values_[name].push_back("");
            continue;
        }
        if (!inlineValue) {
            KILN_CHECK(i + 1 < args.size(), InvalidArgument,
                       msg<Msg::FlagNeedsValue>("flag"_a = name, "metavar"_a = spec->metavar));
            value = args[++i];
        }
        auto& slot = out.values_[name];
        KILN_CHECK(spec->repeatable || slot.empty(), InvalidArgument,
                   msg<Msg::FlagGivenTwice>("flag"_a = name));
        slot.push_back(value);
    }
    if (out.has("help")) return out;
    size_t n = out.positionals_.size();
    KILN_CHECK(n >= minPositionals_, InvalidArgument,
               msg<Msg::MissingArgument>("command"_a = command_, "usage"_a = usage_));
    KILN_CHECK(
        n <= maxPositionals_, InvalidArgument,
        msg<Msg::UnexpectedArgument>("command"_a = command_, "argument"_a = out.positionals_[maxPositionals_],
                                     "usage"_a = usage_));
    return out;
}

std::string ArgParser::help() const {
    std::string s = "Usage: " + command_ + " " + usage_ + "\n\n" + summary_ + "\n\nOptions:\n";
    for (const OptionSpec& o : options_) {
        std::string left = "  --" + o.name + (o.metavar.empty() ? "" : " " + o.metavar);
        if (left.size() < 30)
            left.resize(30, ' ');
        else
            left += "\n" + std::string(30, ' ');
        std::string help = o.help;
        if (o.repeatable) help += " (repeatable)";
        // Indent continuation lines of multi-line help texts under the help column.
        std::string indented;
        for (char c : help) {
            indented += c;
            if (c == '\n') indented += std::string(30, ' ');
        }
        s += left + indented + "\n";
    }
    if (!notes_.empty()) s += "\n" + notes_ + "\n";
    return s;
}

}  // namespace kiln::cli
