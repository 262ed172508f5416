// A minimal streaming JSON writer for `kiln ... --json`: objects keep insertion order so the
// output is stable; non-finite numbers become null (JSON has no inf/NaN).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace kiln::cli {

class JsonWriter {
public:
    explicit JsonWriter(int indent = 2) : indent_(indent) {}

    JsonWriter& beginObject() { return open('{', '}'); }
    JsonWriter& beginArray() { return open('[', ']'); }
    JsonWriter& end() {
        Frame f = stack_.back();
        stack_.pop_back();
        if (f.count > 0) newline();
        out_ += f.close;
        return *this;
    }
    JsonWriter& key(const std::string& k) {
        separator();
        writeString(k);
        out_ += ": ";
        pendingKey_ = true;
        return *this;
    }
    JsonWriter& value(const std::string& s) {
        separator();
        writeString(s);
        return *this;
    }
    JsonWriter& value(const char* s) { return value(std::string(s)); }
    JsonWriter& value(bool b) {
        separator();
        out_ += b ? "true" : "false";
        return *this;
    }
    JsonWriter& value(int64_t v) {
        separator();
        out_ += std::to_string(v);
        return *this;
    }
    JsonWriter& value(int v) { return value(int64_t(v)); }
    JsonWriter& value(size_t v) { return value(int64_t(v)); }
    JsonWriter& value(double v) {
        separator();
        if (!std::isfinite(v)) {
            out_ += "null";
        } else {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.9g", v);
            out_ += buf;
        }
        return *this;
    }
    JsonWriter& null() {
        separator();
        out_ += "null";
        return *this;
    }
    template <typename T>
    JsonWriter& field(const std::string& k, const T& v) {
        key(k);
        return value(v);
    }

    const std::string& str() const { return out_; }

private:
    struct Frame {
        char close;
        int count;
    };

    JsonWriter& open(char c, char close) {
        separator();
        out_ += c;
        stack_.push_back({close, 0});
        return *this;
    }
    // Called before every value or key: commas and newlines between siblings.
    void separator() {
        if (pendingKey_) {
            pendingKey_ = false;
            return;
        }
        if (stack_.empty()) return;
        if (stack_.back().count++ > 0) out_ += ',';
        newline();
    }
    void newline() {
        out_ += '\n';
        out_.append(stack_.size() * size_t(indent_), ' ');
    }
    void writeString(const std::string& s) {
        out_ += '"';
        for (unsigned char c : s) {
            switch (c) {
                case '"':
                    out_ += "\\\"";
                    break;
                case '\\':
                    out_ += "\\\\";
                    break;
                case '\n':
                    out_ += "\\n";
                    break;
                case '\r':
                    out_ += "\\r";
                    break;
                case '\t':
                    out_ += "\\t";
                    break;
                default:
                    if (c < 0x20) {
                        char buf[8];
                        std::snprintf(buf, sizeof buf, "\\u%04x", c);
                        out_ += buf;
                    } else {
                        out_ += char(c);
                    }
            }
        }
        out_ += '"';
    }

    int indent_;
    bool pendingKey_ = false;
    std::vector<Frame> stack_;
    std::string out_;
};

}  // namespace kiln::cli
