// A library sentence as a value: a catalogue id (message_catalogue.def) and named arguments, so
// the CLI prints the English while the GUI translates by id, never by matching the English text.
// text() forms the English from the id's one template ("model file '{file}' does not exist").
// An argument is text (a file, node, shape, number: kept verbatim in every language) or a nested
// Message (the cause of a wrapped error, a subject phrase), translated in turn.
//
// Build one with kiln::msg<Msg::Id>("file"_a = path, ...) (message_catalogue.h), which checks the
// argument names against the template at compile time. Message(std::string) is free text: the
// transition path of code not converted yet (its id is Msg::FreeText).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace kiln {

// The ids; message_catalogue.h lists them. Declared opaque here so that error.h, which every
// file includes, does not change when the catalogue grows.
enum class Msg : std::uint16_t;

class Message;

// One argument: `name` fills the template's {name}; either `text` or, when set, `nested`.
struct MessageArg {
    std::string name;
    std::string text;
    std::shared_ptr<const Message> nested;
};

class Message {
public:
    // Empty free text.
    Message();
    // Free text (Msg::FreeText): a sentence not yet in the catalogue, kept as it is.
    explicit Message(std::string freeText);
    // Unchecked: prefer msg<Msg::Id>(...), which checks the names at compile time.
    Message(Msg id, std::vector<MessageArg> args);

    Msg id() const { return id_; }
    bool isFreeText() const;
    const std::vector<MessageArg>& args() const { return args_; }
    // The argument named `name`, or nullptr.
    const MessageArg* arg(std::string_view name) const;
    // The nested message of the {cause} argument, or nullptr.
    const Message* cause() const;
    // The English sentence.
    std::string text() const;

private:
    Msg id_;
    std::vector<MessageArg> args_;
};

std::ostream& operator<<(std::ostream& os, const Message& m);
// Same id and the same arguments (nested messages compared by value).
bool operator==(const Message& a, const Message& b);

// Fills a template's {name} placeholders with value(name) in one pass ("{{" and "}}" are literal
// braces), so a value that contains "{x}" is not substituted again. The GUI fills its translated
// templates with it too.
std::string fillTemplate(std::string_view templ, const std::function<std::string(std::string_view name)>& value);
// The placeholder names of a template in order of appearance (repeats kept); false in *wellFormed
// when a brace is unmatched or a name is not [A-Za-z][A-Za-z0-9]*.
std::vector<std::string> templatePlaceholders(std::string_view templ, bool* wellFormed = nullptr);

namespace detail {
inline void appendAll(std::ostringstream&) {}
template <typename T, typename... Rest>
void appendAll(std::ostringstream& os, const T& first, const Rest&... rest) {
    os << first;
    appendAll(os, rest...);
}
}  // namespace detail

// Concatenates its arguments with operator<< into a string.
template <typename... Args>
std::string concat(const Args&... args) {
    std::ostringstream os;
    detail::appendAll(os, args...);
    return os.str();
}

}  // namespace kiln
