#include "engine_core/builder/json_read.h"

#include <vector>

#include "engine_core/common/error.h"

namespace kiln {

using nlohmann::json;

namespace {

// Where the parser is: one frame per open object or array.
struct Frame {
    bool array = false;
    std::string key;   // objects: the last key read
    size_t count = 0;  // arrays: elements completed so far (the next one's index)
};

std::string pathText(const std::vector<Frame>& frames) {
    std::string path;
    for (const Frame& f : frames) {
        if (f.array) {
            path += "[" + std::to_string(f.count) + "]";
        } else if (!f.key.empty()) {
            if (!path.empty()) path += ".";
            path += f.key;
        }
    }
    return path.empty() ? "(top level)" : path;
}

}  // namespace

json parseJsonNamingFields(const std::string& text, const std::string& source) {
    std::vector<Frame> frames;
    auto completed = [&] {  // a value ended: the enclosing array moves to its next element
        if (!frames.empty() && frames.back().array) ++frames.back().count;
    };
    json::parser_callback_t track = [&](int /*depth*/, json::parse_event_t event, json& parsed) {
        switch (event) {
            case json::parse_event_t::object_start:
                frames.push_back(Frame{});
                break;
            case json::parse_event_t::array_start:
                frames.push_back(Frame{true, {}, 0});
                break;
            case json::parse_event_t::key:
                if (!frames.empty()) frames.back().key = parsed.get<std::string>();
                break;
            case json::parse_event_t::object_end:
            case json::parse_event_t::array_end:
                if (!frames.empty()) frames.pop_back();
                completed();
                break;
            case json::parse_event_t::value:
                completed();
                break;
        }
        return true;
    };
    try {
        return json::parse(text, track);
    } catch (const json::parse_error&) {
        throw;
    } catch (const json::exception& e) {
        // "[json.exception.out_of_range.406] number overflow parsing '1e400'": the part after "] ".
        std::string detail = e.what();
        if (auto at = detail.find("] "); at != std::string::npos) detail = detail.substr(at + 2);
        if (e.id == 406) {
            const auto quote = detail.find('\'');
            const std::string number = quote == std::string::npos ? detail : detail.substr(quote);
            fail(ErrorKind::InvalidArgument, source, ": field '", pathText(frames), "': number ", number,
                 " is out of range (a JSON number here must fit a double)");
        }
        fail(ErrorKind::InvalidArgument, source, ": field '", pathText(frames), "': ", detail);
    }
}

}  // namespace kiln
