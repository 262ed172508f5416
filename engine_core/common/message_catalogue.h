// The message catalogue: every sentence the library says, by id, with its one English template
// (listed in message_catalogue.def), and msg<Msg::Id>(...), which builds a Message and checks at
// compile time that the arguments name exactly the template's placeholders:
//
//     KILN_CHECK(fs::exists(path, ec), Io, msg<Msg::ModelFileMissing>("file"_a = path));
//     fail(e.kind(), msg<Msg::CalibrationBatchFailed>("batch"_a = dir, "cause"_a = e.message()));
//
// An argument's value goes through operator<< (as concat() does), except a Message, which stays
// a nested message for the GUI to translate.
#pragma once

#include <cstddef>
#include <string_view>

#include "engine_core/common/message.h"

namespace kiln {

enum class Msg : std::uint16_t {
#define KILN_MESSAGE(id, english) id,
#include "engine_core/common/message_catalogue.def"
#undef KILN_MESSAGE
};

namespace message_detail {
inline constexpr std::string_view kEnglish[] = {
#define KILN_MESSAGE(id, english) english,
#include "engine_core/common/message_catalogue.def"
#undef KILN_MESSAGE
};
inline constexpr std::string_view kIdNames[] = {
#define KILN_MESSAGE(id, english) #id,
#include "engine_core/common/message_catalogue.def"
#undef KILN_MESSAGE
};
}  // namespace message_detail

inline constexpr std::size_t kMessageCount = std::size(message_detail::kEnglish);
static_assert(Msg::FreeText == Msg{0}, "Message() relies on FreeText being the first id");

constexpr std::string_view englishTemplate(Msg id) {
    return message_detail::kEnglish[std::size_t(id)];
}
constexpr std::string_view messageIdName(Msg id) {
    return message_detail::kIdNames[std::size_t(id)];
}

namespace message_detail {

constexpr bool isNameStart(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
constexpr bool isNameChar(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
}

// Calls fn(name) for each placeholder of `t`; false when the template is malformed.
template <typename Fn>
constexpr bool forEachPlaceholder(std::string_view t, Fn fn) {
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '}') {
            if (i + 1 < t.size() && t[i + 1] == '}') {
                ++i;
                continue;
            }
            return false;
        }
        if (t[i] != '{') continue;
        if (i + 1 < t.size() && t[i + 1] == '{') {
            ++i;
            continue;
        }
        const std::size_t close = t.find('}', i);
        if (close == std::string_view::npos) return false;
        const std::string_view name = t.substr(i + 1, close - i - 1);
        if (name.empty() || !isNameStart(name[0])) return false;
        for (char c : name)
            if (!isNameChar(c)) return false;
        fn(name);
        i = close;
    }
    return true;
}

// Whether `names` are exactly the placeholders of Id's template: each once, none missing.
template <std::size_t N>
consteval bool argumentsMatch(Msg id, const std::string_view (&names)[N]) {
    const std::string_view t = englishTemplate(id);
    for (std::size_t i = 0; i < N; ++i) {
        for (std::size_t j = 0; j < i; ++j)
            if (names[i] == names[j]) return false;  // named twice
        bool found = false;
        if (!forEachPlaceholder(t, [&](std::string_view p) { found = found || p == names[i]; })) return false;
        if (!found) return false;  // not a placeholder of this template
    }
    bool allGiven = true;
    forEachPlaceholder(t, [&](std::string_view p) {
        bool given = false;
        for (std::size_t i = 0; i < N; ++i) given = given || names[i] == p;
        allGiven = allGiven && given;
    });
    return allGiven;
}
consteval bool argumentsMatch(Msg id) {
    bool none = true;
    return forEachPlaceholder(englishTemplate(id), [&](std::string_view) { none = false; }) && none;
}

// A string literal as a template argument: the name in "file"_a.
template <std::size_t N>
struct ArgName {
    char chars[N]{};
    consteval ArgName(const char (&s)[N]) {
        for (std::size_t i = 0; i < N; ++i) chars[i] = s[i];
    }
    constexpr std::string_view view() const { return {chars, N - 1}; }
};

template <ArgName Name, typename T>
struct NamedArg {
    const T& value;
};

template <ArgName Name>
struct ArgSlot {
    template <typename T>
    constexpr NamedArg<Name, T> operator=(const T& value) const {
        return {value};
    }
};

inline MessageArg makeArg(std::string_view name, const Message& m) {
    return {std::string(name), {}, std::make_shared<const Message>(m)};
}
template <typename T>
MessageArg makeArg(std::string_view name, const T& value) {
    return {std::string(name), concat(value), nullptr};
}

}  // namespace message_detail

// "file"_a = path: the argument for the template's {file}.
template <message_detail::ArgName Name>
constexpr message_detail::ArgSlot<Name> operator""_a() {
    return {};
}

template <Msg Id, message_detail::ArgName... Names, typename... Ts>
Message msg(const message_detail::NamedArg<Names, Ts>&... args) {
    if constexpr (sizeof...(Names) == 0) {
        static_assert(message_detail::argumentsMatch(Id),
                      "this message's template has placeholders: name them");
        return Message(Id, {});
    } else {
        constexpr std::string_view names[] = {Names.view()...};
        static_assert(message_detail::argumentsMatch(Id, names),
                      "the arguments must name each placeholder of the message's template once "
                      "(see message_catalogue.def)");
        return Message(Id, {message_detail::makeArg(Names.view(), args.value)...});
    }
}

}  // namespace kiln
