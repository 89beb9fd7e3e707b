#include "engine/runtime/journal_json.h"

#include <simdjson.h>

#include <cstdio>
#include <stdexcept>

namespace cd::rt {

namespace {
namespace od = simdjson::ondemand;

[[noreturn]] void fail(const std::string& where, const std::string& reason)
{
    throw std::invalid_argument(where.empty() ? reason : where + ": " + reason);
}

void check(simdjson::error_code error, const std::string& where, const char* what)
{
    if (error)
        fail(where, std::string(what) + " (" + simdjson::error_message(error) + ")");
}

std::int64_t readInteger(od::value value, const std::string& where, const char* name)
{
    std::int64_t out = 0;
    check(value.get_int64().get(out), where, (std::string(name) + " must be an integer").c_str());
    return out;
}

Instant readInstant(od::value value, const std::string& where, const char* name)
{
    od::object object;
    check(value.get_object().get(object), where, (std::string(name) + " must be an object").c_str());
    Instant out;
    bool wall = false;
    bool mono = false;
    for (auto field : object) {
        std::string_view key;
        check(field.unescaped_key().get(key), where, "bad key");
        if (key == "wallMs") {
            out.wallMs = readInteger(field.value(), where, (std::string(name) + ".wallMs").c_str());
            wall = true;
        } else if (key == "monoMs") {
            out.monoMs = readInteger(field.value(), where, (std::string(name) + ".monoMs").c_str());
            mono = true;
        }
    }
    if (!wall || !mono)
        fail(where, std::string(name) + " needs wallMs and monoMs");
    return out;
}

std::string rawJson(od::value value, const std::string& where)
{
    od::json_type type = od::json_type::null;
    check(value.type().get(type), where, "bad data");
    std::string_view raw;
    if (type == od::json_type::object) {
        od::object object;
        check(value.get_object().get(object), where, "bad data");
        check(object.raw_json().get(raw), where, "bad data");
    } else if (type == od::json_type::array) {
        od::array array;
        check(value.get_array().get(array), where, "bad data");
        check(array.raw_json().get(raw), where, "bad data");
    } else {
        raw = value.raw_json_token();
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
            raw.remove_suffix(1);
    }
    return std::string(raw);
}

JournalExportEntry readEntry(od::value value, const std::string& where)
{
    od::object object;
    check(value.get_object().get(object), where, "entry must be an object");
    JournalExportEntry entry;
    bool id = false;
    bool sequence = false;
    bool timestamp = false;
    bool data = false;
    for (auto field : object) {
        std::string_view key;
        check(field.unescaped_key().get(key), where, "bad key");
        if (key == "id") {
            std::string_view text;
            check(field.value().get_string().get(text), where, "id must be a string");
            entry.id = std::string(text);
            id = true;
        } else if (key == "sequence") {
            entry.sequence = readInteger(field.value(), where, "sequence");
            sequence = true;
        } else if (key == "timestamp") {
            entry.timestamp = readInstant(field.value(), where, "timestamp");
            timestamp = true;
        } else if (key == "data") {
            entry.dataJson = rawJson(field.value(), where);
            data = true;
        }
    }
    if (!id)
        fail(where, "id is missing");
    if (!sequence)
        fail(where, "sequence is missing");
    if (!timestamp)
        fail(where, "timestamp is missing");
    if (!data)
        fail(where, "data is missing");
    if (entry.sequence < 0)
        fail(where, "sequence must not be negative");
    return entry;
}

// After the root value was consumed, a readable location means more tokens.
bool hasTrailingContent(od::document& doc)
{
    const char* location = nullptr;
    return !doc.current_location().get(location);
}

void appendInstant(std::string& out, const Instant& at)
{
    out += "{\"wallMs\":";
    out += std::to_string(at.wallMs);
    out += ",\"monoMs\":";
    out += std::to_string(at.monoMs);
    out += '}';
}
} // namespace

std::string writeJournalExport(const JournalExport& doc)
{
    std::string out = "{\"entries\":[";
    bool first = true;
    for (const auto& e : doc.entries) {
        if (!first)
            out += ',';
        first = false;
        out += "{\"id\":";
        out += jsonQuote(e.id);
        out += ",\"sequence\":";
        out += std::to_string(e.sequence);
        out += ",\"timestamp\":";
        appendInstant(out, e.timestamp);
        out += ",\"data\":";
        out += e.dataJson;
        out += '}';
    }
    out += ']';
    if (doc.nextSequence) {
        out += ",\"nextSequence\":";
        out += std::to_string(*doc.nextSequence);
    }
    if (doc.createdAt) {
        out += ",\"createdAt\":";
        appendInstant(out, *doc.createdAt);
    }
    out += '}';
    return out;
}

JournalExport parseJournalExport(std::string_view json)
{
    od::parser parser;
    const simdjson::padded_string padded(json);
    od::document doc;
    check(parser.iterate(padded).get(doc), {}, "not JSON");
    od::object root;
    check(doc.get_object().get(root), {}, "a journal export must be a JSON object");
    JournalExport out;
    bool entries = false;
    for (auto field : root) {
        std::string_view key;
        check(field.unescaped_key().get(key), {}, "bad key");
        if (key == "entries") {
            od::array array;
            check(field.value().get_array().get(array), {}, "entries must be an array");
            std::size_t index = 0;
            for (auto element : array) {
                const std::string where = "entries[" + std::to_string(index) + "]";
                od::value value;
                check(element.get(value), where, "bad entry");
                auto entry = readEntry(value, where);
                if (!out.entries.empty() && entry.sequence <= out.entries.back().sequence)
                    fail(where, "sequence must be larger than the previous entry's");
                out.entries.push_back(std::move(entry));
                ++index;
            }
            entries = true;
        } else if (key == "nextSequence") {
            out.nextSequence = readInteger(field.value(), {}, "nextSequence");
        } else if (key == "createdAt") {
            out.createdAt = readInstant(field.value(), {}, "createdAt");
        }
    }
    if (!entries)
        fail({}, "entries is missing");
    if (hasTrailingContent(doc))
        fail({}, "trailing content after the document");
    return out;
}

std::string jsonQuote(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
                out += buffer;
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

std::string jsonUnquote(std::string_view jsonText)
{
    od::parser parser;
    const simdjson::padded_string padded(jsonText);
    od::document doc;
    check(parser.iterate(padded).get(doc), {}, "not JSON");
    std::string_view text;
    check(doc.get_string().get(text), {}, "not a JSON string");
    std::string out(text);
    if (hasTrailingContent(doc))
        fail({}, "trailing content after the string");
    return out;
}

} // namespace cd::rt
