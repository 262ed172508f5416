// A small declarative command-line parser for the kiln subcommands. Flags take the trtexec /
// Polygraphy spellings (`--shapes`, `--atol`, `--save-outputs`) and accept both `--flag value`
// and `--flag=value`. Every misuse throws kiln::Error(InvalidArgument) naming the flag.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kiln::cli {

struct OptionSpec {
    std::string name;     // without the leading "--"
    std::string metavar;  // empty for a boolean flag
    std::string help;
    bool repeatable = false;
};

class ParsedArgs {
public:
    bool has(const std::string& name) const { return values_.count(name) != 0; }
    // The last value given, or fallback.
    std::string get(const std::string& name, const std::string& fallback = "") const;
    std::vector<std::string> getAll(const std::string& name) const;
    // Numbers with range checks; errors name the flag and the text given.
    int64_t getInt(const std::string& name, int64_t fallback, int64_t min, int64_t max) const;
    double getDouble(const std::string& name, double fallback, double min) const;
    const std::vector<std::string>& positionals() const { return positionals_; }

private:
    friend class ArgParser;
    std::map<std::string, std::vector<std::string>> values_;
    std::vector<std::string> positionals_;
};

class ArgParser {
public:
    // command: "kiln run"; usage: "MODEL [options]"; summary: one paragraph.
    ArgParser(std::string command, std::string usage, std::string summary, size_t minPositionals,
              size_t maxPositionals);

    void flag(const std::string& name, const std::string& help);
    void option(const std::string& name, const std::string& metavar, const std::string& help,
                bool repeatable = false);
    void addNotes(const std::string& text) { notes_ = text; }

    // Returns the parsed arguments. `--help`/`-h` sets helpRequested() and skips positional checks.
    ParsedArgs parse(const std::vector<std::string>& args) const;
    bool helpRequested(const ParsedArgs& parsed) const { return parsed.has("help"); }
    std::string help() const;

private:
    const OptionSpec* find(const std::string& name) const;

    std::string command_;
    std::string usage_;
    std::string summary_;
    std::string notes_;
    size_t minPositionals_;
    size_t maxPositionals_;
    std::vector<OptionSpec> options_;
};

}  // namespace kiln::cli
