#include "engine_core/common/message.h"

#include "engine_core/common/message_catalogue.h"

namespace kiln {

Message::Message() : Message(std::string()) {}

Message::Message(std::string freeText) : id_(Msg::FreeText) {
    args_.push_back({"text", std::move(freeText), nullptr});
}

Message::Message(Msg id, std::vector<MessageArg> args) : id_(id), args_(std::move(args)) {}

bool Message::isFreeText() const {
    return id_ == Msg::FreeText;
}

const MessageArg* Message::arg(std::string_view name) const {
    for (const MessageArg& a : args_)
        if (a.name == name) return &a;
    return nullptr;
}

const Message* Message::cause() const {
    const MessageArg* a = arg("cause");
    return a ? a->nested.get() : nullptr;
}

std::string Message::text() const {
    return fillTemplate(englishTemplate(id_), [this](std::string_view name) {
        const MessageArg* a = arg(name);
        if (!a) return std::string();
        return a->nested ? a->nested->text() : a->text;
    });
}

std::ostream& operator<<(std::ostream& os, const Message& m) {
    return os << m.text();
}

bool operator==(const Message& a, const Message& b) {
    if (a.id() != b.id() || a.args().size() != b.args().size()) return false;
    for (size_t i = 0; i < a.args().size(); ++i) {
        const MessageArg& x = a.args()[i];
        const MessageArg& y = b.args()[i];
        if (x.name != y.name || x.text != y.text || bool(x.nested) != bool(y.nested)) return false;
        if (x.nested && !(*x.nested == *y.nested)) return false;
    }
    return true;
}

std::string fillTemplate(std::string_view t, const std::function<std::string(std::string_view name)>& value) {
    std::string out;
    out.reserve(t.size() + 32);
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if ((c == '{' || c == '}') && i + 1 < t.size() && t[i + 1] == c) {  // "{{" or "}}"
            out += c;
            ++i;
            continue;
        }
        if (c == '{') {
            const std::size_t close = t.find('}', i);
            if (close != std::string_view::npos) {
                out += value(t.substr(i + 1, close - i - 1));
                i = close;
                continue;
            }
        }
        out += c;
    }
    return out;
}

std::vector<std::string> templatePlaceholders(std::string_view t, bool* wellFormed) {
    std::vector<std::string> names;
    const bool ok = message_detail::forEachPlaceholder(t, [&](std::string_view n) { names.emplace_back(n); });
    if (wellFormed) *wellFormed = ok;
    return names;
}

}  // namespace kiln
