#include "app/kiln/args.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"

namespace kiln::cli {

namespace {

// The positional slots and the catch-all for extra positionals: CLI11 names, never shown.
std::string slotName(size_t i) {
    return "ARG" + std::to_string(i);
}
const char* kExtraSlot = "EXTRA";

// Kiln's help layout on CLI11's option lines ("  --name METAVAR", padded to 30 columns, the
// description after it with continuation lines indented): "Usage: ..." and the summary, then each
// help group in the order its first option was declared, then the notes (CLI11's footer).
class KilnFormatter : public CLI::Formatter {
public:
    KilnFormatter(std::string command, std::string usage)
        : command_(std::move(command)), usage_(std::move(usage)) {}

    std::string make_help(const CLI::App* app, std::string, CLI::AppFormatMode) const override {
        std::ostringstream out;
        out << "Usage: " << command_ << " " << usage_ << "\n\n" << app->get_description() << "\n";
        for (const std::string& group : app->get_groups()) {
            if (group.empty()) continue;
            std::vector<const CLI::Option*> options = app->get_options(
                [&group](const CLI::Option* o) { return o->get_group() == group && o->nonpositional(); });
            if (options.empty()) continue;
            out << "\n" << group << ":\n";
            for (const CLI::Option* o : options) out << make_option(o, false);
        }
        if (!app->get_footer().empty()) out << "\n" << app->get_footer() << "\n";
        return out.str();
    }

private:
    std::string command_;
    std::string usage_;
};

// CLI11's ArgumentMismatch messages start with the option's name: "--atol: 1 required A missing"
// (no value left), "json was given a disallowed flag override" (--json=VALUE).
const CLI::Option* optionNamedIn(const CLI::App& app, const std::string& what) {
    std::string name = what.substr(0, what.find_first_of(": "));
    name.erase(0, name.find_first_not_of('-'));
    return name.empty() ? nullptr : app.get_option_no_throw("--" + name);
}

bool looksLikeOption(const std::string& arg) {
    return arg.size() >= 2 && arg[0] == '-';
}

}  // namespace

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
      minPositionals_(minPositionals),
      maxPositionals_(maxPositionals),
      app_(std::make_unique<CLI::App>(std::move(summary), command_)) {
    app_->formatter(std::make_shared<KilnFormatter>(command_, usage_));
    // --help is an ordinary flag, so that an unknown option is reported even next to it.
    app_->set_help_flag();
    // Unknown options are collected (App::remaining) and reported in Kiln's words below.
    app_->allow_extras();
    for (size_t i = 0; i < maxPositionals_; ++i) app_->add_option(slotName(i))->group("");
    app_->add_option(kExtraSlot)->expected(0, -1)->allow_extra_args()->group("");
    app_->add_flag("-h,--help")->description("Show this help and exit.")->group(group_);
}

ArgParser::~ArgParser() = default;

void ArgParser::flag(const std::string& name, const std::string& help) {
    // --flag=VALUE is refused (CLI11 would read it as true/false); repeats are harmless.
    app_->add_flag("--" + name, help)->disable_flag_override()->group(group_);
}

void ArgParser::option(const std::string& name, const std::string& metavar, const std::string& help,
                       bool repeatable) {
    app_->add_option("--" + name, repeatable ? help + " (repeatable)" : help)
        ->type_name(metavar)
        // Every value is kept; parse() refuses a second one for an option that is not repeatable.
        ->multi_option_policy(repeatable ? CLI::MultiOptionPolicy::TakeAll : CLI::MultiOptionPolicy::TakeLast)
        ->group(group_);
}

void ArgParser::addNotes(const std::string& text) {
    app_->footer(text);
}

ParsedArgs ArgParser::parse(const std::vector<std::string>& args) const {
    CLI::App& app = *app_;
    app.clear();
    try {
        app.parse(std::vector<std::string>(args.rbegin(), args.rend()));  // CLI11 takes them reversed
    } catch (const CLI::ArgumentMismatch& e) {
        const CLI::Option* option = optionNamedIn(app, e.what());
        if (!option) fail(ErrorKind::InvalidArgument, concat(command_, ": ", e.what()));
        const std::string name = option->get_name().substr(2);
        if (option->get_items_expected_max() == 0)
            fail(ErrorKind::InvalidArgument, msg<Msg::FlagTakesNoValue>("flag"_a = name));
        fail(ErrorKind::InvalidArgument,
             msg<Msg::FlagNeedsValue>("flag"_a = name, "metavar"_a = option->get_type_name()));
    } catch (const CLI::ParseError& e) {
        fail(ErrorKind::InvalidArgument, concat(command_, ": ", e.what(), " (see ", command_, " --help)"));
    }

    ParsedArgs out;
    for (size_t i = 0; i < maxPositionals_; ++i)
        for (const std::string& v : app.get_option(slotName(i))->results()) out.positionals_.push_back(v);
    for (const std::string& v : app.get_option(kExtraSlot)->results()) out.positionals_.push_back(v);

    // An unknown option: one CLI11 did not match (--bogus, -x), or a word CLI11 takes for a
    // positional (-5, ---x) that comes before any "--". The first one on the command line is named.
    const size_t positionalMark = size_t(std::find(args.begin(), args.end(), "--") - args.begin());
    size_t firstUnknown = args.size();
    auto noteUnknown = [&](const std::string& arg, size_t before) {
        const size_t at = size_t(std::find(args.begin(), args.end(), arg) - args.begin());
        if (at < before) firstUnknown = std::min(firstUnknown, at);
    };
    for (const std::string& arg : app.remaining())
        if (arg != "--") noteUnknown(arg, args.size());  // CLI11 passes the "--" it honoured on
    for (const std::string& arg : out.positionals_)
        if (looksLikeOption(arg)) noteUnknown(arg, positionalMark);
    KILN_CHECK(firstUnknown == args.size(), InvalidArgument,
               msg<Msg::UnknownOption>("command"_a = command_,
                                       "option"_a = args[std::min(firstUnknown, args.size() - 1)]));

    for (const CLI::Option* option : app.get_options()) {
        if (option->get_positional() || option->count() == 0) continue;
        const std::string name = option->get_name().substr(2);
        if (option->get_items_expected_max() == 0) {
            out.values_[name].resize(option->count());
            continue;
        }
        KILN_CHECK(
            option->count() == 1 || option->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll,
            InvalidArgument, msg<Msg::FlagGivenTwice>("flag"_a = name));
        out.values_[name] = option->results();
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
    return app_->help();
}

}  // namespace kiln::cli
