// The kiln subcommands' command lines, parsed by CLI11 (libcli11-dev): each command declares its
// flags here (trtexec / Polygraphy spellings: `--shapes`, `--atol`, `--save-outputs`; both
// `--flag value` and `--flag=value`), CLI11's App tokenizes and matches them and formats the help,
// and this adapter turns what CLI11 reports into Kiln's one-line errors: every misuse throws
// kiln::Error(InvalidArgument) naming the flag (exit code 2).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace kiln::cli {

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
    ~ArgParser();

    // Names without the leading "--". A flag may be given more than once; an option only when
    // repeatable. Both join the current help group.
    void flag(const std::string& name, const std::string& help);
    void option(const std::string& name, const std::string& metavar, const std::string& help,
                bool repeatable = false);
    // The help group of the flags declared next ("Options" at first); returns the previous one.
    std::string group(std::string title) {
        std::swap(title, group_);
        return title;
    }
    void addNotes(const std::string& text);

    // Returns the parsed arguments. `--help`/`-h` sets helpRequested() and skips positional checks.
    ParsedArgs parse(const std::vector<std::string>& args) const;
    bool helpRequested(const ParsedArgs& parsed) const { return parsed.has("help"); }
    std::string help() const;

private:
    std::string command_;
    std::string usage_;
    size_t minPositionals_;
    size_t maxPositionals_;
    std::string group_ = "Options";
    std::unique_ptr<CLI::App> app_;  // the declared flags; parse() clears its last results first
};

}  // namespace kiln::cli
